"""Gapless invoice and credit-note numbers.

Each issuer has its own series: the provider for wholesale invoices, each cloud
for its retail invoices, and a separate series for each one's credit notes. A
number is taken by locking the series row (``select_for_update``) and
incrementing it in the caller's transaction, so a rollback gives the number
back and two concurrent issues can never take the same one. A number reads
``<prefix><year of issue>-<counter>``, e.g. ``TELENET-2026-000123``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction

from cambill.clouds.models import Cloud

from .models import InvoiceKind, NumberSeries

CREDIT_INFIX = "CN-"


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    """Which series an issuer uses and how its numbers look."""

    key: str
    cloud_id: int | None
    prefix: str
    width: int
    timezone: str


def provider_prefix() -> str:
    return getattr(settings, "CAMBILL_PROVIDER_INVOICE_PREFIX", "PRV-")


def provider_timezone() -> str:
    return getattr(settings, "CAMBILL_PROVIDER_TIMEZONE", "UTC")


def cloud_prefix(cloud: Cloud) -> str:
    # A blank prefix would let two clouds print the same number.
    return cloud.invoice_prefix or f"{cloud.slug.upper()}-"


def series_for(cloud: Cloud, kind: str, *, credit: bool = False) -> SeriesSpec:
    """The series of the issuer of a ``kind`` invoice of ``cloud`` (or of its credit notes)."""
    if kind == InvoiceKind.WHOLESALE:
        key, cloud_id, prefix = "provider", None, provider_prefix()
        width = getattr(settings, "CAMBILL_INVOICE_NUMBER_WIDTH", 6)
        tz = provider_timezone()
    else:
        key, cloud_id, prefix = f"cloud:{cloud.pk}", cloud.pk, cloud_prefix(cloud)
        width = cloud.invoice_number_width or 6
        tz = cloud.timezone
    if credit:
        key += ":credit"
        prefix += CREDIT_INFIX
    return SeriesSpec(key=key, cloud_id=cloud_id, prefix=prefix, width=width, timezone=tz)


def _locked_series(spec: SeriesSpec) -> NumberSeries:
    series = NumberSeries.objects.select_for_update().filter(key=spec.key).first()
    if series is not None:
        return series
    try:
        with transaction.atomic():
            NumberSeries.objects.create(
                key=spec.key, cloud_id=spec.cloud_id, prefix=spec.prefix, width=spec.width
            )
    except IntegrityError:
        pass  # a concurrent first issue created it; lock the winner's row
    return NumberSeries.objects.select_for_update().get(key=spec.key)


def format_number(prefix: str, year: int, counter: int, width: int) -> str:
    return f"{prefix}{year:04d}-{counter:0{width}d}"


def take_numbers(spec: SeriesSpec, at: datetime, count: int = 1) -> list[str]:
    """Take ``count`` consecutive numbers of a series; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are taken inside the issuing transaction")
    series = _locked_series(spec)
    year = at.astimezone(ZoneInfo(spec.timezone)).year
    first = series.last_number + 1
    series.last_number += count
    # The prefix and width follow the issuer's current settings.
    series.prefix = spec.prefix
    series.width = spec.width
    series.save(update_fields=["last_number", "prefix", "width"])
    return [format_number(spec.prefix, year, n, spec.width) for n in range(first, first + count)]

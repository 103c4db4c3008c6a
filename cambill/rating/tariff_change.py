"""What a camera's tariff change does to the next invoices (pure; no ORM, no clock).

A subscriber switching a camera to another self-service tariff at instant
``at`` sees, before confirming, two comparisons computed by the same retail
rating the bill run uses (:func:`cambill.rating.retail.rate_retail_detailed`),
so the preview and the invoice cannot disagree:

* the rest of the current period, ``[at, period end)``: the camera's lines
  under the old tariff against the new one, with the cloud's proration
  (under ``day`` proration the day holding ``at`` is billed under the tariff
  held at its end, i.e. the new one), prices effective-dated and the
  account's trial waived as on the invoice;
* the next full month: the camera's line under each tariff.

Each side is the sum of the camera's rated lines (one line unless a price
changes inside the piece), each rounded once; the difference is new - old.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from cambill.core.periods import Period

from .prices import price_at
from .retail import rate_retail_detailed
from .types import Interval, Proration, Tariff


@dataclass(frozen=True, slots=True)
class Side:
    """One tariff's charge for one piece of time (``tariff`` None: no tariff, 0)."""

    tariff: str | None
    amount: Decimal
    days: int | Decimal
    unit_price: Decimal | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Old against new for ``[start, end)`` (local days ``first_day`` to ``last_day``)."""

    period: str
    start: datetime
    end: datetime
    first_day: date
    last_day: date
    old: Side
    new: Side

    @property
    def difference(self) -> Decimal:
        return self.new.amount - self.old.amount


@dataclass(frozen=True, slots=True)
class TariffChangePreview:
    """The rest of the current period and the next full month, old against new."""

    currency: str
    at: datetime
    rest_of_period: Comparison
    next_month: Comparison


def _side(
    *,
    period: Period,
    start: datetime,
    tariff_key: str | None,
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    trial_until: datetime | None,
) -> Side:
    if tariff_key is None:
        return Side(tariff=None, amount=Decimal(0), days=0, unit_price=None)
    result = rate_retail_detailed(
        period=period,
        intervals=[Interval(camera="c", account="a", tariff=tariff_key, start=start, end=None)],
        tariffs={tariff_key: tariffs[tariff_key]},
        proration=proration,
        currency=currency,
        account_trial_until={"a": trial_until},
    )
    amount = sum((ln.amount for ln in result.lines), Decimal(0))
    days: int | Decimal = sum((ln.days for ln in result.lines), 0)
    # The price of the first charged piece; a price change inside the piece
    # shows as the later line's price only on the invoice.
    unit_price = result.lines[0].unit_price if result.lines else None
    if unit_price is None:
        local_day = start.astimezone(period.tz).date()
        point = price_at(tariffs[tariff_key].prices, local_day)
        unit_price = point.amount if point is not None else None
    return Side(tariff=tariffs[tariff_key].code, amount=amount, days=days, unit_price=unit_price)


def _compare(
    *,
    period: Period,
    start: datetime,
    old: str | None,
    new: str,
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    trial_until: datetime | None,
) -> Comparison:
    common = {
        "period": period,
        "start": start,
        "tariffs": tariffs,
        "proration": proration,
        "currency": currency,
        "trial_until": trial_until,
    }
    first_day = start.astimezone(period.tz).date()
    last_day = period.next_first_day - timedelta(days=1)
    return Comparison(
        period=period.key,
        start=start,
        end=period.end,
        first_day=first_day,
        last_day=last_day,
        old=_side(tariff_key=old, **common),  # type: ignore[arg-type]
        new=_side(tariff_key=new, **common),  # type: ignore[arg-type]
    )


def preview_tariff_change(
    *,
    at: datetime,
    tz_name: str,
    old: str | None,
    new: str,
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    trial_until: datetime | None = None,
) -> TariffChangePreview:
    """Old tariff ``old`` (a key of ``tariffs``, None: no tariff) against ``new``
    from ``at`` (aware) to the end of its local month, and over the next month."""
    period = Period.containing(at, tz_name)
    nxt = period.next()
    rest = _compare(
        period=period,
        start=at,
        old=old,
        new=new,
        tariffs=tariffs,
        proration=proration,
        currency=currency,
        trial_until=trial_until,
    )
    month = _compare(
        period=nxt,
        start=nxt.start,
        old=old,
        new=new,
        tariffs=tariffs,
        proration=proration,
        currency=currency,
        trial_until=trial_until,
    )
    return TariffChangePreview(currency=currency, at=at, rest_of_period=rest, next_month=month)

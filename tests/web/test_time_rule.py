"""One rule for time (issue #14, point 5), and quantities and dates read as a person
reads them (point 4): an instant reads the same on every page, in the cloud's zone
(the provider's on its pages) with the zone named; a billing period is its month's
name in the reader's language on pages and PDFs; exports carry ISO 8601 with the
offset and no microseconds; unit-months read to two decimals; no placeholder dates."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import translation

from cambill.core import display
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill

pytestmark = pytest.mark.django_db
T = "/clouds/telenet"
NOW = utc(2026, 4, 5, 12)
ISSUED = datetime(2026, 4, 6, 15, 30, 5, 123456, tzinfo=UTC)  # 10:30 in Bogota
ISO_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
MONTH = {"en": "March 2026", "es": "marzo de 2026", "pt-br": "março de 2026"}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    yield
    translation.activate("en")


@pytest.fixture
def data(world: Any) -> Any:
    """The worked example billed for March 2026; acme's invoice issued at ``ISSUED``."""
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import Invoice
    from cambill.invoicing.services import invoice_issue

    with time_machine.travel(NOW, tick=False):
        add_cameras(world)
        bill(world.clouds["telenet"], "2026-03", NOW)
    with time_machine.travel(ISSUED, tick=False):
        invoice_issue(actor=SYSTEM, invoice=Invoice.objects.get(account__code="acme"))
    return world


def web(world: Any, name: str, lang: str = "en") -> Client:
    c = Client()
    c.force_login(world.users[name])
    c.cookies["django_language"] = lang
    return c


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def acme_invoice() -> Any:
    from cambill.invoicing.models import Invoice

    return Invoice.objects.get(account__code="acme")


# --- instants -------------------------------------------------------------------------


def test_an_invoice_reads_the_same_time_in_every_list_and_on_its_page(data: Any) -> None:
    inv = acme_invoice()
    shown = "2026-04-06 10:30 (America/Bogota)"
    detail = text(web(data, "cadmin").get(f"{T}/invoices/{inv.pk}/").content.decode())
    cloud_list = text(web(data, "cadmin").get(f"{T}/invoices/?kind=retail").content.decode())
    # The provider's list of every cloud's invoices shows each in its cloud's zone.
    provider_list = text(web(data, "padmin").get("/invoices/?kind=retail").content.decode())
    provider_detail = text(web(data, "padmin").get(f"{T}/invoices/{inv.pk}/").content.decode())
    for page in (detail, cloud_list, provider_list, provider_detail):
        assert shown in page
        assert "15:30" not in page  # never the UTC wall time without its zone


def test_the_zone_is_named_in_the_readers_format(data: Any) -> None:
    inv = acme_invoice()
    page = text(web(data, "cadmin", "es").get(f"{T}/invoices/{inv.pk}/").content.decode())
    assert "06/04/2026 10:30 (America/Bogota)" in page


def test_provider_pages_use_the_providers_zone(data: Any) -> None:
    """The audit log is the provider's: the provider's zone, named."""
    with override_settings(CAMBILL_PROVIDER_TIME_ZONE="Europe/Madrid"):
        page = text(web(data, "padmin").get("/audit/?verb=invoice_issue").content.decode())
    # 15:30 UTC on 6 April 2026 is 17:30 summer time in Madrid.
    assert "2026-04-06 17:30 CEST" in page
    with override_settings(CAMBILL_PROVIDER_TIME_ZONE="UTC"):
        page = text(web(data, "padmin").get("/audit/?verb=invoice_issue").content.decode())
    assert "2026-04-06 15:30 UTC" in page


def test_zone_labels() -> None:
    at = datetime(2026, 1, 15, 12, tzinfo=UTC)
    assert display.datetime_text(at, "Europe/Madrid", "en") == "2026-01-15 13:00 CET"
    assert display.datetime_text(at, "America/Bogota", "es") == "15/01/2026 07:00 (America/Bogota)"
    assert display.datetime_text(at, "UTC", "pt-br") == "15/01/2026 12:00 UTC"


# --- periods --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "pt-br"])
def test_a_period_is_its_months_name_on_the_page(data: Any, lang: str) -> None:
    inv = acme_invoice()
    c = web(data, "cadmin", lang)
    page = text(c.get(f"{T}/invoices/{inv.pk}/").content.decode())
    assert MONTH[lang] in page
    assert "2026-03-01 00:00" not in page and "2026-04-01 00:00" not in page
    listing = text(c.get(f"{T}/invoices/?kind=retail").content.decode())
    assert MONTH[lang] in listing


@pytest.mark.parametrize("lang", ["en", "es", "pt-br"])
def test_a_period_is_its_months_name_on_the_pdf(data: Any, lang: str) -> None:
    from cambill.invoicing.pdf import render_invoice_pdf

    inv = acme_invoice()
    inv.language = lang  # the PDF speaks the invoice's language
    pdf = render_invoice_pdf(inv)
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert MONTH[lang] in " ".join(out.split())
    assert "March 1" not in out and "1 de marzo" not in out


def test_a_span_that_is_not_a_month_reads_as_its_dates() -> None:
    tz = "America/Bogota"
    start, end = datetime(2026, 3, 1, 5, tzinfo=UTC), datetime(2026, 3, 16, 5, tzinfo=UTC)
    assert display.period_text(start, end, tz, "en") == "Mar 1\u2009\u2013\u200915, 2026"
    assert display.period_text(start, end, tz, "es") == "1\u201315 mar 2026"
    assert "15 de mar" in display.period_text(start, end, tz, "pt-br")
    # A whole month in another zone is not a whole month here.
    assert display.period_text(start, datetime(2026, 4, 1, 5, tzinfo=UTC), tz, "en") == (
        "March 2026"
    )
    assert display.period_text(start, datetime(2026, 4, 1, 5, tzinfo=UTC), "UTC", "en") != (
        "March 2026"
    )
    assert display.period_key_text("2026-10", "pt-br") == "outubro de 2026"


# --- exports --------------------------------------------------------------------------


def test_exports_carry_iso_8601_with_the_offset_and_no_microseconds(data: Any) -> None:
    c = web(data, "cadmin")
    body = c.get(f"{T}/invoices/?kind=retail&_export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(body.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    issued = [r[header.index("Issued")] for r in rows[1:] if r[header.index("Issued")]]
    assert issued == ["2026-04-06T10:30:05-05:00"]
    assert all(ISO_OFFSET.match(v) for v in issued)
    # Periods stay exact keys in exports.
    assert {r[header.index("Period")] for r in rows[1:]} == {"2026-03"}
    p = web(data, "padmin").get("/audit/?_export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(p.streaming_content).decode("utf-8-sig"))))
    at = [r[0] for r in rows[1:]]
    assert at and all(ISO_OFFSET.match(v) for v in at), at[:3]
    assert display.iso_instant(ISSUED, "America/Bogota") == "2026-04-06T10:30:05-05:00"


# --- quantities and placeholder dates ---------------------------------------------------


def test_unit_months_read_to_two_decimals_on_the_page(data: Any) -> None:
    from cambill.invoicing.models import Invoice

    w = Invoice.objects.get(kind="wholesale", cloud__slug="telenet")
    rec = w.lines.get(service="REC_DAY")
    assert rec.quantity.normalize() != rec.quantity.quantize(Decimal("0.01"))  # not 2 places
    page = text(web(data, "padmin").get(f"{T}/wholesale/invoices/{w.pk}/").content.decode())
    assert f"{rec.quantity.quantize(Decimal('0.01'))}" in page
    assert f"{rec.quantity.normalize()}" not in page


def test_no_placeholder_date_on_a_page(data: Any) -> None:
    """An individual price set "from the start" is stored from 2000-01-01; the page
    shows a dash, not that day."""
    from cambill.catalog.models import CloudServicePrice
    from cambill.catalog.services import cloud_set_service_prices
    from cambill.core.access import SYSTEM

    cloud_set_service_prices(
        actor=SYSTEM,
        cloud=data.clouds["telenet"],
        prices=[{"service": "REC_DAY", "amount": "0.25"}],
    )
    assert str(CloudServicePrice.objects.get(cloud__slug="telenet").valid_from) == "2000-01-01"
    page = text(web(data, "padmin").get(f"{T}/").content.decode())
    assert "0.25 USD" in page
    assert "2000-01-01" not in page and "1970-01-01" not in page

"""Metered extras in the usage report: the invoice's own metered lines (one
pricing path), per account, in the page, CSV, XLSX and PDF.

The world is tests/invoicing/test_late_usage.py's: the ``rec_hours`` meter is
priced on TRAFFIC7 graduated (100 h free, then 0.10 per hour); camera A
(acme, TRAFFIC7) recorded 150 h in March 2026, so acme's March invoice has one
metered line of 5.00 USD. acme also has a 10 % account discount, which applies
to tariff lines and metered extras together, as on the invoice.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from cambill.catalog.services import account_discount_create
from cambill.core.access import SYSTEM
from cambill.reports.export import report_csv, report_xlsx
from cambill.reports.usage import usage_report
from tests.conftest import utc
from tests.invoicing.helpers import retail
from tests.invoicing.test_late_usage import setup_metered

pytestmark = pytest.mark.django_db
MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
T = "/clouds/telenet"


@pytest.fixture
def metered(world: Any) -> Any:
    with time_machine.travel(utc(2026, 4, 5, 12), tick=False):
        account_discount_create(
            actor=SYSTEM, account=world.accounts["acme"], kind="percent", value="10"
        )
        setup_metered(world)
        yield world


def acc(report: dict[str, Any], code: str) -> dict[str, Any]:
    return next(a for a in report["accounts"] if a["code"] == code)


LINE = {
    "period": "2026-03",
    "camera": "A",
    "tariff": "TRAFFIC7",
    "meter": "rec_hours",
    "description": "Recording above 100 h",
    "quantity": Decimal("150"),
    "unit": "hour",
    "amount": Decimal("5.00"),
}


def test_a_whole_month_shows_the_invoices_metered_line_to_the_cent(metered: Any) -> None:
    t = metered.clouds["telenet"]
    r = usage_report(actor=metered.actor("cadmin"), cloud=t, **MARCH)
    acme = acc(r, "acme")
    assert acme["metered"] == [LINE]
    invoice = retail(t, "2026-03", "acme")
    (line,) = invoice.lines.filter(kind="metered")
    assert (line.amount, line.quantity, line.camera) == (Decimal("5.00"), Decimal("150"), "A")
    assert acme["metered"][0]["amount"] == line.amount
    assert acme["metered"][0]["quantity"] == line.quantity
    # The discount covers tariff lines and metered extras together:
    # 21.77 + 5.00 = 26.77, less 10 % (2.677 -> 2.68) = 24.09, the invoice's net.
    totals = acme["totals"]
    assert (totals["retail"], totals["metered"], totals["discounts"], totals["net"]) == (
        Decimal("21.77"),
        Decimal("5.00"),
        Decimal("-2.68"),
        Decimal("24.09"),
    )
    assert totals["net"] == invoice.net
    assert acc(r, "beta")["metered"] == [] and acc(r, "beta")["totals"]["metered"] == 0
    traffic = next(x for x in r["tariffs"] if x["tariff"] == "TRAFFIC7")
    assert traffic["metered"] == Decimal("5.00")
    assert r["totals"]["metered"] == Decimal("5.00")
    assert r["metered_months"] == ["2026-03"] and r["metered_partial"] is False


def test_longer_ranges_price_each_whole_month_and_leave_out_partial_ones(metered: Any) -> None:
    t = metered.clouds["telenet"]
    actor = metered.actor("caccountant")
    r = usage_report(actor=actor, cloud=t, date_from=date(2026, 2, 1), date_to=date(2026, 3, 31))
    assert acc(r, "acme")["metered"] == [LINE]
    assert r["metered_months"] == ["2026-02", "2026-03"] and r["metered_partial"] is False
    r = usage_report(actor=actor, cloud=t, date_from=date(2026, 2, 15), date_to=date(2026, 3, 31))
    assert acc(r, "acme")["metered"] == [LINE] and r["metered_partial"] is True
    r = usage_report(actor=actor, cloud=t, date_from=date(2026, 3, 1), date_to=date(2026, 3, 30))
    assert acc(r, "acme")["metered"] == [] and r["totals"]["metered"] == 0
    assert r["metered_months"] == [] and r["metered_partial"] is True


def test_metered_extras_follow_the_readers_scope(metered: Any) -> None:
    t = metered.clouds["telenet"]
    mine = usage_report(actor=metered.actor("subscriber"), cloud=t, **MARCH)
    assert [a["code"] for a in mine["accounts"]] == ["acme"]
    assert mine["accounts"][0]["metered"] == [LINE]
    other = usage_report(actor=metered.actor("subscriber2"), cloud=t, **MARCH)
    assert [a["code"] for a in other["accounts"]] == ["beta"]
    assert other["totals"]["metered"] == 0
    one = usage_report(actor=metered.actor("cadmin"), cloud=t, account="beta", **MARCH)
    assert one["totals"]["metered"] == 0 and one["accounts"][0]["metered"] == []


def test_csv_and_xlsx_carry_the_metered_rows(metered: Any) -> None:
    t = metered.clouds["telenet"]
    r = usage_report(actor=metered.actor("cadmin"), cloud=t, **MARCH)
    rows = list(csv.DictReader(io.StringIO(report_csv(r))))
    (m,) = [x for x in rows if x["row"] == "metered"]
    assert (m["account"], m["camera"], m["tariff"], m["meter"]) == (
        "acme",
        "A",
        "TRAFFIC7",
        "rec_hours",
    )
    assert (m["quantity"], m["unit"], m["metered"], m["currency"]) == ("150", "hour", "5.00", "USD")
    assert (m["start"], m["end"]) == ("2026-03-01T00:00:00-05:00", "2026-04-01T00:00:00-05:00")
    assert m["retail"] == "" and m["net"] == ""
    (a,) = [x for x in rows if x["row"] == "account" and x["account"] == "acme"]
    assert (a["retail"], a["metered"], a["discounts"], a["net"]) == (
        "21.77",
        "5.00",
        "-2.68",
        "24.09",
    )
    wb = load_workbook(io.BytesIO(report_xlsx(r)))
    ws = wb["Metered extras"]
    header = [c.value for c in ws[1]]
    (values,) = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    record = dict(zip(header, values, strict=True))
    assert record["meter"] == "rec_hours" and record["unit"] == "hour"
    assert record["quantity"] == 150 and record["metered"] == Decimal("5.00")


def web(world: Any, name: str, language: str | None = None) -> Client:
    c = Client()
    c.force_login(world.users[name])
    if language:
        c.cookies["django_language"] = language
    return c


def test_the_page_and_the_pdf_show_the_metered_extras(metered: Any) -> None:
    import shutil
    import subprocess

    url = f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31"
    html = web(metered, "cadmin").get(url).content.decode()
    assert "Metered extras" in html and "rec_hours" in html and "Recording above 100 h" in html
    assert "5.00 USD" in html and "24.09 USD" in html
    es = web(metered, "cadmin", "es").get(url).content.decode()
    assert "5,00 USD" in es and "24,09 USD" in es
    response = web(metered, "cadmin").get(url + "&format=pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Metered extras" in text and "rec_hours" in text and "March 2026" in text
    assert "5.00 USD" in text and "24.09 USD" in text

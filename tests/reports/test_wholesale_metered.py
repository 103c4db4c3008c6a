"""Metered provider services (wholesale) in the usage report: the wholesale
invoice's own metered lines (one pricing path), shared among the accounts
where the meter adds up, in the wholesale cost and the margin, for cost
viewers only, on the page, in CSV, XLSX and PDF.

The world is tests/invoicing/test_late_usage.py's (the worked example's acme
with A, B, C and beta's D on HOME3, in America/Bogota, telenet's wholesale
discount 10 %), with March 2026 usage of the ``rec_hours`` meter (sum):
A (acme) 150 h, D (beta) 50 h. Two provider services are metered on it:

* ``REC_HOUR`` at 0.01 per hour on the ``sum`` meter: 200 h = 2.00, shared
  acme 150/200 = 1.50 and beta 50/200 = 0.50;
* ``PEAK_HOUR`` at 0.06 per hour on a ``max`` meter of the same events
  (created after A's hours, so it sees D's 50 h only): the largest camera
  value, 50 h = 3.00, which does not add up across accounts, so it stays one
  cloud-level line.

The wholesale invoice for March: REC_DAY (440 + 93)/31 x 0.30 = 5.16, LPR
47/31 x 4.00 = 6.06, PEAK_HOUR 3.00, REC_HOUR 2.00; lines 16.22, discount
-1.62, net 14.60.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from cambill.catalog.services import service_create
from cambill.core.access import SYSTEM
from cambill.reports.export import report_csv, report_xlsx
from cambill.reports.usage import usage_report
from cambill.usage.services import meter_create, metered_service_set
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, wholesale
from tests.invoicing.test_late_usage import MAR_RUN, hours, ingest, setup_metered

pytestmark = pytest.mark.django_db
MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
T = "/clouds/telenet"
D = Decimal


@pytest.fixture
def provider_metered(world: Any) -> Any:
    t = setup_metered(world)  # 150 h on A, March billed
    peak = meter_create(
        actor=SYSTEM,
        code="peak_hours",
        name="Peak recorded hours",
        unit="hour",
        event_type="recording",
        value_path="hours",
        aggregation="max",
    )
    svc = service_create(
        actor=SYSTEM,
        code="PEAK_HOUR",
        name="Peak recorded hour",
        prices=[{"currency": "USD", "amount": "0.06", "valid_from": "2020-01-01"}],
    )
    metered_service_set(
        actor=SYSTEM,
        service=svc,
        meter=peak,
        prices=[{"currency": "USD", "pricing": {"kind": "per_unit", "unit_price": "0.06"}}],
    )
    ingest(t, [hours("d1", 50, "2026-03-20T15:00:00Z", subject="D")], now=utc(2026, 4, 5, 13))
    run = bill(t, "2026-03", MAR_RUN)  # the drafts, regenerated with D's hours
    assert run.status == "completed", run.error
    return world


def acc(report: dict[str, Any], code: str) -> dict[str, Any]:
    return next(a for a in report["accounts"] if a["code"] == code)


def share(service: str, meter: str, qty: str, amount: str, cost: str) -> dict[str, Any]:
    return {
        "period": "2026-03",
        "service": service,
        "service_name": {"REC_HOUR": "Recorded hour", "PEAK_HOUR": "Peak recorded hour"}[service],
        "meter": meter,
        "quantity": D(qty),
        "unit": "hour",
        "amount": D(amount),
        "wholesale_cost": D(cost),
    }


def test_a_month_gives_the_wholesale_invoices_metered_lines_and_net(provider_metered: Any) -> None:
    t = provider_metered.clouds["telenet"]
    invoice = wholesale(t, "2026-03")
    assert amounts(invoice) == ["5.16", "6.06", "3.00", "2.00", "-1.62"]
    assert (invoice.subtotal, invoice.discount, invoice.net) == (D("16.22"), D("-1.62"), D("14.60"))
    metered_lines = list(invoice.lines.filter(kind="metered").order_by("position"))
    assert [(ln.service, ln.amount) for ln in metered_lines] == [
        ("PEAK_HOUR", D("3.00")),
        ("REC_HOUR", D("2.00")),
    ]

    r = usage_report(actor=provider_metered.actor("caccountant"), cloud=t, **MARCH)
    totals = r["totals"]
    # The report's wholesale metered cost is the invoice's metered lines ...
    assert totals["wholesale_metered"] == sum(ln.amount for ln in metered_lines) == D("5.00")
    # ... and its wholesale cost the invoice's net before tax (discount on every line).
    assert totals["wholesale_cost"] == invoice.net == D("14.60")
    # Retail: acme 21.77 + 5.00 metered extra, beta 3.00.
    assert totals["net"] == D("29.77") and totals["margin"] == D("15.17")

    # REC_HOUR (sum) is shared by the accounts' hours; PEAK_HOUR (max) is the cloud's.
    assert acc(r, "acme")["wholesale_metered"] == [
        share("REC_HOUR", "rec_hours", "150", "1.50", "1.35")
    ]
    assert acc(r, "beta")["wholesale_metered"] == [
        share("REC_HOUR", "rec_hours", "50", "0.50", "0.45")
    ]
    assert r["wholesale_metered"] == [share("PEAK_HOUR", "peak_hours", "50", "3.00", "2.70")]
    a, b = acc(r, "acme")["totals"], acc(r, "beta")["totals"]
    # acme: (440/31 x 0.30 + 47/31 x 4.00) x 0.9 = 9.2903 + 1.50 x 0.9 = 10.6403.
    assert (a["wholesale_metered"], a["wholesale_cost"], a["margin"]) == (
        D("1.50"),
        D("10.64"),
        D("16.13"),
    )
    # beta: 93/31 x 0.30 x 0.9 = 0.81 + 0.50 x 0.9 = 1.26.
    assert (b["wholesale_metered"], b["wholesale_cost"], b["margin"]) == (
        D("0.50"),
        D("1.26"),
        D("1.74"),
    )


def test_one_account_or_a_partial_month_has_no_cloud_level_line(provider_metered: Any) -> None:
    t = provider_metered.clouds["telenet"]
    one = usage_report(actor=provider_metered.actor("cadmin"), cloud=t, account="beta", **MARCH)
    assert one["wholesale_metered"] == []
    assert [a["code"] for a in one["accounts"]] == ["beta"]
    assert one["totals"]["wholesale_metered"] == D("0.50")
    assert one["totals"]["wholesale_cost"] == D("1.26")
    partial = usage_report(
        actor=provider_metered.actor("padmin"),
        cloud=t,
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 30),
    )
    assert partial["wholesale_metered"] == [] and partial["totals"]["wholesale_metered"] == 0
    assert all(a["wholesale_metered"] == [] for a in partial["accounts"])
    longer = usage_report(
        actor=provider_metered.actor("padmin"),
        cloud=t,
        date_from=date(2026, 2, 1),
        date_to=date(2026, 3, 31),
    )
    # February has no usage: only March's lines.
    assert longer["totals"]["wholesale_metered"] == D("5.00")


def test_only_cost_viewers_see_them(provider_metered: Any) -> None:
    t = provider_metered.clouds["telenet"]
    for who, costs in [
        ("padmin", True),
        ("pmanager", True),
        ("cadmin", True),
        ("caccountant", True),
        ("amanager", False),
        ("agent", False),
        ("subscriber", False),
    ]:
        r = usage_report(actor=provider_metered.actor(who), cloud=t, **MARCH)
        assert ("wholesale_metered" in r) is costs, who
        assert ("wholesale_metered" in r["totals"]) is costs, who
        assert all(("wholesale_metered" in a) is costs for a in r["accounts"]), who
        if not costs:
            text = report_csv(r)
            assert "REC_HOUR" not in text and "wholesale_metered" not in text, who


def test_csv_and_xlsx_carry_the_wholesale_metered_rows(provider_metered: Any) -> None:
    t = provider_metered.clouds["telenet"]
    r = usage_report(actor=provider_metered.actor("cadmin"), cloud=t, **MARCH)
    rows = list(csv.DictReader(io.StringIO(report_csv(r))))
    got = [
        tuple(
            x[k]
            for k in (
                "account",
                "service",
                "meter",
                "quantity",
                "wholesale_metered",
                "wholesale_cost",
                "currency",
            )
        )
        for x in rows
        if x["row"] == "wholesale_metered"
    ]
    assert got == [
        ("acme", "REC_HOUR", "rec_hours", "150", "1.50", "1.35", "USD"),
        ("beta", "REC_HOUR", "rec_hours", "50", "0.50", "0.45", "USD"),
        ("", "PEAK_HOUR", "peak_hours", "50", "3.00", "2.70", "USD"),
    ]
    (total,) = [x for x in rows if x["row"] == "total"]
    assert (total["wholesale_metered"], total["wholesale_cost"], total["margin"]) == (
        "5.00",
        "14.60",
        "15.17",
    )
    wb = load_workbook(io.BytesIO(report_xlsx(r)))
    assert wb.sheetnames[:3] == ["Cameras", "Metered extras", "Wholesale metered services"]
    ws = wb["Wholesale metered services"]
    header = [c.value for c in ws[1]]
    records = [dict(zip(header, [c.value for c in row], strict=True)) for row in ws.iter_rows(2)]
    assert [(x["service"], x["wholesale_metered"]) for x in records] == [
        ("REC_HOUR", D("1.50")),
        ("REC_HOUR", D("0.50")),
        ("PEAK_HOUR", D("3.00")),
    ]


def web(world: Any, name: str, language: str | None = None) -> Client:
    c = Client()
    c.force_login(world.users[name])
    if language:
        c.cookies["django_language"] = language
    return c


def test_the_page_and_the_pdf_show_them_to_cost_viewers(provider_metered: Any) -> None:
    import shutil
    import subprocess

    url = f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31"
    html = web(provider_metered, "cadmin").get(url).content.decode()
    assert "Wholesale metered services" in html and "PEAK_HOUR" in html and "REC_HOUR" in html
    assert "14.60 USD" in html and "5.00 USD" in html and "2.70 USD" in html
    es = web(provider_metered, "cadmin", "es").get(url).content.decode()
    assert "Servicios medidos mayoristas" in es and "14,60 USD" in es
    hidden = web(provider_metered, "amanager").get(url).content.decode()
    assert "REC_HOUR" not in hidden and "Wholesale metered services" not in hidden
    response = web(provider_metered, "cadmin").get(url + "&format=pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Wholesale metered services" in text and "PEAK_HOUR" in text
    assert "14.60 USD" in text and "3.00 USD" in text

"""Reports as PDF, CSV and XLSX from their pages: the usage report (a cloud, or
one account) and the bill-run report, with the worked example's exact amounts,
the header of every PDF page, the reader's scope and language."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.conftest import utc
from tests.invoicing.conftest import add_cameras, many_accounts
from tests.invoicing.helpers import bill

pytestmark = pytest.mark.django_db
T = "/clouds/telenet"
NOW = utc(2026, 4, 5, 12)  # 07:00 in Bogota
MARCH = "date_from=2026-03-01&date_to=2026-03-31"
DASH = "\u2013"  # between the first and the last day of a period


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    yield
    from django.utils import translation

    translation.activate("en")


@pytest.fixture
def example(world: Any) -> Any:
    """The worked example (acme: A, B, C) and beta's D; time frozen on 5 April 2026."""
    with time_machine.travel(NOW, tick=False):
        add_cameras(world)
        yield world


@pytest.fixture
def run(example: Any) -> Any:
    return bill(example.clouds["telenet"], "2026-03", NOW)


def web(world: Any, name: str, language: str | None = None) -> Client:
    c = Client()
    c.force_login(world.users[name])
    if language:
        c.cookies["django_language"] = language
    return c


def pdf_text(response: Any) -> str:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils, installed by scripts/system-deps.sh)")
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    return out.replace("\xa0", " ")


def csv_rows(response: Any) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def filename(response: Any) -> str:
    m = re.fullmatch(r'attachment; filename="([^"]+)"', response["Content-Disposition"])
    assert m, response["Content-Disposition"]
    return m.group(1)


# --- the usage report ---------------------------------------------------------------


def test_usage_report_pdf_has_the_exact_amounts_and_a_header_on_every_page(example: Any) -> None:
    r = web(example, "cadmin").get(f"{T}/reports/usage/?{MARCH}&format=pdf")
    assert filename(r) == "usage-telenet-2026-03-01-2026-03-31.pdf"
    text = pdf_text(r)
    for piece in (
        "Resources used and services rendered",
        "Telenet (telenet)",
        "March 2026",  # a whole month reads as its name
        "Generated 2026-04-05 07:00 (America/Bogota)",
        "Page 1 of 1",
        # camera lines of the worked example, acme's totals, the cloud's totals
        "12.00 USD",
        "2.13 USD",
        "1.45 USD",
        "6.19 USD",
        "21.77 USD",
        "9.29 USD",
        "12.48 USD",
        "24.77 USD",
        "10.10 USD",
        "14.67 USD",
        "ACME Logistics",
        "Beta Shops",
    ):
        assert piece in text, piece


def test_usage_report_pdf_of_one_account_and_of_a_subscriber(example: Any) -> None:
    r = web(example, "cadmin").get(f"{T}/reports/usage/?{MARCH}&account=acme&format=pdf")
    assert filename(r) == "usage-telenet-2026-03-01-2026-03-31-acme.pdf"
    text = pdf_text(r)
    assert "account acme" in text and "21.77 USD" in text and "12.48 USD" in text
    assert "Beta Shops" not in text and "24.77" not in text
    # A subscriber's report: its own account, no wholesale cost or margin.
    text = pdf_text(web(example, "subscriber").get(f"{T}/reports/usage/?{MARCH}&format=pdf"))
    assert "21.77 USD" in text and "ACME Logistics" in text
    for hidden in ("Beta Shops", "Margin", "Wholesale cost", "9.29", "12.48"):
        assert hidden not in text, hidden
    # Asking for someone else's account is the form's error, not a file.
    r = web(example, "subscriber").get(f"{T}/reports/usage/?{MARCH}&account=beta&format=pdf")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    assert b"No such account" in r.content
    assert (
        web(example, "otheradmin").get(f"{T}/reports/usage/?{MARCH}&format=pdf").status_code == 404
    )


def test_a_long_usage_report_runs_over_pages_each_numbered(example: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        many_accounts(example, 40)
    text = pdf_text(web(example, "cadmin").get(f"{T}/reports/usage/?{MARCH}&format=pdf"))
    pages = re.findall(r"Page (\d+) of (\d+)", text)
    total = int(pages[0][1])
    assert total >= 2 and [int(p) for p, _ in pages] == list(range(1, total + 1))
    # Every page repeats the header with the cloud and the period.
    assert text.count("Telenet (telenet) · Resources used and services rendered") == total
    assert "Account 39" in text
    # 42 accounts: acme 21.77 + beta 3.00 + 40 x HOME3 for March 3.00 = 144.77
    assert "144.77 USD" in text


def test_usage_report_spreadsheets_are_labelled_in_the_readers_language(example: Any) -> None:
    r = web(example, "cadmin", language="es").get(f"{T}/reports/usage/?{MARCH}&format=csv")
    assert filename(r) == "usage-telenet-2026-03-01-2026-03-31.csv"
    rows = csv_rows(r)
    header = rows[0]
    for label in ("Cuenta", "Cámara", "Tarifa", "Días facturados", "Margen", "Moneda"):
        assert label in header, label
    acme = next(row for row in rows if row[1] == "acme" and row[3] == "")
    assert acme[header.index("Neto")] == "21.77" and acme[header.index("Margen")] == "12.48"
    assert acme[header.index("Moneda")] == "USD"
    text = pdf_text(
        web(example, "cadmin", language="es").get(f"{T}/reports/usage/?{MARCH}&format=pdf")
    )
    # (table headings are printed in capitals)
    assert "21,77 USD" in text and "MARGEN" in text and "CÁMARA" in text
    from openpyxl import load_workbook

    r = web(example, "cadmin").get(f"{T}/reports/usage/?{MARCH}&format=xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    accounts = list(wb["Accounts"].iter_rows(values_only=True))
    head = accounts[0]
    acme = next(row for row in accounts if row[0] == "acme")
    assert acme[head.index("Net")] == 21.77 and acme[head.index("Currency")] == "USD"


def test_the_api_csv_keeps_its_machine_column_names(example: Any) -> None:
    from datetime import date

    from cambill.reports.export import report_csv
    from cambill.reports.usage import usage_report

    report = usage_report(
        actor=example.actor("cadmin"),
        cloud=example.clouds["telenet"],
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 31),
    )
    head = report_csv(report).splitlines()[0]
    assert head.startswith("row,account,account_name,camera,tariff,start,end,billed_days")
    assert head.endswith("retail,discounts,net,wholesale_cost,margin,currency")


def test_report_cells_a_spreadsheet_would_run_are_neutralised(example: Any) -> None:
    from cambill.clouds.services import account_create
    from cambill.core.access import SYSTEM
    from tests.invoicing.helpers import camera, local

    t = example.clouds["telenet"]
    with time_machine.travel(NOW, tick=False):
        acc = account_create(actor=SYSTEM, cloud=t, code="evil", name='=HYPERLINK("x")')
        camera(t, "@cam", acc, "HOME3", local("America/Bogota", 2026, 3, 1))
    rows = csv_rows(web(example, "cadmin").get(f"{T}/reports/usage/?{MARCH}&format=csv"))
    evil = [row for row in rows if row[1] == "evil"]
    assert evil and all(row[2] == '\'=HYPERLINK("x")' for row in evil)
    assert any(row[3] == "'@cam" for row in evil)
    from openpyxl import load_workbook

    r = web(example, "cadmin").get(f"{T}/reports/usage/?{MARCH}&format=xlsx")
    wb = load_workbook(io.BytesIO(r.content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]


# --- the bill-run report ---------------------------------------------------------------


def test_bill_run_page_shows_what_was_invoiced_with_downloads(run: Any, example: Any) -> None:
    html = web(example, "cadmin").get(f"{T}/bill-runs/{run.pk}/").content.decode()
    assert 'id="run-review"' in html  # the review screen holds what the run invoiced
    for amount in ("25.91 USD", "3.57 USD", "29.48 USD", "10.10 USD", "14.67 USD"):
        assert amount in html, amount
    for fmt in ("csv", "xlsx", "pdf"):
        assert f'href="?format={fmt}"' in html


def test_bill_run_downloads_carry_the_exact_amounts(run: Any, example: Any) -> None:
    c = web(example, "caccountant")
    r = c.get(f"{T}/bill-runs/{run.pk}/?format=csv")
    assert filename(r) == "bill-run-telenet-2026-03.csv"
    rows = csv_rows(r)
    assert rows[0] == [
        "Row",
        "Kind",
        "Account",
        "Customer",
        "Number",
        "Status",
        "Cameras",
        "Subtotal",
        "Discount",
        "Net",
        "Tax",
        "Total",
        "Currency",
    ]
    ids = {inv.account.code if inv.account_id else "": inv.pk for inv in run.cloud.invoices.all()}
    # fmt: off
    assert rows[1:] == [
        ["invoice", "Retail", "acme", "ACME Logistics", f"draft #{ids['acme']}", "Draft", "3",
         "21.77", "0.00", "21.77", "4.14", "25.91", "USD"],
        ["invoice", "Retail", "beta", "Beta Shops", f"draft #{ids['beta']}", "Draft", "1",
         "3.00", "0.00", "3.00", "0.57", "3.57", "USD"],
        ["retail total", "Retail", "", "", "", "", "",
         "24.77", "0.00", "24.77", "4.71", "29.48", "USD"],
        ["invoice", "Wholesale", "", "Telenet", f"draft #{ids['']}", "Draft", "0",
         "11.22", "-1.12", "10.10", "0.00", "10.10", "USD"],
        ["margin", "", "", "", "", "", "", "", "", "14.67", "", "", "USD"],
    ]
    # fmt: on
    from openpyxl import load_workbook

    r = c.get(f"{T}/bill-runs/{run.pk}/?format=xlsx")
    assert filename(r) == "bill-run-telenet-2026-03.xlsx"
    sheet = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert sheet[3][7:12] == (24.77, 0, 24.77, 4.71, 29.48)
    assert sheet[4][8] == -1.12  # the wholesale discount stays a (negative) number

    r = c.get(f"{T}/bill-runs/{run.pk}/?format=pdf")
    assert filename(r) == "bill-run-telenet-2026-03.pdf"
    text = pdf_text(r)
    for piece in (
        "Bill run March 2026",
        "Telenet (telenet)",
        "Generated 2026-04-05 07:00 (America/Bogota)",
        "Page 1 of 1",
        "25.91 USD",
        "3.57 USD",
        "29.48 USD",
        "4.71 USD",
        "-1.12 USD",
        "10.10 USD",
        "14.67 USD",
    ):
        assert piece in text, piece


def test_void_invoices_are_listed_but_not_counted(run: Any, example: Any) -> None:
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import Invoice
    from cambill.invoicing.services import invoice_void

    invoice_void(actor=SYSTEM, invoice=Invoice.objects.get(account__code="beta"), reason="test")
    rows = csv_rows(web(example, "cadmin").get(f"{T}/bill-runs/{run.pk}/?format=csv"))
    assert rows[2][5] == "Void"
    assert rows[3][7:12] == ["21.77", "0.00", "21.77", "4.14", "25.91"]
    assert rows[-1][9] == "11.67"  # 21.77 - 10.10


def test_bill_run_downloads_follow_the_scope(run: Any, example: Any) -> None:
    url = f"{T}/bill-runs/{run.pk}/?format=pdf"
    assert web(example, "pmanager").get(url).status_code == 200
    for who, status in (("amanager", 403), ("subscriber", 403), ("agent", 403)):
        assert web(example, who).get(url).status_code == status, who
    for who in ("otheradmin", "pmanager2"):
        assert web(example, who).get(url).status_code == 404, who
    r = web(example, "cadmin").get(f"{T}/bill-runs/{run.pk}/?format=doc")
    assert r.status_code == 400 and b"Unknown format" in r.content


def test_a_report_too_long_for_a_pdf_is_built_in_the_background(
    example: Any, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CAMBILL_REPORT_PDF_MAX_ROWS = 8  # the example's report has 9 rows
    settings.MEDIA_ROOT = tmp_path
    c = web(example, "cadmin")
    r = c.get(f"{T}/reports/usage/?{MARCH}&format=pdf")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")
    page = r.content.decode()
    assert "too large for a PDF made on the spot" in page
    assert "21.77" in page  # the report itself is still shown
    # Its buttons now ask for the files in the background (no row cap there).
    assert page.count('action="/exports/new/"') == 3
    assert 'name="format" value="pdf"' in page and 'name="from" value="2026-03-01"' in page
    with django_capture_on_commit_callbacks(execute=True):
        job = c.post(
            "/exports/new/",
            {
                "kind": "usage_report",
                "cloud": "telenet",
                "format": "pdf",
                "from": "2026-03-01",
                "to": "2026-03-31",
                "account": "",
            },
        )
    assert job.status_code == 302
    pdf = c.get(job["Location"] + "download/")
    assert pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content)
    assert body[:5] == b"%PDF-"
    if shutil.which("pdftotext") is not None:
        out = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
        ).stdout.decode()
        assert "21.77 USD" in out
    # One account fits on the spot; spreadsheets have no such bound.
    assert c.get(f"{T}/reports/usage/?{MARCH}&account=acme&format=pdf").status_code == 200
    assert c.get(f"{T}/reports/usage/?{MARCH}&format=xlsx").status_code == 200


def test_usage_report_in_brazilian_portuguese(example: Any) -> None:
    r = web(example, "cadmin", language="pt-br").get(f"{T}/reports/usage/?{MARCH}&format=csv")
    header = csv_rows(r)[0]
    for label in ("Conta", "Câmera", "Tarifa", "Dias faturados", "Margem", "Moeda"):
        assert label in header, label
    text = pdf_text(
        web(example, "cadmin", language="pt-br").get(f"{T}/reports/usage/?{MARCH}&format=pdf")
    )
    assert "21,77 USD" in text and "MARGEM" in text and "CÂMERA" in text
    assert "01/03/2026" in text  # Brazilian dates: dd/MM/yyyy


def test_the_usage_report_page_paginates_its_accounts_with_totals_on_every_page(
    example: Any, monkeypatch: Any
) -> None:
    from cambill.web.invoicing.views import UsageReportView

    monkeypatch.setattr(UsageReportView, "per_page", 1)
    c = web(example, "cadmin")
    first = c.get(f"{T}/reports/usage/?{MARCH}").content.decode()
    second = c.get(f"{T}/reports/usage/?{MARCH}&page=2").content.decode()
    # The whole report's retail net (acme 21.77 + beta's D 3.00) heads every page.
    for page in (first, second):
        assert "24.77 USD" in page
        assert "The totals at the top are of the whole report (2 accounts)." in page
    assert "<code>acme</code>" in first and "<code>beta</code>" not in first
    assert "<code>beta</code>" in second and "<code>acme</code>" not in second
    assert "Subtotal of page 1 of 2" in first and "Subtotal of page 2 of 2" in second
    assert "Retail (net) 21.77 USD" in first and "Retail (net) 3.00 USD" in second
    assert 'date_to=2026-03-31&amp;page=2">next' in first

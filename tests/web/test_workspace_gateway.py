"""The payment-gateway export page: a cloud admin or accountant picks a month,
previews and downloads (CSV, JSON) the open invoices to charge, uploads the
gateway's results and sees what was paid, failed or skipped. The documented
columns are the ones the files carry."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cambill.invoicing.models import InvoiceStatus
from cambill.payments import ledger
from cambill.payments.gateways.export import EXPORT_FIELDS, IMPORT_FIELDS
from cambill.payments.models import ChargeAttempt, Payment

from .workspace_helpers import billed_march

URL = "/clouds/telenet/payments/gateway-export/"
DOC = Path(__file__).resolve().parents[2] / "docs" / "gateway-export.md"


@pytest.fixture
def billed(world: Any, cams: Any) -> dict[str, Any]:
    return billed_march(world, cams)


def test_preview_lists_open_invoices_of_the_month(world: Any, billed: Any, as_user: Any) -> None:
    html = as_user("cadmin").get(URL, {"period": "2026-03"}).content.decode()
    assert "2 invoices to charge for March 2026" in html
    table = html[html.index('id="charges"') :]
    acme, beta = billed["acme"].number, billed["beta"].number
    assert re.search(
        rf"<td>{acme}</td><td>acme</td><td>ACME Logistics</td><td class=\"num\">8.76</td><td>USD</td>",
        table,
    )
    assert re.search(
        rf"<td>{beta}</td><td>beta</td><td>Beta Shops</td><td class=\"num\">3.57</td>", table
    )
    # An empty month says so.
    assert "No issued invoice of this month is open." in (
        as_user("cadmin").get(URL, {"period": "2026-02"}).content.decode()
    )


def test_csv_and_json_downloads_carry_the_documented_columns(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("caccountant")
    response = client.get(URL, {"period": "2026-03", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="charges-telenet-2026-03.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == EXPORT_FIELDS
    acme = billed["acme"]
    assert rows[0] == {
        "invoice": acme.number,
        "account": "acme",
        "customer": "ACME Logistics",
        "amount": "8.76",
        "currency": "USD",
        "due_at": acme.due_at.isoformat(),
        "reference": acme.number,
    }
    assert [r["amount"] for r in rows] == ["8.76", "3.57"]
    data = json.loads(client.get(URL, {"period": "2026-03", "format": "json"}).content)
    assert data == rows


def test_a_bad_month_is_a_form_error_not_a_download(world: Any, as_user: Any) -> None:
    response = as_user("cadmin").get(URL, {"period": "2026-13", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Give a month as YYYY-MM." in response.content.decode()


def test_upload_records_payments_and_failures_once(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    acme, beta = billed["acme"], billed["beta"]
    content = (
        "invoice,status,amount,reference\n"
        f"{acme.number},succeeded,8.76,gw-1\n"
        f"{beta.number},failed,3.57,gw-2\n"
    )
    upload = SimpleUploadedFile("results.csv", content.encode(), content_type="text/csv")
    html = client.post(URL, {"file": upload}).content.decode()
    assert "1 paid, 1 failed, 0 skipped" in html
    acme.refresh_from_db()
    assert acme.status == InvoiceStatus.PAID
    payment = Payment.objects.get(external_id="gateway:gw-1")
    assert (payment.amount, payment.method) == (Decimal("8.76"), "gateway")
    assert ledger.account_balance(world.accounts["acme"]) == Decimal("0.00")
    assert (
        ChargeAttempt.objects.get(invoice=beta, idempotency_key="gateway:gw-2").status == "failed"
    )
    # The same file again changes nothing.
    again = SimpleUploadedFile("results.csv", content.encode(), content_type="text/csv")
    html = client.post(URL, {"file": again}).content.decode()
    assert "0 paid, 0 failed, 2 skipped" in html
    assert Payment.objects.filter(external_id="gateway:gw-1").count() == 1
    # After payment, acme is no longer in the export.
    assert acme.number not in client.get(URL, {"period": "2026-03"}).content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("invoice,amount\nX,1\n", "Columns needed"),
        ("[1, 2]", "A JSON list of objects."),
        (b"\xff\xfe\x00".decode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_files_come_back_as_form_errors(
    world: Any, billed: Any, as_user: Any, content: str, message: str
) -> None:
    raw = content.encode("latin-1") if message == "not UTF-8" else content.encode()
    upload = SimpleUploadedFile("results.csv", raw)
    response = as_user("cadmin").post(URL, {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Payment.objects.exists()


def test_a_bad_amount_refuses_the_whole_file(world: Any, billed: Any, as_user: Any) -> None:
    acme, beta = billed["acme"], billed["beta"]
    content = (
        "invoice,status,amount,reference\n"
        f"{acme.number},succeeded,8.76,gw-1\n"
        f"{beta.number},failed,lots,gw-2\n"
    )
    upload = SimpleUploadedFile("results.csv", content.encode())
    response = as_user("cadmin").post(URL, {"file": upload})
    assert response.status_code == 200
    assert "amount is not a number" in response.content.decode()
    assert not Payment.objects.exists() and not ChargeAttempt.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("cadmin", 200),
        ("caccountant", 200),
        ("padmin", 200),
        ("otheradmin", 404),
        ("amanager", 403),
        ("subscriber", 403),
        ("agent", 403),
        ("pmanager", 403),
    ],
)
def test_who_may_open_the_export(world: Any, as_user: Any, user: str, status: int) -> None:
    assert as_user(user).get(URL).status_code == status


def test_columns_are_documented_on_the_page_and_in_the_docs(world: Any, as_user: Any) -> None:
    html = as_user("cadmin").get(URL).content.decode()
    doc = DOC.read_text()
    for name in EXPORT_FIELDS + IMPORT_FIELDS:
        assert f"<dt><code>{name}</code></dt>" in html
        assert f"| `{name}` |" in doc
    assert 'href="/clouds/telenet/payments/gateway-export/"' in (
        as_user("cadmin").get("/clouds/telenet/payments/").content.decode()
    )

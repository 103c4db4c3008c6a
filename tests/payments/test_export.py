"""The export adapter: charges to make as CSV/JSON, and the import of their results."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from cambill.core.errors import DomainError
from cambill.payments import ledger as L
from cambill.payments.gateways.export import (
    EXPORT_FIELDS,
    charges_export,
    charges_import,
    rows_to_csv,
)
from cambill.payments.models import ChargeAttempt, LedgerLine, Payment

D = Decimal


def test_export_lists_open_invoices_with_amounts(billed) -> None:
    t = billed.clouds["telenet"]
    rows = charges_export(actor=billed.actor("caccountant"), cloud=t, period="2026-03")
    assert [(r["account"], r["amount"], r["currency"]) for r in rows] == [
        ("acme", "25.91", "USD"),
        ("beta", "3.57", "USD"),
    ]
    csv_text = rows_to_csv(rows, EXPORT_FIELDS)
    assert csv_text.splitlines()[0] == "invoice,account,customer,amount,currency,due_at,reference"
    with pytest.raises(DomainError):
        charges_export(actor=billed.actor("caccountant"), cloud=t, period="March")
    with pytest.raises(DomainError):
        charges_export(actor=billed.actor("subscriber"), cloud=t, period="2026-03")


def test_import_results_once(billed) -> None:
    t = billed.clouds["telenet"]
    a, b = billed.inv["acme"].number, billed.inv["beta"].number
    content = (
        f"invoice,status,amount,reference\n{a},succeeded,25.91,gw-001\n{b},failed,3.57,gw-002\n"
    )
    report = charges_import(actor=billed.actor("caccountant"), cloud=t, content=content)
    assert [len(report[k]) for k in ("paid", "failed", "skipped")] == [1, 1, 0]
    inv = billed.inv["acme"]
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert ChargeAttempt.objects.get().status == "failed"
    counts = (Payment.objects.count(), LedgerLine.objects.count(), ChargeAttempt.objects.count())
    again = charges_import(actor=billed.actor("caccountant"), cloud=t, content=content)
    assert [len(again[k]) for k in ("paid", "failed", "skipped")] == [0, 0, 2]
    assert (
        Payment.objects.count(),
        LedgerLine.objects.count(),
        ChargeAttempt.objects.count(),
    ) == counts
    # JSON results work the same way.
    js = json.dumps(
        [{"invoice": b, "status": "succeeded", "amount": "3.57", "reference": "gw-004"}]
    )
    charges_import(actor=billed.actor("caccountant"), cloud=t, content=js)
    assert L.account_balance(billed.accounts["beta"]) == 0


def test_export_over_the_api(billed) -> None:
    c = APIClient()
    c.force_authenticate(billed.users["caccountant"])
    resp = c.get("/api/v1/clouds/telenet/charges/export?period=2026-03&output=csv")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    assert b"25.91" in resp.content
    resp = c.get("/api/v1/clouds/telenet/charges/export?period=2026-03")
    assert [r["amount"] for r in resp.json()] == ["25.91", "3.57"]


# --- bad rows: all or nothing, each bad line named, a 400 over the API --------------------

IMPORT_URL = "/api/v1/clouds/telenet/charges/import"


def written() -> tuple[int, int, int, int]:
    from cambill.core.models import AuditEntry

    return (
        Payment.objects.count(),
        LedgerLine.objects.count(),
        ChargeAttempt.objects.count(),
        AuditEntry.objects.filter(verb="charges_import").count(),
    )


def post_results(billed, content: str):  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(billed.users["caccountant"])
    return c.post(IMPORT_URL, {"content": content}, format="json")


@pytest.mark.parametrize(
    ("bad_line", "column", "problem"),
    [
        ("{b},failed,lots,gw-2", "amount", "amount is not a number ('lots')"),
        ("{b},failed,-3.57,gw-2", "amount", "amount '-3.57': Must be positive."),
        ("{b},succeeded,,gw-2", "amount", "no amount"),
        ("{b},succeeded,3.571,gw-2", "amount", "amount '3.571': USD has 2 decimal places."),
        (
            "NOPE-1,succeeded,1.00,gw-2",
            "invoice",
            "unknown invoice 'NOPE-1' (not a retail invoice of telenet)",
        ),
        ("{b},maybe,3.57,gw-2", "status", "unknown status 'maybe'"),
        ("{b},failed,3.57,", "reference", "no reference"),
        ("{b},failed,3.57,gw-1", "reference", "reference 'gw-1' repeats line 2"),
        ("{b},succeeded,3.57,gw-2,EUR", "currency", "currency 'EUR', the invoice is in USD"),
        (",succeeded,3.57,gw-2", "invoice", "no invoice number"),
        ("{b},failed,3.57,gw-2,USD,surplus", "row", "1 value(s) more than the header has"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_over_the_api(
    billed, bad_line: str, column: str, problem: str
) -> None:
    # The error shape of every CSV import (cambill.core.csvin): fields.lines, by line and
    # column. (It was {"line 3": [...]} before the one reader.)
    a, b = billed.inv["acme"].number, billed.inv["beta"].number
    content = (
        "invoice,status,amount,reference,currency\n"
        f"{a},succeeded,25.91,gw-1,USD\n" + bad_line.format(b=b) + "\n"
    )
    before = written()
    resp = post_results(billed, content)
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "validation_error"
    ((line,),) = [body["fields"]["lines"]]
    assert line["line"] == 3 and list(line["errors"]) == [column]
    assert problem in line["errors"][column][0]
    assert body["message"].startswith("Nothing was imported: 1 line(s) are wrong. line 3: ")
    assert written() == before
    inv = billed.inv["acme"]
    inv.refresh_from_db()
    assert inv.status == "issued"  # the good line 2 was not applied either


def test_every_bad_line_is_reported_and_json_items_are_numbered(billed) -> None:
    a, b = billed.inv["acme"].number, billed.inv["beta"].number
    content = (
        "invoice,status,amount,reference\n"
        f"{a},failed,n/a,gw-1\n"
        f"{b},succeeded,3.57,gw-2\n"
        "\n"
        "NOPE,refunded,x,gw-2\n"
    )
    before = written()
    body = post_results(billed, content).json()
    assert body["fields"] == {
        "lines": [
            {"line": 2, "errors": {"amount": ["amount is not a number ('n/a')"]}},
            {
                "line": 5,
                "errors": {
                    "invoice": ["unknown invoice 'NOPE' (not a retail invoice of telenet)"],
                    "reference": ["reference 'gw-2' repeats line 3"],
                    "status": [
                        "unknown status 'refunded' "
                        "(use succeeded, paid, success, failed, declined, error)"
                    ],
                    "amount": ["amount is not a number ('x')"],
                },
            },
        ]
    }
    js = json.dumps([{"invoice": b, "status": "failed", "amount": "lots", "reference": "gw-9"}])
    resp = post_results(billed, js)
    assert resp.status_code == 400
    assert resp.json()["fields"] == {
        "items": [{"item": 1, "errors": {"amount": ["amount is not a number ('lots')"]}}]
    }
    assert written() == before


def test_a_failed_row_may_leave_the_amount_out(billed) -> None:
    b = billed.inv["beta"].number
    resp = post_results(billed, f"invoice,status,amount,reference\n{b},declined,,gw-7\n")
    assert resp.status_code == 200, resp.content
    assert [len(resp.json()[k]) for k in ("paid", "failed", "skipped")] == [0, 1, 0]
    assert ChargeAttempt.objects.get().amount == 0

"""The export adapter: charges to make as CSV/JSON, and the import of their results."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from cambill.core.errors import DomainError
from cambill.payments import ledger as L
from cambill.payments.gateways import EXPORT_FIELDS, charges_export, charges_import, rows_to_csv
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
        "invoice,status,amount,reference\n"
        f"{a},succeeded,25.91,gw-001\n"
        f"{b},failed,3.57,gw-002\n"
        "NOPE-1,succeeded,1.00,gw-003\n"
    )
    report = charges_import(actor=billed.actor("caccountant"), cloud=t, content=content)
    assert [len(report[k]) for k in ("paid", "failed", "skipped")] == [1, 1, 1]
    inv = billed.inv["acme"]
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert ChargeAttempt.objects.get().status == "failed"
    counts = (Payment.objects.count(), LedgerLine.objects.count(), ChargeAttempt.objects.count())
    again = charges_import(actor=billed.actor("caccountant"), cloud=t, content=content)
    assert [len(again[k]) for k in ("paid", "failed", "skipped")] == [0, 0, 3]
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

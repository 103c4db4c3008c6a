"""The wholesale payments API (issue #13, "Collect"): provider staff record a
cloud's payment to the provider; the cloud's staff read its payments and
balance; a receipt goes to the cloud's billing contacts through the outbox."""

from __future__ import annotations

from decimal import Decimal

import time_machine
from rest_framework.test import APIClient

from cambill.core.access import SYSTEM
from cambill.notifications.models import Message
from cambill.notifications.services import billing_contacts_set
from cambill.payments.models import Allocation, Payment
from tests.conftest import utc

URL = "/api/v1/clouds/telenet/wholesale-payments/"


def client(world, name: str) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


def contacts(world) -> None:  # type: ignore[no-untyped-def]
    billing_contacts_set(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        emails=["billing@telenet.example", "cfo@telenet.example"],
    )


def test_provider_records_a_payment_that_pays_the_invoice_and_queues_a_receipt(billed) -> None:
    contacts(billed)
    inv = billed.inv["wholesale"]
    assert inv.total == Decimal("10.10")
    resp = client(billed, "paccountant").post(
        URL,
        {
            "amount": "15.00",
            "received_at": "2026-04-12T10:00:00-05:00",
            "reference": "WIRE-2026-04",
            "invoices": [inv.number],
        },
        format="json",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["kind"] == "wholesale" and body["account"] is None
    assert body["amount"] == "15.00" and body["unapplied"] == "4.90"
    assert body["allocations"] == [{"invoice": inv.number, "amount": "10.10"}]
    inv.refresh_from_db()
    assert inv.status == "paid"
    p = Payment.objects.get()
    assert [(a.invoice_id, a.amount) for a in Allocation.objects.filter(payment=p)] == [
        (inv.pk, Decimal("10.10"))
    ]
    receipt = Message.objects.get(kind="wholesale_receipt")
    assert receipt.to == ["billing@telenet.example", "cfo@telenet.example"]
    assert receipt.cloud_id == billed.clouds["telenet"].pk
    assert "15.00" in receipt.subject and "Telenet" in receipt.subject
    assert inv.number in receipt.body and "WIRE-2026-04" in receipt.body
    assert "/clouds/telenet/wholesale/" in receipt.body
    # the cloud's admin reads it and the balance: nothing open, 4.90 prepaid
    c = client(billed, "cadmin")
    listed = c.get(URL).json()["results"]
    assert [r["id"] for r in listed] == [p.pk]
    assert c.get(f"{URL}{p.pk}/").json()["unapplied"] == "4.90"
    with time_machine.travel(utc(2026, 5, 1), tick=False):
        bal = c.get("/api/v1/clouds/telenet/wholesale/balance").json()
    assert (bal["open"], bal["overdue"], bal["prepaid"], bal["balance"]) == (
        "0.00",
        "0.00",
        "4.90",
        "-4.90",
    )
    assert bal["invoices"] == []


def test_balance_shows_open_and_overdue(billed) -> None:
    inv = billed.inv["wholesale"]
    c = client(billed, "caccountant")
    with time_machine.travel(utc(2026, 4, 10), tick=False):
        before_due = c.get("/api/v1/clouds/telenet/wholesale/balance").json()
    assert (before_due["open"], before_due["overdue"]) == ("10.10", "0.00")
    with time_machine.travel(utc(2026, 5, 1), tick=False):
        late = c.get("/api/v1/clouds/telenet/wholesale/balance").json()
    assert (late["open"], late["overdue"], late["prepaid"], late["balance"]) == (
        "10.10",
        "10.10",
        "0.00",
        "10.10",
    )
    assert late["invoices"] == [
        {
            "number": inv.number,
            "period": "2026-03",
            "due_at": late["invoices"][0]["due_at"],
            "total": "10.10",
            "open": "10.10",
            "overdue": True,
        }
    ]


def test_who_may_record_and_read(billed) -> None:
    good = {"amount": "1.00", "received_at": "2026-04-12T10:00:00Z"}
    for name in ("cadmin", "caccountant", "subscriber", "amanager", "agent", "pmanager"):
        resp = client(billed, name).post(URL, good, format="json")
        assert resp.status_code in (403, 404), (name, resp.status_code)
        assert resp.json()["code"], name
    assert Payment.objects.count() == 0
    assert Message.objects.filter(kind="wholesale_receipt").count() == 0
    for name in ("subscriber", "amanager", "agent"):
        assert client(billed, name).get(URL).status_code in (403, 404), name
    # another cloud's admin: the cloud does not exist for it
    assert client(billed, "otheradmin").get(URL).status_code == 404
    assert client(billed, "cadmin").get(URL).status_code == 200
    assert client(billed, "padmin").post(URL, good, format="json").status_code == 201


def test_bad_input_is_a_400_with_a_code_and_writes_nothing(billed) -> None:
    c = client(billed, "padmin")
    retail = billed.inv["acme"].number
    cases = [
        {"amount": "-1", "received_at": "2026-04-12T10:00:00Z"},
        {"amount": "1.001", "received_at": "2026-04-12T10:00:00Z"},
        {"amount": "abc", "received_at": "2026-04-12T10:00:00Z"},
        {"amount": "1.00"},
        {"amount": "1.00", "received_at": "2026-04-12T10:00:00Z", "invoices": [retail]},
        {"amount": "1.00", "received_at": "2026-04-12T10:00:00Z", "invoices": ["NOPE-1"]},
        {"amount": "1.00", "received_at": "2026-04-12T10:00:00Z", "method": "card"},
        {"amount": "1.00", "received_at": "2026-04-12T10:00:00Z", "account": "acme"},
    ]
    for data in cases:
        resp = c.post(URL, data, format="json")
        assert resp.status_code == 400, (data, resp.content)
        body = resp.json()
        assert body["code"] and body["message"], data
    assert Payment.objects.count() == 0
    assert c.get(f"{URL}999999/").status_code == 404


def test_a_paid_invoice_is_not_open_any_more(billed) -> None:
    c = client(billed, "padmin")
    inv = billed.inv["wholesale"]
    first = {"amount": "10.10", "received_at": "2026-04-12T10:00:00Z", "invoices": [inv.number]}
    assert c.post(URL, first, format="json").status_code == 201
    again = c.post(URL, first, format="json")
    assert again.status_code == 400 and "not open" in again.json()["message"]
    assert Payment.objects.count() == 1

"""The wholesale pages of a cloud (issue #13, "Collect"): the provider's invoices
to the cloud, its balance, a payment recorded by provider staff."""

from __future__ import annotations

from decimal import Decimal

import time_machine
from django.test import Client

from cambill.payments.models import Allocation, Payment
from tests.conftest import utc


def login(world, name: str) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(world.users[name])
    return c


def test_cloud_admin_sees_its_wholesale_invoices_and_balance(billed) -> None:
    inv = billed.inv["wholesale"]
    c = login(billed, "cadmin")
    with time_machine.travel(utc(2026, 4, 10), tick=False):
        page = c.get("/clouds/telenet/wholesale/")
    assert page.status_code == 200
    body = page.content.decode()
    assert inv.number in body
    assert "Balance with the provider" in body
    detail = c.get(f"/clouds/telenet/wholesale/invoices/{inv.pk}/")
    assert detail.status_code == 200
    assert inv.number in detail.content.decode()
    assert "Record a payment" not in detail.content.decode()
    pdf = c.get(f"/clouds/telenet/invoices/{inv.pk}/pdf/?download=1")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    nav = c.get("/clouds/telenet/wholesale/").content.decode()
    assert 'href="/clouds/telenet/wholesale/"' in nav


def test_provider_records_a_wholesale_payment_from_the_invoice_page(billed) -> None:
    inv = billed.inv["wholesale"]
    c = login(billed, "paccountant")
    url = f"/clouds/telenet/wholesale/invoices/{inv.pk}/record-payment/"
    form = c.get(url)
    assert form.status_code == 200
    resp = c.post(
        url,
        {
            "amount": "10.10",
            "received_on": "2026-04-12",
            "method": "bank_transfer",
            "reference": "WIRE-77",
            "invoices": [str(inv.pk)],
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:3000]
    p = Payment.objects.get()
    assert (p.kind, p.account_id, p.amount, p.reference) == (
        "wholesale",
        None,
        Decimal("10.10"),
        "WIRE-77",
    )
    assert [(a.invoice_id, a.amount) for a in Allocation.objects.all()] == [
        (inv.pk, Decimal("10.10"))
    ]
    inv.refresh_from_db()
    assert inv.status == "paid"

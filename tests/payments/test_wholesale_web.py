"""The wholesale pages of a cloud (issue #13, "Collect"): the provider's invoices
to the cloud, its balance, a payment recorded by provider staff."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import time_machine
from django.test import Client

from cambill.payments.models import Allocation, Payment
from cambill.payments.statements.services import provider_statement_import
from tests.conftest import utc
from tests.web.test_html import check_page


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


def test_who_sees_the_wholesale_pages(billed) -> None:
    inv = billed.inv["wholesale"]
    retail = billed.inv["acme"]
    pages = [
        "/clouds/telenet/wholesale/",
        f"/clouds/telenet/wholesale/invoices/{inv.pk}/",
    ]
    for name in ("padmin", "paccountant", "pmanager", "cadmin", "caccountant"):
        for url in pages:
            assert login(billed, name).get(url).status_code == 200, (name, url)
    for name in ("subscriber", "amanager", "agent"):
        c = login(billed, name)
        for url in pages:
            assert c.get(url).status_code in (403, 404), (name, url)
        assert b"/wholesale/" not in c.get("/").content
    # another cloud's admin: the cloud, its invoice and its list are not found
    other = login(billed, "otheradmin")
    for url in pages:
        assert other.get(url).status_code == 404, url
    # a retail invoice is no wholesale invoice; a missing one the same 404
    c = login(billed, "cadmin")
    assert c.get(f"/clouds/telenet/wholesale/invoices/{retail.pk}/").status_code == 404
    assert c.get("/clouds/telenet/wholesale/invoices/999999/").status_code == 404
    # the cloud's staff read, only provider staff record
    record = f"/clouds/telenet/wholesale/invoices/{inv.pk}/record-payment/"
    for name in ("cadmin", "caccountant", "pmanager"):
        c = login(billed, name)
        assert c.get(record).status_code == 403, name
        post = c.post(record, {"amount": "10.10", "received_on": "2026-04-12"})
        assert post.status_code == 403, name
    assert Payment.objects.count() == 0


def test_list_filters_and_figures(billed) -> None:
    inv = billed.inv["wholesale"]
    c = login(billed, "caccountant")
    with time_machine.travel(utc(2026, 5, 1), tick=False):
        page = c.get("/clouds/telenet/wholesale/").content.decode()
        overdue = c.get("/clouds/telenet/wholesale/?overdue=true").content.decode()
        paid = c.get("/clouds/telenet/wholesale/?status=paid").content.decode()
    assert "10.10" in page and inv.number in page
    assert inv.number in overdue and "overdue" in overdue
    assert inv.number not in paid


def test_form_payment_queues_the_receipt_and_the_balance_shows_credit(billed) -> None:
    from cambill.core.access import SYSTEM
    from cambill.notifications.models import Message
    from cambill.notifications.services import billing_contacts_set

    billing_contacts_set(
        actor=SYSTEM, cloud=billed.clouds["telenet"], emails=["billing@telenet.example"]
    )
    inv = billed.inv["wholesale"]
    url = f"/clouds/telenet/wholesale/invoices/{inv.pk}/record-payment/"
    resp = login(billed, "padmin").post(
        url,
        {
            "amount": "12.00",
            "received_on": "2026-04-12",
            "method": "bank_transfer",
            "reference": "WIRE-9",
            "invoices": [str(inv.pk)],
        },
    )
    assert resp.status_code == 302
    p = Payment.objects.get()
    # noon of the day in the cloud's zone (America/Bogota, UTC-5)
    assert p.received_at == utc(2026, 4, 12, 17)
    inv.refresh_from_db()
    assert inv.status == "paid"
    msg = Message.objects.get(kind="wholesale_receipt")
    assert msg.to == ["billing@telenet.example"] and "12.00" in msg.subject
    page = login(billed, "cadmin").get("/clouds/telenet/wholesale/").content.decode()
    assert "1.90" in page  # prepaid credit: 12.00 - 10.10
    detail = login(billed, "cadmin").get(f"/clouds/telenet/wholesale/invoices/{inv.pk}/")
    assert "WIRE-9" in detail.content.decode()


def test_form_refuses_bad_input_without_writing(billed) -> None:
    inv = billed.inv["wholesale"]
    url = f"/clouds/telenet/wholesale/invoices/{inv.pk}/record-payment/"
    c = login(billed, "paccountant")
    for data in (
        {"amount": "-5", "received_on": "2026-04-12", "method": "bank_transfer"},
        {"amount": "1.001", "received_on": "2026-04-12", "method": "bank_transfer"},
        {"amount": "x", "received_on": "2026-04-12", "method": "bank_transfer"},
        {"amount": "1.00", "received_on": "nope", "method": "bank_transfer"},
        {"amount": "1.00", "received_on": "2026-04-12", "method": "card"},
        {"amount": "1.00", "received_on": "2026-04-12", "method": "cash", "invoices": ["0"]},
    ):
        resp = c.post(url, data)
        assert resp.status_code == 200, data
        assert 'class="errorlist' in resp.content.decode(), data
    assert Payment.objects.count() == 0


def test_the_invoice_page_links_to_the_wholesale_page(billed) -> None:
    inv = billed.inv["wholesale"]
    link = f'href="/clouds/telenet/wholesale/invoices/{inv.pk}/"'
    page = login(billed, "cadmin").get(f"/clouds/telenet/invoices/{inv.pk}/").content.decode()
    assert link in page
    retail = billed.inv["acme"]
    page = login(billed, "cadmin").get(f"/clouds/telenet/invoices/{retail.pk}/").content.decode()
    assert "/wholesale/invoices/" not in page


def test_wholesale_pages_are_self_contained_and_their_own_links_open(billed) -> None:
    raw = (Path(__file__).parent / "fixtures" / "camt053_provider_april.xml").read_bytes()
    provider_statement_import(actor=billed.actor("padmin"), content=raw)
    inv = billed.inv["wholesale"]
    starts = {
        "cadmin": ["/clouds/telenet/wholesale/"],
        "paccountant": [
            "/clouds/telenet/wholesale/",
            f"/clouds/telenet/wholesale/invoices/{inv.pk}/record-payment/",
            "/billing/bank-statements/",
            "/billing/reconcile/",
        ],
    }
    own = ("/clouds/telenet/wholesale/", "/billing/bank-", "/billing/reconcile/")
    for user, queue in starts.items():
        c = login(billed, user)
        seen: set[str] = set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            resp = c.get(url)
            assert resp.status_code == 200, (user, url, resp.status_code)
            parser = check_page(url, resp.content.decode())
            queue += [
                h.split("#")[0]
                for h in parser.links
                if h.startswith(own) and "_export" not in h and h.split("#")[0] not in seen
            ]
        assert f"/clouds/telenet/wholesale/invoices/{inv.pk}/" in seen, seen

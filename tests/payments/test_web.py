"""The payment pages: list and record, bank import with its report, account money, webhooks."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cambill.payments.models import Payment


def login(world, name: str) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(world.users[name])
    return c


def test_payments_page_records_a_payment(billed) -> None:
    c = login(billed, "caccountant")
    page = c.get("/clouds/telenet/payments/")
    assert page.status_code == 200 and b"Record a payment" in page.content
    resp = c.post(
        "/clouds/telenet/payments/",
        {
            "account": "acme",
            "amount": "25.91",
            "received_at": "2026-04-10 10:00",
            "method": "bank_transfer",
            "reference": "TR-9",
        },
    )
    assert resp.status_code == 302
    assert str(Payment.objects.get().amount.normalize()) == "25.91"
    bad = c.post(
        "/clouds/telenet/payments/",
        {"account": "nope", "amount": "1", "received_at": "2026-04-10 10:00", "method": "cash"},
    )
    assert bad.status_code == 200 and b"No such account" in bad.content
    assert Payment.objects.count() == 1


def test_bank_import_page_shows_matched_and_unmatched(billed) -> None:
    c = login(billed, "caccountant")
    content = (
        "date,amount,reference,description\n"
        f"2026-04-08,25.91,{billed.inv['acme'].number},x\n2026-04-08,5.00,XYZ,who\n"
    ).encode()
    resp = c.post(
        "/clouds/telenet/payments/bank-import/",
        {"file": SimpleUploadedFile("april.csv", content, content_type="text/csv")},
    )
    assert resp.status_code == 200
    assert b"Matched" in resp.content and b"XYZ" in resp.content
    assert (
        login(billed, "subscriber").get("/clouds/telenet/payments/bank-import/").status_code == 403
    )


def test_account_money_page_and_scope(billed) -> None:
    assert (
        login(billed, "subscriber").get("/clouds/telenet/accounts/acme/money/").status_code == 200
    )
    assert (
        login(billed, "subscriber").get("/clouds/telenet/accounts/beta/money/").status_code == 404
    )
    assert (
        login(billed, "otheradmin").get("/clouds/telenet/accounts/acme/money/").status_code == 404
    )
    page = login(billed, "cadmin").get("/clouds/telenet/accounts/acme/money/")
    assert b"25.91 USD" in page.content


def test_webhooks_page(billed) -> None:
    assert login(billed, "cadmin").get("/clouds/telenet/webhooks/").status_code == 200
    assert login(billed, "subscriber").get("/clouds/telenet/webhooks/").status_code == 403


def test_bank_import_page_lists_the_bad_lines_and_imports_nothing(billed) -> None:
    c = login(billed, "caccountant")
    content = b"date,amount,reference,description\n2026-04-08,lots,ACME,x\n2026-04-09,1.00,ACME,y\n"
    resp = c.post(
        "/clouds/telenet/payments/bank-import/",
        {"file": SimpleUploadedFile("april.csv", content, content_type="text/csv")},
    )
    assert resp.status_code == 200
    page = resp.content.decode()
    assert 'id="csv-errors"' in page and "Nothing was imported" in page
    assert '<td class="num">2</td><td><code>amount</code></td>' in page
    latin = "date,amount,reference,description\n2026-04-08,1.00,José,x\n".encode("latin-1")
    resp = c.post(
        "/clouds/telenet/payments/bank-import/",
        {"file": SimpleUploadedFile("april.csv", latin, content_type="text/csv")},
    )
    assert "not UTF-8" in resp.content.decode()
    assert Payment.objects.count() == 0

"""The portal's card pages against the fake Stripe over real HTTP: "Pay now" on an
invoice and on the balance, the hosted page, the return and cancel pages (paid,
3-D Secure, declined, abandoned), saved cards and autopay, a cloud paying the
provider's wholesale invoice by card, and who may do what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.core import mail
from django.test import Client, override_settings

from cambill.payments.models import CardCheckout, CardProfile, Payment, SavedCard

D = Decimal
OK, THREE_DS, DECLINE = "4242424242424242", "4000002500003155", "4000000000000002"


@pytest.fixture
def portal(stripe_on):  # type: ignore[no-untyped-def]
    return stripe_on


def login(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def to_stripe(resp: Any, fake: Any) -> str:
    """cambill redirected to the fake Stripe's hosted page: its address."""
    assert resp.status_code == 302
    url = resp["Location"]
    assert url.startswith(fake.base + "/pay/cs_")
    return url


def card_on(url: str, number: str, challenge: str | None = None) -> str:
    """Type the card on the hosted page; the address Stripe sends the browser back to
    (the success address; after a decline or a failed challenge, the cancel link)."""
    r = requests.post(url, data={"cardnumber": number}, allow_redirects=False, timeout=10)
    if challenge:
        r = requests.post(
            r.headers["Location"], data={"action": challenge}, allow_redirects=False, timeout=10
        )
    if r.status_code == 303:
        return r.headers["Location"]
    assert r.status_code == 200
    back = r.text.split("id='back' href='")[1].split("'")[0]
    return back.replace("&amp;", "&")


def local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.netloc == "testserver"
    return parts.path + ("?" + parts.query if parts.query else "")


def test_pay_now_on_an_invoice_with_a_card(portal, fake_stripe) -> None:
    c = login(portal, "subscriber")
    inv = portal.inv["acme"]
    home = c.get("/clouds/telenet/accounts/acme/")
    assert f'/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}"'.encode() in home.content
    assert b"Pay the balance" in home.content and b"Cards and autopay" in home.content
    page = c.get(f"/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}")
    assert page.status_code == 200
    assert (
        b'id="amount">25.91' in page.content.replace(b"\xc2\xa0", b" ") or b"25.91" in page.content
    )
    url = to_stripe(
        c.post(f"/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}", {"invoice": [inv.pk]}),
        fake_stripe,
    )
    back = card_on(url, OK)
    assert back.startswith("http://testserver/clouds/telenet/card-checkout/return/?session_id=cs_")
    result = c.get(local(back))
    assert result.status_code == 200
    assert b'data-status="paid"' in result.content
    assert b"Thank you: 25.91 USD paid by card." in result.content
    assert b"receipt is on its way" in result.content
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert Payment.objects.get().amount == D("25.91")
    # Reloading the return page records nothing more.
    assert c.get(local(back)).status_code == 200
    assert Payment.objects.count() == 1


@override_settings(CAMBILL_PUBLIC_URL="http://testserver")
def test_receipt_goes_through_the_outbox(
    portal, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    c = login(portal, "subscriber")
    url = to_stripe(c.post("/clouds/telenet/accounts/acme/pay/"), fake_stripe)
    back = card_on(url, OK)
    with django_capture_on_commit_callbacks(execute=True):
        c.get(local(back))
    sent = [m for m in mail.outbox if m.to == ["billing@acme.test"]]
    assert [m.subject for m in sent] == ["Payment received: 25.91 USD"]


def test_three_d_secure_success_and_failure_on_the_page(portal, fake_stripe) -> None:
    c = login(portal, "subscriber")
    inv = portal.inv["acme"]
    url = to_stripe(
        c.post("/clouds/telenet/accounts/acme/pay/", {"invoice": [inv.pk]}), fake_stripe
    )
    back = card_on(url, THREE_DS, challenge="fail")
    assert "/card-checkout/cancel/?account=acme" in back
    result = c.get(local(back))
    assert b'data-status="auth_failed"' in result.content
    assert b"authentication failed" in result.content
    assert b"still unpaid" in result.content
    assert f'href="/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}"'.encode() in result.content
    assert Payment.objects.count() == 0
    # Retry: the bank's challenge completed this time.
    url = to_stripe(
        c.post("/clouds/telenet/accounts/acme/pay/", {"invoice": [inv.pk]}), fake_stripe
    )
    result = c.get(local(card_on(url, THREE_DS, challenge="complete")))
    assert b'data-status="paid"' in result.content
    assert Payment.objects.get().amount == D("25.91")


def test_declined_card_shows_the_reason_and_a_retry(portal, fake_stripe) -> None:
    c = login(portal, "subscriber")
    url = to_stripe(c.post("/clouds/telenet/accounts/acme/pay/"), fake_stripe)
    result = c.get(local(card_on(url, DECLINE)))
    assert b'data-status="declined"' in result.content
    assert b"Your card was declined: Your card was declined." in result.content
    assert b'id="retry"' in result.content
    assert Payment.objects.count() == 0
    assert CardCheckout.objects.get().status == "declined"


def test_abandoned_checkout_is_unpaid(portal, fake_stripe) -> None:
    c = login(portal, "subscriber")
    to_stripe(c.post("/clouds/telenet/accounts/acme/pay/"), fake_stripe)
    result = c.get("/clouds/telenet/card-checkout/cancel/?account=acme")
    assert b'data-status="canceled"' in result.content and b"still unpaid" in result.content
    portal.inv["acme"].refresh_from_db()
    assert portal.inv["acme"].status == "issued"


def test_cards_add_default_remove_and_autopay(portal, fake_stripe) -> None:
    c = login(portal, "subscriber")
    page = c.get("/clouds/telenet/accounts/acme/cards/")
    assert page.status_code == 200 and b"No card saved yet." in page.content
    for number in (OK, "5555555555554444"):
        url = to_stripe(
            c.post("/clouds/telenet/accounts/acme/cards/", {"action": "add"}), fake_stripe
        )
        result = c.get(local(card_on(url, number)))
        assert b'data-status="saved"' in result.content
        assert f"•••• {number[-4:]}".encode() in result.content
    visa, mc = SavedCard.objects.order_by("id")
    assert (visa.is_default, mc.is_default) == (True, False)
    c.post("/clouds/telenet/accounts/acme/cards/", {"action": "default", "card": mc.pk})
    assert SavedCard.objects.get(is_default=True).pk == mc.pk
    c.post("/clouds/telenet/accounts/acme/cards/", {"action": "remove", "card": mc.pk})
    assert list(SavedCard.objects.values_list("last4", "is_default")) == [("4242", True)]
    c.post("/clouds/telenet/accounts/acme/cards/", {"action": "autopay", "enabled": "off"})
    assert CardProfile.objects.get().autopay is False
    page = c.get("/clouds/telenet/accounts/acme/cards/")
    assert b"Autopay is off" in page.content and b"Turn autopay on" in page.content


def test_another_subscriber_gets_404(portal, fake_stripe) -> None:
    c = login(portal, "subscriber2")
    inv = portal.inv["acme"]
    assert c.get(f"/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}").status_code == 404
    assert c.post("/clouds/telenet/accounts/acme/pay/", {"invoice": [inv.pk]}).status_code == 404
    assert c.get("/clouds/telenet/accounts/acme/cards/").status_code == 404
    # Its own page, asking for acme's invoice: 404 too, and nothing is opened.
    assert c.post("/clouds/telenet/accounts/beta/pay/", {"invoice": [inv.pk]}).status_code == 404
    assert CardCheckout.objects.count() == 0
    # acme's session is not beta's to look at.
    url = to_stripe(
        login(portal, "subscriber").post("/clouds/telenet/accounts/acme/pay/"), fake_stripe
    )
    sid = url.rsplit("/", 1)[1]
    assert c.get(f"/clouds/telenet/card-checkout/return/?session_id={sid}").status_code == 404


def test_account_manager_pays_for_its_account_only(portal, fake_stripe) -> None:
    assert login(portal, "amanager").get("/clouds/telenet/accounts/acme/pay/").status_code == 200
    assert login(portal, "amanager2").get("/clouds/telenet/accounts/acme/pay/").status_code == 404
    assert login(portal, "agent").get("/clouds/telenet/accounts/acme/pay/").status_code in (
        403,
        404,
    )


def test_off_session_3ds_shows_the_portal_banner(portal, fake_stripe) -> None:
    from cambill.payments.gateways.charging import charge_invoice

    c = login(portal, "subscriber")
    url = to_stripe(c.post("/clouds/telenet/accounts/acme/cards/", {"action": "add"}), fake_stripe)
    c.get(local(card_on(url, THREE_DS, challenge="complete")))
    attempt = charge_invoice(portal.inv["acme"])
    assert attempt is not None and attempt.status == "requires_action"
    home = c.get("/clouds/telenet/accounts/acme/")
    assert b'id="card-action-needed"' in home.content
    assert b"Your bank asks you to confirm the automatic payment" in home.content


@pytest.fixture
def provider_stripe(portal, settings):  # type: ignore[no-untyped-def]
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_provider"
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = "whsec_provider"
    return portal


def test_cloud_pays_the_wholesale_invoice_by_card(provider_stripe, fake_stripe) -> None:
    from cambill.payments import ledger as L

    w = provider_stripe
    inv = w.inv["wholesale"]
    t = w.clouds["telenet"]
    c = login(w, "caccountant")
    page = c.get(f"/clouds/telenet/wholesale/invoices/{inv.pk}/")
    assert page.status_code == 200 and b'id="wholesale-pay-card"' in page.content
    url = to_stripe(
        c.post("/clouds/telenet/wholesale/pay-by-card/", {"invoice": [inv.pk]}), fake_stripe
    )
    # The provider's key, not the cloud's, opened the session.
    assert fake_stripe.auth == [("/v1/checkout/sessions", "Bearer sk_test_provider")]
    assert inv.total == D("10.10")
    assert fake_stripe.objects[url.rsplit("/", 1)[1]]["amount_total"] == 1010
    result = c.get(local(card_on(url, OK)))
    assert b'data-status="paid"' in result.content
    inv.refresh_from_db()
    assert inv.status == "paid"
    p = Payment.objects.get()
    assert (p.kind, p.account_id, p.amount) == ("wholesale", None, D("10.10"))
    assert L.cloud_balance_to_provider(t) == 0
    # The provider's webhooks after the return page: nothing more.
    from cambill_sandbox.fake_stripe import stripe_signature

    for payload in fake_stripe.events:
        resp = Client().post(
            "/api/v1/stripe/webhook",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=stripe_signature("whsec_provider", payload),
        )
        assert resp.status_code == 200
    assert Payment.objects.count() == 1


def test_subscriber_and_other_cloud_cannot_pay_wholesale(provider_stripe, fake_stripe) -> None:
    inv = provider_stripe.inv["wholesale"]
    sub = login(provider_stripe, "subscriber").post(
        "/clouds/telenet/wholesale/pay-by-card/", {"invoice": [inv.pk]}
    )
    assert sub.status_code in (403, 404)
    other = login(provider_stripe, "otheradmin").post(
        "/clouds/telenet/wholesale/pay-by-card/", {"invoice": [inv.pk]}
    )
    assert other.status_code == 404
    assert CardCheckout.objects.count() == 0


def test_card_pages_are_self_contained_and_their_links_open(portal, fake_stripe) -> None:
    """tests/web/test_html.py's checks on the card pages (its world takes no cards):
    no external URL, no inline script; every card link they offer opens."""
    from tests.web.test_html import check_page

    inv = portal.inv["acme"]
    pages = [
        "/clouds/telenet/accounts/acme/",
        "/clouds/telenet/accounts/acme/cards/",
        "/clouds/telenet/accounts/acme/pay/",
        f"/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}",
    ]
    for name in ("subscriber", "amanager", "caccountant"):
        c = login(portal, name)
        for url in pages:
            resp = c.get(url)
            assert resp.status_code == 200, (name, url)
            parser = check_page(url, resp.content.decode())
            for href in parser.links:
                if "/pay/" in href or "/cards/" in href:
                    assert c.get(href.replace("&amp;", "&")).status_code == 200, (name, href)
    c = login(portal, "subscriber")
    url = to_stripe(c.post("/clouds/telenet/accounts/acme/pay/"), fake_stripe)
    back = local(card_on(url, DECLINE))
    parser = check_page(back, c.get(back).content.decode())
    retry = [h for h in parser.links if "/pay/" in h]
    assert retry and all(c.get(h).status_code == 200 for h in retry)


def test_cloud_pays_its_whole_wholesale_balance_by_card(provider_stripe, fake_stripe) -> None:
    c = login(provider_stripe, "cadmin")
    page = c.get("/clouds/telenet/wholesale/")
    assert b'id="wholesale-pay-balance"' in page.content
    url = to_stripe(c.post("/clouds/telenet/wholesale/pay-by-card/"), fake_stripe)
    assert fake_stripe.objects[url.rsplit("/", 1)[1]]["amount_total"] == 1010
    result = c.get(local(card_on(url, OK)))
    assert b'data-status="paid"' in result.content
    assert Payment.objects.get().amount == D("10.10")
    assert b'id="wholesale-pay-balance"' not in c.get("/clouds/telenet/wholesale/").content

"""The card endpoints against the fake Stripe over real HTTP: payment and card
sessions, settling them, saved cards, autopay, the wholesale session, and who
may do what (anything outside the caller's reach is a 404, nothing written)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import requests
from rest_framework.test import APIClient

from cambill.payments.models import CardCheckout, CardProfile, Payment, SavedCard

D = Decimal
BASE = "/api/v1/clouds/telenet"


@pytest.fixture
def api(stripe_on):  # type: ignore[no-untyped-def]
    return stripe_on


def client(world: Any, name: str) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


def pay_on(url: str, number: str = "4242424242424242") -> None:
    r = requests.post(url, data={"cardnumber": number}, allow_redirects=False, timeout=10)
    assert r.status_code in (200, 303)


def test_payment_session_by_invoice_number_then_complete(api, fake_stripe) -> None:
    c = client(api, "subscriber")
    inv = api.inv["acme"]
    resp = c.post(
        f"{BASE}/accounts/acme/payment-sessions/", {"invoices": [inv.number]}, format="json"
    )
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    assert (body["status"], body["amount"], body["currency"]) == ("open", "25.91", "USD")
    assert body["invoices"] == [inv.number] and body["url"].startswith(fake_stripe.base)
    # cambill's own return page by default.
    _, _, params, _ = next(r for r in fake_stripe.requests if r[1] == "/v1/checkout/sessions")
    assert params["success_url"] == (
        "http://testserver/clouds/telenet/card-checkout/return/?session_id={CHECKOUT_SESSION_ID}"
    )
    sid = body["session_id"]
    assert c.get(f"{BASE}/payment-sessions/{sid}/").json()["status"] == "open"
    pay_on(body["url"])
    done = c.post(f"{BASE}/payment-sessions/{sid}/complete/", {}, format="json").json()
    assert done["status"] == "paid" and done["payment"] == Payment.objects.get().pk
    assert Payment.objects.get().amount == D("25.91")
    # Completing again changes nothing.
    assert c.post(f"{BASE}/payment-sessions/{sid}/complete/", {}, format="json").json() == done
    assert Payment.objects.count() == 1


def test_declined_session_says_why(api, fake_stripe) -> None:
    c = client(api, "subscriber")
    body = c.post(
        f"{BASE}/accounts/acme/payment-sessions/",
        {"success_url": "https://app.example/ok?s={CHECKOUT_SESSION_ID}"},
        format="json",
    ).json()
    pay_on(body["url"], "4000000000000002")
    done = c.post(
        f"{BASE}/payment-sessions/{body['session_id']}/complete/", {"cancel": True}, format="json"
    ).json()
    assert (done["status"], done["error"]) == ("declined", "Your card was declined.")
    assert Payment.objects.count() == 0


def test_bad_urls_and_bad_invoices_are_refused(api, fake_stripe) -> None:
    c = client(api, "subscriber")
    bad = c.post(
        f"{BASE}/accounts/acme/payment-sessions/",
        {"success_url": "https://app.example/ok"},
        format="json",
    )
    assert bad.status_code == 400 and "success_url" in bad.json()["fields"]
    other = c.post(
        f"{BASE}/accounts/acme/payment-sessions/",
        {"invoices": [api.inv["beta"].number]},
        format="json",
    )
    assert other.status_code == 404
    assert CardCheckout.objects.count() == 0


def test_cards_and_autopay(api, fake_stripe) -> None:
    c = client(api, "subscriber")
    for number in ("4242424242424242", "5555555555554444"):
        body = c.post(f"{BASE}/accounts/acme/card-sessions/", {}, format="json").json()
        assert body["mode"] == "setup"
        pay_on(body["url"], number)
        done = c.post(f"{BASE}/payment-sessions/{body['session_id']}/complete/", {}, format="json")
        assert done.json()["status"] == "saved"
    cards = c.get(f"{BASE}/accounts/acme/cards/").json()
    assert [(x["brand"], x["last4"], x["is_default"]) for x in cards] == [
        ("visa", "4242", True),
        ("mastercard", "4444", False),
    ]
    mc = cards[1]["id"]
    assert c.post(f"{BASE}/accounts/acme/cards/{mc}/default/").json()["is_default"] is True
    assert c.get(f"{BASE}/accounts/acme/autopay/").json() == {
        "account": "acme",
        "enabled": True,
        "default_card": mc,
    }
    assert c.delete(f"{BASE}/accounts/acme/cards/{mc}/").status_code == 204
    assert list(SavedCard.objects.values_list("last4", "is_default")) == [("4242", True)]
    off = c.put(f"{BASE}/accounts/acme/autopay/", {"enabled": False}, format="json").json()
    assert off["enabled"] is False and CardProfile.objects.get().autopay is False


def test_scope_other_subscriber_account_manager_and_other_cloud(api, fake_stripe) -> None:
    inv = api.inv["acme"]
    body = client(api, "subscriber").post(f"{BASE}/accounts/acme/payment-sessions/").json()
    sid = body["session_id"]
    for name in ("subscriber2", "amanager2", "otheradmin"):
        c = client(api, name)
        assert c.post(f"{BASE}/accounts/acme/payment-sessions/").status_code == 404, name
        assert c.get(f"{BASE}/accounts/acme/cards/").status_code == 404, name
        assert c.get(f"{BASE}/payment-sessions/{sid}/").status_code == 404, name
        assert c.post(f"{BASE}/payment-sessions/{sid}/complete/").status_code == 404, name
    # beta's subscriber asking to pay acme's invoice from its own account: 404.
    own = client(api, "subscriber2").post(
        f"{BASE}/accounts/beta/payment-sessions/", {"invoices": [inv.number]}, format="json"
    )
    assert own.status_code == 404
    assert CardCheckout.objects.count() == 1
    # acme's account manager and the cloud's accountant may.
    for name in ("amanager", "caccountant"):
        assert client(api, name).get(f"{BASE}/payment-sessions/{sid}/").status_code == 200


def test_wholesale_session(api, fake_stripe, settings) -> None:
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_provider"
    inv = api.inv["wholesale"]
    assert client(api, "subscriber").post(f"{BASE}/wholesale-payment-sessions/").status_code == 403
    assert client(api, "otheradmin").post(f"{BASE}/wholesale-payment-sessions/").status_code == 404
    c = client(api, "cadmin")
    body = c.post(f"{BASE}/wholesale-payment-sessions/", {"invoices": [inv.number]}, format="json")
    assert body.status_code == 201, body.json()
    body = body.json()
    assert (body["kind"], body["account"], body["amount"]) == ("wholesale", None, "10.10")
    pay_on(body["url"])
    done = c.post(f"{BASE}/payment-sessions/{body['session_id']}/complete/").json()
    assert done["status"] == "paid"
    p = Payment.objects.get()
    assert (p.kind, p.amount) == ("wholesale", D("10.10"))
    inv.refresh_from_db()
    assert inv.status == "paid"


def test_wholesale_without_the_providers_stripe_is_refused(api, fake_stripe) -> None:
    resp = client(api, "cadmin").post(f"{BASE}/wholesale-payment-sessions/")
    assert resp.status_code == 409 and resp.json()["code"] == "invalid_state"
    assert CardCheckout.objects.count() == 0

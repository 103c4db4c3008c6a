"""The pages whose form goes to Stripe Checkout name Checkout's origin in their
``form-action``: browsers apply it to the form's redirect, so without it the
payer's click on "Pay" is blocked (Chromium does; see tests/browser/test_month.py).
Every other page keeps ``form-action 'self'``."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cambill.payments.gateways.config import checkout_origins, gateway_config_set


def form_action(resp: Any) -> list[str]:
    policy = resp["Content-Security-Policy"]
    directive = next(d.strip() for d in policy.split(";") if d.strip().startswith("form-action"))
    return directive.split()[1:]


@pytest.fixture
def cards_on(billed, fake_stripe):  # type: ignore[no-untyped-def]
    gateway_config_set(
        actor=billed.actor("cadmin"),
        cloud=billed.clouds["telenet"],
        kind="stripe",
        secret_key="sk_test_123",
        webhook_secret="whsec_test",
    )
    return billed


def test_checkout_origins_are_stripes_and_the_fakes(fake_stripe, settings) -> None:
    assert checkout_origins() == ["https://checkout.stripe.com", fake_stripe.base]
    settings.STRIPE_API_BASE = "https://api.stripe.com"
    assert checkout_origins() == ["https://checkout.stripe.com"]


def test_pay_and_cards_pages_may_send_their_form_to_checkout(cards_on, fake_stripe) -> None:
    c = Client()
    c.force_login(cards_on.users["subscriber"])
    inv = cards_on.inv["acme"]
    for url in (
        f"/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}",
        "/clouds/telenet/accounts/acme/cards/",
    ):
        resp = c.get(url)
        assert resp.status_code == 200, url
        assert form_action(resp) == ["'self'", "https://checkout.stripe.com", fake_stripe.base], url
    admin = Client()
    admin.force_login(cards_on.users["cadmin"])
    resp = admin.get(f"/clouds/telenet/wholesale/invoices/{cards_on.inv['wholesale'].pk}/")
    assert resp.status_code == 200
    assert "https://checkout.stripe.com" in form_action(resp)
    # Elsewhere, forms post to cambill alone.
    resp = c.get("/clouds/telenet/accounts/acme/")
    assert resp.status_code == 200 and form_action(resp) == ["'self'"]

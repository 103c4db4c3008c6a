"""The demo's provider admin keeps the provider's Stripe account as a record (its
gateway page), and ``demo-serve`` points it at the fake Stripe: a cloud of the demo
opens a wholesale card payment with the record's key, and the fake signs the
provider's events with the record's webhook secret."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.demo.test_demo_data import run_demo


@pytest.mark.django_db
def test_demo_serve_pays_the_provider_with_the_demos_record(settings) -> None:
    from cambill.accounts.models import User
    from cambill.core.models import AuditEntry
    from cambill.invoicing.models import Invoice
    from cambill.payments.gateways.config import provider_stripe_config
    from cambill.payments.models import GatewayConfig
    from cambill.payments.services import invoice_open_amount
    from cambill_sandbox.management.commands.demo_serve import Command

    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = ""
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = ""
    settings.STRIPE_API_BASE = ""
    run_demo()
    row = GatewayConfig.objects.get(cloud__isnull=True)
    assert (row.kind, row.secret_key, row.webhook_secret) == (
        "stripe",
        "sk_test_demo_provider",
        "whsec_demo_provider",
    )
    assert AuditEntry.objects.get(verb="provider_gateway_set").actor_repr == "admin"
    assert provider_stripe_config() == row

    fake = Command()._fake_stripe({"stripe_port": 0, "addrport": "127.0.0.1:8000"})
    try:
        # The record is in force: demo-serve left the settings alone.
        assert settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY == ""
        assert fake.secret_for({"metadata": {"cambill_checkout": "wholesale"}}) == (
            "whsec_demo_provider"
        )
        open_ = [
            inv
            for inv in Invoice.objects.filter(kind="wholesale", status="issued").order_by("pk")
            if invoice_open_amount(inv) > 0
        ]
        assert open_, "the demo leaves a wholesale invoice open"
        inv = open_[0]
        client = APIClient()
        client.force_authenticate(User.objects.get(username=f"{inv.cloud.slug}-admin"))
        resp = client.post(
            f"/api/v1/clouds/{inv.cloud.slug}/wholesale-payment-sessions/",
            {"invoices": [inv.number]},
            format="json",
        )
        assert resp.status_code == 201, resp.json()
        assert resp.json()["url"].startswith(fake.base)
        assert fake.auth[-1] == ("/v1/checkout/sessions", "Bearer sk_test_demo_provider")
    finally:
        fake.stop()

"""The provider's own Stripe account as a record its admin keeps (API and page),
never returning its secrets; the settings ``CAMBILL_PROVIDER_STRIPE_*`` are the
default until a secret key is stored; the wholesale card checkout and the Stripe
webhook use whichever is in force."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
import requests
from django.test import Client
from rest_framework.test import APIClient

from cambill.core.models import AuditEntry
from cambill.payments.models import CardCheckout, GatewayConfig, Payment
from cambill_sandbox.fake_stripe import stripe_signature

URL = "/api/v1/provider/gateways/stripe/"
PAGE = "/billing/payment-gateway/"
SECRETS = ("sk_live_recordsecret", "whsec_recordsecret")


@pytest.fixture
def no_env(settings):  # type: ignore[no-untyped-def]
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = ""
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = ""
    return settings


def api(world: Any, name: str) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


def login(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def provider_row() -> GatewayConfig:
    return GatewayConfig.objects.get(cloud__isnull=True)


def no_secret_in(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# --- API ---------------------------------------------------------------------------


def test_the_provider_admin_sets_the_account_and_never_reads_a_secret_back(world, no_env) -> None:
    c = api(world, "padmin")
    assert c.get(URL).json() == {
        "kind": "stripe",
        "configured": False,
        "source": "none",
        "has_secret_key": False,
        "has_webhook_secret": False,
        "publishable_key": "",
        "updated_at": None,
    }
    resp = c.put(
        URL,
        {"secret_key": SECRETS[0], "webhook_secret": SECRETS[1], "publishable_key": "pk_live_1"},
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        "kind": "stripe",
        "configured": True,
        "source": "record",
        "has_secret_key": True,
        "has_webhook_secret": True,
        "publishable_key": "pk_live_1",
    }
    assert body["updated_at"]
    no_secret_in(resp.content.decode())
    no_secret_in(c.get(URL).content.decode())
    row = provider_row()
    assert (row.cloud_id, row.kind, row.secret_key, row.webhook_secret) == (
        None,
        "stripe",
        *SECRETS,
    )
    entry = AuditEntry.objects.get(verb="provider_gateway_set")
    assert entry.cloud_id is None and entry.actor_repr == "padmin"
    assert entry.after == {
        "kind": "stripe",
        "changed": ["secret_key", "webhook_secret", "publishable_key"],
    }
    no_secret_in(json.dumps([entry.before, entry.after, entry.object_repr]))

    # PATCH: keys omitted are kept; one row still, one more audit row.
    resp = c.patch(URL, {"publishable_key": "pk_live_2"}, format="json")
    assert resp.status_code == 200 and resp.json()["has_secret_key"] is True
    row = provider_row()
    assert (row.secret_key, row.webhook_secret, row.publishable_key) == (*SECRETS, "pk_live_2")
    assert GatewayConfig.objects.filter(cloud__isnull=True).count() == 1
    assert AuditEntry.objects.filter(verb="provider_gateway_set").count() == 2


@pytest.mark.parametrize(
    "name", ["paccountant", "pmanager", "cadmin", "caccountant", "amanager", "subscriber", "agent"]
)
def test_nobody_else_reads_or_sets_it(world, no_env, name) -> None:
    c = api(world, name)
    assert c.get(URL).status_code == 403
    resp = c.put(URL, {"secret_key": "sk_test_x"}, format="json")
    assert resp.status_code == 403 and resp.json()["code"]
    assert not GatewayConfig.objects.exists()
    assert not AuditEntry.objects.filter(verb="provider_gateway_set").exists()


def test_anonymous_is_refused(world, no_env) -> None:
    assert APIClient().get(URL).status_code in (401, 403)
    assert APIClient().put(URL, {"secret_key": "sk_x"}, format="json").status_code in (401, 403)
    assert not GatewayConfig.objects.exists()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"secret_key": "s" * 256}, "secret_key"),
        ({"webhook_secret": 12}, "webhook_secret"),
        ({"publishable_key": ["pk"]}, "publishable_key"),
        ({"auto_charge": True}, "auto_charge"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, no_env, body, field) -> None:
    resp = api(world, "padmin").put(URL, body, format="json")
    assert resp.status_code == 400
    data = resp.json()
    assert data["code"] and data["message"] and field in data["fields"]
    assert not GatewayConfig.objects.exists()


def test_a_webhook_secret_without_its_secret_key_is_refused(world, settings) -> None:
    """It would stay unused beside the settings' account: a 400 on secret_key."""
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_env"
    c = api(world, "padmin")
    resp = c.put(URL, {"webhook_secret": "whsec_x"}, format="json")
    assert resp.status_code == 400
    assert resp.json()["code"] == "validation_error" and "secret_key" in resp.json()["fields"]
    assert not GatewayConfig.objects.exists()
    # With a stored key, clearing the key alone is refused too; clearing both is not.
    c.put(URL, {"secret_key": SECRETS[0], "webhook_secret": SECRETS[1]}, format="json")
    assert c.put(URL, {"secret_key": ""}, format="json").status_code == 400
    assert provider_row().secret_key == SECRETS[0]
    resp = c.put(URL, {"secret_key": "", "webhook_secret": ""}, format="json")
    assert resp.status_code == 200 and resp.json()["source"] == "environment"


def test_the_settings_are_the_default_until_a_key_is_stored(world, settings) -> None:
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_env"
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = ""
    c = api(world, "padmin")
    body = c.get(URL).json()
    assert (body["source"], body["has_secret_key"], body["has_webhook_secret"]) == (
        "environment",
        True,
        False,
    )
    assert "sk_test_env" not in c.get(URL).content.decode()
    # A publishable key alone does not replace the settings' account.
    c.put(URL, {"publishable_key": "pk_test_1"}, format="json")
    assert c.get(URL).json()["source"] == "environment"
    c.put(URL, {"secret_key": SECRETS[0]}, format="json")
    assert c.get(URL).json()["source"] == "record"
    # An empty secret key hands the account back to the settings.
    c.put(URL, {"secret_key": ""}, format="json")
    assert c.get(URL).json()["source"] == "environment"


# --- page ----------------------------------------------------------------------------


def test_the_provider_admin_sets_it_on_its_billing_page(world, no_env) -> None:
    c = login(world, "padmin")
    home = c.get("/billing/")
    assert f'href="{PAGE}"'.encode() in home.content
    page = c.get(PAGE)
    assert page.status_code == 200
    assert b'data-source="none"' in page.content
    resp = c.post(
        PAGE,
        {"secret_key": SECRETS[0], "webhook_secret": SECRETS[1], "publishable_key": "pk_live_1"},
    )
    assert resp.status_code == 302 and resp["Location"] == PAGE
    row = provider_row()
    assert (row.secret_key, row.webhook_secret, row.publishable_key) == (*SECRETS, "pk_live_1")
    page = c.get(PAGE)
    html = page.content.decode()
    assert 'data-source="record"' in html and "pk_live_1" in html
    assert "••••••••" in html
    no_secret_in(html)
    # Empty secret fields keep the stored ones.
    c.post(PAGE, {"secret_key": "", "webhook_secret": "", "publishable_key": "pk_live_2"})
    row = provider_row()
    assert (row.secret_key, row.webhook_secret, row.publishable_key) == (*SECRETS, "pk_live_2")
    # "Forget" clears both secrets: no account any more (no settings either).
    c.post(PAGE, {"publishable_key": "pk_live_2", "forget": "on"})
    row = provider_row()
    assert (row.secret_key, row.webhook_secret) == ("", "")
    assert b'data-source="none"' in c.get(PAGE).content
    assert AuditEntry.objects.filter(verb="provider_gateway_set").count() == 3


def test_a_too_long_key_is_a_form_error(world, no_env) -> None:
    resp = login(world, "padmin").post(PAGE, {"secret_key": "s" * 256, "publishable_key": ""})
    assert resp.status_code == 200 and b"has-error" in resp.content
    assert not GatewayConfig.objects.exists()


@pytest.mark.parametrize("name", ["paccountant", "pmanager", "cadmin", "caccountant", "subscriber"])
def test_the_page_is_the_provider_admins_alone(world, no_env, name) -> None:
    c = login(world, name)
    assert c.get(PAGE).status_code == 403
    assert c.post(PAGE, {"secret_key": "sk_test_x"}).status_code == 403
    assert not GatewayConfig.objects.exists()
    home = c.get("/", follow=True)
    assert home.status_code == 200 and b"<nav" in home.content
    assert f'href="{PAGE}"'.encode() not in home.content


# --- the wholesale checkout and the webhook ----------------------------------------------


def open_wholesale(world: Any) -> Any:
    inv = world.inv["wholesale"]
    return api(world, "cadmin").post(
        "/api/v1/clouds/telenet/wholesale-payment-sessions/",
        {"invoices": [inv.number]},
        format="json",
    )


def test_the_wholesale_checkout_uses_the_records_key_over_the_settings(
    stripe_on, fake_stripe, settings
) -> None:
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_env"
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = "whsec_env"
    api(stripe_on, "padmin").put(
        URL, {"secret_key": "sk_test_record", "webhook_secret": "whsec_record"}, format="json"
    )
    resp = open_wholesale(stripe_on)
    assert resp.status_code == 201, resp.json()
    assert fake_stripe.auth == [("/v1/checkout/sessions", "Bearer sk_test_record")]
    assert resp.json()["amount"] == "10.10"


def test_the_wholesale_checkout_falls_back_to_the_settings(
    stripe_on, fake_stripe, settings
) -> None:
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_env"
    # A record without a secret key (only a publishable key) leaves the settings in force.
    api(stripe_on, "padmin").put(URL, {"publishable_key": "pk_test_1"}, format="json")
    resp = open_wholesale(stripe_on)
    assert resp.status_code == 201, resp.json()
    assert fake_stripe.auth == [("/v1/checkout/sessions", "Bearer sk_test_env")]


def test_without_record_or_settings_the_wholesale_checkout_is_refused(
    stripe_on, fake_stripe, no_env
) -> None:
    resp = open_wholesale(stripe_on)
    assert resp.status_code == 409 and resp.json()["code"] == "invalid_state"
    assert CardCheckout.objects.count() == 0 and fake_stripe.auth == []


def test_the_webhook_verifies_with_the_records_secret(stripe_on, fake_stripe, settings) -> None:
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_env"
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = "whsec_env"
    api(stripe_on, "padmin").put(
        URL, {"secret_key": "sk_test_record", "webhook_secret": "whsec_record"}, format="json"
    )
    body = open_wholesale(stripe_on).json()
    r = requests.post(
        body["url"], data={"cardnumber": "4242424242424242"}, allow_redirects=False, timeout=10
    )
    assert r.status_code in (200, 303)
    event = next(e for e in fake_stripe.events if "checkout.session.completed" in e)

    def post(secret: str) -> Any:
        return Client().post(
            "/api/v1/stripe/webhook",
            data=event,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=stripe_signature(secret, event),
        )

    assert post("whsec_env").status_code == 400  # the settings' secret no longer verifies
    ok = post("whsec_record")
    assert ok.status_code == 200, ok.json()
    p = Payment.objects.get()
    assert (p.kind, p.amount) == ("wholesale", Decimal("10.10"))


# --- demo-serve --------------------------------------------------------------------------


def test_demo_serve_signs_the_providers_events_with_the_records_secret(world, no_env) -> None:
    from cambill_sandbox.management.commands.demo_serve import Command

    api(world, "padmin").put(
        URL, {"secret_key": "sk_test_record", "webhook_secret": "whsec_record"}, format="json"
    )
    no_env.STRIPE_API_BASE = ""  # demo-serve's changes to the settings end with the test
    fake = Command()._fake_stripe({"stripe_port": 0, "addrport": "127.0.0.1:8000"})
    try:
        assert fake.secret_for({"metadata": {"cambill_checkout": "wholesale"}}) == "whsec_record"
        from django.conf import settings

        # The record is in force: the settings were left alone.
        assert settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY == ""
    finally:
        fake.stop()


def test_the_provider_has_one_gateway_row_of_a_kind(world) -> None:
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    GatewayConfig.objects.create(cloud=None, kind="stripe", updated_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        GatewayConfig.objects.create(cloud=None, kind="stripe", updated_at=timezone.now())
    # A cloud's own row of the same kind is another account.
    GatewayConfig.objects.create(
        cloud=world.clouds["telenet"], kind="stripe", updated_at=timezone.now()
    )
    assert GatewayConfig.objects.count() == 2

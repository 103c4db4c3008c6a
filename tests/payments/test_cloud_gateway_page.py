"""A cloud's Stripe account on its workspace page (``/clouds/<slug>/payment-gateway/``),
as through the API (``gateway_config_set``): its admin (and the provider admin)
sets the keys, nobody else opens the page, the secrets are never rendered back,
and each save leaves one audit row naming the keys changed, never their values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cambill.core.models import AuditEntry
from cambill.payments.models import GatewayConfig

PAGE = "/clouds/telenet/payment-gateway/"
SECRETS = ("sk_live_cloudsecret", "whsec_cloudsecret")


def login(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def telenet_row(world: Any) -> GatewayConfig:
    return GatewayConfig.objects.get(cloud=world.clouds["telenet"], kind="stripe")


def test_the_cloud_admin_sets_the_keys_on_the_page(world, settings) -> None:
    settings.CAMBILL_PUBLIC_URL = "https://billing.example.com"
    c = login(world, "cadmin")
    payments = c.get("/clouds/telenet/payments/")
    assert f'href="{PAGE}"'.encode() in payments.content
    page = c.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-source="none"' in html
    # The address the operator gives Stripe for the account's events.
    assert "<code>https://billing.example.com/api/v1/stripe/webhook</code>" in html
    assert 'name="forget"' not in html  # nothing stored to forget yet
    resp = c.post(
        PAGE,
        {
            "secret_key": SECRETS[0],
            "webhook_secret": SECRETS[1],
            "publishable_key": "pk_live_1",
            "auto_charge": "on",
        },
    )
    assert resp.status_code == 302 and resp["Location"] == PAGE
    row = telenet_row(world)
    assert (row.secret_key, row.webhook_secret, row.publishable_key, row.auto_charge) == (
        *SECRETS,
        "pk_live_1",
        True,
    )
    html = c.get(PAGE).content.decode()
    assert 'data-source="record"' in html and "pk_live_1" in html
    assert "••••••••" in html and 'name="forget"' in html
    # Empty secret fields keep the stored ones; an unticked box turns auto-charge off.
    c.post(PAGE, {"secret_key": "", "webhook_secret": "", "publishable_key": "pk_live_2"})
    row = telenet_row(world)
    assert (row.secret_key, row.webhook_secret, row.publishable_key, row.auto_charge) == (
        *SECRETS,
        "pk_live_2",
        False,
    )
    # A new secret key replaces only that one.
    c.post(PAGE, {"secret_key": "sk_live_new", "publishable_key": "pk_live_2"})
    row = telenet_row(world)
    assert (row.secret_key, row.webhook_secret) == ("sk_live_new", SECRETS[1])
    # "Forget" clears both secrets: the cloud has no Stripe account any more.
    c.post(PAGE, {"publishable_key": "pk_live_2", "forget": "on"})
    row = telenet_row(world)
    assert (row.secret_key, row.webhook_secret) == ("", "")
    assert b'data-source="none"' in c.get(PAGE).content
    # The provider's own account is untouched.
    assert not GatewayConfig.objects.filter(cloud__isnull=True).exists()


def test_the_secrets_are_never_rendered_back(world) -> None:
    c = login(world, "cadmin")
    c.post(PAGE, {"secret_key": SECRETS[0], "webhook_secret": SECRETS[1], "publishable_key": ""})
    for resp in (
        c.get(PAGE),
        # a form error re-renders the form with what was posted: still no secret
        c.post(PAGE, {"secret_key": SECRETS[0], "publishable_key": "p" * 256}),
    ):
        html = resp.content.decode()
        for secret in SECRETS:
            assert secret not in html
    assert telenet_row(world).publishable_key == ""


def test_each_save_is_one_audit_row_naming_the_keys_not_their_values(world) -> None:
    c = login(world, "cadmin")
    c.post(PAGE, {"secret_key": SECRETS[0], "webhook_secret": SECRETS[1], "publishable_key": "pk"})
    c.post(PAGE, {"webhook_secret": "whsec_two", "publishable_key": "pk", "auto_charge": "on"})
    rows = list(AuditEntry.objects.filter(verb="gateway_config_set").order_by("pk"))
    assert len(rows) == 2
    assert {r.actor_id for r in rows} == {world.users["cadmin"].pk}
    assert rows[0].after == {
        "kind": "stripe",
        "changed": ["secret_key", "webhook_secret", "publishable_key", "auto_charge"],
    }
    assert rows[1].after == {
        "kind": "stripe",
        "changed": ["webhook_secret", "publishable_key", "auto_charge"],
    }
    dumped = json.dumps([[r.before, r.after] for r in rows])
    for secret in (*SECRETS, "whsec_two"):
        assert secret not in dumped


def test_the_provider_admin_may_set_a_clouds_keys(world) -> None:
    resp = login(world, "padmin").post(PAGE, {"secret_key": SECRETS[0], "publishable_key": ""})
    assert resp.status_code == 302
    assert telenet_row(world).secret_key == SECRETS[0]


def test_a_too_long_key_is_a_form_error(world) -> None:
    resp = login(world, "cadmin").post(PAGE, {"secret_key": "s" * 256, "publishable_key": ""})
    assert resp.status_code == 200 and b"has-error" in resp.content
    assert not GatewayConfig.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("caccountant", 403),
        ("amanager", 403),
        ("paccountant", 403),
        ("pmanager", 403),
        ("subscriber", 403),
        ("otheradmin", 404),  # another cloud's admin: telenet does not exist for it
    ],
)
def test_others_are_refused_and_see_no_link(world, name, status) -> None:
    c = login(world, name)
    assert c.get(PAGE).status_code == status
    assert c.post(PAGE, {"secret_key": "sk_test_x", "publishable_key": ""}).status_code == status
    assert not GatewayConfig.objects.exists()
    assert not AuditEntry.objects.filter(verb="gateway_config_set").exists()
    for url in ("/", "/clouds/telenet/payments/"):
        assert f'href="{PAGE}"'.encode() not in c.get(url, follow=True).content


def test_the_cloud_admin_reads_the_same_state_through_the_api(world) -> None:
    login(world, "cadmin").post(
        PAGE, {"secret_key": SECRETS[0], "publishable_key": "pk_live_1", "auto_charge": "on"}
    )
    api = APIClient()
    api.force_authenticate(world.users["cadmin"])
    body = api.get("/api/v1/clouds/telenet/gateways/stripe/").json()
    assert body == {
        "kind": "stripe",
        "configured": True,
        "has_secret_key": True,
        "has_webhook_secret": False,
        "publishable_key": "pk_live_1",
        "auto_charge": True,
    }

"""Two-factor sign-in cannot be bypassed: not through the API (issue #11, 1),
not by enrolling again with the password alone (issue #11, 2). Recovery codes,
their regeneration and a provider admin's audited reset."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cambill.accounts import two_factor
from cambill.accounts.models import ApiToken
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_two_factor_on"),
]

BASIC = "Basic Zm9vOmJhcg=="


@pytest.fixture
def _two_factor_on() -> Any:
    with override_settings(
        CAMBILL_REQUIRE_2FA_FOR_STAFF=True, OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0
    ):
        yield


def code_of(device: TOTPDevice) -> str:
    from django_otp.oath import totp

    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(user: Any) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.totp_device_pending(user=user)
    codes = two_factor.totp_device_confirm(actor=SYSTEM, device=device, token=code_of(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def signed_in(username: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def verified(username: str, device: TOTPDevice) -> Client:
    client = signed_in(username)
    response = client.post("/two-factor/", {"code": code_of(device)})
    assert response.status_code == 302
    return client


def bearer(world: Any, username: str) -> str:
    from cambill.accounts.services import api_token_create

    _, secret = api_token_create(actor=SYSTEM, user=world.users[username], name="t")
    return secret


# --- 1. the API honours the second factor whatever the headers -----------------


@pytest.mark.parametrize("header", [BASIC, "Token abc", "Digest x", "bearer-ish"])
def test_an_unverified_session_is_refused_whatever_authorization_header(
    world: Any, header: str
) -> None:
    client = signed_in("paccountant")
    response = client.get("/api/v1/clouds/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "Two-factor" in response.json()["message"]


def test_an_unverified_session_cannot_mint_a_token_with_any_header(world: Any) -> None:
    client = signed_in("padmin")
    for headers in ({}, {"HTTP_AUTHORIZATION": BASIC}):
        response = client.post(
            "/api/v1/tokens/", {"name": "x"}, content_type="application/json", **headers
        )
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "forbidden"
    assert not ApiToken.objects.exists()
    assert not AuditEntry.objects.filter(verb="api_token_create").exists()


def test_the_api_itself_refuses_an_unverified_session(world: Any) -> None:
    """Even without the middleware (defence in depth), DRF's session
    authentication refuses a session that has not passed the second factor."""
    from django.conf import settings

    middleware = [m for m in settings.MIDDLEWARE if not m.endswith("TwoFactorMiddleware")]
    client = signed_in("paccountant")
    with override_settings(MIDDLEWARE=middleware):
        response = client.get("/api/v1/clouds/", HTTP_AUTHORIZATION=BASIC)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_a_valid_bearer_token_is_the_only_way_past_an_unverified_session(world: Any) -> None:
    client = signed_in("paccountant")
    secret = bearer(world, "paccountant")
    assert client.get("/api/v1/clouds/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    # A wrong token is a 401, never a fall-back to the cookie.
    response = client.get("/api/v1/clouds/", HTTP_AUTHORIZATION="Bearer cb_nope_nope")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    response = client.get("/api/v1/clouds/", HTTP_AUTHORIZATION="Bearer")
    assert response.status_code == 401


def test_a_verified_session_uses_the_api_and_mints_tokens(world: Any) -> None:
    device, _ = enrol(world.users["padmin"])
    client = verified("padmin", device)
    assert client.get("/api/v1/clouds/", HTTP_AUTHORIZATION=BASIC).status_code == 200
    response = client.post("/api/v1/tokens/", {"name": "ci"}, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["token"].startswith("cb_")


def test_a_token_cannot_mint_more_tokens(world: Any) -> None:
    secret = bearer(world, "cadmin")
    response = Client().post(
        "/api/v1/tokens/",
        {"name": "forever"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert ApiToken.objects.count() == 1


# --- 2. re-enrolment needs the second factor -----------------------------------


def test_the_password_alone_cannot_enrol_a_new_authenticator(world: Any) -> None:
    user = world.users["padmin"]
    device, _ = enrol(user)
    client = signed_in("padmin")
    response = client.get("/two-factor/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/?next=")
    assert b"secret-key" not in response.content
    # No new secret was made, and a forged confirmation changes nothing.
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    response = client.post("/two-factor/setup/", {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith("/two-factor/")
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert client.get("/clouds/")["Location"].startswith("/two-factor/?next=")
    # The owner's own codes still work.
    assert client.post("/two-factor/", {"code": code_of(device)}).status_code == 302
    assert client.get("/clouds/").status_code == 200


def test_recovery_codes_are_shown_once_at_enrolment_and_each_works_once(world: Any) -> None:
    client = signed_in("padmin")
    client.get("/two-factor/setup/")
    device = TOTPDevice.objects.get(user=world.users["padmin"])
    response = client.post("/two-factor/setup/", {"code": code_of(device), "next": "/clouds/"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert two_factor.recovery_codes_left(world.users["padmin"]) == 10
    # Stored as django-otp static tokens; shown nowhere again.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {c.replace("-", "") for c in codes}
    assert codes[0].encode() not in client.get("/two-factor/recovery-codes/").content

    other = signed_in("padmin")
    response = other.post("/two-factor/", {"code": codes[0].upper(), "next": "/clouds/"})
    assert response.status_code == 302 and response["Location"] == "/clouds/"
    assert other.get("/clouds/").status_code == 200
    assert two_factor.recovery_codes_left(world.users["padmin"]) == 9
    assert AuditEntry.objects.filter(verb="user.two_factor_recovery_used").count() == 1
    # Used up: the same code does not open another session.
    third = signed_in("padmin")
    response = third.post("/two-factor/", {"code": codes[0]})
    assert response.status_code == 400 and b"not right" in response.content
    assert third.get("/clouds/").status_code == 302


def test_a_recovery_code_lets_the_owner_replace_a_lost_authenticator(world: Any) -> None:
    user = world.users["padmin"]
    old_device, codes = enrol(user)
    client = signed_in("padmin")
    assert client.post("/two-factor/", {"code": codes[3]}).status_code == 302
    page = client.get("/two-factor/setup/")
    assert page.status_code == 200 and b"secret-key" in page.content
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/two-factor/setup/", {"code": code_of(new_device)})
    assert response.status_code == 200 and b"Save your recovery codes" in response.content
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)) == [
        new_device.pk
    ]
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    # The previous recovery codes are gone with the old authenticator.
    assert two_factor.recovery_codes_left(user) == 10
    assert not StaticToken.objects.filter(token=codes[4].replace("-", "")).exists()
    entry = AuditEntry.objects.filter(verb="user.two_factor_enrol").latest("pk")
    assert entry.after["replaced"] is True


def test_new_recovery_codes_replace_the_old_ones(world: Any) -> None:
    user = world.users["cadmin"]
    device, codes = enrol(user)
    client = verified("cadmin", device)
    page = client.get("/two-factor/recovery-codes/")
    assert page.status_code == 200 and b"10 unused recovery codes" in page.content
    response = client.post("/two-factor/recovery-codes/")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    fresh = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", response.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert StaticDevice.objects.filter(user=user).count() == 1
    other = signed_in("cadmin")
    assert other.post("/two-factor/", {"code": codes[0]}).status_code == 400
    assert other.post("/two-factor/", {"code": fresh[0]}).status_code == 302
    assert AuditEntry.objects.filter(verb="user.two_factor_recovery_codes").count() == 1


def test_recovery_codes_cannot_be_regenerated_before_the_second_factor(world: Any) -> None:
    user = world.users["padmin"]
    enrol(user)
    before = set(StaticToken.objects.values_list("token", flat=True))
    client = signed_in("padmin")
    response = client.post("/two-factor/recovery-codes/")
    assert response.status_code == 302 and response["Location"].startswith("/two-factor/?next=")
    assert set(StaticToken.objects.values_list("token", flat=True)) == before


# --- a provider admin's reset ----------------------------------------------------


def test_a_provider_admin_resets_two_factor_through_the_api(world: Any) -> None:
    enrol(world.users["amanager"])
    secret = bearer(world, "padmin")
    response = Client().post(
        "/api/v1/users/amanager/two-factor/reset/",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"username": "amanager", "was_on": True, "two_factor": False}
    assert not TOTPDevice.objects.filter(user=world.users["amanager"]).exists()
    assert not StaticDevice.objects.filter(user=world.users["amanager"]).exists()
    entry = AuditEntry.objects.get(verb="user.two_factor_reset")
    assert entry.actor_repr == "padmin" and entry.object_repr == "amanager"
    assert entry.before == {"two_factor": True} and entry.after == {"two_factor": False}
    assert entry.cloud_id == world.clouds["telenet"].pk
    # The user signs in with the password and is not asked for the lost device.
    client = signed_in("amanager")
    assert client.get("/clouds/telenet/").status_code == 200


@pytest.mark.parametrize("name", ["cadmin", "paccountant", "amanager"])
def test_nobody_else_resets_two_factor(world: Any, name: str) -> None:
    device, _ = enrol(world.users["amanager"])
    secret = bearer(world, name)
    response = Client().post(
        "/api/v1/users/amanager/two-factor/reset/",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert two_factor.recovery_codes_left(world.users["amanager"]) == 10
    assert not AuditEntry.objects.filter(verb="user.two_factor_reset").exists()


def test_resetting_an_unknown_user_is_a_404(world: Any) -> None:
    secret = bearer(world, "padmin")
    response = Client().post(
        "/api/v1/users/ghost/two-factor/reset/",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_reset_ends_sessions_verified_with_the_old_device(world: Any) -> None:
    device, _ = enrol(world.users["paccountant"])
    client = verified("paccountant", device)
    assert client.get("/clouds/").status_code == 200
    two_factor.two_factor_reset(actor=world.actor("padmin"), user=world.users["paccountant"])
    response = client.get("/clouds/")
    assert response.status_code == 302
    assert response["Location"].startswith("/two-factor/setup/?next=")


def test_a_provider_admin_resets_two_factor_on_the_users_page(world: Any) -> None:
    enrol(world.users["cadmin"])
    device, _ = enrol(world.users["padmin"])
    admin = verified("padmin", device)
    # The staff list leads to each user's page.
    assert 'href="/users/paccountant/"' in admin.get("/staff/").content.decode()
    page = admin.get("/users/cadmin/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reset two-factor" in html and 'action="/users/cadmin/two-factor/reset/"' in html
    response = admin.post("/users/cadmin/two-factor/reset/")
    assert response.status_code == 302 and response["Location"] == "/users/cadmin/"
    assert not TOTPDevice.objects.filter(user=world.users["cadmin"]).exists()
    assert AuditEntry.objects.filter(verb="user.two_factor_reset", actor_repr="padmin").count() == 1
    assert "Reset two-factor" not in admin.get("/users/cadmin/").content.decode()


def test_a_cloud_admin_sees_no_reset_and_cannot_post_one(world: Any) -> None:
    enrol(world.users["amanager"])
    device, _ = enrol(world.users["cadmin"])
    client = verified("cadmin", device)
    page = client.get("/users/amanager/")
    assert page.status_code == 200 and b"Reset two-factor" not in page.content
    assert client.post("/users/amanager/two-factor/reset/").status_code == 403
    assert TOTPDevice.objects.filter(user=world.users["amanager"], confirmed=True).exists()
    # Outside its cloud a user is "not found".
    assert client.get("/users/padmin/").status_code == 404

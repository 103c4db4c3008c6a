"""Security of the pages: CSRF, session cookies, login throttling (django-axes),
two-factor sign-in for provider staff (django-otp) and the
Content-Security-Policy (django-csp)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Any:
    """Requests in Spanish leave Spanish active in this thread (LocaleMiddleware
    never deactivates); later tests in the same worker must start in English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/login/", {"username": username, "password": password})


def current_code(user: Any) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).order_by("-pk").first()
    assert device is not None
    # A code is accepted once per time step: forget the last one used.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


# --- CSRF ---------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["cadmin"])
    response = client.post("/tokens/", {"name": "no token"})
    assert response.status_code == 403
    # The same form with the token from the page goes through.
    page = client.get("/tokens/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post("/tokens/", {"name": "ok", "csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 200 and b"Copy the secret now" in response.content


def test_the_login_form_needs_the_csrf_token_too(world: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "cadmin", "password": PASSWORD})
    assert response.status_code == 403


# --- session cookies ----------------------------------------------------------


def test_session_cookie_is_httponly_and_lax(world: Any, client: Client) -> None:
    response = login(client, "cadmin")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


PRODUCTION_SECRET = "k3Y-for-tests-only_" + "0123456789abcdefghijklmnopqrstuvwxyz"


def _production_settings(**extra: str) -> dict[str, Any]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CAMBILL_REQUIRE_2FA_FOR_STAFF]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cambill.settings",
        "CAMBILL_ENV": "production",
        "SECRET_KEY": PRODUCTION_SECRET,
        "ALLOWED_HOSTS": "billing.example.com",
        "DATABASE_URL": "sqlite:///:memory:",
        **extra,
    }
    env.pop("CAMBILL_REQUIRE_2FA_FOR_STAFF", None)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    import json

    secure, csrf_secure, httponly, samesite, two_factor = json.loads(out.stdout.strip())
    return {
        "secure": secure,
        "csrf_secure": csrf_secure,
        "httponly": httponly,
        "samesite": samesite,
        "two_factor": two_factor,
    }


def test_production_defaults_are_secure() -> None:
    prod = _production_settings()
    assert prod == {
        "secure": True,
        "csrf_secure": True,
        "httponly": True,
        "samesite": "Lax",
        "two_factor": True,
    }


def test_embedded_defaults_let_demo_staff_in_without_a_second_factor() -> None:
    from django.conf import settings

    assert settings.CAMBILL_REQUIRE_2FA_FOR_STAFF is False
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.AUTHENTICATION_BACKENDS[0] == "cambill.web.core.security.ThrottleBackend"


# --- login throttling ----------------------------------------------------------


def test_five_failures_lock_the_user_out_with_a_clear_message(world: Any, client: Client) -> None:
    for _ in range(4):
        response = login(client, "cadmin", "wrong-password")
        assert response.status_code == 200 and b"errorlist" in response.content
    response = login(client, "cadmin", "wrong-password")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-ins" in text and "15 minutes" in text
    assert 'name="username"' in text  # still the sign-in page, not an error page
    # While locked out even the right password is refused.
    response = login(client, "cadmin")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user from the same address is not affected.
    assert login(client, "amanager").status_code == 302


def test_the_lockout_ends_after_the_cool_off(world: Any, client: Client) -> None:
    import datetime as dt

    import time_machine

    for _ in range(5):
        login(client, "cadmin", "wrong-password")
    assert login(client, "cadmin").status_code == 429
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16), tick=False):
        assert login(client, "cadmin").status_code == 302


def test_api_tokens_are_not_touched_by_the_login_throttle(world: Any, client: Client) -> None:
    from cambill.accounts.services import api_token_create

    for _ in range(6):
        login(client, "cadmin", "wrong-password")
    _token, secret = api_token_create(
        actor=world.actor("cadmin"), user=world.users["cadmin"], name="t"
    )
    api = Client()
    response = api.get("/api/v1/clouds/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


def test_authenticate_without_a_request_still_works(world: Any) -> None:
    from django.contrib.auth import authenticate

    assert authenticate(username="cadmin", password=PASSWORD) == world.users["cadmin"]


# --- two-factor -----------------------------------------------------------------

two_factor_on = override_settings(CAMBILL_REQUIRE_2FA_FOR_STAFF=True, OTP_TOTP_THROTTLE_FACTOR=0)


@two_factor_on
def test_provider_staff_enrol_then_verify_on_each_sign_in(world: Any, client: Client) -> None:
    assert login(client, "padmin").status_code == 302
    # Any page sends an unenrolled staff user to enrolment first.
    response = client.get("/clouds/")
    assert response.status_code == 302
    assert response["Location"] == "/two-factor/setup/?next=%2Fclouds%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("</head>")[1]
    # A wrong code is refused, the right one lets the user through.
    response = client.post("/two-factor/setup/", {"code": "000000", "next": "/clouds/"})
    assert response.status_code == 400 and b"not right" in response.content
    code = current_code(world.users["padmin"])
    response = client.post("/two-factor/setup/", {"code": code, "next": "/clouds/"})
    # The answer shows the recovery codes once, then leads on to the page asked for.
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert b"Save your recovery codes" in response.content
    assert b'href="/clouds/"' in response.content
    assert client.get("/clouds/").status_code == 200

    # Next sign-in: the password, then a code.
    client.post("/logout/")
    assert login(client, "padmin").status_code == 302
    response = client.get("/services/")
    assert response["Location"] == "/two-factor/?next=%2Fservices%2F"
    assert client.get("/two-factor/").status_code == 200
    response = client.post("/two-factor/", {"code": "123456", "next": "/services/"})
    assert response.status_code == 400
    assert client.get("/services/").status_code == 302
    response = client.post(
        "/two-factor/", {"code": current_code(world.users["padmin"]), "next": "/services/"}
    )
    assert response.status_code == 302 and response["Location"] == "/services/"
    assert client.get("/services/").status_code == 200


@two_factor_on
def test_unverified_staff_session_gets_no_api_but_tokens_work(world: Any, client: Client) -> None:
    from cambill.accounts.services import api_token_create

    login(client, "paccountant")
    response = client.get("/api/v1/clouds/")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    _token, secret = api_token_create(
        actor=world.actor("paccountant"), user=world.users["paccountant"], name="t"
    )
    response = Client().get("/api/v1/clouds/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200


@two_factor_on
def test_the_open_pages_stay_open_before_the_second_factor(world: Any, client: Client) -> None:
    login(client, "pmanager")
    assert client.get("/two-factor/setup/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "es", "next": "/"}).status_code == 302
    assert client.post("/logout/").status_code == 302


@two_factor_on
@pytest.mark.parametrize("name", ["cadmin", "amanager", "subscriber", "agent"])
def test_other_roles_are_not_asked_for_a_second_factor(
    world: Any, client: Client, name: str
) -> None:
    login(client, name)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert "two-factor" not in response.redirect_chain[-1][0]


def test_with_the_setting_off_staff_sign_in_with_the_password(world: Any, client: Client) -> None:
    login(client, "padmin")
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert response.status_code == 200


def test_other_roles_may_turn_two_factor_on_and_are_then_asked(world: Any, client: Client) -> None:
    login(client, "cadmin")
    page = client.get("/two-factor/setup/")
    assert page.status_code == 200 and b"Optional" in page.content
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=0):
        code = current_code(world.users["cadmin"])
        assert client.post("/two-factor/setup/", {"code": code}).status_code == 200
        client.post("/logout/")
        login(client, "cadmin")
        assert client.get("/clouds/telenet/")["Location"].startswith("/two-factor/?next=")
        code = current_code(world.users["cadmin"])
        assert client.post("/two-factor/", {"code": code}).status_code == 302
        assert client.get("/clouds/telenet/").status_code == 200


def test_enrolment_is_audited(world: Any, client: Client) -> None:
    from cambill.core.models import AuditEntry

    login(client, "amanager")
    client.get("/two-factor/setup/")
    with override_settings(OTP_TOTP_THROTTLE_FACTOR=0):
        client.post("/two-factor/setup/", {"code": current_code(world.users["amanager"])})
    assert AuditEntry.objects.filter(verb="user.two_factor_enrol", actor_repr="amanager").exists()


# --- Content-Security-Policy ------------------------------------------------------

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'"
)


def _directives(header: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = set(words[1:])
    return out


def test_pages_carry_the_strict_policy(world: Any, as_user: Any, client: Client) -> None:
    assert _directives(client.get("/login/")["Content-Security-Policy"]) == _directives(POLICY)
    response = as_user("cadmin").get("/clouds/telenet/")
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_api_docs_allow_exactly_their_own_inline_blocks(world: Any, as_user: Any) -> None:
    import base64
    import hashlib

    client = as_user("cadmin")
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = _directives(response["Content-Security-Policy"])
    inline = [
        body
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
        if "src=" not in attrs and body.strip()
    ]
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert policy["script-src"] == {"'self'", f"'sha256-{digest}'"}
    assert "'unsafe-inline'" not in policy["style-src"]
    assert all(s == "'self'" or s.startswith("'sha256-") for s in policy["style-src"])
    # The rest of the site keeps the strict policy.
    assert _directives(client.get("/tokens/")["Content-Security-Policy"]) == _directives(POLICY)

"""Issue #11 point 6, pages: money inputs take ASCII digits only, passwords
are bounded (the sign-in form too), DEBUG is off unless asked for, and an
unhandled error renders the product's page (JSON under /api/)."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.test import RequestFactory

from cambill.web.core.forms import AsciiDecimalField, decimal_field


@pytest.mark.parametrize(
    "text",
    ["\u0661\u0662", "\uff11\uff12", "1_000", "NaN", "Infinity", "1e309", "\u06f1\u06f2.\u06f5"],
)
def test_money_fields_refuse_non_ascii_and_non_finite(text) -> None:  # type: ignore[no-untyped-def]
    from django import forms

    for field in (decimal_field("Amount"), AsciiDecimalField()):
        with pytest.raises(forms.ValidationError):
            field.clean(text)


def test_money_fields_still_read_ascii() -> None:
    assert decimal_field("Amount").clean(" 12.50 ") == Decimal("12.50")


@pytest.mark.django_db
def test_sign_in_refuses_an_overlong_password_without_hashing_it(
    world, client, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import django.contrib.auth as auth

    called = []
    real = auth.authenticate
    monkeypatch.setattr(
        "django.contrib.auth.forms.authenticate",
        lambda *a, **k: called.append(1) or real(*a, **k),
    )
    resp = client.post("/login/", {"username": "cadmin", "password": "p" * 100_000})
    assert resp.status_code == 200
    assert resp.context["form"].errors["password"]
    assert called == []
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_new_user_form_bounds_the_password() -> None:
    from cambill.web.people.forms import UserForm

    assert UserForm.base_fields["password"].max_length == 128


def test_debug_is_off_unless_asked_for() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    code = "import cambill.settings as s; print(s.DEBUG)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
    # A key that production accepts (at least 50 characters, not one letter repeated).
    key = "prod-" + "".join(chr(ord("a") + i % 26) for i in range(60))
    prod = {**env, "CAMBILL_ENV": "production", "SECRET_KEY": key, "DEBUG": "1"}
    prod.setdefault("ALLOWED_HOSTS", "x")
    out = subprocess.run([sys.executable, "-c", code], env=prod, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_server_error_pages() -> None:
    from cambill import urls
    from cambill.api.core import handlers

    assert urls.handler500 == "cambill.api.core.handlers.server_error"
    rf = RequestFactory()
    api = handlers.server_error(rf.get("/api/v1/services/"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    page = handlers.server_error(rf.get("/clouds/"))
    assert page.status_code == 500 and b"Something went wrong" in page.content
    assert b"Traceback" not in page.content
    assert (
        handlers.page_not_found(rf.get("/api/v1/nope"), None)["Content-Type"] == "application/json"
    )


@pytest.mark.django_db
def test_an_unhandled_error_renders_the_product_page(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from cambill.web.auth.views import login as auth

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(auth.LoginView, "get", boom)
    resp = Client(raise_request_exception=False).get("/login/")
    assert resp.status_code == 500
    assert b"Something went wrong" in resp.content and b"boom" not in resp.content

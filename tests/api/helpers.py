"""API test helpers: clients authenticated with real Bearer tokens, and a
snapshot of every domain table to prove a refused request wrote nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from rest_framework.test import APIClient

DOMAIN_APPS = ("core", "accounts", "clouds", "catalog", "referrals", "invoicing", "einvoice")
# Using a token stamps its ``last_used_at``: bookkeeping, not a domain write.
IGNORED = {("accounts", "apitoken")}


def bearer(username: str) -> APIClient:
    from cambill.accounts.models import User
    from cambill.accounts.services import api_token_create
    from cambill.core.access import SYSTEM

    user = User.objects.get(username=username)
    _, secret = api_token_create(actor=SYSTEM, user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def db_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every domain table (the test worlds are small)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for label in DOMAIN_APPS:
        for model in apps.get_app_config(label).get_models():
            if (model._meta.app_label, model._meta.model_name) in IGNORED:
                continue
            out[model._meta.label] = list(model.objects.order_by("pk").values())
    return out


@contextmanager
def unchanged() -> Iterator[None]:
    """``with unchanged(): ...`` fails if the block wrote any domain row."""
    before = db_snapshot()
    yield
    after = db_snapshot()
    changed = [k for k in before if before[k] != after[k]]
    assert not changed, f"tables changed: {changed}"


def err(resp: Any, status: int, code: str) -> dict[str, Any]:
    """Assert an error response's status and code, and the error shape."""
    body = resp.json()
    assert resp.status_code == status, (resp.status_code, body)
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert body["message"]
    return body

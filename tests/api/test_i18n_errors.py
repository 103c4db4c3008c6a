"""The API's error ``message`` reads in the client's language (Accept-Language,
else the token user's language); the ``code`` and the field names never change.
Every "no such ..." of the code is a whole sentence of the catalogue."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from cambill.accounts.models import User
from cambill.clouds.models import Cloud

from .helpers import bearer, err, unchanged

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2] / "cambill"
BAD_CLOUD = {
    "slug": "andes",
    "name": "Andes",
    "currency": "XYZ",
    "timezone": "Mars/Olympus",
    "discount_percent": "120",
}


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    """The requests leave their language active in this thread."""
    yield
    translation.activate("en")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "No such account."),
        ("es", "No existe esa cuenta."),
        ("pt-BR,pt;q=0.9", "Essa conta não existe."),
    ],
)
def test_a_404_reads_in_the_accept_language(world: Any, language: str, message: str) -> None:
    resp = bearer("cadmin").get(
        "/api/v1/clouds/telenet/accounts/nope/", HTTP_ACCEPT_LANGUAGE=language
    )
    body = err(resp, 404, "not_found")
    assert body["message"] == message


def test_a_service_refusal_reads_in_spanish_with_the_same_codes_and_fields(world: Any) -> None:
    client = bearer("padmin")
    with unchanged():
        resp = client.post("/api/v1/clouds/", BAD_CLOUD, format="json", HTTP_ACCEPT_LANGUAGE="es")
    body = err(resp, 400, "validation_error")
    assert body["fields"] == {
        "currency": ["'XYZ' no es un código de moneda ISO 4217."],
        "timezone": ["'Mars/Olympus' no es una zona horaria IANA."],
        "discount_percent": ["Debe estar entre 0 y 100."],
    }
    assert not Cloud.objects.filter(slug="andes").exists()


def test_without_accept_language_the_token_users_language_is_used(world: Any) -> None:
    User.objects.filter(username="padmin").update(language="pt-br")
    client = bearer("padmin")
    with unchanged():
        resp = client.post("/api/v1/clouds/", BAD_CLOUD, format="json")
    body = err(resp, 400, "validation_error")
    assert body["fields"]["discount_percent"] == ["Deve estar entre 0 e 100."]
    assert resp["Content-Language"] == "pt-br"
    # The header still wins over the user's setting.
    resp = client.post("/api/v1/clouds/", BAD_CLOUD, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert err(resp, 400, "validation_error")["fields"]["discount_percent"] == [
        "Must be between 0 and 100."
    ]


def test_a_forbidden_verb_names_the_role_in_the_readers_language(world: Any) -> None:
    resp = bearer("subscriber").post(
        "/api/v1/clouds/", BAD_CLOUD, format="json", HTTP_ACCEPT_LANGUAGE="es"
    )
    body = err(resp, 403, "forbidden")
    assert "Suscriptor" in body["message"] and "may not" not in body["message"]


def _not_found_kinds() -> set[str]:
    """Every literal ``NotFound("...")`` and ``hide="..."`` of the product."""
    kinds: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "NotFound" and node.args and isinstance(node.args[0], ast.Constant):
                kinds.add(node.args[0].value)
            for kw in node.keywords:
                if kw.arg == "hide" and isinstance(kw.value, ast.Constant):
                    kinds.add(kw.value.value)
    return kinds


def test_every_not_found_of_the_code_is_a_sentence_of_the_catalogue() -> None:
    from cambill.core.errors import NOT_FOUND_MESSAGES, NotFound

    kinds = _not_found_kinds()
    assert {"account", "invoice", "cloud"} <= kinds
    # DRF's own NotFound("No such object.") is a message, not a kind.
    assert kinds - {"No such object."} <= set(NOT_FOUND_MESSAGES)
    for locale in ("es", "pt-br"):
        with translation.override(locale):
            for kind in kinds - {"No such object."}:
                message = NotFound(kind).message
                assert message and not message.startswith("No such"), (locale, kind)

"""Brazilian Portuguese is accepted wherever Spanish is: users, subscriber
accounts, agents' statements, the public sign-up, the OpenAPI enums; and what
the product writes for a pt-br reader (statements) is Portuguese.
A code the product does not speak is a 400 that writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from cambill.accounts.models import User
from cambill.clouds.models import Account
from cambill.core.access import SYSTEM

from .helpers import bearer, err, unchanged

pytestmark = pytest.mark.django_db

CODES = ["en", "es", "pt-br"]


def test_users_take_pt_br_and_refuse_other_spellings(world: Any) -> None:
    c = bearer("padmin")
    resp = c.post(
        "/api/v1/users/",
        {
            "username": "joana",
            "password": "a-long-password",
            "role": "subscriber",
            "cloud": "telenet",
            "account": "beta",
            "language": "pt-br",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["language"] == "pt-br"
    assert User.objects.get(username="joana").language == "pt-br"
    me = bearer("joana").get("/api/v1/users/me/").json()
    assert me["language"] == "pt-br"
    for wrong in ("pt", "pt-BR", "pt_BR", "fr", ""):
        with unchanged():
            body = err(
                c.patch("/api/v1/users/joana/", {"language": wrong}, format="json"),
                400,
                "validation_error",
            )
            assert "language" in body["fields"], wrong
    assert User.objects.get(username="joana").language == "pt-br"
    resp = c.patch("/api/v1/users/joana/", {"language": "es"}, format="json")
    assert resp.status_code == 200 and resp.json()["language"] == "es"


def test_the_domain_verbs_say_which_codes_they_take(world: Any) -> None:
    from cambill.accounts.services import user_update
    from cambill.clouds.services import account_update
    from cambill.core.errors import DomainError

    for call in (
        lambda: user_update(actor=SYSTEM, user=world.users["cadmin"], language="pt"),
        lambda: account_update(actor=SYSTEM, account=world.accounts["acme"], language="pt-BR"),
    ):
        with pytest.raises(DomainError) as caught:
            call()
        assert "Use 'en', 'es' or 'pt-br'." in str(caught.value.message)
    assert User.objects.get(username="cadmin").language == "en"
    assert Account.objects.get(pk=world.accounts["acme"].pk).language == "en"


def test_accounts_take_pt_br_as_their_invoice_language(world: Any) -> None:
    c = bearer("cadmin")
    url = "/api/v1/clouds/telenet/accounts/"
    resp = c.post(
        url,
        {
            "code": "loja",
            "name": "Loja Paulista",
            "account_manager": "amanager",
            "language": "pt-br",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["language"] == "pt-br"
    assert Account.objects.get(cloud=world.clouds["telenet"], code="loja").language == "pt-br"
    resp = c.patch(url + "acme/", {"language": "pt-br"}, format="json")
    assert resp.status_code == 200 and resp.json()["language"] == "pt-br"
    with unchanged():
        err(c.patch(url + "acme/", {"language": "pt"}, format="json"), 400, "validation_error")


def _enums_with_spanish(node: Any) -> list[list[str]]:
    """Every enum of the schema that lists Spanish: those are the language enums."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list) and "es" in node["enum"]:
            found.append([v for v in node["enum"] if v not in ("", None)])
        for value in node.values():
            found += _enums_with_spanish(value)
    elif isinstance(node, list):
        for value in node:
            found += _enums_with_spanish(value)
    return found


def test_the_openapi_enums_list_the_three_languages(db: Any) -> None:
    resp = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(resp.content)
    enums = _enums_with_spanish(schema)
    # One shared component (users, accounts, the sign-up) and the statements' ?lang=.
    assert len(enums) >= 2
    assert all(sorted(e) == CODES for e in enums), enums
    statements = schema["paths"]["/api/v1/clouds/{slug}/agents/{code}/statements/"]["get"]
    lang = next(p for p in statements["parameters"] if p["name"] == "lang")
    assert lang["schema"]["enum"] == CODES


def test_a_statement_for_a_portuguese_reader(world: Any) -> None:
    from cambill.accounts.services import user_update
    from cambill.referrals.exports import statement_html
    from cambill.referrals.selectors import statement_for
    from tests.referrals.test_spanish import paid_march

    _, chain = paid_march(world)
    html = statement_html(statement_for(chain["agent1"], "2026-03"), "pt-br")
    for text in (
        '<html lang="pt-BR">',
        "Comissão por nível",
        "Total devido",
        "Câmeras-dia",
        "Faturado (líquido)",
        "março 2026",
        "0,30 USD",
        "10 de abril de 2026",
    ):
        assert text in html, text
    assert "Total due" not in html and "Total adeudado" not in html
    # Through the API: ?lang=pt-br, or the token user's own language.
    api = bearer("agent")
    url = "/api/v1/clouds/telenet/agents/agent1/statements/?period=2026-03&format=csv"
    assert "Total devido,0.30" in api.get(url + "&lang=pt-br").content.decode().splitlines()
    user_update(actor=SYSTEM, user=world.users["agent"], language="pt-br")
    assert "Total devido,0.30" in api.get(url).content.decode().splitlines()
    assert api.get(url + "&lang=pt").status_code == 400


def test_the_public_sign_up_takes_pt_br(world: Any) -> None:
    cache.clear()  # the sign-up limiter counts in the cache
    agent = world.agents["agent1"]
    body = {
        "referral_code": agent.referral_code,
        "name": "Loja Nova Ltda.",
        "email": "dono@lojanova.example",
        "username": "lojanova",
        "password": "Str0ng-pass-2026",
        "language": "pt-br",
        "accept_terms": True,
    }
    with unchanged():
        err(
            APIClient().post(
                "/api/v1/clouds/telenet/signup/", {**body, "language": "pt"}, format="json"
            ),
            400,
            "validation_error",
        )
    resp = APIClient().post("/api/v1/clouds/telenet/signup/", body, format="json")
    assert resp.status_code == 201, resp.json()
    assert User.objects.get(username="lojanova").language == "pt-br"
    assert Account.objects.get(code=resp.json()["account"]).language == "pt-br"
    cache.clear()

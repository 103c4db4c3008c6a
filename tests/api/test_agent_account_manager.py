"""An agent creates accounts attributed to itself but cannot choose their
account manager (issue #11, 8): the API refuses it (403 on the field), the page
does not offer the field and ignores a forged one."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cambill.clouds.models import Account
from cambill.core.models import AuditEntry

from .helpers import bearer


def test_the_api_refuses_an_account_manager_from_an_agent(world: Any) -> None:
    agent = bearer("agent")
    response = agent.post(
        "/api/v1/clouds/telenet/accounts/",
        {"code": "friendly", "name": "Friendly", "account_manager": "amanager"},
        format="json",
    )
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["code"] == "forbidden"
    assert "account manager" in body["message"]
    assert list(body["fields"]) == ["account_manager"]
    assert not Account.objects.filter(code="friendly").exists()
    assert not AuditEntry.objects.filter(verb="account_create").exclude(actor_id=None).exists()
    # Without it the agent's account is created, attributed to it, with no manager.
    response = agent.post(
        "/api/v1/clouds/telenet/accounts/", {"code": "friendly", "name": "Friendly"}, format="json"
    )
    assert response.status_code == 201, response.content
    account = Account.objects.get(code="friendly")
    assert account.account_manager is None
    assert account.referral_agent == world.agents["agent1"]


def test_staff_still_choose_the_manager(world: Any) -> None:
    response = bearer("cadmin").post(
        "/api/v1/clouds/telenet/accounts/",
        {"code": "staffmade", "name": "Staff made", "account_manager": "amanager"},
        format="json",
    )
    assert response.status_code == 201
    assert Account.objects.get(code="staffmade").account_manager == world.users["amanager"]


def test_the_page_does_not_offer_the_field_and_ignores_a_forged_one(world: Any) -> None:
    client = Client()
    client.force_login(world.users["agent"])
    page = client.get("/clouds/telenet/accounts/new/").content.decode()
    assert 'name="account_manager"' not in page
    response = client.post(
        "/clouds/telenet/accounts/new/",
        {
            "code": "forged",
            "name": "Forged",
            "language": "en",
            "account_manager": world.users["amanager"].pk,
        },
    )
    assert response.status_code == 302
    account = Account.objects.get(code="forged")
    assert account.account_manager is None
    assert account.referral_agent == world.agents["agent1"]

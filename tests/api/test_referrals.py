"""Referral agents: CRUD, the tree, cycles."""

from __future__ import annotations

import pytest

from cambill.referrals.models import Agent

from .helpers import err, unchanged

pytestmark = pytest.mark.django_db

URL = "/api/v1/clouds/telenet/agents/"


def test_agents_crud(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("cadmin")
    assert [a["code"] for a in c.get(URL).json()["results"]] == ["agent1", "agent2"]
    a1 = c.get(URL + "agent1/").json()
    assert {
        k: a1[k] for k in ("code", "name", "email", "parent", "rate_percent", "active", "user")
    } == {
        "code": "agent1",
        "name": "Agent One",
        "email": "",
        "parent": None,
        "rate_percent": None,
        "active": True,
        "user": "agent",
    }
    resp = c.post(
        URL,
        {
            "code": "sub1",
            "name": "Sub agent",
            "email": "s@x.test",
            "parent": "agent1",
            "rate_percent": "7.5",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert (resp.json()["parent"], resp.json()["rate_percent"]) == ("agent1", "7.50")
    resp = c.patch(URL + "sub1/", {"rate_percent": None, "active": False}, format="json")
    assert (
        resp.status_code == 200
        and resp.json()["rate_percent"] is None
        and resp.json()["active"] is False
    )
    assert [a["code"] for a in c.get(URL + "?parent=agent1").json()["results"]] == ["sub1"]
    assert [a["code"] for a in c.get(URL + "?active=false").json()["results"]] == ["sub1"]
    assert [a["code"] for a in c.get(URL + "?search=sub").json()["results"]] == ["sub1"]
    with unchanged():
        err(c.patch(URL + "agent1/", {"parent": "sub1"}, format="json"), 400, "cycle")
        err(c.post(URL, {"code": "agent1", "name": "Again"}, format="json"), 409, "duplicate")
        err(
            c.post(URL, {"code": "x", "name": "X", "rate_percent": "101"}, format="json"),
            400,
            "validation_error",
        )
        err(
            c.post(URL, {"code": "x", "name": "X", "parent": "nope"}, format="json"),
            400,
            "validation_error",
        )


def test_agent_sees_its_downline(world, api) -> None:  # type: ignore[no-untyped-def]
    api("cadmin").post(URL, {"code": "sub1", "name": "Sub", "parent": "agent1"}, format="json")
    c = api("agent")
    assert sorted(a["code"] for a in c.get(URL).json()["results"]) == ["agent1", "sub1"]
    err(c.get(URL + "agent2/"), 404, "not_found")
    with unchanged():
        err(c.post(URL, {"code": "mine", "name": "Mine"}, format="json"), 403, "forbidden")
    assert not Agent.objects.filter(code="mine").exists()

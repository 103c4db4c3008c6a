"""Referral API: programme, statements, payouts, due payouts, staff actions."""

from __future__ import annotations

import pytest
import time_machine

from cambill.referrals.models import CommissionEntry, Payout
from tests.api.helpers import bearer, err, unchanged
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, local, retail

from .helpers import chain, issue, programme

pytestmark = pytest.mark.django_db

BOG = "America/Bogota"
NOW = utc(2026, 4, 5, 12)
C = "/api/v1/clouds/telenet/"
_clients: dict[str, object] = {}


def api(name: str):  # type: ignore[no-untyped-def]
    """One client per user per test (making a token writes an audit row, so
    clients are made before ``unchanged()`` blocks, see ``clients``)."""
    if name not in _clients:
        _clients[name] = bearer(name)
    return _clients[name]


@pytest.fixture(autouse=True)
def clients(world):  # type: ignore[no-untyped-def]
    _clients.clear()
    for name in ("cadmin", "caccountant", "amanager", "agent", "subscriber", "otheradmin"):
        api(name)
    yield
    _clients.clear()


def march(world):  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    c = chain(world)
    camera(t, "H1", world.accounts["acme"], "HOME3", local(BOG, 2026, 3, 1))
    programme(t, base="issued")
    with time_machine.travel(NOW, tick=False):
        bill(t, "2026-03", NOW)
        issue(retail(t, "2026-03", "acme"), NOW)
    return t, c


def test_programme_get_put(world) -> None:  # type: ignore[no-untyped-def]
    admin = api("cadmin")
    err(admin.get(C + "referral-programme/"), 404, "not_found")
    body = {"levels": {"1": "10", "2": "3", "3": "1"}, "base": "issued", "limit_months": 12}
    resp = admin.put(C + "referral-programme/", body, format="json")
    assert resp.status_code == 200, resp.json()
    assert resp.json() == {
        "levels": {"1": "10", "2": "3", "3": "1"},
        "base": "issued",
        "limit_months": 12,
        "valid_from": None,
        "valid_to": None,
    }
    assert api("agent").get(C + "referral-programme").json()["base"] == "issued"
    with unchanged():
        err(
            admin.put(C + "referral-programme/", {"levels": {"1": "10", "3": "1"}}, format="json"),
            400,
            "validation_error",
        )
        err(
            admin.put(C + "referral-programme/", {"levels": {"1": "x"}}, format="json"),
            400,
            "validation_error",
        )
        for who in ("agent", "caccountant", "amanager"):
            err(api(who).put(C + "referral-programme/", body, format="json"), 403, "forbidden")
        err(api("subscriber").get(C + "referral-programme/"), 403, "forbidden")
        err(api("otheradmin").get(C + "referral-programme/"), 404, "not_found")


def test_statement_json_and_downloads(world) -> None:  # type: ignore[no-untyped-def]
    march(world)
    admin = api("cadmin")
    resp = admin.get(C + "agents/boss/statements/?period=2026-03")
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert body["accounts"] == []
    assert body["downline"] == [
        {
            "agent": "agent1",
            "name": "Agent One",
            "level": 2,
            "base": "3.00",
            "commission": "0.09",
            "clawbacks": "0.00",
        }
    ]
    assert (body["total_due"], body["status"], body["payout"]) == ("0.09", "due", None)
    own = api("agent").get(C + "agents/agent1/statements?period=2026-03").json()
    assert own["accounts"][0]["code"] == "acme" and own["accounts"][0]["camera_days"] == "31"
    for fmt, ctype, magic in [
        ("csv", "text/csv", b"Commission statement,agent1"),
        ("xlsx", "spreadsheetml", b"PK"),
        ("pdf", "application/pdf", b"%PDF-"),
    ]:
        r = admin.get(C + f"agents/agent1/statements/?period=2026-03&format={fmt}")
        assert r.status_code == 200 and ctype in r["Content-Type"], (fmt, r.content[:200])
        assert r.content.startswith(magic)
        assert f"statement-agent1-2026-03.{fmt}" in r["Content-Disposition"]
    err(admin.get(C + "agents/agent1/statements/"), 400, "bad_period")
    err(admin.get(C + "agents/agent1/statements/?period=2026-3"), 400, "bad_period")
    err(admin.get(C + "agents/agent1/statements/?period=2026-03&format=doc"), 404, "not_found")
    err(api("amanager").get(C + "agents/agent1/statements/?period=2026-03"), 403, "forbidden")
    err(api("otheradmin").get(C + "agents/agent1/statements/?period=2026-03"), 404, "not_found")


def test_payouts(world) -> None:  # type: ignore[no-untyped-def]
    march(world)
    cc = api("caccountant")
    url = C + "agents/agent1/payouts/"
    body = {"period": "2026-03", "reference": "TR-1", "paid_on": "2026-04-10"}
    with unchanged():
        err(api("agent").post(url, body, format="json"), 403, "forbidden")
        err(api("amanager").post(url, body, format="json"), 403, "forbidden")
        err(cc.post(url, {**body, "period": "2026-99"}, format="json"), 400, "bad_period")
        err(cc.post(url, {**body, "reference": ""}, format="json"), 400, "validation_error")
        err(cc.post(C + "agents/nobody/payouts/", body, format="json"), 404, "not_found")
    resp = cc.post(url, body, format="json")
    assert resp.status_code == 201, resp.json()
    got = resp.json()
    assert {
        k: got[k] for k in ("agent", "period", "currency", "amount", "reference", "paid_on")
    } == {
        "agent": "agent1",
        "period": "2026-03",
        "currency": "USD",
        "amount": "0.30",
        "reference": "TR-1",
        "paid_on": "2026-04-10",
    }
    err(cc.post(url, body, format="json"), 409, "conflict")
    mine = api("agent").get(url).json()
    assert [p["reference"] for p in mine["results"]] == ["TR-1"]
    st = api("agent").get(C + "agents/agent1/statements/?period=2026-03").json()
    assert (st["status"], st["outstanding"], st["payout"]["amount"]) == ("paid", "0.00", "0.30")
    err(api("agent").get(C + "agents/boss/payouts/"), 404, "not_found")
    assert Payout.objects.count() == 1
    due = cc.get(C + "payouts/due/?period=2026-03").json()
    assert [(d["agent"], d["amount"]) for d in due] == [("boss", "0.09"), ("top", "0.03")]
    r = cc.get(C + "payouts/due/?period=2026-03&format=csv")
    assert r.status_code == 200 and r.content.decode().splitlines()[1] == (
        "boss,Boss Agent,,2026-03,USD,0.09"
    )
    err(api("agent").get(C + "payouts/due/?period=2026-03"), 403, "forbidden")


def test_staff_actions(world) -> None:  # type: ignore[no-untyped-def]
    march(world)
    admin = api("cadmin")
    with unchanged():
        err(
            api("amanager").put(
                C + "accounts/acme/referral-agent/", {"agent": "agent2"}, format="json"
            ),
            403,
            "forbidden",
        )
        err(
            admin.put(C + "accounts/acme/referral-agent/", {"agent": "zzz"}, format="json"),
            400,
            "validation_error",
        )
        err(
            admin.put(C + "accounts/nope/referral-agent/", {"agent": None}, format="json"),
            404,
            "not_found",
        )
        err(api("agent").post(C + "agents/agent1/deactivate/"), 403, "forbidden")
    resp = admin.put(
        C + "accounts/acme/referral-agent/", {"agent": "agent2", "reason": "moved"}, format="json"
    )
    assert resp.json() == {"account": "acme", "agent": "agent2"}
    resp = admin.post(C + "agents/agent1/deactivate/")
    assert resp.status_code == 200 and resp.json()["active"] is False
    err(admin.post(C + "agents/agent1/deactivate/"), 409, "invalid_state")
    n = CommissionEntry.objects.count()
    resp = admin.post(C + "commission/recompute/", {"period": "2026-03"}, format="json")
    assert resp.json() == {"period": "2026-03", "entries": n}
    assert CommissionEntry.objects.count() == n

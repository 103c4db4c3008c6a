"""Referral pages: the agent's commission page, the programme, payouts."""

from __future__ import annotations

import pytest
from django.test import Client

from cambill.referrals.models import Payout, ReferralProgramme

from .test_api import march

pytestmark = pytest.mark.django_db

C = "/clouds/telenet/"


def login(world, name: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.users[name])
    return client


def test_agent_sees_its_commission_and_downloads(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import account_create
    from cambill.core.access import SYSTEM

    march(world)
    # boss's own page shows agent1 as a total, never acme.
    account_create(actor=SYSTEM, cloud=world.clouds["telenet"], code="other", name="Other Co")
    c = login(world, "agent")
    resp = c.get(C + "commission/?period=2026-03")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "ACME Logistics" in html and "Total due" in html and "0.30 USD" in html
    assert "Record payout" not in html
    for fmt, ctype in [("csv", "text/csv"), ("xlsx", "spreadsheetml"), ("pdf", "application/pdf")]:
        r = c.get(C + f"commission/agent1/download/?period=2026-03&format={fmt}")
        assert r.status_code == 200 and ctype in r["Content-Type"]
    for code in ("agent2", "boss", "top"):
        assert c.get(C + f"commission/{code}/?period=2026-03").status_code == 404
        assert (
            c.get(C + f"commission/{code}/download/?period=2026-03&format=csv").status_code == 404
        )
    assert c.get(C + "commission/?period=2026-03&agent=boss").status_code == 404
    assert c.get(C + "commission/?period=nope").status_code == 400
    assert c.get(C + "referral-programme/").status_code == 403
    assert c.get(C + "payouts/due/").status_code == 403


def test_staff_view_downline_totals_only(world) -> None:  # type: ignore[no-untyped-def]
    march(world)
    html = login(world, "cadmin").get(C + "commission/boss/?period=2026-03").content.decode()
    assert "agent1" in html and "ACME" not in html and "acme" not in html
    assert "Record payout" in html  # cadmin may record payouts


def test_programme_page(world) -> None:  # type: ignore[no-untyped-def]
    c = login(world, "cadmin")
    assert c.get(C + "referral-programme/").status_code == 200
    resp = c.post(
        C + "referral-programme/",
        {"level_1": "10", "level_2": "", "level_3": "1", "base": "issued", "limit_months": "12"},
    )
    # Level 3 without level 2 stops at level 1: only {1: 10} is saved.
    assert resp.status_code == 302
    p = ReferralProgramme.objects.get()
    assert (p.levels, p.base, p.limit_months) == ({"1": "10"}, "issued", 12)
    resp = c.post(C + "referral-programme/", {"level_1": "150", "base": "paid"})
    assert resp.status_code == 200 and "between 0 and 100" in resp.content.decode()
    assert login(world, "amanager").get(C + "referral-programme/").status_code == 403


def test_record_payout_page(world) -> None:  # type: ignore[no-untyped-def]
    march(world)
    c = login(world, "caccountant")
    page = c.get(C + "commission/agent1/?period=2026-03").content.decode()
    assert "Record payout" in page
    due = c.get(C + "payouts/due/?period=2026-03").content.decode()
    assert "agent1" in due and "0.30 USD" in due
    csv = c.get(C + "payouts/due/?period=2026-03&format=csv").content.decode()
    assert csv.splitlines()[1] == "agent1,Agent One,,2026-03,USD,0.30"
    resp = c.post(
        C + "commission/agent1/payout/",
        {"period": "2026-03", "reference": "TR-9", "paid_on": "2026-04-10"},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Payout.objects.get().reference == "TR-9"
    resp = c.post(
        C + "commission/agent1/payout/",
        {"period": "2026-03", "reference": "TR-9", "paid_on": "2026-04-10"},
    )
    assert resp.status_code == 200 and "already paid" in resp.content.decode()
    html = login(world, "agent").get(C + "commission/?period=2026-03").content.decode()
    assert "TR-9" in html and "Paid" in html
    assert login(world, "agent").get(C + "commission/agent1/payout/").status_code == 403

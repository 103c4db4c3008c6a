"""The referral agent's workspace (issue 5, point 4), one test per point, and
issue 6's "done when" played through the web client end to end."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.test import Client

from cambill.clouds.models import Account
from cambill.core.access import SYSTEM
from tests.conftest import PASSWORD, utc

from .test_api import march

pytestmark = pytest.mark.django_db

C = "/clouds/telenet/"


def signed_in(username: str) -> Client:
    """A browser that signed in through the real login page."""
    c = Client()
    resp = c.post("/login/", {"username": username, "password": PASSWORD})
    assert resp.status_code == 302, resp.content.decode()[:500]
    return c


def boss_login(world) -> Client:  # type: ignore[no-untyped-def]
    """A login for ``boss`` (level 2 above agent1 in ``march``)."""
    from cambill.accounts.services import user_create
    from cambill.referrals.models import Agent

    user_create(
        actor=SYSTEM,
        username="bossuser",
        password=PASSWORD,
        role="agent",
        cloud=world.clouds["telenet"],
        agent=Agent.objects.get(code="boss"),
    )
    return signed_in("bossuser")


def test_agent_creates_an_account_attributed_to_itself(world) -> None:  # type: ignore[no-untyped-def]
    c = signed_in("agent")
    form = c.get(C + "accounts/new/").content.decode()
    assert 'name="referral_agent"' not in form  # the verb attributes it, not the page
    resp = c.post(C + "accounts/new/", {"code": "kiosko", "name": "Kiosko Norte", "language": "es"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Account.objects.get(code="kiosko").referral_agent == world.agents["agent1"]


def test_agent_lists_only_its_own_accounts(world) -> None:  # type: ignore[no-untyped-def]
    html = signed_in("agent").get(C + "accounts/").content.decode()
    assert "acme" in html and "ACME Logistics" in html
    assert "beta" not in html  # agent2's account
    assert signed_in("agent").get(C + "accounts/beta/").status_code == 404


def test_agent_sees_consumption_and_commission_due_for_a_period(world) -> None:  # type: ignore[no-untyped-def]
    march(world)  # acme: one HOME3 camera all March, invoice issued, net 3.00; 10 % = 0.30
    html = signed_in("agent").get(C + "commission/?period=2026-03").content.decode()
    row = re.search(r"<tr>\s*<td><code>acme</code>.*?</tr>", html, re.S)
    assert row is not None, html
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(0))
    # cameras, camera-days, invoiced (net), paid (net), commission, clawbacks
    assert cells == ["1", "31", "3.00 USD", "0.00 USD", "0.30 USD", "0.00 USD"]
    assert re.search(r'<span class="n">0.30 USD</span><span class="l">Total due</span>', html)
    # Another month has its own figures.
    later = signed_in("agent").get(C + "commission/?period=2026-02").content.decode()
    assert "0.30 USD" not in later


def test_downline_appears_only_as_totals_per_agent(world) -> None:  # type: ignore[no-untyped-def]
    march(world)
    c = boss_login(world)
    html = c.get(C + "commission/?period=2026-03").content.decode()
    assert "agent1" in html and "Agent One" in html and "0.09 USD" in html
    assert "acme" not in html.lower()
    csv = c.get(C + "commission/boss/download/?period=2026-03&format=csv").content.decode()
    assert "acme" not in csv.lower() and "agent1,Agent One,2,3.00,0.09,0.00" in csv
    # Its downline's own statement and accounts stay closed to it.
    assert c.get(C + "commission/agent1/?period=2026-03").status_code == 404
    assert c.get(C + "accounts/acme/").status_code == 404


def test_done_when_agent_creates_account_bills_commission_and_sees_it_paid(world) -> None:  # type: ignore[no-untyped-def]
    """Issue 6, done when: an agent creates an account, a bill run later it
    sees its commission; staff pay the statement and the agent sees it paid."""
    from cambill.invoicing.models import Invoice

    with time_machine.travel(utc(2026, 2, 20, 15), tick=False):
        admin = signed_in("cadmin")
        resp = admin.post(C + "referral-programme/", {"level_1": "10", "base": "paid"})
        assert resp.status_code == 302
        agent = signed_in("agent")
        resp = agent.post(
            C + "accounts/new/", {"code": "kiosko", "name": "Kiosko Norte", "language": "es"}
        )
        assert resp.status_code == 302, resp.content.decode()[:2000]
        # Staff put a camera on HOME3 (3.00 a month) from 1 March, local time.
        resp = admin.post(
            C + "cameras/new/",
            {
                "code": "kiosko-cam1",
                "account": Account.objects.get(code="kiosko").pk,
                "tariff": world.tariffs["HOME3"].pk,
                "at": "2026-03-01T00:00",
            },
        )
        assert resp.status_code == 302, resp.context["form"].errors

    with time_machine.travel(utc(2026, 4, 2, 15), tick=False):
        # (Weeks later: both sign in again; sessions last 12 hours.)
        admin, agent = signed_in("cadmin"), signed_in("agent")
        resp = admin.post(C + "bill-runs/new/", {"period": "2026-03"})
        assert resp.status_code == 302, resp.content.decode()[:2000]
        assert "/bill-runs/" in resp["Location"]
        inv = Invoice.objects.get(account__code="kiosko", period="2026-03")
        if inv.status == "draft":
            assert admin.post(C + f"invoices/{inv.pk}/issue/").status_code == 302
        inv.refresh_from_db()
        assert (inv.status, str(inv.net), str(inv.total)) == ("issued", "3.0000", "3.5700")
        # The programme pays on payment: nothing yet.
        page = agent.get(C + "commission/?period=2026-03").content.decode()
        assert "3.00 USD" in page and "Nothing due" in page
        resp = admin.post(
            C + "payments/",
            {
                "account": "kiosko",
                "amount": "3.57",
                "received_at": "2026-04-02 10:00",
                "method": "bank_transfer",
                "reference": "DEP-1",
            },
        )
        assert resp.status_code in (200, 302), resp.content.decode()[:2000]
        inv.refresh_from_db()
        assert inv.status == "paid"

    with time_machine.travel(utc(2026, 4, 5, 15), tick=False):
        admin, agent = signed_in("cadmin"), signed_in("agent")
        page = agent.get(C + "commission/?period=2026-03").content.decode()
        assert re.search(r'<span class="n">0.30 USD</span><span class="l">Total due</span>', page)
        assert "Due" in page and "Record payout" not in page
        resp = admin.post(
            C + "commission/agent1/payout/",
            {"period": "2026-03", "reference": "TR-2026-04", "paid_on": "2026-04-05"},
        )
        assert resp.status_code == 302, resp.content.decode()[:2000]
        page = agent.get(C + "commission/?period=2026-03").content.decode()
        assert '<span class="badge badge-ok">Paid</span>' in page
        assert "0.30 USD paid on 2026-04-05, reference TR-2026-04." in page
        assert re.search(r'<span class="n">0.00 USD</span><span class="l">Outstanding</span>', page)
        # And in the ledger: the agent's payable went to cash.
        from cambill.payments import ledger as L

        assert L.agent_payable(world.agents["agent1"]) == 0

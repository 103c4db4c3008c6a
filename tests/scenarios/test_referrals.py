"""Referral commissions through real bill runs and invoice verbs, to the cent.

acme (agent1's account) is the worked example: March 2026 net 21.77. With the
programme {1: 10 %, 2: 3 %, 3: 1 %}: level 1 round(2.177) = 2.18, level 2
round(0.6531) = 0.65, level 3 round(0.2177) = 0.22.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, ErrorCode
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, change, local, retail
from tests.referrals.helpers import (
    chain,
    credit,
    entries,
    issue,
    pay,
    per_agent,
    programme,
    void,
)

pytestmark = pytest.mark.django_db

BOG = "America/Bogota"
NOW = utc(2026, 4, 5, 12)


def worked_example(world):  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    acme = world.accounts["acme"]
    camera(t, "A", acme, "TRAFFIC7", local(BOG, 2026, 2, 10, 9))
    camera(t, "B", acme, "HOME3", local(BOG, 2026, 3, 10))
    c = camera(t, "C", acme, "HOME3", local(BOG, 2026, 3, 1))
    change(c, "TRAFFIC7", local(BOG, 2026, 3, 16, 12))
    return t


@time_machine.travel(NOW, tick=False)
def test_three_level_chain_on_issue(world) -> None:  # type: ignore[no-untyped-def]
    t = worked_example(world)
    chain(world)
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    inv = retail(t, "2026-03", "acme")
    assert str(inv.net) == "21.7700"
    assert entries() == []  # a draft earns nothing
    inv = issue(inv, NOW)
    assert entries() == [
        ("agent1", 1, "accrual", "21.77", "2.18"),
        ("boss", 2, "accrual", "21.77", "0.65"),
        ("top", 3, "accrual", "21.77", "0.22"),
    ]
    # Paying an invoice whose programme pays on issue adds nothing; nor does a rerun.
    pay(inv, NOW)
    from cambill.referrals.services import commission_on_invoice

    assert commission_on_invoice(invoice=inv, event="issued", now=NOW) == []
    assert len(entries()) == 3


@time_machine.travel(NOW, tick=False)
def test_three_level_chain_on_payment(world) -> None:  # type: ignore[no-untyped-def]
    t = worked_example(world)
    chain(world)
    programme(t)  # default base: paid
    bill(t, "2026-03", NOW)
    inv = issue(retail(t, "2026-03", "acme"), NOW)
    assert entries() == []
    pay(inv, utc(2026, 4, 20, 15))
    assert entries() == [
        ("agent1", 1, "accrual", "21.77", "2.18"),
        ("boss", 2, "accrual", "21.77", "0.65"),
        ("top", 3, "accrual", "21.77", "0.22"),
    ]
    e = inv.commission_entries.first()
    assert (e.period, e.event, e.rate) == ("2026-03", "paid", Decimal("10"))


@time_machine.travel(NOW, tick=False)
def test_partial_credit_note_claws_back_proportionally(world) -> None:  # type: ignore[no-untyped-def]
    t = worked_example(world)
    chain(world)
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    inv = issue(retail(t, "2026-03", "acme"), NOW)
    first = inv.lines.order_by("position").first()
    note = credit(inv, utc(2026, 4, 10), lines=[{"line": first.position, "amount": "5.00"}])
    assert entries(credit_note=note) == [
        ("agent1", 1, "clawback", "-5.00", "-0.50"),
        ("boss", 2, "clawback", "-5.00", "-0.15"),
        ("top", 3, "clawback", "-5.00", "-0.05"),
    ]
    assert per_agent("2026-03") == {"agent1": "1.68", "boss": "0.50", "top": "0.17"}
    # Crediting the rest brings every agent to exactly zero.
    rest = credit(inv, utc(2026, 4, 11))
    assert entries(credit_note=rest) == [
        ("agent1", 1, "clawback", "-16.77", "-1.68"),
        ("boss", 2, "clawback", "-16.77", "-0.50"),
        ("top", 3, "clawback", "-16.77", "-0.17"),
    ]
    assert per_agent("2026-03") == {"agent1": "0.00", "boss": "0.00", "top": "0.00"}


@time_machine.travel(NOW, tick=False)
def test_credit_before_payment_and_void(world) -> None:  # type: ignore[no-untyped-def]
    t = worked_example(world)
    chain(world)
    programme(t)  # paid
    bill(t, "2026-03", NOW)
    inv = issue(retail(t, "2026-03", "acme"), NOW)
    credit(inv, utc(2026, 4, 6), lines=[{"line": 1, "amount": "1.77"}])
    assert entries() == []  # nothing accrued yet, nothing to claw back
    pay(inv, utc(2026, 4, 7))
    # Accrued on the full net, the earlier credit clawed back at once: 20.00 earns.
    assert per_agent("2026-03") == {"agent1": "2.00", "boss": "0.60", "top": "0.20"}


@time_machine.travel(NOW, tick=False)
def test_void_after_issue_claws_back_everything(world) -> None:  # type: ignore[no-untyped-def]
    t = worked_example(world)
    chain(world)
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    inv = issue(retail(t, "2026-03", "acme"), NOW)
    void(inv, NOW)
    assert per_agent("2026-03") == {"agent1": "0.00", "boss": "0.00", "top": "0.00"}
    assert len(entries(kind="clawback")) == 3


@time_machine.travel(NOW, tick=False)
def test_agent_rate_overrides_level_one(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_update

    t = worked_example(world)
    c = chain(world)
    agent_update(actor=SYSTEM, agent=c["agent1"], rate_percent="12.5")
    # An override on an upper agent does not change its level-2 rate.
    agent_update(actor=SYSTEM, agent=c["boss"], rate_percent="50")
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    issue(retail(t, "2026-03", "acme"), NOW)
    assert entries() == [
        ("agent1", 1, "accrual", "21.77", "2.72"),  # 21.77 x 12.5 % = 2.72125
        ("boss", 2, "accrual", "21.77", "0.65"),
        ("top", 3, "accrual", "21.77", "0.22"),
    ]


def test_twelve_month_limit_crossing_its_end(world) -> None:  # type: ignore[no-untyped-def]
    """Account created 10 April 2025 (local): with a 12-month limit, invoices of
    periods starting before 10 April 2026 earn (March, April), May does not."""
    from cambill.clouds.services import account_create

    t = world.clouds["telenet"]
    programme(t, base="issued", limit_months=12)
    with time_machine.travel(local(BOG, 2025, 4, 10, 9), tick=False):
        delta = account_create(
            actor=SYSTEM, cloud=t, code="delta", name="Delta", referral_agent="agent1"
        )
    camera(t, "D", delta, "HOME3", local(BOG, 2026, 3, 1))
    for period, now in [
        ("2026-03", utc(2026, 4, 5, 12)),
        ("2026-04", utc(2026, 5, 5, 12)),
        ("2026-05", utc(2026, 6, 5, 12)),
    ]:
        with time_machine.travel(now, tick=False):
            bill(t, period, now)
            inv = issue(retail(t, period, "delta"), now)
            assert str(inv.net) == "3.0000"
    assert per_agent("2026-03") == {"agent1": "0.30"}
    assert per_agent("2026-04") == {"agent1": "0.30"}
    assert per_agent("2026-05") == {}


@time_machine.travel(NOW, tick=False)
def test_agent_moved_under_another_parent_mid_period(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import account_create
    from cambill.referrals.selectors import statement_for
    from cambill.referrals.services import agent_create, agent_update

    t = worked_example(world)
    c = chain(world)
    boss2 = agent_create(actor=SYSTEM, cloud=t, code="boss2", name="Second Boss")
    acme2 = account_create(
        actor=SYSTEM, cloud=t, code="acme2", name="ACME Two", referral_agent="agent1"
    )
    camera(t, "E", acme2, "HOME3", local(BOG, 2026, 3, 1))
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    issue(retail(t, "2026-03", "acme"), utc(2026, 4, 5, 13))
    agent_update(actor=SYSTEM, agent=c["agent1"], parent=boss2)
    issue(retail(t, "2026-03", "acme2"), utc(2026, 4, 5, 14))
    assert per_agent("2026-03") == {
        "agent1": "2.48",  # 2.18 + 0.30
        "boss": "0.65",  # acme, issued before the move
        "boss2": "0.09",  # acme2: 3.00 x 3 %
        "top": "0.22",  # boss's parent, acme only
    }
    st = statement_for(c["boss"], "2026-03")
    assert [(d.code, d.level, str(d.base), str(d.commission)) for d in st.downline] == [
        ("agent1", 2, "21.77", "0.65")
    ]
    st2 = statement_for(boss2, "2026-03")
    assert [(d.code, d.level, str(d.base), str(d.commission)) for d in st2.downline] == [
        ("agent1", 2, "3.00", "0.09")
    ]


def test_cycle_refused(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.models import Agent
    from cambill.referrals.services import agent_update

    c = chain(world)
    with pytest.raises(DomainError) as e:
        agent_update(actor=SYSTEM, agent=c["top"], parent=c["agent1"])
    assert e.value.code == ErrorCode.CYCLE
    with pytest.raises(DomainError) as e:
        agent_update(actor=SYSTEM, agent=c["top"], parent=c["top"])
    assert e.value.code == ErrorCode.CYCLE
    assert Agent.objects.get(code="top").parent_id is None


@time_machine.travel(NOW, tick=False)
def test_agent_cannot_read_another_agents_data(world) -> None:  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    from cambill.accounts.services import api_token_create
    from cambill.clouds.services import account_create
    from cambill.referrals.services import agent_create

    t = worked_example(world)
    chain(world)
    sub = agent_create(actor=SYSTEM, cloud=t, code="sub1", name="Sub One", parent="agent1")
    zeta = account_create(
        actor=SYSTEM, cloud=t, code="zeta", name="Zeta Secret Corp", referral_agent=sub
    )
    camera(t, "Z", zeta, "HOME3", local(BOG, 2026, 3, 1))
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    issue(retail(t, "2026-03", "acme"), NOW)
    issue(retail(t, "2026-03", "zeta"), NOW)
    _, secret = api_token_create(actor=SYSTEM, user=world.users["agent"], name="t")
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    base = "/api/v1/clouds/telenet/agents/"
    for code in ("agent2", "boss", "top", "sub1", "nobody"):
        for tail in ("statements/?period=2026-03", "payouts/"):
            resp = c.get(f"{base}{code}/{tail}")
            assert resp.status_code == 404, (code, tail, resp.content)
            assert resp.json()["code"] == "not_found"
    resp = c.get(base + "agent1/statements/?period=2026-03")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert [a["code"] for a in body["accounts"]] == ["acme"]
    assert body["downline"] == [
        {
            "agent": "sub1",
            "name": "Sub One",
            "level": 2,
            "base": "3.00",
            "commission": "0.09",
            "clawbacks": "0.00",
        }
    ]
    assert body["commission"] == "2.27" and body["total_due"] == "2.27"
    assert "zeta" not in resp.content.decode().lower()
    for fmt in ("csv", "xlsx", "pdf"):
        r = c.get(base + f"agent1/statements/?period=2026-03&format={fmt}")
        assert r.status_code == 200, (fmt, r.content[:300])
        if fmt == "csv":
            assert "Zeta" not in r.content.decode() and "acme" in r.content.decode()

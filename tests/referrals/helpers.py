"""Helpers of the referral tests: the agent chain, the programme, and invoice
verbs followed by the commission hooks they are wired to (calling a hook a
second time is a no-op, so these stay right once invoicing calls them itself)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from cambill.core.access import SYSTEM


def chain(world: Any) -> dict[str, Any]:
    """top <- boss <- agent1 (acme's agent): a three-level tree in telenet."""
    from cambill.referrals.services import agent_create, agent_update

    t = world.clouds["telenet"]
    top = agent_create(actor=SYSTEM, cloud=t, code="top", name="Top Agent")
    boss = agent_create(actor=SYSTEM, cloud=t, code="boss", name="Boss Agent", parent=top)
    a1 = agent_update(actor=SYSTEM, agent=world.agents["agent1"], parent=boss)
    return {"top": top, "boss": boss, "agent1": a1}


def programme(cloud: Any, base: str = "paid", **kw: Any) -> Any:
    from cambill.referrals.services import referral_programme_set

    return referral_programme_set(
        actor=SYSTEM, cloud=cloud, levels={1: 10, 2: 3, 3: 1}, base=base, **kw
    )


def issue(inv: Any, now: datetime) -> Any:
    from cambill.invoicing.services import invoice_issue
    from cambill.referrals.services import commission_on_invoice

    inv = invoice_issue(actor=SYSTEM, invoice=inv, now=now)
    commission_on_invoice(invoice=inv, event="issued", now=now)
    return inv


def pay(inv: Any, now: datetime) -> Any:
    from cambill.invoicing.services import invoice_mark_paid
    from cambill.referrals.services import commission_on_invoice

    inv = invoice_mark_paid(actor=SYSTEM, invoice=inv, now=now)
    commission_on_invoice(invoice=inv, event="paid", now=now)
    return inv


def credit(inv: Any, now: datetime, lines: list[dict[str, Any]] | None = None) -> Any:
    from cambill.invoicing.services import credit_note_create
    from cambill.referrals.services import commission_on_credit_note

    note = credit_note_create(actor=SYSTEM, invoice=inv, reason="Test credit", lines=lines, now=now)
    commission_on_credit_note(credit_note=note, now=now)
    return note


def void(inv: Any, now: datetime) -> Any:
    from cambill.invoicing.services import invoice_void
    from cambill.referrals.services import commission_on_void

    inv = invoice_void(actor=SYSTEM, invoice=inv, reason="Test void", now=now)
    commission_on_void(invoice=inv, now=now)
    return inv


def entries(**filters: Any) -> list[tuple[str, int, str, str, str]]:
    """(agent, level, kind, base, amount) of the entries matching ``filters``."""
    from cambill.referrals.models import CommissionEntry

    return [
        (
            e.agent.code,
            e.level,
            e.kind,
            str(e.base_amount.quantize(Decimal("0.01"))),
            str(e.amount.quantize(Decimal("0.01"))),
        )
        for e in CommissionEntry.objects.filter(**filters)
        .select_related("agent")
        .order_by("invoice_id", "credit_note_id", "kind", "level")
    ]


def per_agent(period: str) -> dict[str, str]:
    """Sum of entries per agent code for a period."""
    from cambill.referrals.models import CommissionEntry

    out: dict[str, Decimal] = {}
    for e in CommissionEntry.objects.filter(period=period).select_related("agent"):
        out[e.agent.code] = out.get(e.agent.code, Decimal(0)) + e.amount
    return {k: str(v.quantize(Decimal("0.01"))) for k, v in sorted(out.items())}

"""Reads of referral agents, scoped to the actor.

An agent sees itself and its downline (the downline's accounts stay private:
that rule belongs to statements, issue "Referral agents")."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.money import quantum
from cambill.core.permissions import require

from .models import Agent, CommissionEntry, CommissionKind, Payout, ReferralProgramme


def downline_ids(agent_id: int, cloud_id: int) -> set[int]:
    """The agent and every agent below it (one query, tree walked in memory)."""
    rows = list(Agent.objects.filter(cloud_id=cloud_id).values_list("id", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for aid, pid in rows:
        children.setdefault(pid, []).append(aid)
    out, stack = set(), [agent_id]
    while stack:
        a = stack.pop()
        if a in out:
            continue
        out.add(a)
        stack.extend(children.get(a, []))
    return out


def agent_list(*, actor: Actor, cloud) -> QuerySet[Agent]:  # type: ignore[no-untyped-def]
    require(actor, "agent.view")
    qs = Agent.objects.filter(cloud=cloud).select_related("parent", "user")
    if actor.role == Role.AGENT:
        if actor.agent_id is None:
            return qs.none()
        return qs.filter(id__in=downline_ids(actor.agent_id, cloud.pk))
    return qs


def agent_get(*, actor: Actor, cloud, code: str) -> Agent:  # type: ignore[no-untyped-def]
    obj = agent_list(actor=actor, cloud=cloud).filter(code=code).first()
    if obj is None:
        raise NotFound("agent")
    return obj


# --- programme, statements, payouts ---------------------------------------------


def programme_get(*, actor: Actor, cloud) -> ReferralProgramme | None:  # type: ignore[no-untyped-def]
    """The cloud's programme (agents may read the terms they earn under)."""
    require(actor, "agent.view")
    return ReferralProgramme.objects.filter(cloud=cloud).first()


def statement_agent_get(*, actor: Actor, cloud, code: str) -> Agent:  # type: ignore[no-untyped-def]
    """The agent whose statements and payouts ``actor`` may read: staff any
    agent of the cloud, an agent only itself (its downline's accounts are not
    its business; their totals are in its own statement)."""
    agent = agent_get(actor=actor, cloud=cloud, code=code)
    if actor.role == Role.AGENT and agent.pk != actor.agent_id:
        raise NotFound("agent")
    return agent


def balance_through(agent: Agent, period: str) -> Decimal:
    """Commission of every period up to ``period`` less the payouts up to it."""
    earned = CommissionEntry.objects.filter(agent=agent, period__lte=period).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    paid = Payout.objects.filter(agent=agent, period__lte=period).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    return _q(Decimal(earned) - Decimal(paid), agent.cloud.currency)


def _q(value: Decimal, currency: str) -> Decimal:
    return Decimal(value).quantize(quantum(currency))


def payout_list(*, actor: Actor, agent: Agent) -> QuerySet[Payout]:
    """Payouts of an agent already fetched through ``statement_agent_get``."""
    require(actor, "agent.view")
    return Payout.objects.filter(agent=agent).select_related("created_by").order_by("-period")


@dataclass
class AccountRow:
    """One of the agent's own accounts in a statement (level-1 detail)."""

    code: str
    name: str
    invoice: str
    cameras: int
    camera_days: Decimal
    invoiced: Decimal
    paid: Decimal
    commission: Decimal
    clawbacks: Decimal


@dataclass
class LevelRow:
    level: int
    base: Decimal
    commission: Decimal
    clawbacks: Decimal


@dataclass
class DownlineRow:
    """Totals earned through one downline agent: no account, no subscriber."""

    code: str
    name: str
    level: int
    base: Decimal
    commission: Decimal
    clawbacks: Decimal


@dataclass
class Statement:
    """What an agent earned on one billing period's revenue, and what is due."""

    agent: Agent
    period: str
    currency: str
    accounts: list[AccountRow] = field(default_factory=list)
    levels: list[LevelRow] = field(default_factory=list)
    downline: list[DownlineRow] = field(default_factory=list)
    commission: Decimal = Decimal(0)
    clawbacks: Decimal = Decimal(0)
    net: Decimal = Decimal(0)
    carried: Decimal = Decimal(0)
    total_due: Decimal = Decimal(0)
    payout: Payout | None = None
    outstanding: Decimal = Decimal(0)

    @property
    def status(self) -> str:
        if self.payout is not None:
            return "paid" if self.outstanding <= 0 else "partly paid"
        return "due" if self.total_due > 0 else "nothing due"


def statement_for(agent: Agent, period: str) -> Statement:
    """The statement of ``agent`` for billing period ``period`` (YYYY-MM).

    The caller fetched the agent through a scoped selector. Own accounts are
    listed in detail (the agent brought them); commission from downline agents
    is summed per downline agent and level, never per account.
    """
    from cambill.clouds.models import Account
    from cambill.invoicing.models import Invoice, InvoiceLine

    cur = agent.cloud.currency
    zero = _q(Decimal(0), cur)
    st = Statement(agent=agent, period=period, currency=cur)
    entries = list(
        CommissionEntry.objects.filter(agent=agent, period=period).select_related("source_agent")
    )
    levels: dict[int, LevelRow] = {}
    down: dict[tuple[int, int], DownlineRow] = {}
    own: dict[int, list[CommissionEntry]] = {}
    for e in entries:
        lv = levels.setdefault(e.level, LevelRow(e.level, zero, zero, zero))
        if e.kind == CommissionKind.ACCRUAL:
            lv.base += e.base_amount
            lv.commission += e.amount
        else:
            lv.clawbacks += e.amount
        if e.level == 1:
            own.setdefault(e.account_id, []).append(e)
        else:
            key = (e.source_agent_id, e.level)
            row = down.setdefault(
                key,
                DownlineRow(e.source_agent.code, e.source_agent.name, e.level, zero, zero, zero),
            )
            if e.kind == CommissionKind.ACCRUAL:
                row.base += e.base_amount
                row.commission += e.amount
            else:
                row.clawbacks += e.amount
    # Own accounts: those with level-1 entries, plus those attributed now.
    account_ids = set(own) | set(
        Account.objects.filter(referral_agent=agent).values_list("id", flat=True)
    )
    invoices = {
        inv.account_id: inv
        for inv in Invoice.objects.filter(
            account_id__in=account_ids, period=period, kind="retail"
        ).exclude(status__in=["draft", "void"])
    }
    lines: dict[int, tuple[set[str], Decimal]] = {}
    for inv_id, cam, days in InvoiceLine.objects.filter(
        invoice_id__in=[i.pk for i in invoices.values()], kind="tariff"
    ).values_list("invoice_id", "camera", "days"):
        cams, total = lines.get(inv_id, (set(), Decimal(0)))
        if cam:
            cams.add(cam)
        lines[inv_id] = (cams, total + (days or 0))
    for acc in Account.objects.filter(id__in=account_ids).order_by("code"):
        inv = invoices.get(acc.pk)
        cams, days = lines.get(inv.pk, (set(), Decimal(0))) if inv else (set(), Decimal(0))
        mine = own.get(acc.pk, [])
        st.accounts.append(
            AccountRow(
                code=acc.code,
                name=acc.name,
                invoice=(inv.number or "") if inv else "",
                cameras=len(cams),
                camera_days=days.normalize() if days else Decimal(0),
                invoiced=_q(inv.net, cur) if inv else zero,
                paid=_q(inv.net, cur) if inv and inv.status == "paid" else zero,
                commission=sum((e.amount for e in mine if e.kind == CommissionKind.ACCRUAL), zero),
                clawbacks=sum((e.amount for e in mine if e.kind == CommissionKind.CLAWBACK), zero),
            )
        )
    st.levels = [levels[k] for k in sorted(levels)]
    st.downline = sorted(down.values(), key=lambda r: (r.level, r.code))
    rows: list[Any] = [*st.accounts, *st.levels, *st.downline]
    for row in rows:
        for name in ("base", "invoiced", "paid", "commission", "clawbacks"):
            if hasattr(row, name):
                setattr(row, name, _q(getattr(row, name), cur))
    st.commission = _q(sum((lv.commission for lv in st.levels), zero), cur)
    st.clawbacks = _q(sum((lv.clawbacks for lv in st.levels), zero), cur)
    st.net = st.commission + st.clawbacks
    st.payout = Payout.objects.filter(agent=agent, period=period).first()
    earlier = CommissionEntry.objects.filter(agent=agent, period__lt=period).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    paid_before = Payout.objects.filter(agent=agent, period__lt=period).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal(0)
    st.carried = _q(Decimal(earlier) - Decimal(paid_before), cur)
    st.total_due = st.net + st.carried
    st.outstanding = st.total_due - (st.payout.amount if st.payout else zero)
    st.outstanding = _q(st.outstanding, cur)
    return st


@dataclass
class DuePayout:
    agent: Agent
    period: str
    currency: str
    amount: Decimal


def due_payouts(*, actor: Actor, cloud, period: str) -> list[DuePayout]:  # type: ignore[no-untyped-def]
    """Agents with a positive balance through ``period`` and no payout for it."""
    require(actor, "payout.manage", cloud)
    out = []
    paid = set(Payout.objects.filter(cloud=cloud, period=period).values_list("agent_id", flat=True))
    later = set(
        Payout.objects.filter(cloud=cloud, period__gt=period).values_list("agent_id", flat=True)
    )
    for agent in Agent.objects.filter(cloud=cloud).select_related("cloud").order_by("code"):
        if agent.pk in paid or agent.pk in later:
            continue
        amount = balance_through(agent, period)
        if amount > 0:
            out.append(DuePayout(agent, period, cloud.currency, amount))
    return out


def own_agent_code(*, actor: Actor) -> str:
    """The code of an agent actor's own agent record ("" without one)."""
    return Agent.objects.filter(pk=actor.agent_id or 0).values_list("code", flat=True).first() or ""


def agent_none() -> QuerySet[Agent]:
    """No agents: the schema generator's stand-in for ``agent_list`` (it has no actor)."""
    return Agent.objects.none()


def payout_none() -> QuerySet[Payout]:
    """No payouts: the schema generator's stand-in for ``payout_list`` (it has no actor)."""
    return Payout.objects.none()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("Agent", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)

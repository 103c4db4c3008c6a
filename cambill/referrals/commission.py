"""Commission entries: what each agent up the tree earns on a retail invoice.

Called by the invoicing verbs inside their own transaction (the entry is part
of the same fact as the invoice's new state, so both commit or neither):

- ``commission_on_invoice(invoice=, event="issued"|"paid", now=)`` after an
  invoice is issued or paid. Only the event the cloud's programme uses as its
  base creates entries; the other is a no-op.
- ``commission_on_credit_note(credit_note=, now=)`` after a credit note: each
  accrual on the invoice is clawed back by ``round(credit net x rate)``; the
  note that credits the invoice to zero takes exactly what is left, so a fully
  credited invoice nets to zero commission to the cent.
- ``commission_on_void(invoice=, now=)`` after a void: whatever accrued is
  clawed back.

Entries are append-only and unique per (agent, invoice, credit note, kind), so
calling any hook twice, or ``commission_recompute``, never duplicates. Each new
entry posts its journal to the payments ledger in the same transaction
(Dr commission:expense / Cr commission:payable:agent:<id>; a clawback the
reverse), keyed by the entry's natural key so a repeat posts nothing. The
level-1 agent is the account's agent at the event, the levels above follow the
tree as it is at the event; a deactivated agent earns nothing, and its upline
keeps earning its own levels (the account stays attributed).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Sum

from cambill.core.money import round_money

from .models import Agent, CommissionBase, CommissionEntry, CommissionKind, ReferralProgramme

ISSUED, PAID = CommissionBase.ISSUED.value, CommissionBase.PAID.value


def add_months(instant: datetime, months: int) -> datetime:
    """``instant`` plus whole calendar months, the day clamped to the month's end."""
    y, m = divmod(instant.month - 1 + months, 12)
    year, month = instant.year + y, m + 1
    day = min(instant.day, calendar.monthrange(year, month)[1])
    return instant.replace(year=year, month=month, day=day)


def level_rates(programme: ReferralProgramme) -> dict[int, Decimal]:
    return {int(k): Decimal(str(v)) for k, v in (programme.levels or {}).items()}


@dataclass(frozen=True)
class _Node:
    parent_id: int | None
    active: bool
    rate_percent: Decimal | None


def _tree(cloud_id: int) -> dict[int, _Node]:
    return {
        pk: _Node(parent, active, rate)
        for pk, parent, active, rate in Agent.objects.filter(cloud_id=cloud_id).values_list(
            "id", "parent_id", "active", "rate_percent"
        )
    }


def _applies(programme: ReferralProgramme, invoice: Any, account: Any, at: datetime) -> bool:
    """Programme validity (local date of the event) and the months limit
    (the invoice's period must start before the account is that old)."""
    local_day: date = at.astimezone(ZoneInfo(invoice.cloud.timezone)).date()
    if programme.valid_from is not None and local_day < programme.valid_from:
        return False
    if programme.valid_to is not None and local_day >= programme.valid_to:
        return False
    if programme.limit_months is not None:
        tz = ZoneInfo(invoice.cloud.timezone)
        limit_end = add_months(account.created_at.astimezone(tz), programme.limit_months)
        if invoice.period_start >= limit_end:
            return False
    return True


def _event_time(invoice: Any, event: str, now: datetime) -> datetime:
    at = invoice.issued_at if event == ISSUED else invoice.paid_at
    return at or now


def commission_on_invoice(
    *, invoice: Any, event: str, now: datetime, tree: dict[int, _Node] | None = None
) -> list[CommissionEntry]:
    """Accrue commission on a retail invoice at its base event (idempotent).

    Returns the entries created now (empty when they already exist, when the
    event is not the programme's base, or when nothing is owed). Credit notes
    already made on the invoice are clawed back at once, so an invoice credited
    before it was paid still nets to commission on what remains.
    """
    from cambill.clouds.models import Account

    if event not in (ISSUED, PAID):
        raise ValueError(f"event is 'issued' or 'paid', not {event!r}")
    if invoice.kind != "retail" or invoice.account_id is None:
        return []
    if event == ISSUED and invoice.status not in ("issued", "paid"):
        return []
    if event == PAID and invoice.status != "paid":
        return []
    if CommissionEntry.objects.filter(invoice_id=invoice.pk, kind=CommissionKind.ACCRUAL).exists():
        # Accrued once, at its event, with the tree of that moment: a later call
        # (a rerun, a recompute after the account changed agent) only catches up
        # on credit notes, never attributes the invoice a second time.
        return _catch_up_credits(invoice, now)
    programme = ReferralProgramme.objects.filter(cloud_id=invoice.cloud_id).first()
    if programme is None or programme.base != event:
        return []
    account = Account.objects.filter(pk=invoice.account_id).first()
    if account is None or account.referral_agent_id is None:
        return []
    at = _event_time(invoice, event, now)
    if not _applies(programme, invoice, account, at):
        return []
    base = Decimal(invoice.net)
    if base <= 0:
        return []
    rates = level_rates(programme)
    nodes = tree if tree is not None else _tree(invoice.cloud_id)
    source = account.referral_agent_id
    entries: list[CommissionEntry] = []
    agent_id: int | None = source
    level = 1
    seen: set[int] = set()
    while agent_id is not None and agent_id not in seen and level <= max(rates, default=0):
        seen.add(agent_id)
        node = nodes.get(agent_id)
        if node is None:
            break
        rate = rates.get(level)
        if level == 1 and node.rate_percent is not None:
            rate = Decimal(node.rate_percent)
        if node.active and rate is not None and rate > 0:
            entries.append(
                CommissionEntry(
                    cloud_id=invoice.cloud_id,
                    agent_id=agent_id,
                    source_agent_id=source,
                    level=level,
                    invoice_id=invoice.pk,
                    credit_note=None,
                    account_id=account.pk,
                    period=invoice.period,
                    event=event,
                    currency=invoice.currency,
                    base_amount=base,
                    rate=rate,
                    amount=round_money(Fraction(base) * Fraction(rate) / 100, invoice.currency),
                    kind=CommissionKind.ACCRUAL,
                    created_at=now,
                )
            )
        agent_id = node.parent_id
        level += 1
    created = _insert(entries, invoice=invoice, kind=CommissionKind.ACCRUAL)
    return created + _catch_up_credits(invoice, now)


def _catch_up_credits(invoice: Any, now: datetime) -> list[CommissionEntry]:
    out: list[CommissionEntry] = []
    for note in invoice.credit_notes.order_by("id"):
        out += commission_on_credit_note(credit_note=note, now=now)
    return out


def _insert(
    entries: list[CommissionEntry], *, invoice: Any, kind: str, credit_note_id: int | None = None
) -> list[CommissionEntry]:
    """Insert the entries that do not exist yet and post them to the ledger.
    The unique constraints are the real guard (a concurrent insert is ignored,
    never doubled; its journal has the same key, so it is posted once too)."""
    if not entries:
        return []
    existing = set(
        CommissionEntry.objects.filter(
            invoice_id=invoice.pk, kind=kind, credit_note_id=credit_note_id
        ).values_list("agent_id", flat=True)
    )
    fresh = [e for e in entries if e.agent_id not in existing]
    if not fresh:
        return []
    with transaction.atomic():
        CommissionEntry.objects.bulk_create(fresh, ignore_conflicts=True)
        post_to_ledger(fresh, invoice=invoice)
    return fresh


def ledger_key(entry: CommissionEntry) -> str:
    """The natural key of an entry (its unique constraint), as a journal key."""
    return f"{entry.agent_id}:{entry.invoice_id}:{entry.kind}:{entry.credit_note_id or 0}"


def post_to_ledger(entries: list[CommissionEntry], *, invoice: Any) -> None:
    """Post each entry's journal (idempotent by key): the commission expense
    and what the cloud now owes the agent; a clawback (negative) reverses."""
    from cambill.payments.commission_ledger import ledger_post_commission

    for e in entries:
        if e.amount == 0:
            continue
        ledger_post_commission(
            cloud=invoice.cloud,
            key=ledger_key(e),
            amount=Decimal(e.amount),
            currency=e.currency,
            description=(
                f"{e.kind} level {e.level} on {invoice.number or invoice.pk} ({e.period})"
            ),
            agent_id=e.agent_id,
            invoice=invoice,
            now=e.created_at,
        )


def ledger_catch_up(*, cloud: Any, period: str) -> int:
    """Post the journals of a period's entries that have none yet (entries
    made before the ledger was wired); returns how many were posted."""
    from cambill.payments.models import LedgerEntry

    posted = set(
        LedgerEntry.objects.filter(
            cloud_id=cloud.pk, kind="commission", key__startswith="commission:"
        ).values_list("key", flat=True)
    )
    n = 0
    for e in (
        CommissionEntry.objects.filter(cloud=cloud, period=period)
        .select_related("invoice", "invoice__cloud")
        .order_by("id")
    ):
        if e.amount != 0 and f"commission:{ledger_key(e)}" not in posted:
            post_to_ledger([e], invoice=e.invoice)
            n += 1
    return n


def _accruals(invoice_id: int) -> list[CommissionEntry]:
    return list(
        CommissionEntry.objects.filter(invoice_id=invoice_id, kind=CommissionKind.ACCRUAL).order_by(
            "level"
        )
    )


def _clawed(invoice_id: int, agent_id: int, before_note_id: int | None = None) -> Decimal:
    qs = CommissionEntry.objects.filter(
        invoice_id=invoice_id, agent_id=agent_id, kind=CommissionKind.CLAWBACK
    )
    if before_note_id is not None:
        qs = qs.filter(credit_note_id__lt=before_note_id)
    return Decimal(qs.aggregate(s=Sum("amount"))["s"] or 0)


def commission_on_credit_note(*, credit_note: Any, now: datetime) -> list[CommissionEntry]:
    """Claw back each accrual on the credited invoice in proportion to the
    credit (credit net / invoice net), one rounding per entry (idempotent)."""
    from cambill.invoicing.models import CreditNote

    invoice = credit_note.invoice
    accruals = _accruals(invoice.pk)
    if not accruals or invoice.net <= 0:
        return []
    credited_so_far = Decimal(
        CreditNote.objects.filter(invoice_id=invoice.pk, id__lte=credit_note.pk).aggregate(
            s=Sum("net")
        )["s"]
        or 0
    )
    closes = credited_so_far >= invoice.net
    net = Decimal(credit_note.net)
    entries = []
    for acc in accruals:
        if closes:
            # The last credit takes exactly what is left of this agent's accrual.
            amount = -(acc.amount + _clawed(invoice.pk, acc.agent_id, credit_note.pk))
        else:
            amount = -round_money(Fraction(net) * Fraction(acc.rate) / 100, invoice.currency)
        entries.append(
            CommissionEntry(
                cloud_id=acc.cloud_id,
                agent_id=acc.agent_id,
                source_agent_id=acc.source_agent_id,
                level=acc.level,
                invoice_id=invoice.pk,
                credit_note_id=credit_note.pk,
                account_id=acc.account_id,
                period=acc.period,
                event="credit",
                currency=acc.currency,
                base_amount=-net,
                rate=acc.rate,
                amount=amount,
                kind=CommissionKind.CLAWBACK,
                created_at=now,
            )
        )
    return _insert(
        entries, invoice=invoice, kind=CommissionKind.CLAWBACK, credit_note_id=credit_note.pk
    )


def commission_on_void(*, invoice: Any, now: datetime) -> list[CommissionEntry]:
    """A voided invoice earns nothing: claw back whatever accrued (idempotent)."""
    entries = []
    for acc in _accruals(invoice.pk):
        left = acc.amount + _clawed(invoice.pk, acc.agent_id)
        entries.append(
            CommissionEntry(
                cloud_id=acc.cloud_id,
                agent_id=acc.agent_id,
                source_agent_id=acc.source_agent_id,
                level=acc.level,
                invoice_id=invoice.pk,
                credit_note=None,
                account_id=acc.account_id,
                period=acc.period,
                event="void",
                currency=acc.currency,
                base_amount=-Decimal(invoice.net),
                rate=acc.rate,
                amount=-left,
                kind=CommissionKind.CLAWBACK,
                created_at=now,
            )
        )
    return _insert(entries, invoice=invoice, kind=CommissionKind.CLAWBACK)


def commission_on_block(*, cloud: Any, invoice_ids: list[int], now: datetime) -> int:
    """Accrue commission on a block of invoices just issued (a bulk issue): only
    those invoices, only when the programme accrues at issue, only the accounts
    an agent brought, with the tree read once. Returns the invoices accrued."""
    from cambill.invoicing.models import Invoice

    programme = ReferralProgramme.objects.filter(cloud=cloud).first()
    if programme is None or programme.base != ISSUED or not invoice_ids:
        return 0
    invoices = (
        Invoice.objects.filter(
            pk__in=invoice_ids, kind="retail", account__referral_agent__isnull=False
        )
        .exclude(status="draft")
        .select_related("cloud")
        .order_by("id")
    )
    tree = _tree(cloud.pk)
    n = 0
    for inv in invoices:
        commission_on_invoice(invoice=inv, event=ISSUED, now=now, tree=tree)
        n += 1
    return n


def recompute_period(*, cloud: Any, period: str, now: datetime) -> list[CommissionEntry]:
    """Bring a period's entries up to date from its invoices; existing entries
    are the record and stay as they are. Returns every entry of the period."""
    from cambill.invoicing.models import Invoice

    programme = ReferralProgramme.objects.filter(cloud=cloud).first()
    invoices = (
        Invoice.objects.filter(cloud=cloud, period=period, kind="retail")
        .exclude(status="draft")
        .select_related("cloud")
        .order_by("id")
    )
    tree = _tree(cloud.pk)
    for inv in invoices:
        if inv.status == "void":
            if inv.commission_entries.exists():
                commission_on_void(invoice=inv, now=now)
            continue
        if programme is not None:
            commission_on_invoice(invoice=inv, event=programme.base, now=now, tree=tree)
        for note in inv.credit_notes.order_by("id"):
            commission_on_credit_note(credit_note=note, now=now)
    return list(CommissionEntry.objects.filter(cloud=cloud, period=period))

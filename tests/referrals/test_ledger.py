"""Commission in the double-entry ledger: every entry posts Dr commission
expense / Cr the agent's payable, a clawback the reverse, a payout moves the
payable to cash; the ledger invariants hold after a whole cycle.

The cycle is the worked example for acme (net 21.77, total 25.91) under the
chain top <- boss <- agent1 with {1: 10 %, 2: 3 %, 3: 1 %} paid on payment,
and beta (net 3.00, total 3.57) brought by agent2 alone.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from cambill.core.access import SYSTEM
from cambill.payments import ledger as L
from cambill.referrals.models import Agent, CommissionEntry, Payout
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill, retail
from tests.payments.conftest import check_ledger

from .helpers import chain, programme

pytestmark = pytest.mark.django_db

D = Decimal
NOW = utc(2026, 4, 5, 12)


def check_commission_ledger(cloud) -> None:  # type: ignore[no-untyped-def]
    """Each agent's payable in the ledger is what its entries earned less what
    was paid out to it; the expense is the sum of all entries."""
    # Summed in Python: SQLite sums decimals as floats.
    for agent in Agent.objects.filter(cloud=cloud):
        earned = sum(CommissionEntry.objects.filter(agent=agent).values_list("amount", flat=True))
        paid = sum(Payout.objects.filter(agent=agent).values_list("amount", flat=True))
        assert L.agent_payable(agent) == earned - paid, agent.code
    total = sum(CommissionEntry.objects.filter(cloud=cloud).values_list("amount", flat=True))
    tb = L.trial_balance(cloud.pk)
    assert tb.get(L.COMMISSION_EXPENSE, D(0)) == total
    assert L.COMMISSION_PAYABLE not in tb  # everything is posted per agent


def cycle(world):  # type: ignore[no-untyped-def]
    """Bill March, issue acme and beta, pay them in full."""
    from cambill.invoicing.services import invoice_issue
    from cambill.payments.services import payment_record

    with time_machine.travel(NOW, tick=False):
        t = add_cameras(world)
        chain(world)
        programme(t)  # paid base
        bill(t, "2026-03", NOW)
        acme = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=NOW)
        beta = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "beta"), now=NOW)
    assert (acme.total, beta.total) == (D("25.91"), D("3.57"))
    assert CommissionEntry.objects.count() == 0  # issued, not paid: nothing earned yet
    paid_at = utc(2026, 4, 10, 15)
    for account, amount in (("acme", "25.91"), ("beta", "3.57")):
        payment_record(
            actor=SYSTEM,
            cloud=t,
            account=world.accounts[account],
            amount=amount,
            received_at=paid_at,
            now=paid_at,
        )
    return t


def payable(world, code: str) -> Decimal:  # type: ignore[no-untyped-def]
    return L.agent_payable(Agent.objects.get(code=code))


def test_three_level_cycle_with_credit_note_and_payout_keeps_the_ledger_true(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import credit_note_create
    from cambill.referrals.services import payout_record

    t = cycle(world)
    acme = retail(t, "2026-03", "acme")
    assert acme.status == "paid"
    # Paying posted each level's accrual to its own payable.
    assert payable(world, "agent1") == D("2.18")
    assert payable(world, "boss") == D("0.65")
    assert payable(world, "top") == D("0.22")
    assert payable(world, "agent2") == D("0.30")
    assert L.trial_balance(t.pk)[L.COMMISSION_EXPENSE] == D("3.35")
    check_ledger(t)
    check_commission_ledger(t)

    # A partial credit note (camera B, 2.13 net) claws back 0.21 / 0.06 / 0.02,
    # each a reversing journal: Dr payable, Cr expense.
    note = credit_note_create(
        actor=SYSTEM,
        invoice=acme,
        reason="camera B offline",
        lines=[{"line": 2, "amount": "2.13"}],
        now=utc(2026, 4, 12),
    )
    from cambill.payments.models import LedgerEntry

    claw = LedgerEntry.objects.filter(kind="commission", key__endswith=f":clawback:{note.pk}")
    assert claw.count() == 3
    a1 = Agent.objects.get(code="agent1")
    lines = {
        (ln.code, ln.debit, ln.credit)
        for ln in claw.get(key=f"commission:{a1.pk}:{acme.pk}:clawback:{note.pk}").lines.all()
    }
    assert lines == {
        (L.commission_payable(a1.pk), D("0.21"), D("0")),
        (L.COMMISSION_EXPENSE, D("0"), D("0.21")),
    }
    assert payable(world, "agent1") == D("1.97")
    assert payable(world, "boss") == D("0.59")
    assert payable(world, "top") == D("0.20")
    check_ledger(t)
    check_commission_ledger(t)

    # Staff pay agent1's March statement: its payable goes to zero, cash goes out.
    cash_before = L.trial_balance(t.pk)[L.CASH]
    payout = payout_record(
        actor=SYSTEM,
        agent=a1,
        period="2026-03",
        reference="TR-1",
        paid_on="2026-04-15",
        now=utc(2026, 4, 15),
    )
    assert payout.amount == D("1.97")
    assert payable(world, "agent1") == 0
    assert L.trial_balance(t.pk)[L.CASH] == cash_before - D("1.97")
    check_ledger(t)
    check_commission_ledger(t)

    # Rerunning the hooks or the staff recompute posts nothing twice.
    from cambill.referrals.services import commission_recompute

    n = LedgerEntry.objects.count()
    commission_recompute(actor=SYSTEM, cloud=t, period="2026-03", now=utc(2026, 4, 16))
    assert LedgerEntry.objects.count() == n
    check_commission_ledger(t)


def test_void_claws_back_everything_in_the_ledger(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import invoice_issue, invoice_void

    with time_machine.travel(NOW, tick=False):
        t = add_cameras(world)
        chain(world)
        programme(t, base="issued")
        bill(t, "2026-03", NOW)
        inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=NOW)
    assert payable(world, "agent1") == D("2.18")
    invoice_void(actor=SYSTEM, invoice=inv, reason="wrong account", now=utc(2026, 4, 6))
    for code in ("agent1", "boss", "top"):
        assert payable(world, code) == 0
    assert L.trial_balance(t.pk)[L.COMMISSION_EXPENSE] == 0
    check_ledger(t)
    check_commission_ledger(t)


def test_recompute_posts_journals_missing_for_older_entries(world) -> None:  # type: ignore[no-untyped-def]
    """Entries made before the ledger was wired get their journals from the
    staff recompute, once."""
    from cambill.payments.models import LedgerEntry
    from cambill.referrals.services import commission_recompute

    t = cycle(world)
    from cambill.payments.models import LedgerLine

    keys = list(LedgerEntry.objects.filter(kind="commission").values_list("pk", flat=True))
    LedgerLine.objects.filter(entry_id__in=keys).delete()
    LedgerEntry.objects.filter(pk__in=keys).delete()
    assert payable(world, "agent1") == 0
    commission_recompute(actor=SYSTEM, cloud=t, period="2026-03", now=utc(2026, 4, 16))
    assert payable(world, "agent1") == D("2.18")
    check_commission_ledger(t)

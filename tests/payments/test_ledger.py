"""The ledger: postings of invoices, payments, credit notes, with exact amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.payments import ledger as L
from cambill.payments.services import invoice_open_amount
from tests.conftest import utc

D = Decimal


def test_issue_posts_receivable_revenue_and_tax(billed) -> None:
    t = billed.clouds["telenet"]
    acme, beta = billed.accounts["acme"], billed.accounts["beta"]
    assert billed.inv["acme"].total == D("25.91")
    assert billed.inv["beta"].total == D("3.57")
    assert L.account_balance(acme) == D("25.91")
    assert L.account_balance(beta) == D("3.57")
    tb = L.trial_balance(t.pk)
    assert tb[L.REVENUE_RETAIL] == D("-24.77")  # 21.77 + 3.00
    assert tb[L.TAX_RETAIL] == D("-4.71")  # 4.14 + 0.57
    w = billed.inv["wholesale"]
    assert L.cloud_balance_to_provider(t) == w.total
    assert tb[L.COST_WHOLESALE] == w.total - w.tax


def test_posting_twice_changes_nothing(billed) -> None:
    from cambill.payments.models import LedgerLine
    from cambill.payments.services import ledger_post_invoice_issued

    before = LedgerLine.objects.count()
    ledger_post_invoice_issued(billed.inv["acme"])
    assert LedgerLine.objects.count() == before


def test_unbalanced_journal_is_refused_and_writes_nothing(billed) -> None:
    from cambill.payments.models import LedgerEntry

    t = billed.clouds["telenet"]
    n = LedgerEntry.objects.count()
    with pytest.raises(DomainError):
        L.ledger_post(
            cloud_id=t.pk,
            key="bad",
            kind="test",
            currency="USD",
            legs=[L.dr(L.CASH, D("1.00")), L.cr(L.REVENUE_RETAIL, D("0.99"))],
        )
    assert LedgerEntry.objects.count() == n


def test_credit_note_reverses_and_void_reverses(billed) -> None:
    from cambill.invoicing.services import credit_note_create, invoice_void
    from cambill.payments.subscriptions import payments_on_credit_note, payments_on_invoice_voided

    acme, beta = billed.accounts["acme"], billed.accounts["beta"]
    now = utc(2026, 4, 6)
    note = credit_note_create(
        actor=SYSTEM,
        invoice=billed.inv["acme"],
        reason="camera B offline",
        lines=[{"line": 2, "amount": "2.13"}],
        now=now,
    )
    payments_on_credit_note(note, now=now)
    assert (note.net, note.tax) == (D("2.13"), D("0.40"))
    assert L.account_balance(acme) == D("23.38")
    inv = invoice_void(actor=SYSTEM, invoice=billed.inv["beta"], reason="test", now=now)
    payments_on_invoice_voided(inv, now=now)
    assert L.account_balance(beta) == 0
    assert invoice_open_amount(inv) == 0


def test_commission_earned_and_paid_out(billed) -> None:
    from cambill.payments.commission_ledger import (
        ledger_post_commission,
        ledger_post_commission_payout,
    )

    t = billed.clouds["telenet"]
    ledger_post_commission(cloud=t, key="agent1:2026-03", amount=D("2.18"), currency="USD")
    ledger_post_commission(cloud=t, key="agent1:2026-03", amount=D("2.18"), currency="USD")
    assert L.trial_balance(t.pk)[L.COMMISSION_PAYABLE] == D("-2.18")
    ledger_post_commission_payout(cloud=t, key="agent1:2026-03", amount=D("2.18"), currency="USD")
    assert L.trial_balance(t.pk)[L.COMMISSION_PAYABLE] == 0


def test_wholesale_void_after_partial_payment_returns_money_to_prepaid(billed) -> None:
    from cambill.invoicing.services import invoice_void
    from cambill.payments.services import payment_record
    from cambill.payments.subscriptions import payments_on_invoice_voided

    t = billed.clouds["telenet"]
    payment_record(actor=SYSTEM, cloud=t, amount="1.00", received_at=utc(2026, 4, 6))
    w = billed.inv["wholesale"]
    assert L.cloud_balance_to_provider(t) == w.total - D("1.00")
    w = invoice_void(actor=SYSTEM, invoice=w, reason="wrong", now=utc(2026, 4, 7))
    payments_on_invoice_voided(w, now=utc(2026, 4, 7))
    assert L.cloud_balance_to_provider(t) == D("-1.00")

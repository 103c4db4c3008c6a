"""Manual payments: allocation, partial and over-payment, credit, refunds, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.payments import ledger as L
from cambill.payments.models import Allocation, Payment
from cambill.payments.services import (
    invoice_open_amount,
    payment_record,
    payment_refund,
    payment_unapplied,
)
from tests.conftest import utc

from .conftest import check_ledger

D = Decimal
PAID_AT = utc(2026, 4, 10, 15)


def pay(world, account: str, amount: str, actor: str = "caccountant", **kw):  # type: ignore[no-untyped-def]
    return payment_record(
        actor=world.actor(actor),
        cloud=world.clouds["telenet"],
        account=world.accounts[account],
        amount=amount,
        received_at=PAID_AT,
        reference=kw.pop("reference", "transfer"),
        **kw,
    )


def test_full_payment_marks_the_invoice_paid(billed) -> None:
    p = pay(billed, "acme", "25.91")
    inv = billed.inv["acme"]
    inv.refresh_from_db()
    assert inv.status == "paid" and inv.paid_at == PAID_AT
    assert L.account_balance(billed.accounts["acme"]) == 0
    assert payment_unapplied(p) == 0
    assert L.trial_balance(billed.clouds["telenet"].pk)[L.CASH] == D("25.91")


def test_partial_payments_then_settle(billed) -> None:
    acme = billed.accounts["acme"]
    pay(billed, "acme", "10.00")
    inv = billed.inv["acme"]
    inv.refresh_from_db()
    assert inv.status == "issued" and invoice_open_amount(inv) == D("15.91")
    assert L.account_balance(acme) == D("15.91")
    check_ledger(billed.clouds["telenet"])
    pay(billed, "acme", "15.91")
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert L.account_balance(acme) == 0


def test_overpayment_becomes_credit_applied_to_the_next_invoice(billed) -> None:
    from cambill.invoicing.models import Invoice

    from .conftest import issue

    acme = billed.accounts["acme"]
    p = pay(billed, "acme", "30.00")
    assert payment_unapplied(p) == D("4.09")
    assert L.account_credit(acme) == D("4.09")
    assert L.account_balance(acme) == D("-4.09")
    check_ledger(billed.clouds["telenet"])
    # April's invoice (a hand-made draft): the credit pays part of it on issue.
    march = billed.inv["acme"]
    april = Invoice.objects.create(
        cloud=march.cloud,
        account=acme,
        kind="retail",
        period="2026-04",
        period_start=march.period_end,
        period_end=utc(2026, 5, 1, 5),
        currency="USD",
        issuer_name="Telenet",
        customer_name="ACME",
        net=D("10.00"),
        tax=D("1.90"),
        total=D("11.90"),
        subtotal=D("10.00"),
        created_at=utc(2026, 5, 2),
        updated_at=utc(2026, 5, 2),
    )
    april = issue(april, now=utc(2026, 5, 2))
    assert invoice_open_amount(april) == D("7.81")
    assert L.account_credit(acme) == 0
    assert L.account_balance(acme) == D("7.81")


def test_chosen_invoice_first(billed) -> None:
    # beta pays acme? no: a payer only pays its own invoices.
    with pytest.raises(DomainError):
        pay(billed, "beta", "3.57", invoices=[billed.inv["acme"]])
    assert Payment.objects.count() == 0


def test_wholesale_payment_by_the_provider(billed) -> None:
    t = billed.clouds["telenet"]
    w = billed.inv["wholesale"]
    with pytest.raises(DomainError):  # the cloud's accountant records retail money only
        payment_record(
            actor=billed.actor("caccountant"), cloud=t, amount="1.00", received_at=PAID_AT
        )
    payment_record(
        actor=billed.actor("paccountant"), cloud=t, amount=str(w.total), received_at=PAID_AT
    )
    w.refresh_from_db()
    assert w.status == "paid"
    assert L.cloud_balance_to_provider(t) == 0


def test_refund_of_credit_only(billed) -> None:
    acme = billed.accounts["acme"]
    p = pay(billed, "acme", "30.00")
    with pytest.raises(DomainError):
        payment_refund(actor=billed.actor("caccountant"), payment=p, amount="5.00")
    r = payment_refund(actor=billed.actor("caccountant"), payment=p, reason="overpaid")
    assert r.amount == D("4.09")
    assert L.account_credit(acme) == 0
    assert L.trial_balance(billed.clouds["telenet"].pk)[L.CASH] == D("25.91")


def test_credit_note_after_payment_gives_money_back_as_credit(billed) -> None:
    from cambill.invoicing.services import credit_note_create
    from cambill.payments.subscriptions import payments_on_credit_note

    acme = billed.accounts["acme"]
    pay(billed, "acme", "25.91")
    note = credit_note_create(
        actor=SYSTEM,
        invoice=billed.inv["acme"],
        reason="B offline",
        lines=[{"line": 2, "amount": "2.13"}],
        now=utc(2026, 4, 12),
    )
    payments_on_credit_note(note, now=utc(2026, 4, 12))
    assert L.account_credit(acme) == D("2.53")  # 2.13 + 0.40 VAT
    assert L.account_balance(acme) == D("-2.53")
    assert Allocation.objects.filter(amount__lt=0).get().amount == D("-2.53")


def test_partial_payment_then_credit_note_settles(billed) -> None:
    from cambill.invoicing.services import credit_note_create
    from cambill.payments.subscriptions import payments_on_credit_note

    pay(billed, "beta", "1.00")
    note = credit_note_create(
        actor=SYSTEM,
        invoice=billed.inv["beta"],
        reason="goodwill",
        lines=[{"line": 1, "amount": "2.16"}],
        now=utc(2026, 4, 12),
    )
    payments_on_credit_note(note, now=utc(2026, 4, 12))
    inv = billed.inv["beta"]
    inv.refresh_from_db()
    # 3.57 - 1.00 paid - (2.16 + 0.41 VAT) credited = 0: paid.
    assert (note.tax, inv.status) == (D("0.41"), "paid")


@pytest.mark.parametrize(
    "name", ["amanager", "subscriber", "agent", "pmanager", "otheradmin", "paccountant"]
)
def test_who_may_not_record_retail_payments(billed, name: str) -> None:
    with pytest.raises(DomainError):
        pay(billed, "acme", "1.00", actor=name)
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("amount", ["0", "-1", "1.001", "abc", "NaN"])
def test_bad_amounts(billed, amount: str) -> None:
    with pytest.raises(DomainError):
        pay(billed, "acme", amount)
    assert Payment.objects.count() == 0

"""Fixtures of the payments tests: the worked example billed and issued, a fake
Stripe, and the ledger invariants checked after every test that uses ``billed``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import stripe

from cambill_sandbox.fake_stripe import FakeStripe
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill, retail, wholesale

ISSUE_AT = utc(2026, 4, 5, 12)  # due 15 days later: 2026-04-20 12:00 UTC


def issue(invoice: Any, now: Any = ISSUE_AT) -> Any:
    """Issue through the real verb, then the payments hook invoicing will call."""
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import invoice_issue
    from cambill.payments.subscriptions import payments_on_invoice_issued

    inv = invoice_issue(actor=SYSTEM, invoice=invoice, now=now)
    payments_on_invoice_issued(inv, now=now)
    inv.refresh_from_db()
    return inv


def check_ledger(cloud: Any) -> None:
    """The ledger invariants: every journal balances, debits equal credits, and
    each derived balance equals the sum of its lines and the documents behind it."""
    from django.db.models import Sum

    from cambill.clouds.models import Account
    from cambill.invoicing.models import Invoice
    from cambill.payments import ledger as L
    from cambill.payments.models import LedgerEntry, LedgerLine, Payment
    from cambill.payments.services import invoice_open_amount, payment_unapplied

    for entry in LedgerEntry.objects.filter(cloud=cloud):
        agg = entry.lines.aggregate(d=Sum("debit"), c=Sum("credit"))
        assert agg["d"] == agg["c"], f"journal {entry.key} does not balance"
    tb = L.trial_balance(cloud.pk)
    assert sum(tb.values(), Decimal(0)) == 0
    lines = list(LedgerLine.objects.filter(cloud=cloud))
    for code, bal in tb.items():
        assert bal == sum((x.debit - x.credit for x in lines if x.code == code), Decimal(0))
    for acc in Account.objects.filter(cloud=cloud):
        open_total = sum(
            (invoice_open_amount(i) for i in Invoice.objects.filter(account=acc, kind="retail")),
            Decimal(0),
        )
        credit = sum(
            (payment_unapplied(p) for p in Payment.objects.filter(account=acc)), Decimal(0)
        )
        assert L.code_balance(cloud.pk, L.receivable(acc.pk)) == open_total, acc.code
        assert L.account_credit(acc) == credit, acc.code
        assert L.account_balance(acc) == open_total - credit
    w_open = sum(
        (invoice_open_amount(i) for i in Invoice.objects.filter(cloud=cloud, kind="wholesale")),
        Decimal(0),
    )
    w_credit = sum(
        (payment_unapplied(p) for p in Payment.objects.filter(cloud=cloud, kind="wholesale")),
        Decimal(0),
    )
    assert L.cloud_balance_to_provider(cloud) == w_open - w_credit
    # A paid invoice has nothing open; an issued one with allocations and nothing open is paid.
    for inv in Invoice.objects.filter(cloud=cloud, status="paid"):
        assert invoice_open_amount(inv) == 0


@pytest.fixture
def billed(world):  # type: ignore[no-untyped-def]
    """March 2026 of telenet billed; acme (25.91), beta (3.57) and the wholesale invoice
    issued on 2026-04-05; the ledger invariants are checked when the test ends."""
    import time_machine

    with time_machine.travel(utc(2026, 4, 5, 12), tick=False):
        t = add_cameras(world)
        bill(t, "2026-03", ISSUE_AT)
    world.inv = {
        "acme": issue(retail(t, "2026-03", "acme")),
        "beta": issue(retail(t, "2026-03", "beta")),
        "wholesale": issue(wholesale(t, "2026-03")),
    }
    yield world
    check_ledger(t)


@pytest.fixture
def fake_stripe():  # type: ignore[no-untyped-def]
    server = FakeStripe().start()
    old = stripe.api_base
    stripe.api_base = server.base
    yield server
    stripe.api_base = old
    server.stop()


@pytest.fixture
def stripe_on(billed, fake_stripe):  # type: ignore[no-untyped-def]
    """``billed`` with telenet's Stripe gateway pointed at the fake Stripe."""
    from cambill.payments.gateways.config import gateway_config_set

    gateway_config_set(
        actor=billed.actor("cadmin"),
        cloud=billed.clouds["telenet"],
        kind="stripe",
        secret_key="sk_test_123",
        webhook_secret="whsec_test_telenet",
    )
    return billed

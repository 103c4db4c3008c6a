"""The demo has lived its months (issue #13, point 7): every bill run issued in bulk,
invoices paid by card through the Stripe adapter and by bank transfer through
imported camt.053 statements, some late, a few accounts in dunning, one suspended
and one resumed, the outbox's messages, the wholesale invoices and the agents'
statements paid; the demo users start in several languages."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from tests.demo.test_demo_data import NOW, run_demo

NOW_DT = datetime.fromisoformat(NOW + "T00:00:00+00:00")


@pytest.mark.django_db
def test_the_demo_has_lived_its_months() -> None:
    from cambill.accounts.models import User
    from cambill.clouds.models import Account, AccountSuspension, Cloud
    from cambill.core.access import actor_for
    from cambill.invoicing.models import Invoice, IssueJob
    from cambill.notifications.models import BillingContact, Message
    from cambill.payments.collections.selectors import suspension_queue
    from cambill.payments.models import (
        BankImport,
        BankLine,
        BankSuggestion,
        ChargeAttempt,
        DunningEvent,
        Payment,
    )
    from cambill.payments.services import (
        invoice_allocated,
        invoice_credited,
        invoice_open_amount,
    )
    from cambill.referrals.models import Payout

    out = run_demo()

    # Every bill run was issued in bulk, the last closed month too; nothing in draft.
    assert not Invoice.objects.filter(status="draft").exists()
    assert set(Invoice.objects.values_list("period", flat=True)) == {
        "2026-03",
        "2026-04",
        "2026-05",  # the second cloud's May, billed in advance
    }
    jobs = IssueJob.objects.all()
    assert jobs.exists() and {j.status for j in jobs} == {"completed"}
    assert sum(j.done for j in jobs) == Invoice.objects.count()
    issuers = set(jobs.values_list("created_by__username", flat=True))
    assert issuers == {"telenet-acct", "iberia-acct", "accountant"}

    # Cards: each card payment is a succeeded off-session charge of the fake Stripe.
    card = Payment.objects.filter(kind="retail", method="card")
    assert card.count() >= 10
    charged = ChargeAttempt.objects.filter(status="succeeded")
    assert sorted(charged.values_list("intent_id", flat=True)) == sorted(
        card.values_list("reference", flat=True)
    )
    assert all(ref.startswith("pi_demo1") for ref in card.values_list("reference", flat=True))
    for p in card.select_related("account"):
        allocs = list(p.allocations.select_related("invoice").order_by("pk"))
        inv = allocs[0].invoice
        # charged at issue what was still open, every cent of it applied
        assert inv.status == "paid" and p.received_at == inv.issued_at
        assert sum(a.amount for a in allocs) == p.amount
        assert invoice_credited(inv) + invoice_allocated(inv) == inv.total
        # a line of a card-paid invoice credited afterwards (iberia's credit note, demo/
        # einvoice.py): the charge's money it frees pays the account's next invoice
        freed = [a.invoice for a in allocs[1:]]
        assert [i.account_id for i in freed] == [inv.account_id] * len(freed)
        assert bool(freed) == inv.credit_notes.exists()

    # Bank transfers arrived in weekly camt.053 statements the cloud accountant imported.
    imports = BankImport.objects.all()
    assert imports.count() >= 4 and set(imports.values_list("format", flat=True)) == {"camt053"}
    assert set(imports.values_list("created_by__username", flat=True)) == {
        "telenet-acct",
        "iberia-acct",
    }
    bank = Payment.objects.filter(kind="retail", method="bank_transfer")
    matched = BankLine.objects.filter(status="matched")
    assert matched.count() == bank.count() >= 3
    assert set(matched.values_list("payment_id", flat=True)) == set(
        bank.values_list("pk", flat=True)
    )
    # the latest statements leave suggestions to confirm and a line nobody can match
    assert BankLine.objects.filter(status="suggested").count() >= 1
    assert BankSuggestion.objects.filter(status="open").exists()
    unmatched = BankLine.objects.filter(status="unmatched")
    assert {(ln.payer_name, ln.amount) for ln in unmatched} == {
        ("Hernandez Ruiz Asociados", Decimal("37.13"))
    }
    assert unmatched.count() == 2  # one per cloud

    # Some paid late: after the invoice's due date, after a reminder.
    late = [
        p
        for p in bank.prefetch_related("allocations__invoice")
        if any((a.invoice.due_at or p.received_at) < p.received_at for a in p.allocations.all())
    ]
    assert late

    # Dunning: reminders in the outbox, one account suspended, one suspended and resumed.
    reminders = DunningEvent.objects.filter(kind="reminder").exclude(detail__startswith="skipped")
    assert reminders.count() == Message.objects.filter(kind="dunning_reminder").count() >= 3
    by_dunning = AccountSuspension.objects.filter(reason__contains="days overdue")
    assert by_dunning.count() == 2
    still = by_dunning.get(end__isnull=True)
    assert still.account.status == "suspended"
    assert any(invoice_open_amount(i) > 0 for i in still.account.invoices.all())
    resumed = by_dunning.get(end__isnull=False)
    assert resumed.resume_reason == "Balance settled" and resumed.account.status == "active"
    assert not resumed.account.invoices.filter(status="issued", due_at__lt=resumed.end).exists()
    assert DunningEvent.objects.filter(kind="resumed", account=resumed.account).exists()
    # a few accounts are still being chased: overdue, not suspended; the second
    # cloud confirms suspensions by hand, its two that stopped paying wait in the queue
    chased = (
        Invoice.objects.filter(kind="retail", status="issued", due_at__lt=NOW_DT)
        .exclude(account=still.account)
        .values_list("account__code", flat=True)
        .distinct()
    )
    assert len(chased) >= 2
    assert Cloud.objects.get(slug="iberia").suspension_mode == "confirm"
    waiting = Account.objects.filter(cloud__slug="iberia", code__in=list(chased))
    assert waiting.count() >= 2 and {a.status for a in waiting} == {"active"}
    queue = suspension_queue(
        actor=actor_for(User.objects.get(username="iberia-acct")),
        cloud=Cloud.objects.get(slug="iberia"),
        now=NOW_DT,
    )
    assert len(queue) >= 2

    # The wholesale invoices of the first month were paid by transfer (the provider's accountant).
    wholesale = Payment.objects.filter(kind="wholesale")
    assert wholesale.count() == 2
    assert set(wholesale.values_list("created_by__username", flat=True)) == {"accountant"}
    assert set(
        Invoice.objects.filter(kind="wholesale", period="2026-03").values_list("status", flat=True)
    ) == {"paid"}

    # Agents' statements paid, each mailed with its PDF.
    payouts = Payout.objects.all()
    assert payouts.count() >= 1 and set(payouts.values_list("period", flat=True)) == {"2026-03"}
    statements = Message.objects.filter(kind="agent_statement")
    assert statements.count() == payouts.count()
    assert all(bytes(m.attachment or b"").startswith(b"%PDF") for m in statements)

    # The outbox: every message of the months before the last day was sent then;
    # the last day's wait for demo-serve's SMTP sink.
    kinds = set(Message.objects.values_list("kind", flat=True))
    assert {"invoice_issued", "payment_receipt", "dunning_reminder", "agent_statement"} <= kinds
    # every invoice went to its billing contacts: retail to the account's, wholesale to the cloud's
    retail = Invoice.objects.filter(kind="retail")
    assert Message.objects.filter(kind="invoice_issued").count() == retail.count()
    whole = Message.objects.filter(kind="wholesale_invoice")
    assert whole.count() == Invoice.objects.filter(kind="wholesale").count() == 4
    assert whole.filter(to=["telenet-acct@telenet.example", "billing@telenet.example"]).exists()
    second = BillingContact.objects.filter(position=1).exclude(account=None)
    assert second.count() == 2  # the first account of each cloud has two addresses
    for contact in second.select_related("account"):
        account = contact.account
        assert account is not None
        assert contact.email == f"accounts-payable@{account.code}.example"
        to = Message.objects.filter(kind="invoice_issued", account=account)
        assert to.exists() and all(m.to == [account.email, contact.email] for m in to)
    sent = Message.objects.filter(status="sent")
    assert sent.count() >= 50
    assert all(m.sent_at == m.created_at + timedelta(minutes=1) for m in sent)
    queued = Message.objects.filter(status="queued")
    assert all(m.created_at >= NOW_DT - timedelta(days=1) for m in queued)
    assert not Message.objects.filter(status="failed").exists()

    assert "by card (autopay through the Stripe adapter)" in out
    assert "camt.053 statements imported" in out


@pytest.mark.django_db
def test_demo_users_start_in_several_languages() -> None:
    from cambill.accounts.models import User

    out = run_demo(no_invoices=True)
    lang = dict(User.objects.values_list("username", "language"))
    assert (lang["admin"], lang["accountant"], lang["manager"]) == ("en", "es", "pt-br")
    assert (lang["telenet-admin"], lang["telenet-am2"], lang["telenet-acct"]) == (
        "es",
        "pt-br",
        "en",
    )
    assert lang["telenet-agent2"] == "pt-br"
    assert set(lang.values()) == {"en", "es", "pt-br"}
    header = next(line for line in out.splitlines() if line.startswith("username"))
    assert header.split() == ["username", "role", "cloud", "language", "what", "they", "see"]

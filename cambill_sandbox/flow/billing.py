"""The flow's billing steps: the card saved, usage polled, the month billed and charged,
Stripe's and cambill's webhooks, commission and the ledger."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from cambill.core.access import SYSTEM, actor_for

from .base import FlowBase
from .common import MARCH, MARCH_BILLED_AT, MARCH_POLLS, SERIAL, TARIFF, FlowError, check


class BillingSteps(FlowBase):
    """From usage to a paid invoice (month 1) and the figures it leaves."""

    def save_card(self) -> None:
        from cambill.payments.gateways.stripe_adapter import card_setup_complete, card_setup_start

        subscriber = actor_for(self.subscriber_user)
        started = card_setup_start(actor=subscriber, account=self.account)
        pm = self.fake_stripe.complete_setup(started["setup_intent"])  # what Stripe.js does
        card = card_setup_complete(actor=subscriber, account=self.account)
        check(card.payment_method_id == pm, "The saved card is not the SetupIntent's.")
        self.step(
            "card saved",
            f"SetupIntent {started['setup_intent']} succeeded; card {pm} of customer "
            f"{card.customer_id} saved for off-session charges",
        )

    def poll(self, instant: datetime, hours: int) -> dict[str, Any]:
        from cambill.watcher.tasks import watcher_poll_cloud

        if hours:
            self.fake_watcher.advance(hours * 3600)
        result = watcher_poll_cloud(self.cloud.pk, self.at(instant).isoformat())
        if "error" in result:
            raise FlowError(f"The Watcher poll failed: {result['error']}")
        return dict(result)

    def recorded_hours(self, period: str) -> Decimal:
        from cambill.usage.aggregates import meter_aggregate_exact
        from cambill.usage.periods import period_of

        got = meter_aggregate_exact(self.cloud, self.meter, period_of(self.cloud, period))
        value = got.get(SERIAL, 0)
        return Decimal(value.numerator) / Decimal(value.denominator) if value else Decimal(0)

    def record_and_poll(self) -> None:
        events = 0
        for instant, grown in MARCH_POLLS:
            events += int(self.poll(instant, grown)["events"])
        hours = self.recorded_hours(MARCH)
        self.figures["march_hours"] = hours
        check(hours == 72, f"{hours} recorded hours were ingested for March, not 72.")
        self.step(
            "Watcher records, the poll ingests",
            f"3 polls (10, 12, 13 March), {events} usage events; the archive grew 48 h + 24 h: "
            f"{hours:.2f} recorded hours for {SERIAL}",
        )

    def bill_month(self, period: str, instant: datetime, *, card_works: bool) -> None:
        from cambill.invoicing.models import Invoice, InvoiceKind
        from cambill.invoicing.services import bill_run_execute, bill_run_start
        from cambill.payments.models import ChargeAttempt

        self.fake_stripe.decline = not card_works
        self.fake_stripe.confirm_async = card_works  # a good card: settled by webhook
        run = bill_run_start(actor=SYSTEM, cloud=self.cloud, period=period, now=self.at(instant))
        run = bill_run_execute(run=run, now=instant)
        check(
            run.status == "completed", f"The bill run of {period} ended {run.status}: {run.error}"
        )
        self.settle()
        inv = Invoice.objects.get(cloud=self.cloud, kind=InvoiceKind.RETAIL, period=period)
        check(inv.status != "draft", f"The {period} invoice was not issued by the bill run.")
        lines = list(inv.lines.order_by("position"))
        parts = []
        for line in lines:
            if line.kind == "metered":
                parts.append(f"{line.quantity.normalize():f} h metered {self.m(line.amount)}")
            else:
                days = Decimal(line.days or 0).normalize()
                parts.append(f"{TARIFF} {days:f} days {self.m(line.amount)}")
        wholesale = Invoice.objects.get(cloud=self.cloud, kind=InvoiceKind.WHOLESALE, period=period)
        self.figures[period] = {
            "number": inv.number,
            "lines": [(x.kind, x.quantity, x.amount) for x in lines],
            "net": inv.net,
            "tax": inv.tax,
            "total": inv.total,
            "due_at": inv.due_at,
            "wholesale_net": wholesale.net,
        }
        assert inv.due_at is not None
        self.step(
            f"bill run {period}",
            f"invoice {inv.number} issued: {'; '.join(parts)}; net {self.m(inv.net)}, VAT "
            f"{self.m(inv.tax)}, total {self.m(inv.total)}, due {inv.due_at:%Y-%m-%d}; wholesale "
            f"draft to the provider net {self.m(wholesale.net)}",
        )
        attempt = ChargeAttempt.objects.filter(invoice=inv).order_by("number").first()
        check(attempt is not None, "The card was not charged when the invoice was issued.")
        assert attempt is not None
        self.invoice = inv
        self.attempt = attempt
        expected = "pending" if card_works else "failed"
        check(
            attempt.status == expected,
            f"The charge on issue is {attempt.status} ({attempt.error}), expected {expected}.",
        )
        outcome = (
            f"PaymentIntent {attempt.intent_id} processing"
            if card_works
            else f"declined: {attempt.error}"
        )
        self.step(
            "card charged on issue (Stripe adapter)",
            f"{self.m(attempt.amount)}, idempotency key {attempt.idempotency_key}: {outcome}",
        )

    def stripe_webhook_succeeded(self) -> None:
        from cambill.payments.models import Payment

        self.at(MARCH_BILLED_AT + timedelta(minutes=5))
        obj = self.fake_stripe.succeed(self.attempt.intent_id)
        answer = self.send_stripe_event("payment_intent.succeeded", obj)
        self.settle()
        check(answer["status"] == "processed", f"The Stripe webhook was {answer['status']}.")
        self.invoice.refresh_from_db()
        payment = Payment.objects.get(cloud=self.cloud, external_id=f"stripe:{obj['id']}")
        check(self.invoice.status == "paid", f"The invoice is {self.invoice.status}, not paid.")
        check(payment.amount == self.invoice.total, "The payment is not the invoice's total.")
        self.figures["march_payment"] = payment.amount
        self.step(
            "Stripe webhook handled",
            f"payment_intent.succeeded {answer['event']} (signature verified): payment "
            f"{self.m(payment.amount)} recorded, invoice {self.invoice.number} paid",
        )

    def outbound_webhooks(self) -> None:
        got = self.receiver.received
        check(bool(got), "No outbound webhook reached the receiver.")
        bad = [r.event_type for r in got if not r.valid]
        check(not bad, f"Webhooks with an invalid signature: {bad}.")
        types = [r.event_type for r in got]
        for needed in ("camera.tariff_changed", "invoice.issued", "invoice.paid"):
            check(needed in types, f"No {needed} webhook was delivered.")
        check("payment.succeeded" in types, "No payment.succeeded webhook was delivered.")
        self.figures["webhooks"] = list(types)
        self.step(
            "outbound webhooks delivered",
            f"{len(got)} POSTs to the local receiver, every Standard Webhooks signature "
            f"valid: {', '.join(types)}",
        )

    def commission(self, period: str) -> None:
        from cambill.referrals.models import CommissionEntry

        entries = list(
            CommissionEntry.objects.filter(cloud=self.cloud, period=period).order_by("level")
        )
        check(len(entries) == 2, f"{len(entries)} commission entries for {period}, not 2.")
        self.figures[f"commission {period}"] = [(e.agent.code, e.level, e.amount) for e in entries]
        parts = [
            f"{e.agent.code} level {e.level} {e.rate.normalize():f} % of {self.m(e.base_amount)} "
            f"= {self.m(e.amount)}"
            for e in entries
        ]
        self.step(f"commission {period}", "; ".join(parts))

    def ledger(self, title: str) -> None:
        from cambill.payments import ledger as L
        from cambill.payments.models import LedgerEntry, LedgerLine

        totals = LedgerLine.objects.filter(cloud=self.cloud).aggregate(
            d=Sum("debit"), c=Sum("credit")
        )
        debits, credits = totals["d"] or Decimal(0), totals["c"] or Decimal(0)
        check(debits == credits, f"The ledger does not balance: {debits} != {credits}.")
        for entry in LedgerEntry.objects.filter(cloud=self.cloud):
            agg = entry.lines.aggregate(d=Sum("debit"), c=Sum("credit"))
            check(agg["d"] == agg["c"], f"Journal {entry.key} does not balance.")
        balance = L.account_balance(self.account)
        cash = L.code_balance(self.cloud.pk, L.CASH)
        self.figures[title] = {"debits": debits, "balance": balance, "cash": cash}
        journals = LedgerEntry.objects.filter(cloud=self.cloud).count()
        self.step(
            title,
            f"{journals} journals, debits = credits = {self.m(debits)}; cash received "
            f"{self.m(cash)}; northwind owes {self.m(balance)}",
        )

"""The flow's payment-failure steps: the card declined, dunning reminders, suspension, the
payment and resumption, and letting go of the fake servers at the end."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from cambill.core.access import SYSTEM

from .base import FlowBase
from .common import (
    DUNNING_RUNS,
    PAID_AT,
    REMINDER_DAYS,
    SERIAL,
    SUSPEND_DAY,
    check,
    first_line_with,
)


class DunningSteps(FlowBase):
    """A declined card through dunning to suspension and back (month 2)."""

    def stripe_webhook_failed(self) -> None:
        from cambill.payments.models import ChargeAttempt

        obj = self.fake_stripe.objects[self.attempt.intent_id]
        answer = self.send_stripe_event("payment_intent.payment_failed", obj)
        check(answer["status"] == "processed", f"The Stripe webhook was {answer['status']}.")
        failed = ChargeAttempt.objects.filter(invoice=self.invoice, status="failed").count()
        check(failed == 1, f"{failed} failed attempts recorded, not 1.")
        self.step(
            "Stripe webhook handled",
            f"payment_intent.payment_failed {answer['event']} (signature verified): the "
            "failure was recorded once; payment.failed sent to the webhook receiver",
        )

    def dunning(self, instant: datetime) -> tuple[dict[str, int], list[Any]]:
        from django.core import mail

        from cambill.payments.dunning import dunning_run

        before = len(getattr(mail, "outbox", []))
        stats = dunning_run(cloud=self.cloud, now=self.at(instant))
        self.settle()
        return stats, list(getattr(mail, "outbox", []))[before:]

    def dunning_reminders(self) -> None:
        from cambill.payments.models import ChargeAttempt

        self.figures["mails"] = []
        for day, instant in zip(REMINDER_DAYS, DUNNING_RUNS[:2], strict=True):
            stats, mails = self.dunning(instant)
            check(stats["reminders"] == 1, f"Day {day}: {stats['reminders']} reminders, not 1.")
            # The reminder, and the declined retry of the card told to the subscriber.
            check(len(mails) == 2, f"Day {day}: {len(mails)} e-mails sent, not 2.")
            told = [m for m in mails if m.subject in _subjects("payment_failed")]
            check(len(told) == 1, f"Day {day}: the declined retry was not e-mailed.")
            mail_ = next(m for m in mails if m not in told)
            self.figures["mails"].append((mail_.to[0], mail_.subject))
            attempts = ChargeAttempt.objects.filter(invoice=self.invoice).order_by("number")
            last = attempts.last()
            assert last is not None
            self.step(
                f"dunning day {day}",
                f'reminder e-mailed to {mail_.to[0]}: "{mail_.subject}" '
                f"({first_line_with(mail_.body, 'USD', '$')}); card retried: attempt "
                f"{last.number} {last.status}",
            )

    def suspension(self) -> None:
        from cambill.clouds.models import Account

        stats, _ = self.dunning(DUNNING_RUNS[2])
        check(stats["suspended"] == 1, f"Day {SUSPEND_DAY}: nothing was suspended.")
        account = Account.objects.get(pk=self.account.pk)
        check(account.status == "suspended", f"The account is {account.status}, not suspended.")
        stream = self.stream()
        self.figures["stream_after_suspension"] = stream.get("disabled")
        check(stream.get("disabled") is True, "The stream is not disabled in the fake Watcher.")
        types = [r.event_type for r in self.receiver.received]
        check("account.suspended" in types, "No account.suspended webhook was delivered.")
        self.step(
            f"suspended on day {SUSPEND_DAY}",
            f"northwind suspended; GET /streams/{SERIAL} on the fake Watcher: disabled=true, "
            f"status {stream.get('stats', {}).get('status')}; account.suspended delivered",
        )

    def payment_and_resumption(self) -> None:
        from cambill.clouds.models import Account
        from cambill.payments.gateways.charging import charge_invoice

        self.fake_stripe.decline = False
        self.fake_stripe.confirm_async = False
        attempt = charge_invoice(self.invoice, now=self.at(PAID_AT))
        self.settle()
        check(
            attempt is not None and attempt.status == "succeeded",
            f"The card charge after suspension is {attempt.status if attempt else 'skipped'}.",
        )
        assert attempt is not None
        self.invoice.refresh_from_db()
        check(self.invoice.status == "paid", f"The invoice is {self.invoice.status}, not paid.")
        self.figures["april_payment"] = attempt.amount
        self.step(
            "payment",
            f"the subscriber fixed the card; attempt {attempt.number} {attempt.status}: "
            f"{self.m(attempt.amount)} recorded, invoice {self.invoice.number} paid",
        )
        account = Account.objects.get(pk=self.account.pk)
        check(account.status == "active", f"The account is {account.status}, not resumed.")
        stream = self.stream()
        self.figures["stream_after_payment"] = stream.get("disabled")
        check(stream.get("disabled") is False, "The stream is still disabled in the fake Watcher.")
        types = [r.event_type for r in self.receiver.received]
        check("account.resumed" in types, "No account.resumed webhook was delivered.")
        bad = [r.event_type for r in self.receiver.received if not r.valid]
        check(not bad, f"Webhooks with an invalid signature: {bad}.")
        self.figures["webhooks"] = types
        self.step(
            "resumed",
            f"northwind active; GET /streams/{SERIAL}: disabled=false, status "
            f"{stream.get('stats', {}).get('status')}; account.resumed delivered "
            f"({len(types)} webhooks in all, all signatures valid)",
        )

    def _disconnect(self) -> None:
        """The servers stop with the run: switch off what would call them later."""
        from cambill.watcher.services.connection import watcher_connection_set
        from cambill.webhooks.services import webhook_endpoint_update

        with contextlib.suppress(Exception):
            if getattr(self, "endpoint", None) is not None:
                webhook_endpoint_update(actor=self.admin, endpoint=self.endpoint, active=False)
        with contextlib.suppress(Exception):
            if getattr(self, "cloud", None) is not None:
                watcher_connection_set(actor=SYSTEM, cloud=self.cloud, enabled=False)


def _subjects(kind: str) -> set[str]:
    """The subjects of the outbox's messages of one kind."""
    from cambill.notifications.models import Message

    return set(Message.objects.filter(kind=kind).values_list("subject", flat=True))

"""The whole flow, from a camera bought to money taken from a card, as ordered steps.

``DemoFlow(...).run()`` creates its own uniquely named cloud (so it can run
repeatedly against the demo database without touching the demo's data), starts
three local servers in threads (the fake Flussonic Watcher, a fake Stripe API
the official SDK is pointed at, and a receiver of cambill's outbound webhooks)
and goes through the domain verbs and tasks in order, printing one line per
step with what happened and the figures. Every step checks its outcome and
raises :class:`FlowError` with a clear message when it is not what it should be.

Time is simulated: each verb and task gets an explicit ``now`` (March to June
2026); nothing sleeps. The fake Watcher's own clock is moved with ``advance``
so archives grow between polls, and the fake Stripe dates its objects with the
flow's clock. Work the domain does after commit (Watcher pushes, webhook
deliveries, the card charge on issue) runs in-process (Celery eager), and each
step also drains this cloud's outbox and due deliveries, so the flow does not
depend on a beat schedule.

Month 1 (March): an agent signs up a subscriber; a camera arrives through the
Flussonic Agent intake CSV, is attached and given a tariff with a metered extra;
the subscriber saves a card (SetupIntent); the fake Watcher records and three
polls ingest the usage; the bill run issues the invoice; the card is charged on
issue (Stripe answers ``processing``) and the ``payment_intent.succeeded``
webhook, signed as Stripe signs it, records the payment; outbound webhooks
arrive signed; the agents' commission appears.

Month 2 (April): the card is declined; dunning reminds by e-mail (day 3 and 10,
retrying the card), suspends on day 20 (the stream is disabled in the fake
Watcher, read back over HTTP), the card is charged successfully and the account
resumes (the stream is enabled again).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable

from django.utils import timezone

from cambill.core.errors import DomainError

from .billing import BillingSteps
from .common import (
    APRIL,
    APRIL_BILLED_AT,
    APRIL_POLL,
    LAST_INSTANT,
    MARCH,
    MARCH_BILLED_AT,
    SERIAL,
    FlowError,
    FlowResult,
)
from .dunning import DunningSteps
from .world import WorldSteps


class DemoFlow(WorldSteps, BillingSteps, DunningSteps):
    """One run of the flow. ``out`` gets each step's line as it completes."""

    def run(self) -> FlowResult:
        from cambill.clouds.models import Cloud

        if Cloud.objects.filter(slug=self.slug).exists():
            raise FlowError(
                f"A cloud '{self.slug}' exists already; demo-flow creates a new cloud on every "
                "run (leave out --cloud-slug to get a fresh name)."
            )
        if timezone.now() < LAST_INSTANT:
            raise FlowError(
                f"The flow simulates March to June 2026 and needs a clock past {LAST_INSTANT}."
            )
        with self._servers(), self._environment():
            try:
                self._month_one()
                self._month_two()
            finally:
                self._disconnect()
        return self.result

    # -- month 1 ----------------------------------------------------------------

    def _month_one(self) -> None:
        self.setup_cloud()
        self.agent_signs_up()
        self.intake_csv()
        self.attach_camera()
        self.give_tariff()
        self.save_card()
        self.record_and_poll()
        self.bill_month(MARCH, MARCH_BILLED_AT, card_works=True)
        self.stripe_webhook_succeeded()
        self.outbound_webhooks()
        self.commission(MARCH)
        self.ledger("ledger after March")

    # -- month 2 ----------------------------------------------------------------

    def _month_two(self) -> None:
        instant, hours = APRIL_POLL
        self.poll(instant, hours)
        hours_april = self.recorded_hours(APRIL)
        self.figures["april_hours"] = hours_april
        self.step(
            "April usage", f"the archive grew {hours} h: {hours_april:.2f} recorded hours ingested"
        )
        self.bill_month(APRIL, APRIL_BILLED_AT, card_works=False)
        self.stripe_webhook_failed()
        self.dunning_reminders()
        self.suspension()
        self.payment_and_resumption()
        self.commission(APRIL)
        self.ledger("ledger at the end")


def run_flow(*, slug: str | None = None, out: Callable[[str], None] | None = None) -> FlowResult:
    """Run the flow; a failure is a :class:`FlowError` naming the step and the cause."""
    flow = DemoFlow(slug=slug, out=out)
    try:
        return flow.run()
    except FlowError as exc:
        raise FlowError(f"step {flow._number + 1} failed: {exc}") from exc
    except DomainError as exc:
        raise FlowError(f"step {flow._number + 1} failed: {exc.code}: {exc.message}") from exc
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        raise FlowError(f"step {flow._number + 1} failed: {detail}") from exc


__all__ = ["SERIAL", "DemoFlow", "FlowError", "FlowResult", "run_flow"]

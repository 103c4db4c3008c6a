"""The demo's months after the data: billing, mail and money, in time order.

Each step is an action dated on the demo clock; an action may schedule later
ones (an issued invoice schedules its bank transfer, a transfer the statement
that brings it). Actions run in (time, order of scheduling) order, each with
the clock set to its time, so every verb stamps what it writes as it would
have been written that day, and two runs with the same seed and ``now`` do the
same things in the same order.

While the history runs: Celery tasks run in-process (the issue jobs, the card
charges after commit), the Stripe SDK talks to a local fake Stripe, the outbox
queues without sending on commit and the history's mail is delivered at its
time by ``mail.deliver`` (``mail.py``).
"""

from __future__ import annotations

import heapq
import itertools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.test.utils import override_settings

from .clock import DemoClock
from .plan import Plan


class Timeline:
    """A queue of dated actions."""

    def __init__(self, clock: DemoClock, now: datetime):
        self.clock = clock
        self.now = now
        self._heap: list[tuple[datetime, int, Callable[[datetime], None]]] = []
        self._seq = itertools.count()
        self.after_each: Callable[[datetime], None] | None = None

    def at(self, when: datetime, action: Callable[[datetime], None]) -> bool:
        """Schedule ``action(when)``; refused (False) when ``when`` is not before now."""
        if when >= self.now:
            return False
        heapq.heappush(self._heap, (when, next(self._seq), action))
        return True

    def run(self) -> None:
        while self._heap:
            when, _, action = heapq.heappop(self._heap)
            self.clock.set(when)
            with committed():
                action(when)
            if self.after_each is not None:
                self.after_each(when)


@contextmanager
def committed() -> Iterator[None]:
    """What the block leaves for after commit runs at its end, even inside a
    transaction the caller keeps open (a test's), where nothing ever commits: the
    issue job a verb queued, the card charges its chunks queued."""
    from django.db import connection

    if not connection.in_atomic_block:
        yield  # each verb commits on its own; its after-commit work has run
        return
    start = len(connection.run_on_commit)
    yield
    while len(connection.run_on_commit) > start:
        pending: list[Any] = list(connection.run_on_commit[start:])
        del connection.run_on_commit[start:]
        for _savepoints, func, robust in pending:
            if not robust:
                func()
                continue
            try:
                func()
            except Exception:
                logging.getLogger(__name__).exception("after-commit work failed")


@contextmanager
def environment(stripe_base: str) -> Iterator[None]:
    """In-process tasks, the SDK pointed at the fake Stripe, the outbox not sending
    on commit."""
    from cambill_sandbox.eager import eager_tasks

    with (
        eager_tasks(),
        override_settings(STRIPE_API_BASE=stripe_base, CAMBILL_NOTIFICATIONS_SEND_ON_COMMIT=False),
    ):
        yield


def live(
    plan: Plan,
    builder: Any,
    clock: DemoClock,
    write: Callable[[str], None],
    *,
    bill_runs: bool = True,
) -> dict[str, Any]:
    """Bill, issue, mail, collect, chase and pay agents through the months of
    the plan; returns the counts of what happened."""
    from .billing import Billing
    from .collect import Collections, DemoStripe
    from .mail import Mailer

    counts: dict[str, Any] = {"runs": 0, "issued": 0, "drafts": 0, "failed": 0}
    if not bill_runs:
        return counts
    stripe = DemoStripe(plan.seed)
    stripe.start()
    try:
        with environment(stripe.base):
            timeline = Timeline(clock, plan.now)
            mailer = Mailer(plan.now)
            collections = Collections(plan, builder, timeline, stripe, write)
            billing = Billing(plan, builder, timeline, counts, write, collections)
            if not billing.schedule():
                return counts
            collections.schedule()
            # A partial payment and credit notes with legal e-invoices (issue #19).
            from .einvoice import schedule as einvoice_schedule

            einvoice_schedule(plan, builder, timeline, collections, counts)
            timeline.after_each = mailer.deliver
            timeline.run()
            counts.update(collections.counts)
            counts["mail_sent"] = mailer.sent
    finally:
        stripe.stop()
    return counts

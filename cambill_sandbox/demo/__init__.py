"""Demo data: a provider, operators in several countries, their subscribers,
cameras with months of tariff history, and (when invoicing can) invoices.

``cambill demo-data`` (``cambill_sandbox/management/commands/demo_data.py``) is
the entry point; :func:`generate` does the work so tests and benchmarks can
call it directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from .plan import PASSWORD, Plan, make_plan

__all__ = ["PASSWORD", "DemoResult", "generate", "make_plan"]


@dataclass
class DemoResult:
    """What :func:`generate` made and how long it took."""

    plan: Plan
    elapsed: float
    bills: dict[str, Any] | None
    fast: bool
    watcher: dict[str, dict[str, int]] | None = None


def generate(
    *,
    seed: int,
    clouds: int,
    accounts: int,
    cameras: int,
    months: int,
    now: datetime,
    fast: bool = False,
    reset: bool = False,
    bill_runs: bool = True,
    watcher: bool = True,
    write: Callable[[str], None] = print,
) -> DemoResult:
    """Build the demo. The caller has checked that the database is empty or
    asked for ``reset``; the data (and the reset) are one transaction, the
    bill runs come after it, each in its own transactions. Last, each cloud
    gets its fake Watcher mirror and connection (``watcher.py``): after the
    bill runs, so nothing pushes to a Watcher that is not running yet."""
    from cambill_sandbox.einvoice.clients import sandboxes_forget

    from .apply import Builder
    from .clock import DemoClock, replay
    from .reset import flush_domain

    started = time.perf_counter()
    plan = make_plan(
        seed=seed, clouds=clouds, accounts=accounts, cameras=cameras, months=months, now=now
    )
    clock = DemoClock(plan.provider_setup_at)
    bills = None
    # The sandbox authorities of the process know nothing of this run's data yet.
    sandboxes_forget()
    # DEBUG's query log formats and keeps every SQL statement: about a fifth
    # of the run's time for tens of thousands of queries, and nothing to see.
    with override_settings(DEBUG=False), replay(clock, seed):
        with transaction.atomic():
            if reset:
                flush_domain()
            builder = Builder(plan, clock, fast=fast)
            builder.run()
            # Usage prices the operator sets (issue #17, point 2).
            from .metered import set_up as metered_set_up

            metered_set_up(builder, plan, clock, seed)
            # One-off sales and a coupon (issue #17, points 3 and 4).
            from .sales import set_up as sales_set_up

            sales_set_up(builder, plan, clock, seed)
            # Suspended days skipped and offline credits (issue #17, points 5 and 6).
            from .suspension import set_up as suspension_set_up

            suspension_set_up(builder, plan, clock, seed)
            # Self-service tariffs a subscriber switches to itself (issue #17, point 7).
            from .selfservice import set_up as selfservice_set_up

            selfservice_set_up(builder, plan)
            # The Mexican and Colombian clouds' subscribers as e-invoice receivers (issue #19).
            from .einvoice import receivers_set_up

            receivers_set_up(builder, plan)
        if bill_runs:
            # The months lived: bill, issue, mail, collect, chase, pay agents.
            from .history import live

            bills = live(plan, builder, clock, write)
        mirrored = None
        if watcher:
            from .watcher import mirror

            clock.set(plan.now)
            with transaction.atomic():
                mirrored = mirror(plan, seed=seed)
        # A login made and deactivated, a password-reset link (issue #13, point 6).
        from .people import set_up as people_set_up

        with transaction.atomic():
            people_set_up(builder, plan, clock)
        # A cloud created today with nothing in it yet: its first-steps checklist.
        from .newcloud import set_up as new_cloud_set_up

        with transaction.atomic():
            new_cloud_set_up(builder, plan, clock)
        # The dashboards open with their figures computed as of "now".
        from cambill.core.access import SYSTEM
        from cambill.metrics.services import metrics_refresh_all

        clock.set(plan.now)
        metrics_refresh_all(actor=SYSTEM, now=plan.now)
    return DemoResult(
        plan=plan,
        elapsed=time.perf_counter() - started,
        bills=bills,
        fast=fast,
        watcher=mirrored,
    )

"""Bill runs for the demo's closed months, when invoicing provides them.

Each cloud is billed for each closed month a few days after it ends (the
grace days a billing team waits for late usage), and every invoice except the
last month's is issued; the last month stays in draft so the demo shows both.

The second operator switched to billing in advance after its first demo month
(issue #17): from then on each month is billed a few days after it BEGINS,
ahead, with the true-up of the month before; the current month's advance run
is its draft. Its first advance invoice shows no true-up, the month before
having been billed in arrears; the wholesale invoices stay in arrears.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.core.periods import Period

from .clock import DemoClock
from .plan import Plan

ADVANCE_CLOUD = 1  # the second operator bills in advance after its first month


def _call(func: Callable[..., Any], **candidates: Any) -> Any:
    """Call ``func`` with the candidate keywords it accepts (the invoicing
    verbs are young; this keeps the demo working across small renames)."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return func(**candidates)
    return func(**{k: v for k, v in candidates.items() if k in params})


def run_bills(
    plan: Plan, clouds: dict[str, Any], clock: DemoClock, write: Callable[[str], None]
) -> dict[str, int]:
    """Returns counts: runs, issued, drafts, failed. Prints a note and does
    nothing when ``cambill.invoicing.services`` has no bill runs yet."""
    counts = {"runs": 0, "issued": 0, "drafts": 0, "failed": 0}
    try:
        services = importlib.import_module("cambill.invoicing.services")
    except ImportError:
        services = None
    if services is None or not (
        hasattr(services, "bill_run_start") and hasattr(services, "bill_run_execute")
    ):
        write(
            "Note: invoicing has no bill runs yet (cambill.invoicing.services.bill_run_start/"
            "bill_run_execute); skipped invoices."
        )
        return counts
    from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

    issue = getattr(services, "invoice_issue", None)
    grace = int(getattr(settings, "CAMBILL_BILL_RUN_GRACE_DAYS", 3))
    jobs = []
    last_of: dict[str, int] = {}
    for c in plan.clouds:
        months = list(c.closed_periods)
        ahead_from = len(months)
        if c.index == ADVANCE_CLOUD and len(months) >= 2:
            ahead_from = 1
            current = Period.containing(plan.now, c.tz)
            if plan.now >= current.start + timedelta(days=grace, hours=10):
                months.append(current)
        for m, period in enumerate(months):
            ahead = m >= ahead_from
            # An advance run waits the same grace after the month before ended,
            # and goes after that month's arrears run at the switch.
            at = period.start if ahead else period.end
            at = min(at + timedelta(days=grace, hours=10 if ahead else 6), plan.now)
            jobs.append((at, c.index, m, c, period, m == ahead_from))
        last_of[c.slug] = len(months) - 1
    jobs.sort(key=lambda j: (j[0], j[1]))
    for at, _, m, c, period, switch in jobs:
        cloud = clouds[c.slug]
        clock.set(at)
        if switch:
            from cambill.clouds.services import cloud_update

            clock.set(at - timedelta(hours=1))
            cloud = cloud_update(actor=SYSTEM, cloud=cloud, billing_timing="advance")
            clouds[c.slug] = cloud
            clock.set(at)
        try:
            run = _call(
                services.bill_run_start, actor=SYSTEM, cloud=cloud, period=period.key, now=at
            )
            run = _call(services.bill_run_execute, actor=SYSTEM, run=run, bill_run=run, now=at)
        except DomainError as e:
            counts["failed"] += 1
            write(f"Note: bill run {c.slug} {period.key} refused: {e.message}")
            continue
        counts["runs"] += 1
        if getattr(run, "status", "completed") != "completed":
            counts["failed"] += 1
            write(
                f"Note: bill run {c.slug} {period.key} ended {run.status}: {getattr(run, 'error', '')}"
            )
            continue
        # An advance run also makes the month before's wholesale invoice.
        drafts = list(
            Invoice.objects.filter(Q(period=period.key) | Q(bill_run=run))
            .filter(cloud=cloud, status=InvoiceStatus.DRAFT)
            .select_related("account")
            .order_by("kind", "account__code", "pk")
        )
        last = m == last_of[c.slug]
        if last or issue is None:
            counts["drafts"] += len(drafts)
            continue
        # Retail invoices go out first (numbered in account order), then the
        # provider's wholesale invoice to the cloud.
        drafts.sort(
            key=lambda inv: (
                inv.kind == InvoiceKind.WHOLESALE,
                inv.account.code if inv.account else "",
                inv.pk,
            )
        )
        issue_at = min(at + timedelta(hours=2), plan.now)
        clock.set(issue_at)
        for inv in drafts:
            try:
                _call(issue, actor=SYSTEM, invoice=inv, now=issue_at)
            except DomainError as e:
                counts["failed"] += 1
                write(f"Note: invoice {inv.pk} of {c.slug} {period.key} not issued: {e.message}")
                continue
            counts["issued"] += 1
    return counts

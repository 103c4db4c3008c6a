"""Bill runs for the demo's closed months, when invoicing provides them.

Each cloud is billed for each closed month a few days after it ends (the
grace days a billing team waits for late usage), and every invoice except the
last month's is issued; the last month stays in draft so the demo shows both.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError

from .clock import DemoClock
from .plan import Plan


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
    for c in plan.clouds:
        for m, period in enumerate(c.closed_periods):
            at = min(period.end + timedelta(days=grace, hours=6), plan.now)
            jobs.append((at, c.index, m, c, period))
    jobs.sort(key=lambda j: (j[0], j[1]))
    for at, _, m, c, period in jobs:
        cloud = clouds[c.slug]
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
        drafts = list(
            Invoice.objects.filter(cloud=cloud, period=period.key, status=InvoiceStatus.DRAFT)
            .select_related("account")
            .order_by("kind", "account__code", "pk")
        )
        last = m == len(c.closed_periods) - 1
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

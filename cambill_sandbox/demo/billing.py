"""Bill runs for the demo's closed months, reviewed and issued in bulk.

Each cloud is billed for each closed month a few days after it ends (the
grace days a billing team waits for late usage). Two hours later its cloud
accountant reads the review screen's totals and issues every retail draft in
one background job (``issue_job_start``, as the "Issue all" button does), and
the provider's accountant issues the cloud's wholesale invoice the same way.
Every month is issued, the last closed one too; the current month is open.
Issuing announces the invoices: the outbox queues their e-mails, autopay
charges the saved cards, and the collections (``collect.py``) follow.

The second operator switched to billing in advance after its first demo month
(issue #17): from then on each month is billed a few days after it BEGINS,
ahead, with the true-up of the month before; its first advance invoice shows
no true-up, the month before having been billed in arrears; the wholesale
invoices stay in arrears (an advance run makes the month before's wholesale
invoice, issued with that month's run).
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

from .plan import Plan

ADVANCE_CLOUD = 1  # the second operator bills in advance after its first month


def _call(func: Callable[..., Any], **candidates: Any) -> Any:
    """Call ``func`` with the candidate keywords it accepts (the invoicing
    verbs are young; this keeps the demo working across small renames)."""
    params = inspect.signature(func).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return func(**candidates)
    return func(**{k: v for k, v in candidates.items() if k in params})


def _actor(username: str) -> Any:
    from cambill.accounts.models import User
    from cambill.core.access import actor_for

    user = User.objects.filter(username=username).first()
    return actor_for(user) if user is not None else SYSTEM


class Billing:
    """Schedules each cloud's monthly bill run and its bulk issue on the timeline."""

    def __init__(
        self,
        plan: Plan,
        builder: Any,
        timeline: Any,
        counts: dict[str, Any],
        write: Callable[[str], None],
        collections: Any,
    ):
        self.plan = plan
        self.clouds: dict[str, Any] = builder.clouds
        self.timeline = timeline
        self.counts = counts
        self.write = write
        self.collections = collections
        self.services: Any = None

    def schedule(self) -> bool:
        """Put every run on the timeline; False (and a note) when invoicing has
        no bill runs."""
        try:
            services = importlib.import_module("cambill.invoicing.services")
        except ImportError:
            services = None
        if services is None or not (
            hasattr(services, "bill_run_start") and hasattr(services, "bill_run_execute")
        ):
            self.write(
                "Note: invoicing has no bill runs yet (cambill.invoicing.services.bill_run_start/"
                "bill_run_execute); skipped invoices."
            )
            return False
        self.services = services
        plan = self.plan
        grace = int(getattr(settings, "CAMBILL_BILL_RUN_GRACE_DAYS", 3))
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
                # Runs clamped to "now" (the last closed month billed today) go just before it.
                at = min(at, plan.now - timedelta(hours=3, minutes=c.index))
                switch = m == ahead_from

                def bill(
                    when: Any, c: Any = c, period: Any = period, switch: bool = switch
                ) -> None:
                    self.bill(when, c, period, switch)

                if self.timeline.at(at, bill):
                    self.collections.expect_run(c.slug, self._issue_at(at))
        return True

    def _issue_at(self, at: Any) -> Any:
        return min(at + timedelta(hours=2), self.plan.now - timedelta(minutes=30))

    def bill(self, at: Any, c: Any, period: Period, switch: bool) -> None:
        from cambill.invoicing.models import Invoice, InvoiceStatus

        services = self.services
        cloud = self.clouds[c.slug]
        if switch:
            from cambill.clouds.services import cloud_update

            self.timeline.clock.set(at - timedelta(hours=1))
            cloud = cloud_update(actor=SYSTEM, cloud=cloud, billing_timing="advance")
            self.clouds[c.slug] = cloud
            self.timeline.clock.set(at)
        try:
            run = _call(
                services.bill_run_start, actor=SYSTEM, cloud=cloud, period=period.key, now=at
            )
            run = _call(services.bill_run_execute, actor=SYSTEM, run=run, bill_run=run, now=at)
        except DomainError as e:
            self.counts["failed"] += 1
            self.write(f"Note: bill run {c.slug} {period.key} refused: {e.message}")
            self.collections.run_failed(c.slug, self._issue_at(at))
            return
        self.counts["runs"] += 1
        if getattr(run, "status", "completed") != "completed":
            self.counts["failed"] += 1
            self.write(
                f"Note: bill run {c.slug} {period.key} ended {run.status}: {getattr(run, 'error', '')}"
            )
            self.collections.run_failed(c.slug, self._issue_at(at))
            return
        drafts = Invoice.objects.filter(Q(period=period.key) | Q(bill_run=run)).filter(
            cloud=cloud, status=InvoiceStatus.DRAFT
        )
        # Autopay needs the card before the invoice: new subscribers save theirs now.
        self.timeline.clock.set(at + timedelta(hours=1))
        self.collections.before_issue(cloud, list(drafts.select_related("account")), at)
        issue_at = self._issue_at(at)

        def issue(when: Any) -> None:
            self.issue(when, c, run)

        self.timeline.at(issue_at, issue)

    def issue(self, at: Any, c: Any, run: Any) -> None:
        """The review, then "Issue all": the cloud accountant's job for the retail
        drafts, the provider accountant's for the wholesale one."""
        from cambill.invoicing.issuing import issue_job_start
        from cambill.invoicing.models import BillRun, Invoice, InvoiceStatus, IssueJob
        from cambill.invoicing.review import review_totals

        from .history import committed

        cloud = self.clouds[c.slug]
        acct = _actor(f"{c.slug}-acct")
        review_totals(actor=acct, cloud=cloud, run=run)  # what the accountant checks first
        jobs: list[IssueJob] = []
        for actor in (acct, _actor("accountant")):
            if not Invoice.objects.filter(
                cloud=cloud, period=run.period, status=InvoiceStatus.DRAFT
            ).exists():
                break
            with committed():  # the job runs once its start commits
                jobs.append(issue_job_start(actor=actor, cloud=cloud, run=run, now=at))
        # An advance run's wholesale invoice of the month before is issued with that month's run.
        for inv in Invoice.objects.filter(bill_run=run, status=InvoiceStatus.DRAFT).exclude(
            period=run.period
        ):
            earlier = BillRun.objects.filter(cloud=cloud, period=inv.period).first()
            if earlier is not None:
                with committed():
                    jobs.append(
                        issue_job_start(
                            actor=_actor("accountant"),
                            cloud=cloud,
                            run=earlier,
                            invoice_ids=[inv.pk],
                            now=at,
                        )
                    )
        for job in jobs:
            job.refresh_from_db()
            self.counts["issued"] += job.done
            if job.status != "completed":
                self.counts["failed"] += 1
                self.write(
                    f"Note: issue job of {c.slug} {run.period} ended {job.status}: {job.errors}"
                )
        self.counts["drafts"] = Invoice.objects.filter(status=InvoiceStatus.DRAFT).count()
        # The jobs run in-process after commit, dated by the demo clock (``at``).
        issued = list(
            Invoice.objects.filter(cloud=cloud, issued_at=at)
            .select_related("account", "cloud")
            .order_by("kind", "account__code", "pk")
        )
        self.collections.after_issue(cloud, run, issued, at)

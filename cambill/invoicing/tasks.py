"""Background jobs of invoicing. Eager (in-process) in the embedded default.

``bill_previous_month`` is the scheduled job: once the previous month has
ended in a cloud's time zone AND the grace period has passed (so late usage is
counted), it bills that cloud. A cloud billing in advance is billed for the
current month at the same moment (its invoice holds the month ahead and the
true-up of the month that just ended, so it waits for the same grace). It is
safe to run every hour: a completed run for the period is not started again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery.result import EagerResult
from django.conf import settings

from cambill.celery import app
from cambill.clouds.models import BillingTiming, Cloud, CloudStatus
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.periods import Period


def grace_days() -> int:
    return int(getattr(settings, "CAMBILL_BILL_RUN_GRACE_DAYS", 3))


@app.task(name="invoicing.execute_bill_run")
def execute_bill_run(run_id: int, now: str | None = None) -> dict[str, object]:
    """Execute (or resume) a started bill run."""
    from .models import BillRun
    from .services import bill_run_execute

    at = datetime.fromisoformat(now) if now else clock.now()
    run = BillRun.objects.get(pk=run_id)
    run = bill_run_execute(run=run, now=at)
    return {"id": run.pk, "status": run.status, "invoices_created": run.invoices_created}


@app.task(name="invoicing.bill_run_chunk", acks_late=True, reject_on_worker_lost=True)
def bill_run_chunk(chunk_id: int, now: str) -> dict[str, object]:
    """Rate and persist one chunk of a fanned-out bill run; the worker that finds
    every chunk done completes the run (wholesale, auto-issue, audit, hooks).

    Acknowledged after it ran, and requeued when its worker dies: the chunk's
    drafts and its done marker commit together, so a redelivered chunk is
    either done already (skipped) or redone from scratch."""
    from .billrun import chunks_left, finalize_fanned, run_chunk
    from .models import BillRunChunk

    at = datetime.fromisoformat(now)
    ran = run_chunk(chunk_id, at)
    run_id = BillRunChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).first()
    status = "skipped"
    if ran and run_id is not None and not chunks_left(run_id):
        status = finalize_fanned(run_id, at).status
    return {"chunk": chunk_id, "run": run_id, "status": status}


@app.task(name="invoicing.bill_cloud")
def bill_cloud(cloud_id: int, period: str, now: str | None = None) -> dict[str, object]:
    """Start and execute the bill run of one cloud for one period."""
    from .services import bill_run_execute, bill_run_start

    at = datetime.fromisoformat(now) if now else clock.now()
    cloud = Cloud.objects.get(pk=cloud_id)
    run = bill_run_start(actor=SYSTEM, cloud=cloud, period=period, now=at)
    run = bill_run_execute(run=run, now=at)
    return {"id": run.pk, "status": run.status, "invoices_created": run.invoices_created}


@app.task(name="invoicing.bill_previous_month")
def bill_previous_month(now: str | datetime | None = None) -> list[dict[str, object]]:
    """Bill every active cloud once the grace period after its last month is
    over: that month in arrears, or the current one in advance."""
    from .models import BillRun, BillRunStatus

    at = datetime.fromisoformat(now) if isinstance(now, str) else now or clock.now()
    grace = timedelta(days=grace_days())
    results: list[dict[str, object]] = []
    for cloud in Cloud.objects.filter(status=CloudStatus.ACTIVE).order_by("slug"):
        current = Period.containing(at, cloud.timezone)
        ahead = cloud.billing_timing == BillingTiming.ADVANCE
        period = current if ahead else current.previous()
        if at < current.start + grace:
            continue
        done = BillRun.objects.filter(
            cloud=cloud, period=period.key, status=BillRunStatus.COMPLETED
        ).exists()
        if done:
            continue
        # Fan out one task per cloud: on a broker each cloud bills on its own worker.
        res = bill_cloud.delay(cloud.pk, period.key, at.isoformat())
        outcome = res.result if isinstance(res, EagerResult) else {"id": None, "status": "queued"}
        results.append({"cloud": cloud.slug, "period": period.key, **outcome})
    return results


@app.task(name="invoicing.run_issue_job")
def run_issue_job(job_id: int, now: str | None = None) -> dict[str, object]:
    """Run (or resume) a bulk issue of a bill run's drafts."""
    from .issuing import issue_job_run

    at = datetime.fromisoformat(now) if now else None
    job = issue_job_run(job_id=job_id, now=at)
    return {"id": job.pk, "status": job.status, "done": job.done, "failed": job.failed}

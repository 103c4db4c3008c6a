"""Issuing the drafts of a bill run in bulk, in the background (issue #13).

``issue_job_start`` is the verb a person calls (one transaction, one audit
row): it records an :class:`~.models.IssueJob` and hands it to the task
``invoicing.run_issue_job`` once the transaction commits (in-process in the
embedded default, on a worker when a broker is configured).

``issue_job_run`` does the work in chunks, each its own transaction: the
chunk's drafts are locked, take one block of the issuer's gapless series in
account-code order, become issued, get one audit row each and are announced
as one block (commission, the payments ledger and webhooks follow the
``INVOICES_ISSUED`` event). The job's counters move in the same transaction,
so the progress bar is what is committed, and a crash loses nothing: the next
run of the job carries on with the drafts still left. A draft already issued
is skipped, and only one job per bill run can be active (a partial unique
constraint), so issuing twice never takes a second number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM, Actor, actor_for
from cambill.core.audit import audit, audit_many
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.permissions import require

from . import bulk, hooks
from .models import (
    BillRun,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    IssueJob,
    IssueJobStatus,
)
from .numbering import series_for, take_numbers

log = logging.getLogger(__name__)

DEFAULT_ISSUE_CHUNK = 500
MAX_ERRORS = 50
STATE_FIELDS = ["status", "number", "issued_at", "due_at"]
ACTIVE = (IssueJobStatus.QUEUED, IssueJobStatus.RUNNING)


def issue_chunk_size() -> int:
    return max(1, int(getattr(settings, "CAMBILL_ISSUE_CHUNK", DEFAULT_ISSUE_CHUNK)))


def issuable_kinds(actor: Actor, cloud: Cloud) -> list[str]:
    """The kinds of invoice of ``cloud`` the actor may issue (retail: the cloud's
    staff and the provider admin; wholesale: the provider admin and accountant)."""
    return [
        k
        for k in (InvoiceKind.RETAIL, InvoiceKind.WHOLESALE)
        if actor.can("invoice.manage", Invoice(cloud=cloud, cloud_id=cloud.pk, kind=k))
    ]


def _drafts(job: IssueJob, run: BillRun) -> Any:
    qs = Invoice.objects.filter(
        cloud_id=job.cloud_id,
        period=run.period,
        kind__in=job.kinds,
        status=InvoiceStatus.DRAFT,
    )
    if job.invoice_ids:
        qs = qs.filter(pk__in=job.invoice_ids)
    return qs


def _clean_ids(invoice_ids: Any) -> list[int]:
    if not isinstance(invoice_ids, list | tuple):
        raise validation("invoices", _("Give a list of invoice ids."))
    out: list[int] = []
    for v in invoice_ids:
        if isinstance(v, bool) or not isinstance(v, int | str):
            raise validation("invoices", _("Invoice ids are whole numbers."))
        try:
            out.append(int(v))
        except ValueError:
            raise validation("invoices", _("Invoice ids are whole numbers.")) from None
    if not out:
        raise validation("invoices", _("Choose at least one invoice."))
    return sorted(set(out))


@transaction.atomic
def issue_job_start(
    *,
    actor: Actor,
    cloud: Cloud,
    run: BillRun,
    invoice_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> IssueJob:
    """Queue the issue of the run's drafts: all the actor may issue, or those chosen.

    Chosen invoices must be invoices of the run (its cloud and month) of a
    kind the actor may issue; those no longer drafts are skipped when the job
    runs. Refused with ``conflict`` while another job of the run is active.
    """
    now = clock.given(now)
    if run.cloud_id != cloud.pk:
        raise NotFound("bill run")
    kinds = issuable_kinds(actor, cloud)
    if not kinds:
        require(actor, "invoice.manage", Invoice(cloud=cloud, cloud_id=cloud.pk, kind="retail"))
    ids: list[int] = []
    if invoice_ids is not None:
        ids = _clean_ids(list(invoice_ids))
        found = set(
            Invoice.objects.filter(
                cloud=cloud, period=run.period, kind__in=kinds, pk__in=ids
            ).values_list("pk", flat=True)
        )
        missing = [i for i in ids if i not in found]
        if missing:
            shown = ", ".join(str(i) for i in missing[:10])
            raise validation(
                "invoices",
                _("Not invoices of this bill run you may issue: %(ids)s.") % {"ids": shown},
            )
    job = IssueJob(
        cloud=cloud,
        bill_run=run,
        invoice_ids=ids,
        kinds=[str(k) for k in kinds],
        created_by=actor.user,
        created_at=now,
    )
    job.total = _drafts(job, run).count()
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        active = IssueJob.objects.filter(bill_run=run, status__in=ACTIVE).first()
        raise DomainError(
            ErrorCode.CONFLICT,
            _("Invoices of this bill run are being issued already (job %(id)s); wait for it.")
            % {"id": active.pk if active else "?"},
        ) from None
    audit(
        actor=actor,
        verb="issue_job_start",
        obj=job,
        after={"bill_run": run.pk, "period": run.period, "invoices": ids, "total": job.total},
        now=now,
    )
    job_id = job.pk
    transaction.on_commit(lambda: dispatch(job_id), robust=True)
    return job


ISSUE_TASK = "invoicing.run_issue_job"


def dispatch(job_id: int) -> None:
    """Hand the job to Celery: on a worker with a broker, in-process without one.

    Started by the task's name (decision 0014): the tasks module calls down into
    this one, never the other way."""
    from cambill.celery import app

    # A web process has not imported the workers' tasks modules yet (Celery
    # discovers them lazily): without this the first "issue all" of a fresh
    # server leaves its job queued for ever.
    if ISSUE_TASK not in app.tasks:
        app.loader.import_default_modules()
    app.tasks[ISSUE_TASK].delay(job_id)


def _job_actor(job: IssueJob) -> Actor:
    user = job.created_by
    if user is None or not user.is_active:
        return SYSTEM
    return actor_for(user)


def _refused(invs: list[Invoice], now: datetime, cloud: Cloud) -> dict[int, str]:
    """The drafts a follower refuses to issue (``invoice.checking``: a legal e-invoice
    whose data is incomplete or fails its schema), each with every reason. The check
    only reads, so it needs no savepoint."""
    refused: dict[int, str] = {}
    for inv in invs:
        inv.cloud = cloud  # one cloud for the whole block, not one query per draft
        try:
            hooks.invoice_checking(inv, now=now)
        except DomainError as e:
            who = inv.account.code if inv.account is not None else inv.kind
            refused[inv.pk] = _("Invoice %(id)s (%(who)s) was not issued: %(reason)s") % {
                "id": inv.pk,
                "who": who,
                "reason": e.message,
            }
    return refused


def _issue_chunk(
    job_id: int, limit: int, now: datetime, refused: dict[int, str] | None = None
) -> tuple[bool, int]:
    """Issue the next chunk of the job; (more left, count issued). Drafts refused by
    a follower are left as drafts, named in ``refused`` and in the job's errors."""
    refused = {} if refused is None else refused
    with transaction.atomic():
        job = (
            IssueJob.objects.select_for_update().select_related("bill_run", "cloud").get(pk=job_id)
        )
        if job.status not in ACTIVE:
            return False, 0
        run, cloud = job.bill_run, job.cloud
        drafts = _drafts(job, run)
        # Lock the chunk (FOR UPDATE cannot take the outer join to accounts);
        # a draft issued meanwhile by someone else no longer matches and is left.
        ids = list(
            drafts.exclude(pk__in=list(refused))
            .order_by("kind", "account__code", "id")
            .select_for_update(of=("self",))
            .values_list("id", flat=True)[:limit]
        )
        if not ids:
            return False, 0
        invs = list(
            Invoice.objects.filter(pk__in=ids, status=InvoiceStatus.DRAFT)
            .select_related("account")
            .order_by("kind", "account__code", "id")
        )
        newly = _refused(invs, now, cloud)
        if newly:
            refused.update(newly)
            invs = [i for i in invs if i.pk not in newly]
            IssueJob.objects.filter(pk=job.pk).update(
                failed=F("failed") + len(newly),
                errors=[*job.errors, *newly.values()][-MAX_ERRORS:],
            )
        actor = _job_actor(job)
        rows: list[tuple[Any, ...]] = []
        entries: list[dict[str, Any]] = []
        numbers_taken: list[str] = []
        for kind in job.kinds:
            mine = [i for i in invs if i.kind == kind]
            if not mine:
                continue
            numbers = take_numbers(series_for(cloud, kind), now, len(mine))
            numbers_taken += numbers
            for inv, number in zip(mine, numbers, strict=True):
                due = now + timedelta(days=int(inv.issuer_details.get("payment_terms_days", 15)))
                rows.append((inv.pk, number, InvoiceStatus.ISSUED.value, now, due, now))
                entries.append(
                    {
                        "obj": inv,
                        "repr": number,
                        "before": {"status": "draft", "number": None},
                        "after": {
                            "status": "issued",
                            "number": number,
                            "issued_at": now,
                            "due_at": due,
                            "issue_job": job.pk,
                        },
                    }
                )
        bulk.update_rows(Invoice, ["number", "status", "issued_at", "due_at", "updated_at"], rows)
        audit_many(actor=actor, verb="invoice_issue", entries=entries, cloud_id=cloud.pk, now=now)
        for kind in job.kinds:
            kind_ids = [i.pk for i in invs if i.kind == kind]
            if kind_ids:
                hooks.invoices_issued(cloud, run.period, kind_ids, now=now)
        updates: dict[str, Any] = {"done": F("done") + len(rows)}
        if numbers_taken:
            if not job.first_number:
                updates["first_number"] = numbers_taken[0]
            updates["last_number"] = numbers_taken[-1]
        IssueJob.objects.filter(pk=job.pk).update(**updates)
        return len(ids) >= limit, len(rows)


def issue_job_run(*, job_id: int, now: datetime | None = None) -> IssueJob:
    """Run (or resume) a job until no draft of its selection is left."""
    now = clock.given(now)
    with transaction.atomic():
        job = IssueJob.objects.select_for_update().get(pk=job_id)
        if job.status not in ACTIVE:
            return job
        if job.status == IssueJobStatus.QUEUED:
            job.status = IssueJobStatus.RUNNING
            job.started_at = now
            job.save(update_fields=["status", "started_at"])
    limit = issue_chunk_size()
    refused: dict[int, str] = {}
    try:
        more = True
        while more:
            more, _n = _issue_chunk(job_id, limit, now, refused)
    except Exception as e:  # the job records why; what was committed stays issued
        log.exception("issue job %s failed", job_id)
        with transaction.atomic():
            job = IssueJob.objects.select_for_update().get(pk=job_id)
            left = _drafts(job, job.bill_run).count()
            job.failed = left
            job.errors = [*job.errors, str(e)[:500]][-MAX_ERRORS:]
            job.status = IssueJobStatus.FAILED
            job.finished_at = clock.given(None)
            job.save(update_fields=["failed", "errors", "status", "finished_at"])
        return job
    with transaction.atomic():
        job = IssueJob.objects.select_for_update().get(pk=job_id)
        # What was chosen but is no longer a draft (issued or voided before the
        # job reached it) was skipped, never numbered twice.
        job.skipped = max(0, job.total - job.done - job.failed)
        job.status = IssueJobStatus.COMPLETED
        job.finished_at = clock.given(None)
        job.save(update_fields=["skipped", "status", "finished_at"])
        hooks.invoices_block_done(job.cloud_id, now=now)
    return job

"""Reads of the review screen of a bill run (issue #13): the run's invoices,
each with its change against the account's previous invoice, flags, and the
run's totals beside last month's run of the same cloud; and the bulk-issue jobs.

The previous invoice of an account is its latest retail invoice of an earlier
month that was issued (issued or paid; drafts and void invoices are not
documents that were owed). The change is ``total - previous total``; the
percentage is that change over the previous total, rounded half-up to one
place (none when there is no previous invoice or it was zero).

A draft is flagged when its total is zero or negative, or when it moved by
more than the cloud's ``review_threshold_percent`` (strictly more) against
the previous invoice. Flagged rows come first.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Abs

from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.periods import BadPeriod, Period
from cambill.core.permissions import require

from .models import BillRun, Invoice, InvoiceKind, InvoiceStatus, IssueJob
from .selectors import bill_runs_in_scope, invoices_in_scope

ZERO = Decimal(0)
ONE_PLACE = Decimal("0.1")
FLAG_NONE, FLAG_MOVED, FLAG_ZERO, FLAG_NEGATIVE = "", "moved", "zero", "negative"
ISSUED_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PAID)
MONEY: Any = DecimalField(max_digits=18, decimal_places=4)


def change_percent(total: Decimal, previous: Decimal | None) -> Decimal | None:
    if previous is None or previous == 0:
        return None
    return ((total - previous) * 100 / abs(previous)).quantize(ONE_PLACE, ROUND_HALF_UP)


def flag_of(total: Decimal, previous: Decimal | None, threshold: Decimal) -> str:
    if total < 0:
        return FLAG_NEGATIVE
    if total == 0:
        return FLAG_ZERO
    if previous is None:
        return FLAG_NONE
    if previous == 0 or abs(total - previous) * 100 > threshold * abs(previous):
        return FLAG_MOVED
    return FLAG_NONE


def review_rows(*, actor: Actor, cloud: Any, run: BillRun) -> QuerySet[Invoice]:
    """The run's invoices the actor may see, annotated with ``previous_total``,
    ``change`` and ``flagged`` (1 or 0), flagged first, then by account code."""
    require(actor, "billrun.view", cloud)
    if run.cloud_id != cloud.pk:
        raise NotFound("bill run")
    threshold = Decimal(cloud.review_threshold_percent)
    previous = (
        Invoice.objects.filter(
            account_id=OuterRef("account_id"),
            kind=InvoiceKind.RETAIL,
            period__lt=OuterRef("period"),
            status__in=ISSUED_STATUSES,
        )
        .order_by("-period", "-id")
        .values("total")[:1]
    )
    return (
        invoices_in_scope(actor, cloud)
        .filter(period=run.period)
        .select_related("account")
        .annotate(previous_total=Subquery(previous, output_field=MONEY))
        .annotate(change=ExpressionWrapper(F("total") - F("previous_total"), output_field=MONEY))
        .annotate(
            flagged=Case(
                When(Q(status=InvoiceStatus.VOID), then=Value(0)),
                When(Q(total__lte=0), then=Value(1)),
                When(Q(previous_total__isnull=True), then=Value(0)),
                When(Q(previous_total=0), then=Value(1)),
                When(
                    Q(
                        change__gt=ExpressionWrapper(
                            Abs(F("previous_total")) * threshold / 100, output_field=MONEY
                        )
                    )
                    | Q(
                        change__lt=ExpressionWrapper(
                            -Abs(F("previous_total")) * threshold / 100, output_field=MONEY
                        )
                    ),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-flagged", "kind", "account__code", "id")
    )


def _totals(qs: QuerySet[Invoice]) -> dict[str, Any]:
    agg = qs.exclude(status=InvoiceStatus.VOID).aggregate(
        net=Sum("net"), tax=Sum("tax"), total=Sum("total"), count=Count("id")
    )
    return {
        "net": agg["net"] or ZERO,
        "tax": agg["tax"] or ZERO,
        "total": agg["total"] or ZERO,
        "count": agg["count"] or 0,
    }


def review_totals(*, actor: Actor, cloud: Any, run: BillRun) -> dict[str, Any]:
    """Retail totals of the run (void left out) beside last month's run of the cloud,
    with the change of each figure; ``previous`` is None when there was no such run."""
    require(actor, "billrun.view", cloud)
    retail = invoices_in_scope(actor, cloud).filter(kind=InvoiceKind.RETAIL)
    current = _totals(retail.filter(period=run.period))
    try:
        prev_key = Period.parse(run.period, cloud.timezone).previous().key
    except BadPeriod:
        prev_key = None
    prev_run = BillRun.objects.filter(cloud=cloud, period=prev_key).first() if prev_key else None
    previous = _totals(retail.filter(period=prev_key)) if prev_run is not None else None
    change = (
        {k: current[k] - previous[k] for k in ("net", "tax", "total", "count")}
        if previous is not None
        else None
    )
    drafts = retail.filter(period=run.period, status=InvoiceStatus.DRAFT).count()
    return {
        "current": current,
        "previous": previous,
        "change": change,
        "previous_period": prev_key,
        "previous_run": prev_run,
        "drafts": drafts,
        "currency": cloud.currency,
    }


def issue_job_get(*, actor: Actor, cloud: Any, pk: Any) -> IssueJob:
    """One bulk-issue job of the cloud, for those who see its bill runs."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("issue job") from None
    runs = bill_runs_in_scope(actor, cloud)
    job = (
        IssueJob.objects.filter(cloud=cloud, bill_run__in=runs, pk=pk)
        .select_related("bill_run", "created_by")
        .first()
    )
    if job is None:
        raise NotFound("issue job")
    return job


def issue_jobs_of(*, actor: Actor, cloud: Any, run: BillRun) -> QuerySet[IssueJob]:
    bill_runs_in_scope(actor, cloud)
    return IssueJob.objects.filter(cloud=cloud, bill_run=run).order_by("-created_at", "-id")


def latest_issue_job(*, actor: Actor, cloud: Any, run: BillRun) -> IssueJob | None:
    return issue_jobs_of(actor=actor, cloud=cloud, run=run).first()


def job_percent(job: IssueJob) -> int:
    if not job.total:
        return 100 if job.status == "completed" else 0
    return min(100, int(100 * (job.done + job.skipped) / job.total))

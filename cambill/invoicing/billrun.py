"""Bill runs: rating one cloud for one closed period and persisting the drafts.

A run loads the cloud's data in bulk (:mod:`.inputs`), rates it in memory
(:mod:`.rate`), then writes one retail draft per account with charges in chunks
of accounts, each chunk in its own transaction, in account-id order, with the
run's ``cursor_account_id`` advanced in the same transaction. Hence:

* resumable: after a crash the next execution carries on after the cursor;
* idempotent: invoices are unique per (account or cloud, kind, period), so a
  rerun regenerates the same draft rows (lines replaced) and never touches an
  issued invoice;
* safe under concurrency: every chunk locks the run row first, so two workers
  on one run take turns chunk by chunk and finish one set together; the unique
  constraints catch anything else (the winner's row is reused).

One audit row per run execution (not per invoice or line): a run writes
thousands of rows and its audit entry records the counts.
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import get_language, gettext

from cambill.clouds.models import BillingTiming, Cloud
from cambill.core.access import SYSTEM, Actor
from cambill.core.audit import audit
from cambill.core.display import datetime_text, period_key_text
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.periods import BadPeriod, Period
from cambill.core.permissions import require
from cambill.rating import RatingError

from . import bulk
from .advance import load_retail_inputs, wholesale_jobs
from .drafts import (
    cloud_details,
    delete_lines,
    line_objects,
    persist_retail_chunk,
    persist_wholesale,
    provider_details,
    retail_fields,
)
from .inputs import RatingInputs
from .models import BillRun, BillRunStatus, Invoice, InvoiceKind, InvoiceStatus
from .numbering import series_for, take_numbers
from .rate import RatedAccount, rate_accounts, rate_cloud_wholesale

__all__ = [  # the draft writers moved to .drafts; these names stay importable here
    "SimulatedCrash",
    "bill_run_execute",
    "bill_run_start",
    "cloud_details",
    "delete_lines",
    "issue_drafts",
    "line_objects",
    "parse_period",
    "persist_wholesale",
    "provider_details",
    "retail_fields",
]

log = logging.getLogger(__name__)

DEFAULT_CHUNK = 2000

Progress = Callable[[BillRun], None]


class SimulatedCrash(RuntimeError):
    """Raised by ``bill_run_execute(crash_after=N)``: the process "dies" after N
    accounts were committed, leaving the run as a real crash would."""


def chunk_size() -> int:
    return int(getattr(settings, "CAMBILL_BILL_RUN_CHUNK", DEFAULT_CHUNK))


FIRST_YEAR, LAST_YEAR = 1971, 2999


def parse_period(cloud: Cloud, period: str) -> Period:
    try:
        p = Period.parse(period, cloud.timezone)
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None
    if not FIRST_YEAR <= p.year <= LAST_YEAR:
        raise validation(
            "period",
            gettext("Years %(FIRST_YEAR)s to %(LAST_YEAR)s only.")
            % {"FIRST_YEAR": FIRST_YEAR, "LAST_YEAR": LAST_YEAR},
            ErrorCode.BAD_PERIOD,
        )
    return p


# --- start ---------------------------------------------------------------------


def _period_times(p: Period, at: datetime) -> dict[str, str]:
    """A period by its month's name and an instant in its zone, named, as a reader
    reads them ("April 2026", "2026-05-01 00:00 (America/Bogota)")."""
    lang = get_language()
    return {"month": period_key_text(p.key, lang), "time": datetime_text(at, p.tz, lang)}


@transaction.atomic
def bill_run_start(*, actor: Actor, cloud: Cloud, period: str, now: datetime) -> BillRun:
    """The bill run of ``cloud`` for ``period`` (YYYY-MM), created if needed.

    Refuses a period that has not ended in the cloud's time zone: billing in
    arrears needs the whole month (in advance, one that has not begun). One
    row per (cloud, period): asking again returns the same run, to resume or
    refresh it.
    """
    require(actor, "billrun.manage", cloud)
    p = parse_period(cloud, period)
    if cloud.billing_timing == BillingTiming.ADVANCE:
        if now < p.start:
            raise DomainError(
                ErrorCode.PERIOD_NOT_CLOSED,
                gettext(
                    "%(month)s begins at %(time)s; a cloud billing in advance bills it from "
                    "its first day."
                )
                % _period_times(p, p.start),
                {"period": [gettext("The period has not begun yet.")]},
            )
    elif now < p.end:
        raise DomainError(
            ErrorCode.PERIOD_NOT_CLOSED,
            gettext("%(month)s ends at %(time)s; bill it after it has ended.")
            % _period_times(p, p.end),
            {"period": [gettext("The period has not ended yet.")]},
        )
    run = BillRun.objects.filter(cloud=cloud, period=p.key).first()
    created = False
    if run is None:
        try:
            with transaction.atomic():
                run = BillRun.objects.create(
                    cloud=cloud,
                    period=p.key,
                    period_start=p.start,
                    period_end=p.end,
                    created_by=actor.user,
                    created_at=now,
                )
                created = True
        except IntegrityError:
            run = BillRun.objects.get(cloud=cloud, period=p.key)
    audit(
        actor=actor,
        verb="bill_run_start",
        obj=run,
        after={"period": p.key, "created": created, "status": run.status},
        now=now,
    )
    return run


# --- execute -------------------------------------------------------------------


def _begin_attempt(run: BillRun, now: datetime) -> BillRun:
    """Lock the run and decide: a RUNNING or FAILED run is resumed from its
    cursor (a crash, or a concurrent worker we join); a PENDING or COMPLETED
    one starts a fresh attempt that regenerates every draft."""
    with transaction.atomic():
        locked = BillRun.objects.select_for_update().get(pk=run.pk)
        if locked.status in (BillRunStatus.RUNNING, BillRunStatus.FAILED):
            locked.status = BillRunStatus.RUNNING
            locked.error = ""
            locked.attempts += 1
            locked.save(update_fields=["status", "error", "attempts"])
        else:
            locked.status = BillRunStatus.RUNNING
            locked.attempts += 1
            locked.accounts_total = 0
            locked.accounts_done = 0
            locked.invoices_created = 0
            locked.invoices_updated = 0
            locked.lines_created = 0
            locked.cursor_account_id = None
            locked.error = ""
            locked.started_at = now
            locked.finished_at = None
            locked.save()
        return locked


def _fail(run: BillRun, message: str, now: datetime) -> BillRun:
    with transaction.atomic():
        BillRun.objects.filter(pk=run.pk).update(
            status=BillRunStatus.FAILED, error=message[:4000], finished_at=now
        )
    run.refresh_from_db()
    return run


def bill_run_execute(
    *,
    run: BillRun,
    now: datetime,
    crash_after: int | None = None,
    actor: Actor = SYSTEM,
    progress: Progress | None = None,
) -> BillRun:
    """Rate the run's cloud and period and persist its drafts (see module doc).

    Returns the run, COMPLETED, or FAILED with ``error`` when the data cannot
    be rated (e.g. a service without a price); ``crash_after=N`` raises
    :class:`SimulatedCrash` once N accounts are committed in this call.
    """
    cloud = Cloud.objects.get(pk=run.cloud_id)
    period = parse_period(cloud, run.period)
    run = _begin_attempt(run, now)
    try:
        inputs = load_retail_inputs(cloud, period)
        accounts = rate_accounts(cloud, period, inputs)
        # Wholesale is always in arrears: an advance run makes the month before's.
        wholesale = [
            (p, winputs, rate_cloud_wholesale(cloud, p, winputs))
            for p, winputs in wholesale_jobs(cloud, period, inputs)
        ]
    except RatingError as e:
        log.warning("bill run %s of %s failed: %s", run.period, cloud.slug, e)
        return _fail(run, str(e), now)
    try:
        return _persist(
            run, cloud, period, inputs, accounts, wholesale, now, crash_after, actor, progress
        )
    except SimulatedCrash:
        raise
    except DomainError as e:
        _fail(run, e.message, now)
        raise
    except Exception as e:
        _fail(run, f"{type(e).__name__}: {e}", now)
        raise


def _persist(
    run: BillRun,
    cloud: Cloud,
    period: Period,
    inputs: RatingInputs,
    accounts: list[RatedAccount],
    wholesale: Any,
    now: datetime,
    crash_after: int | None,
    actor: Actor,
    progress: Progress | None,
) -> BillRun:
    total = len(accounts)
    ids = [r.account.id for r in accounts]
    done_here = 0
    size = chunk_size()
    while True:
        if crash_after is not None and done_here >= crash_after:
            raise SimulatedCrash(f"simulated crash after {done_here} accounts")
        with transaction.atomic():
            locked = BillRun.objects.select_for_update().get(pk=run.pk)
            if locked.status != BillRunStatus.RUNNING:
                return locked  # a concurrent worker finished (or failed) the attempt
            cursor = locked.cursor_account_id
            idx = 0 if cursor is None else bisect_right(ids, cursor)
            if idx >= total:
                return _finalize(locked, cloud, period, inputs, accounts, wholesale, now, actor)
            n = size if crash_after is None else min(size, crash_after - done_here)
            chunk = accounts[idx : idx + n]
            created, updated, nlines = persist_retail_chunk(
                locked, cloud, period, inputs, chunk, now
            )
            BillRun.objects.filter(pk=run.pk).update(
                cursor_account_id=chunk[-1].account.id,
                accounts_total=total,
                accounts_done=F("accounts_done") + len(chunk),
                invoices_created=F("invoices_created") + created,
                invoices_updated=F("invoices_updated") + updated,
                lines_created=F("lines_created") + nlines,
            )
        done_here += len(chunk)
        if progress is not None:
            run.refresh_from_db()
            progress(run)


def _finalize(
    run: BillRun,
    cloud: Cloud,
    period: Period,
    inputs: RatingInputs,
    accounts: list[RatedAccount],
    wholesale: Any,
    now: datetime,
    actor: Actor,
) -> BillRun:
    """Last step, under the run lock: wholesale draft, stale drafts, auto-issue."""
    created = updated = nlines = 0
    for wperiod, winputs, rated in wholesale:
        c, u, n = persist_wholesale(run.pk, cloud, wperiod, winputs, rated, now)
        created, updated, nlines = created + c, updated + u, nlines + n
    late_marked = 0
    if inputs.late is not None:
        from cambill.usage.late import mark_billed

        late_marked = mark_billed(cloud, period.key, inputs.late)
    charged = {r.account.id for r in accounts}
    stale = [
        pk
        for pk, account_id in Invoice.objects.filter(
            cloud=cloud, period=period.key, kind=InvoiceKind.RETAIL, status=InvoiceStatus.DRAFT
        ).values_list("id", "account_id")
        if account_id not in charged
    ]
    if stale:
        # The account no longer has charges for the period (history corrected).
        delete_lines(stale)
        Invoice.objects.filter(pk__in=stale).delete()
    issued: list[str] = []
    if cloud.auto_issue:
        issued = issue_drafts(cloud=cloud, period=period.key, kind=InvoiceKind.RETAIL, now=now)
        if issued:
            # Bulk issue bypasses invoice_issue: the same followers run here.
            from . import hooks

            ids = list(
                Invoice.objects.filter(cloud=cloud, number__in=issued).values_list("pk", flat=True)
            )
            hooks.invoices_issued(cloud, period.key, ids, now=now)
    BillRun.objects.filter(pk=run.pk).update(
        status=BillRunStatus.COMPLETED,
        finished_at=now,
        error="",
        accounts_total=len(accounts),
        invoices_created=F("invoices_created") + created,
        invoices_updated=F("invoices_updated") + updated,
        lines_created=F("lines_created") + nlines,
    )
    run.refresh_from_db()
    audit(
        actor=actor,
        verb="bill_run_execute",
        obj=run,
        after={
            "period": run.period,
            "status": run.status,
            "attempt": run.attempts,
            "accounts_total": run.accounts_total,
            "accounts_done": run.accounts_done,
            "invoices_created": run.invoices_created,
            "invoices_updated": run.invoices_updated,
            "lines_created": run.lines_created,
            "stale_drafts_deleted": len(stale),
            "late_events_billed": late_marked,
            "auto_issued": len(issued),
            "numbers": [issued[0], issued[-1]] if issued else [],
        },
        now=now,
    )
    from . import hooks

    hooks.bill_run_completed(run, now=now)
    return run


def issue_drafts(*, cloud: Cloud, period: str, kind: str, now: datetime) -> list[str]:
    """Issue every draft of a kind for a cloud's period in one go (auto-issue).

    Numbers are taken as one block of the series, in account-code order, in the
    caller's transaction; the bill run's audit row records the range.
    """
    mine = Invoice.objects.filter(cloud=cloud, period=period, kind=kind, status=InvoiceStatus.DRAFT)
    # Lock the rows first (FOR UPDATE cannot take the outer join to accounts),
    # then read them with their account codes for the numbering order.
    list(mine.select_for_update().values_list("id", flat=True))
    drafts = list(mine.select_related("account").order_by("account__code", "id"))
    # A draft a follower refuses (a legal e-invoice whose data is incomplete) stays a
    # draft; issuing it by hand or in a bulk issue names every reason.
    from .issuing import _refused

    refused = _refused(drafts, now, cloud)
    drafts = [d for d in drafts if d.pk not in refused]
    if not drafts:
        return []
    numbers = take_numbers(series_for(cloud, kind), now, len(drafts))
    rows = [
        (
            inv.pk,
            number,
            InvoiceStatus.ISSUED.value,
            now,
            now + timedelta(days=int(inv.issuer_details.get("payment_terms_days", 15))),
            now,
        )
        for inv, number in zip(drafts, numbers, strict=True)
    ]
    bulk.update_rows(Invoice, ["number", "status", "issued_at", "due_at", "updated_at"], rows)
    return numbers

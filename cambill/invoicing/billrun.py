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

Fanned out (the default, ``CAMBILL_BILL_RUN_FAN_OUT``): the run's accounts are
split into chunks of account-id ranges (:class:`.models.BillRunChunk`); each
chunk loads only its own accounts' inputs, rates them and persists their drafts
in one transaction that also marks it done. With a broker every chunk is a
Celery task (any number of workers in parallel); in the embedded default the
same chunks run in-process, one after the other. The worker that commits the
last chunk finalises: the wholesale invoice (the chunks' exact shares summed and
priced once per line, :mod:`.wholesale_shares`: the single-process run's invoice
without loading the cameras), late usage marked billed, auto-issue,
the audit row and the hooks (docs/decisions/0023-bill-run-fan-out.md). The
single-process path stays (``CAMBILL_BILL_RUN_FAN_OUT = False``, and the
``crash_after`` test hook).
"""

from __future__ import annotations

import logging
import os
import signal
from bisect import bisect_right
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import get_language, gettext

from cambill.clouds.models import Account, BillingTiming, Cloud
from cambill.core.access import SYSTEM, Actor
from cambill.core.audit import audit
from cambill.core.display import datetime_text, period_key_text
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.periods import BadPeriod, Period
from cambill.core.permissions import require
from cambill.rating import RatingError, day_grid
from cambill.rating.wholesale import WholesaleUnits

from . import bulk, wholesale_shares
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
from .inputs import AccountRange, RatingInputs, range_q
from .models import BillRun, BillRunChunk, BillRunStatus, Invoice, InvoiceKind, InvoiceStatus
from .numbering import series_for, take_numbers
from .rate import (
    RatedAccount,
    cloud_wholesale_units,
    price_cloud_wholesale,
    rate_accounts,
    rate_cloud_wholesale,
)

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


def fan_out() -> bool:
    return bool(getattr(settings, "CAMBILL_BILL_RUN_FAN_OUT", True))


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
            # A fresh attempt regenerates every draft: the last attempt's chunks go.
            BillRunChunk.objects.filter(run=locked).delete()
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
    :class:`SimulatedCrash` once N accounts are committed in this call (the
    single-process path). Fanned out with a broker, returns the run RUNNING once
    its chunks are queued: the worker of the last chunk completes it.
    """
    if crash_after is None and fan_out():
        return _execute_fanned(run=run, now=now, actor=actor, progress=progress)
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
    accounts: list[RatedAccount] | None,
    wholesale: Any,
    now: datetime,
    actor: Actor,
) -> BillRun:
    """Last step, under the run lock: wholesale draft, stale drafts, auto-issue.

    ``accounts`` None: a fanned-out run, whose chunks removed their stale drafts
    and counted their accounts."""
    created = updated = nlines = 0
    for wperiod, winputs, rated in wholesale:
        c, u, n = persist_wholesale(run.pk, cloud, wperiod, winputs, rated, now)
        created, updated, nlines = created + c, updated + u, nlines + n
    late_marked = 0
    if inputs.late is not None:
        from cambill.usage.late import mark_billed

        late_marked = mark_billed(cloud, period.key, inputs.late)
    if accounts is not None:
        stale_deleted = _delete_stale(cloud, period, {r.account.id for r in accounts}, None)
        accounts_total = len(accounts)
    else:
        chunks = BillRunChunk.objects.filter(run_id=run.pk)
        stale_deleted = sum(chunks.values_list("stale_deleted", flat=True))
        accounts_total = run.accounts_done
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
        accounts_total=accounts_total,
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
            "stale_drafts_deleted": stale_deleted,
            "late_events_billed": late_marked,
            "auto_issued": len(issued),
            "numbers": [issued[0], issued[-1]] if issued else [],
        },
        now=now,
    )
    from . import hooks

    hooks.bill_run_completed(run, now=now)
    return run


def _delete_stale(
    cloud: Cloud, period: Period, charged: set[int], account_range: AccountRange | None
) -> int:
    """Delete the retail drafts of the period (in the account range) whose
    account no longer has charges (history corrected); their count."""
    stale = [
        pk
        for pk, account_id in Invoice.objects.filter(
            cloud=cloud, period=period.key, kind=InvoiceKind.RETAIL, status=InvoiceStatus.DRAFT
        )
        .filter(range_q("account_id", account_range))
        .values_list("id", "account_id")
        if account_id not in charged
    ]
    if stale:
        delete_lines(stale)
        Invoice.objects.filter(pk__in=stale).delete()
    return len(stale)


# --- fanned out ----------------------------------------------------------------


def _plan_chunks(run: BillRun, cloud: Cloud) -> list[BillRunChunk]:
    """The chunks of the run's current attempt, made once (under the run lock).

    Chunk ``i`` holds the account ids ``[account_from, account_to)``: the cloud's
    accounts in id order, ``chunk_size()`` per chunk; the first is open below
    (or starts after the cursor a single-process attempt left), the last open
    above (an account created meanwhile still belongs to one chunk)."""
    with transaction.atomic():
        locked = BillRun.objects.select_for_update().get(pk=run.pk)
        existing = list(BillRunChunk.objects.filter(run=locked).order_by("index"))
        if existing:
            return existing
        cursor = locked.cursor_account_id
        ids = Account.objects.filter(cloud=cloud)
        if cursor is not None:
            ids = ids.filter(id__gt=cursor)
        account_ids = list(ids.order_by("id").values_list("id", flat=True))
        size = max(1, chunk_size())
        starts = account_ids[size::size]
        lows: list[int | None] = [None if cursor is None else cursor + 1, *starts]
        highs: list[int | None] = [*starts, None]
        chunks = BillRunChunk.objects.bulk_create(
            [
                BillRunChunk(
                    run=locked, cloud_id=locked.cloud_id, index=i, account_from=lo, account_to=hi
                )
                for i, (lo, hi) in enumerate(zip(lows, highs, strict=True))
            ]
        )
        if cursor is None:
            # An upper bound until the chunks have rated (accounts with charges).
            BillRun.objects.filter(pk=run.pk).update(accounts_total=len(account_ids))
        return list(chunks)


def _execute_fanned(
    *, run: BillRun, now: datetime, actor: Actor, progress: Progress | None
) -> BillRun:
    cloud = Cloud.objects.get(pk=run.cloud_id)
    parse_period(cloud, run.period)
    run = _begin_attempt(run, now)
    chunks = _plan_chunks(run, cloud)
    todo = [c.pk for c in chunks if not c.done]
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        from celery import group

        from .tasks import bill_run_chunk

        at = now.isoformat()
        # every chunk done already: one more look at the last completes the run
        sigs = [bill_run_chunk.s(pk, at) for pk in todo or [chunks[-1].pk]]
        transaction.on_commit(lambda: group(sigs).apply_async())
        run.refresh_from_db()
        return run
    # Embedded: the same chunks, in-process, one after the other.
    for pk in todo:
        if not run_chunk(pk, now):
            break
        if progress is not None:
            run.refresh_from_db()
            progress(run)
    run.refresh_from_db()
    if run.status == BillRunStatus.RUNNING:
        return finalize_fanned(run.pk, now, actor)
    return run


def _kill_hook(index: int) -> None:
    """Test hook: ``CAMBILL_TEST_KILL_IN_CHUNK=<index>`` makes the process
    executing that chunk SIGKILL itself once, mid-transaction (the marker
    file ``CAMBILL_TEST_KILL_MARKER`` records that it did)."""
    want = os.environ.get("CAMBILL_TEST_KILL_IN_CHUNK")
    if want is None or want != str(index):
        return
    marker = os.environ.get("CAMBILL_TEST_KILL_MARKER", "")
    if not marker or os.path.exists(marker):
        return
    with open(marker, "w") as f:
        f.write(str(os.getpid()))
    os.kill(os.getpid(), signal.SIGKILL)


def run_chunk(chunk_id: int, now: datetime) -> bool:
    """Rate and persist one chunk in one transaction, done marker included.

    Returns False when the run is no longer running (failed, or a newer
    attempt); True otherwise (the chunk is done, by this call or before, or
    another worker holds it)."""
    chunk = BillRunChunk.objects.select_related("run").filter(pk=chunk_id).first()
    if chunk is None:
        return False  # an earlier attempt's chunk
    run = chunk.run
    if run.status != BillRunStatus.RUNNING:
        return False
    if chunk.done:
        return True
    cloud = Cloud.objects.get(pk=run.cloud_id)
    period = parse_period(cloud, run.period)
    rng: AccountRange = (chunk.account_from, chunk.account_to)
    try:
        with transaction.atomic():
            locked = (
                BillRunChunk.objects.select_for_update(skip_locked=True)
                .filter(pk=chunk_id, done=False)
                .first()
            )
            if locked is None:
                return True  # done meanwhile, or being done by another worker
            inputs = load_retail_inputs(cloud, period, account_range=rng)
            accounts = rate_accounts(cloud, period, inputs)
            # The chunk's exact share of wholesale (units, never money), priced
            # here only to refuse what the finalisation would (a service without
            # a price) before writing; the finalisation sums the shares.
            shares = []
            for p, winputs in wholesale_jobs(cloud, period, inputs):
                units = cloud_wholesale_units(cloud, p, winputs)
                price_cloud_wholesale(cloud, p, units, winputs)
                shares.append(wholesale_shares.share(p, units, winputs))
            created = updated = nlines = 0
            if accounts:
                created, updated, nlines = persist_retail_chunk(
                    run, cloud, period, inputs, accounts, now
                )
            stale = _delete_stale(cloud, period, {r.account.id for r in accounts}, rng)
            _kill_hook(chunk.index)
            BillRunChunk.objects.filter(pk=chunk_id).update(
                done=True,
                accounts=len(accounts),
                invoices_created=created,
                invoices_updated=updated,
                lines_created=nlines,
                stale_deleted=stale,
                finished_at=now,
                wholesale=shares,
            )
            # Locks the run row until commit: chunk commits are serialised here,
            # so the last one to commit sees every other chunk done.
            BillRun.objects.filter(pk=run.pk).update(
                accounts_done=F("accounts_done") + len(accounts),
                invoices_created=F("invoices_created") + created,
                invoices_updated=F("invoices_updated") + updated,
                lines_created=F("lines_created") + nlines,
            )
    except RatingError as e:
        log.warning("bill run %s of %s failed: %s", run.period, cloud.slug, e)
        _fail(run, str(e), now)
        return False
    except DomainError as e:
        _fail(run, e.message, now)
        raise
    except Exception as e:
        _fail(run, f"{type(e).__name__}: {e}", now)
        raise
    return True


def chunks_left(run_id: int) -> bool:
    return BillRunChunk.objects.filter(run_id=run_id, done=False).exists()


def finalize_fanned(run_id: int, now: datetime, actor: Actor = SYSTEM) -> BillRun:
    """Complete a fanned-out run once every chunk is done (else return it as it is).

    Idempotent: under the run lock, only a RUNNING run with no chunk left is
    completed, so several workers seeing the last chunk done complete it once."""
    run = BillRun.objects.get(pk=run_id)
    if run.status != BillRunStatus.RUNNING or chunks_left(run_id):
        return run
    cloud = Cloud.objects.get(pk=run.cloud_id)
    period = parse_period(cloud, run.period)
    try:
        inputs, wholesale = _fanned_wholesale(run_id, cloud, period)
    except RatingError as e:
        log.warning("bill run %s of %s failed: %s", run.period, cloud.slug, e)
        return _fail(run, str(e), now)
    try:
        with transaction.atomic():
            locked = BillRun.objects.select_for_update().get(pk=run_id)
            if locked.status != BillRunStatus.RUNNING or chunks_left(run_id):
                return locked
            return _finalize(locked, cloud, period, inputs, None, wholesale, now, actor)
    except DomainError as e:
        _fail(run, e.message, now)
        raise
    except Exception as e:
        _fail(run, f"{type(e).__name__}: {e}", now)
        raise


def _fanned_wholesale(run_id: int, cloud: Cloud, period: Period) -> tuple[RatingInputs, Any]:
    """The wholesale jobs of a fanned-out run: the chunks' shares summed and
    priced once per line, with only the cloud-wide parts loaded
    (:mod:`.wholesale_shares`); the inputs whose ``late`` the run marks billed.

    When some accounts have no share (chunks done before shares were stored,
    or accounts a single-process attempt committed before the chunks took
    over), wholesale is rated on the whole cloud's inputs as the
    single-process run does."""
    rows = list(
        BillRunChunk.objects.filter(run_id=run_id)
        .order_by("index")
        .values_list("account_from", "wholesale")
    )
    if not rows or rows[0][0] is not None or any(w is None for _, w in rows):
        inputs = load_retail_inputs(cloud, period)
        wholesale = [
            (p, winputs, rate_cloud_wholesale(cloud, p, winputs))
            for p, winputs in wholesale_jobs(cloud, period, inputs)
        ]
        return inputs, wholesale
    sums = wholesale_shares.summed([w for _, w in rows if w is not None])
    jobs = wholesale_shares.cloud_jobs(cloud, period)
    keys = {p.key for p, _ in jobs}
    if not set(sums) <= keys:
        raise RatingError(
            f"wholesale shares of {sorted(set(sums) - keys)} do not match the run's "
            "wholesale invoices; rerun the bill run"
        )
    wholesale = []
    for p, winputs in jobs:
        have = sums.get(p.key)
        if have is None:
            units = WholesaleUnits(proration=cloud.proration, n=day_grid(p).n)
        else:
            units, ids = have
            wholesale_shares.with_services(cloud, winputs, ids)
        wholesale.append((p, winputs, price_cloud_wholesale(cloud, p, units, winputs)))
    return jobs[-1][1], wholesale


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

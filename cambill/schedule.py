"""The Celery beat schedule: when background work runs (production, with a broker).

Import it from settings as ``CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE``. Times are
UTC (``CELERY_TIMEZONE``). Tasks are referenced by their registered names, so
this module imports no task code. Defaults, and why:

==============================  =================  =========================================
task                            when               why
==============================  =================  =========================================
``watcher.poll_all``            every 5 minutes    stream stats -> usage events; recorded
                                                   seconds are growth between polls, so the
                                                   interval only sets the resolution
``watcher.push_all``            every minute       the outbox (new orgs, presets, tariff
                                                   changes, suspensions); failed pushes are
                                                   retried with their own backoff
``watcher.reconcile_all``       every 15 minutes   reads each stream's ``disabled`` back and
                                                   repairs those that disagree with their
                                                   account's state (a lost suspension push)
``watcher.import_all``          nightly 01:30      organizations/streams created in Watcher
                                                   directly become accounts/cameras
``usage.rollup``                every minute       the watermark job: events ingested since
                                                   the last run -> hourly rollups (ingestion
                                                   only inserts raw events when a broker runs)
``usage.maintain``              hourly             partitions ahead (PostgreSQL); matches
                                                   events of cameras that appeared since,
                                                   catches up and refreshes stale rollups
``usage.retention``             daily 03:30        raw months past ``CAMBILL_USAGE_RAW_RETENTION_MONTHS``
                                                   (13) whose invoices are all issued are
                                                   dropped; hourly rollups older than
                                                   ``CAMBILL_USAGE_HOURLY_ROLLUP_DAYS`` (3)
                                                   folded into daily rows (decision 0026)
``invoicing.bill_previous_month``  daily 02:00     bills each cloud's previous month once its
                                                   grace period (``CAMBILL_BILL_RUN_GRACE_DAYS``)
                                                   is over; a completed run is not repeated
``payments.dunning_all``        hourly at :10      reminders, suspension and card retries on
                                                   the days each cloud's policy names
``webhooks.deliver_due``        every minute       deliveries due, with exponential backoff
``notifications.deliver_due``   every minute       e-mails due: retries with backoff, and any
                                                   a crash left queued
``metrics.refresh_all``         hourly at :20      the dashboards' precomputed figures (MRR,
                                                   cameras, usage history; docs/metrics.md)
``exports.purge``              hourly at :40      export files past their retention
                                                   (``CAMBILL_EXPORT_RETENTION_HOURS``, 24)
``einvoice.notify_expiring``    daily 07:00        e-invoice signing certificates that expire
                                                   within 30 days: their issuer is told once
``einvoice.submit_due``         every minute       legal e-invoice documents to submit again
                                                   (authority unavailable: backoff) or to ask
                                                   about (answer pending)
==============================  =================  =========================================

Every interval can be changed with an environment variable (seconds), e.g.
``CAMBILL_POLL_SECONDS=60`` for a demo.

Without a broker (the embedded default) ``InProcessBeat`` below runs the same
entries in-process: ``cambill run-schedule``, and ``cambill demo-serve`` next to
the web server with ``DEMO_INTERVALS`` (poll every minute).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from celery.schedules import crontab

logger = logging.getLogger(__name__)

POLL_SECONDS = int(os.environ.get("CAMBILL_POLL_SECONDS", "300"))
PUSH_SECONDS = int(os.environ.get("CAMBILL_PUSH_SECONDS", "60"))
RECONCILE_SECONDS = int(os.environ.get("CAMBILL_RECONCILE_SECONDS", "900"))

ROLLUP_SECONDS = int(os.environ.get("CAMBILL_ROLLUP_SECONDS", "3600"))

BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "watcher-poll": {
        "task": "watcher.poll_all",
        "schedule": float(POLL_SECONDS),
        # A poll that waited longer than its interval is superseded by the next one.
        "options": {"expires": float(POLL_SECONDS)},
    },
    "watcher-push": {
        "task": "watcher.push_all",
        "schedule": float(PUSH_SECONDS),
        "options": {"expires": float(PUSH_SECONDS)},
    },
    "watcher-reconcile": {
        "task": "watcher.reconcile_all",
        "schedule": float(RECONCILE_SECONDS),
        "options": {"expires": float(RECONCILE_SECONDS)},
    },
    "watcher-import": {
        "task": "watcher.import_all",
        "schedule": crontab(hour=1, minute=30),
    },
    "usage-rollup": {
        "task": "usage.rollup",
        "schedule": float(os.environ.get("CAMBILL_USAGE_ROLLUP_SECONDS", "60")),
        "options": {"expires": 60.0},
    },
    "usage-maintain": {
        "task": "usage.maintain",
        "schedule": float(ROLLUP_SECONDS),
        "options": {"expires": float(ROLLUP_SECONDS)},
    },
    # Raw months past their retention (invoices all issued) dropped; old hourly
    # rollups folded into daily rows. After the night's bill runs (02:00).
    "usage-retention": {
        "task": "usage.retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "bill-previous-month": {
        "task": "invoicing.bill_previous_month",
        "schedule": crontab(hour=2, minute=0),
    },
    # Reminders, suspensions and card retries of overdue invoices.
    "payments-dunning": {
        "task": "payments.dunning_all",
        "schedule": crontab(minute=10),
    },
    # Dashboard figures (cambill.metrics): snapshots of every open cloud.
    "metrics-refresh": {
        "task": "metrics.refresh_all",
        "schedule": crontab(minute=20),
    },
    # E-invoice signing certificates about to expire (CAMBILL_EINVOICE_EXPIRY_NOTICE_DAYS):
    # the cloud admins, or the provider admins, are told once per certificate.
    "einvoice-notify-expiring": {
        "task": "einvoice.notify_expiring",
        "schedule": crontab(hour=7, minute=0),
    },
    # Legal e-invoice documents whose submission is due again (an authority that was
    # unavailable, an answer still pending): backoff per document.
    "einvoice-submit-due": {
        "task": "einvoice.submit_due",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    # The e-mail outbox: messages due (a failure retried with backoff, or one a crash
    # left queued); the first attempt of each starts right after its commit.
    "notifications-deliver-due": {
        "task": "notifications.deliver_due",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    # Export files past their retention (CAMBILL_EXPORT_RETENTION_HOURS) are deleted.
    "exports-purge": {
        "task": "exports.purge",
        "schedule": crontab(minute=40),
    },
    # Outbound webhooks due for (re)delivery; also what retries failures.
    "webhooks-deliver-due": {
        "task": "webhooks.deliver_due",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
}


# --- running the schedule without Celery (embedded default, demo) ----------------

#: Faster intervals for ``cambill demo-serve``: a new user sees sync and usage move.
DEMO_INTERVALS: dict[str, float] = {
    "watcher-poll": 60.0,
    "watcher-push": 30.0,
    "watcher-reconcile": 120.0,
    "watcher-import": 120.0,
    "usage-rollup": 60.0,
    "usage-maintain": 300.0,
}


@dataclass
class BeatEntry:
    """One job of the in-process beat and what its last run did."""

    name: str
    task: str
    every: float | None  # seconds, or None for a crontab
    cron: crontab | None
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    last_run_at: datetime | None = None
    runs: int = 0
    failures: int = 0
    last_seconds: float = 0.0
    last_result: Any = None
    last_error: str = ""


class InProcessBeat:
    """Runs the beat schedule's jobs in this process: no broker, no worker, no beat.

    The embedded default runs tasks eagerly; this is the clock that calls them.
    Interval jobs run at the first tick and then every interval; crontab jobs at
    their times (UTC). A job that fails is logged and tried again at its next
    time; one bad job never stops the others. ``tick(now)`` runs what is due at
    ``now`` (tests pass a fake clock; tasks that take ``now`` get it, so polls
    are stamped with it); ``run_forever`` ticks every second in a thread.
    """

    def __init__(
        self,
        schedule: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        intervals: Mapping[str, float] | None = None,
        skip: Iterable[str] = (),
        log: Callable[[str], None] | None = None,
    ) -> None:
        intervals = dict(intervals or {})
        unknown = set(intervals) - set(schedule or BEAT_SCHEDULE)
        if unknown:
            raise ValueError(f"no such schedule entries: {', '.join(sorted(unknown))}")
        self._now = datetime.now(UTC)
        self._loaded = False
        self.log = log or (lambda line: logger.info("%s", line))
        self.entries: dict[str, BeatEntry] = {}
        for name, spec in (schedule or BEAT_SCHEDULE).items():
            if name in skip:
                continue
            when = intervals.get(name, spec["schedule"])
            entry = BeatEntry(
                name=name,
                task=spec["task"],
                every=None,
                cron=None,
                args=tuple(spec.get("args") or ()),
                kwargs=dict(spec.get("kwargs") or {}),
            )
            if isinstance(when, crontab):
                entry.cron = crontab(
                    minute=when._orig_minute,
                    hour=when._orig_hour,
                    day_of_week=when._orig_day_of_week,
                    day_of_month=when._orig_day_of_month,
                    month_of_year=when._orig_month_of_year,
                    nowfun=lambda: self._now,
                )
            else:
                seconds = when.total_seconds() if isinstance(when, timedelta) else float(when)
                if seconds <= 0:
                    raise ValueError(f"{name}: the interval must be positive")
                entry.every = seconds
            self.entries[name] = entry

    def due(self, entry: BeatEntry, now: datetime) -> bool:
        if entry.every is not None:
            last = entry.last_run_at
            return last is None or (now - last).total_seconds() >= entry.every
        assert entry.cron is not None
        if entry.last_run_at is None:
            entry.last_run_at = now  # a crontab job waits for its next time
            return False
        self._now = now
        return bool(entry.cron.is_due(entry.last_run_at).is_due)

    def tick(self, now: datetime | None = None) -> list[BeatEntry]:
        """Run every job due at ``now``; returns the entries that ran."""
        now = now or datetime.now(UTC)
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        ran = []
        for entry in self.entries.values():
            if self.due(entry, now):
                entry.last_run_at = now
                self._run(entry, now)
                ran.append(entry)
        return ran

    def _run(self, entry: BeatEntry, now: datetime) -> None:
        import inspect
        import time

        from cambill.celery import app

        if not self._loaded:
            app.loader.import_default_modules()  # registers every app's tasks
            self._loaded = True
        task = app.tasks.get(entry.task)
        started = time.monotonic()
        entry.runs += 1
        try:
            if task is None:
                raise LookupError(f"task {entry.task} is not registered")
            kwargs = dict(entry.kwargs)
            if "now" in inspect.signature(task.run).parameters:
                kwargs.setdefault("now", now.isoformat())
            entry.last_result = task.apply(args=entry.args, kwargs=kwargs, throw=True).result
            entry.last_error = ""
        except Exception as exc:  # logged and retried at the next time
            entry.failures += 1
            entry.last_error = f"{type(exc).__name__}: {exc}"
            logger.exception("scheduled job %s failed", entry.name)
        entry.last_seconds = time.monotonic() - started
        outcome = entry.last_error or _short(entry.last_result)
        self.log(
            f"[schedule] {now:%H:%M:%S} {entry.name} ({entry.task}) "
            f"{entry.last_seconds:.1f} s: {outcome}"
        )

    def run_forever(self, stop: threading.Event, resolution: float = 1.0) -> None:
        """Tick until ``stop`` is set (for a thread next to the web server)."""
        from django.db import connections

        try:
            while not stop.is_set():
                try:
                    self.tick()
                finally:
                    # This thread's connections: never hold SQLite between ticks.
                    connections.close_all()
                stop.wait(resolution)
        finally:
            connections.close_all()

    def start(self, resolution: float = 1.0) -> tuple[threading.Thread, threading.Event]:
        """``run_forever`` in a daemon thread; set the event to stop it."""
        stop = threading.Event()
        thread = threading.Thread(
            target=self.run_forever, args=(stop, resolution), name="cambill-schedule", daemon=True
        )
        thread.start()
        return thread, stop


def _short(result: Any, limit: int = 200) -> str:
    """One line about a job's result for the console (zero counters left out)."""

    def facts(d: Mapping[str, Any]) -> str:
        shown = [
            f"{k} {v}"
            for k, v in d.items()
            if k != "cloud" and (isinstance(v, str) or (isinstance(v, int) and v))
        ]
        return ", ".join(shown) or "nothing to do"

    if isinstance(result, list) and all(isinstance(r, dict) and "cloud" in r for r in result):
        text = "; ".join(f"{r['cloud']}: {facts(r)}" for r in result) or "no clouds"
    elif isinstance(result, dict) and all(isinstance(v, dict) for v in result.values()):
        text = "; ".join(f"{k}: {facts(v)}" for k, v in result.items()) or "nothing to do"
    else:
        text = repr(result)
    return text if len(text) <= limit else text[: limit - 1] + "…"

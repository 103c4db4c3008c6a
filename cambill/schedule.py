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
``watcher.import_all``          nightly 01:30      organizations/streams created in Watcher
                                                   directly become accounts/cameras
``usage.maintain``              hourly             events are rolled up as they are ingested;
                                                   this matches events of cameras that appeared
                                                   since and refreshes stale rollup buckets
``invoicing.bill_previous_month``  daily 02:00     bills each cloud's previous month once its
                                                   grace period (``CAMBILL_BILL_RUN_GRACE_DAYS``)
                                                   is over; a completed run is not repeated
``payments.dunning_all``        hourly at :10      reminders, suspension and card retries on
                                                   the days each cloud's policy names
``webhooks.deliver_due``        every minute       deliveries due, with exponential backoff
==============================  =================  =========================================

Every interval can be changed with an environment variable (seconds), e.g.
``CAMBILL_POLL_SECONDS=60`` for a demo.
"""

from __future__ import annotations

import os
from typing import Any

from celery.schedules import crontab

POLL_SECONDS = int(os.environ.get("CAMBILL_POLL_SECONDS", "300"))
PUSH_SECONDS = int(os.environ.get("CAMBILL_PUSH_SECONDS", "60"))

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
    "watcher-import": {
        "task": "watcher.import_all",
        "schedule": crontab(hour=1, minute=30),
    },
    "usage-maintain": {
        "task": "usage.maintain",
        "schedule": float(ROLLUP_SECONDS),
        "options": {"expires": float(ROLLUP_SECONDS)},
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
    # Outbound webhooks due for (re)delivery; also what retries failures.
    "webhooks-deliver-due": {
        "task": "webhooks.deliver_due",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
}

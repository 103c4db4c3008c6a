"""The beat schedule names only tasks that exist, with the documented defaults."""

from __future__ import annotations

from celery.schedules import crontab

from cambill.celery import app
from cambill.schedule import BEAT_SCHEDULE


def test_every_scheduled_task_is_registered() -> None:
    app.loader.import_default_modules()
    missing = [e["task"] for e in BEAT_SCHEDULE.values() if e["task"] not in app.tasks]
    assert missing == []


def test_documented_defaults() -> None:
    assert BEAT_SCHEDULE["watcher-poll"]["schedule"] == 300.0
    assert BEAT_SCHEDULE["watcher-push"]["schedule"] == 60.0
    assert BEAT_SCHEDULE["usage-maintain"]["schedule"] == 3600.0
    nightly = BEAT_SCHEDULE["watcher-import"]["schedule"]
    bill = BEAT_SCHEDULE["bill-previous-month"]["schedule"]
    assert isinstance(nightly, crontab) and isinstance(bill, crontab)
    assert (bill.hour, bill.minute) == ({2}, {0})
    assert BEAT_SCHEDULE["bill-previous-month"]["task"] == "invoicing.bill_previous_month"

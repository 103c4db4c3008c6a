"""The in-process beat: the schedule's jobs without Celery workers or a broker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from celery.schedules import crontab
from django.core.management import call_command
from django.core.management.base import CommandError

from cambill.schedule import BEAT_SCHEDULE, DEMO_INTERVALS, InProcessBeat

T0 = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


def test_interval_jobs_run_at_once_then_every_interval() -> None:
    lines: list[str] = []
    beat = InProcessBeat({"gone": {"task": "no.such.task", "schedule": 60.0}}, log=lines.append)
    assert [e.name for e in beat.tick(T0)] == ["gone"]
    assert beat.tick(T0 + timedelta(seconds=59)) == []
    assert [e.name for e in beat.tick(T0 + timedelta(seconds=60))] == ["gone"]
    entry = beat.entries["gone"]
    # a job that fails is recorded and tried again at its next time
    assert (entry.runs, entry.failures) == (2, 2)
    assert "not registered" in entry.last_error and "not registered" in lines[-1]


def test_crontab_jobs_wait_for_their_time() -> None:
    beat = InProcessBeat(
        {
            "nightly": {"task": "no.such.task", "schedule": crontab(hour=1, minute=30)},
            "often": {"task": "no.such.task2", "schedule": 3600.0},
        },
        log=lambda line: None,
    )
    assert [e.name for e in beat.tick(T0)] == ["often"]  # not at start
    assert beat.tick(T0 + timedelta(minutes=29)) == []
    assert [e.name for e in beat.tick(T0 + timedelta(minutes=30, seconds=5))] == ["nightly"]
    assert beat.tick(T0 + timedelta(hours=5)) != []  # "often" only
    assert "nightly" not in {e.name for e in beat.tick(T0 + timedelta(hours=6))}
    assert "nightly" in {e.name for e in beat.tick(T0 + timedelta(days=1, minutes=31))}


def test_overrides_and_bad_names() -> None:
    beat = InProcessBeat(intervals=DEMO_INTERVALS, skip={"payments-dunning"})
    assert beat.entries["watcher-poll"].every == 60.0
    assert beat.entries["watcher-import"].every == 120.0  # nightly in production
    assert beat.entries["bill-previous-month"].cron is not None
    assert "payments-dunning" not in beat.entries
    assert set(beat.entries) == set(BEAT_SCHEDULE) - {"payments-dunning"}
    with pytest.raises(ValueError, match="no-such"):
        InProcessBeat(intervals={"no-such": 5})
    with pytest.raises(ValueError, match="timezone-aware"):
        beat.tick(datetime(2026, 3, 10))


def test_run_schedule_once_runs_every_interval_job(db: Any) -> None:
    out = StringIO()
    call_command("run_schedule", once=True, demo=True, stdout=out)
    text = out.getvalue()
    for name in ("watcher-poll", "watcher-push", "watcher-import", "usage-maintain"):
        assert "[schedule]" in text and f" {name} (" in text, text
    assert "bill-previous-month (" not in text  # at 02:00, not at start
    with pytest.raises(CommandError, match="NAME=SECONDS"):
        call_command("run_schedule", once=True, every=["watcher-poll"], stdout=out)

"""``cambill run-schedule``: run the beat schedule's jobs in this process.

The embedded default has no broker and no Celery worker: tasks run eagerly,
and this command is the clock that calls them (``cambill.schedule.InProcessBeat``).
With a broker, run ``celery -A cambill beat`` and workers instead.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def parse_intervals(values: list[str]) -> dict[str, float]:
    """``["watcher-poll=60", ...]`` -> ``{"watcher-poll": 60.0}``."""
    out: dict[str, float] = {}
    for value in values:
        name, sep, seconds = value.partition("=")
        try:
            out[name.strip()] = float(seconds)
        except ValueError:
            sep = ""
        if not sep or out.get(name.strip(), 0) <= 0:
            raise CommandError(f"--every wants NAME=SECONDS with SECONDS > 0, not {value!r}.")
    return out


class Command(BaseCommand):
    help = (
        "Run the background jobs of the beat schedule (Watcher poll/push/import, usage "
        "rollups, bill runs, dunning, webhooks) in this process, without Celery or a broker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            action="append",
            default=[],
            metavar="NAME=SECONDS",
            help="run the schedule entry NAME every SECONDS instead (e.g. watcher-poll=60)",
        )
        parser.add_argument(
            "--demo", action="store_true", help="the demo's faster intervals (poll every minute)"
        )
        parser.add_argument(
            "--skip", action="append", default=[], metavar="NAME", help="leave an entry out"
        )
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args: Any, **opts: Any) -> None:
        from cambill.schedule import DEMO_INTERVALS, InProcessBeat

        if settings.CELERY_BROKER_URL:
            self.stderr.write(
                "A broker is configured (CELERY_BROKER_URL): fan-out tasks will be queued for "
                "workers; `celery -A cambill beat` is the usual clock there."
            )
        intervals = {**(DEMO_INTERVALS if opts["demo"] else {}), **parse_intervals(opts["every"])}
        try:
            beat = InProcessBeat(intervals=intervals, skip=opts["skip"], log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        for e in beat.entries.values():
            when = f"every {e.every:g} s" if e.every is not None else f"cron {e.cron}"
            self.stdout.write(f"  {e.name}: {e.task}, {when}")
        if opts["once"]:
            beat.tick()
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with contextlib.suppress(KeyboardInterrupt):
            beat.run_forever(stop)

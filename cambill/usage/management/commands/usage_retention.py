"""``cambill usage-retention [--at ISO-TIME] [--check]``: run the retention job
now (drop expired raw months whose invoices are all issued, fold old hourly
rollups) and print what it did; ``--check`` only lists the expired months and
why each would be kept. The scheduled task ``usage.retention`` runs it daily."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Drop expired raw usage months and fold old hourly rollups (or --check)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--at", help="as of this aware ISO time (default: now)")
        parser.add_argument(
            "--check", action="store_true", help="only list expired months and why kept"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from cambill.core import clock

        from ...retention import raw_plan, retention_run

        at = clock.now()
        if options.get("at"):
            try:
                at = datetime.fromisoformat(options["at"])
            except ValueError:
                raise CommandError(f"--at: '{options['at']}' is not an ISO time") from None
            if at.tzinfo is None:
                raise CommandError("--at: give the offset, e.g. 2026-03-15T12:00:00+00:00")
        result = raw_plan(now=at) if options["check"] else retention_run(now=at)
        self.stdout.write(json.dumps(result, indent=2, sort_keys=True))

"""``cambill bill-run --cloud SLUG --period 2026-03``: bill one cloud for one month.

Prints progress per chunk of accounts and the counts at the end. Rerunning
resumes an interrupted run or regenerates the drafts of a completed one;
issued invoices are never touched.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.invoicing.models import BillRun, BillRunStatus
from cambill.invoicing.services import bill_run_execute, bill_run_start


class Command(BaseCommand):
    help = (
        "Bill one cloud for one closed month: a wholesale draft and one retail draft per account."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--cloud", required=True, help="cloud slug")
        parser.add_argument(
            "--period", required=True, help="month, YYYY-MM (in the cloud's time zone)"
        )
        parser.add_argument(
            "--now",
            default=None,
            help="pretend it is this ISO 8601 instant (with offset); for replays and tests",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        cloud = Cloud.objects.filter(slug=opts["cloud"]).first()
        if cloud is None:
            raise CommandError(f"No cloud '{opts['cloud']}'.")
        now = clock.now()
        if opts["now"]:
            try:
                now = datetime.fromisoformat(opts["now"])
            except ValueError:
                raise CommandError(
                    "--now must be ISO 8601, e.g. 2026-04-05T00:00:00+00:00"
                ) from None
            if now.tzinfo is None:
                raise CommandError("--now needs a UTC offset.")
        started = time.perf_counter()
        try:
            run = bill_run_start(actor=SYSTEM, cloud=cloud, period=opts["period"], now=now)
        except DomainError as e:
            raise CommandError(f"{e.code}: {e.message}") from None
        self.stdout.write(
            f"bill run #{run.pk}: {cloud.slug} {run.period} ({run.status} before this call)"
        )

        def progress(r: BillRun) -> None:
            self.stdout.write(
                f"  {r.accounts_done}/{r.accounts_total} accounts, "
                f"{r.invoices_created} created, {r.invoices_updated} regenerated, {r.lines_created} lines"
            )

        try:
            run = bill_run_execute(run=run, now=now, progress=progress)
        except DomainError as e:
            raise CommandError(f"{e.code}: {e.message}") from None
        elapsed = time.perf_counter() - started
        if run.status != BillRunStatus.COMPLETED:
            raise CommandError(f"bill run #{run.pk} {run.status}: {run.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"completed in {elapsed:.1f} s: {run.accounts_total} accounts, "
                f"{run.invoices_created} invoices created, {run.invoices_updated} regenerated, "
                f"{run.lines_created} lines"
            )
        )

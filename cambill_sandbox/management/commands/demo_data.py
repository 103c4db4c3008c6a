"""``cambill demo-data --clouds 3 --accounts 300 --cameras 2000 --months 3 --seed 1``.

Fills an empty database with a deterministic demo (same seed and ``--now``,
same rows in the same order) built through the real services, then prints
counts per cloud and the table of demo logins.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cambill.core.errors import DomainError


def _parse_now(text: str | None) -> datetime:
    if not text:
        today = datetime.now(UTC)
        return today.replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--now '{text}' is not ISO 8601 (e.g. 2026-05-14 or 2026-05-14T00:00:00+00:00)."
        ) from None
    if value.tzinfo is None:
        # A bare date or time is read as UTC, like the default.
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: a provider catalogue, operator clouds, users for "
        "every role (password demo1234), accounts, cameras with months of tariff history, and "
        "invoices for the closed months. Deterministic for a given --seed and --now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--clouds", type=int, default=3, help="number of operator clouds (default 3)"
        )
        parser.add_argument(
            "--accounts", type=int, default=300, help="subscriber accounts in all (default 300)"
        )
        parser.add_argument(
            "--cameras", type=int, default=2000, help="cameras in all (default 2000)"
        )
        parser.add_argument("--months", type=int, default=3, help="months of history (default 3)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--now",
            help="the demo's 'now' (ISO 8601; default: today 00:00 UTC, so runs on one day match)",
        )
        parser.add_argument("--reset", action="store_true", help="delete ALL cambill data first")
        parser.add_argument(
            "--fast",
            action="store_true",
            help="bulk-insert accounts, cameras and tariff periods (for benchmark sizes; "
            "skips their per-row audit entries)",
        )
        parser.add_argument("--no-invoices", action="store_true", help="skip the bill runs")

    def handle(self, *args: Any, **opts: Any) -> None:
        from cambill_sandbox.demo import generate
        from cambill_sandbox.demo.reset import has_data
        from cambill_sandbox.demo.summary import summary_lines

        clouds, accounts, cameras, months = (
            opts["clouds"],
            opts["accounts"],
            opts["cameras"],
            opts["months"],
        )
        if clouds < 1:
            raise CommandError("--clouds must be at least 1.")
        if accounts < 0 or cameras < 0:
            raise CommandError("--accounts and --cameras cannot be negative.")
        if cameras > 0 and accounts == 0:
            raise CommandError("Cameras need accounts: give --accounts too.")
        if not 1 <= months <= 36:
            raise CommandError("--months must be between 1 and 36.")
        now = _parse_now(opts["now"])
        if has_data() and not opts["reset"]:
            raise CommandError(
                "The database already has data. Run `cambill demo-data --reset ...` to delete ALL "
                "cambill data (users, clouds, invoices...) and build the demo, or use an empty database."
            )
        if opts["reset"]:
            self.stdout.write("--reset: deleting all cambill data first.")
        from django.test.utils import override_settings

        try:
            # The outbox queues; the history delivers its mail at its time (demo/mail.py).
            with override_settings(CAMBILL_NOTIFICATIONS_SEND_ON_COMMIT=False):
                result = generate(
                    seed=opts["seed"],
                    clouds=clouds,
                    accounts=accounts,
                    cameras=cameras,
                    months=months,
                    now=now,
                    fast=opts["fast"],
                    reset=opts["reset"],
                    bill_runs=not opts["no_invoices"],
                    write=self.stdout.write,
                )
        except DomainError as e:
            detail = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in e.fields.items())
            raise CommandError(
                f"Demo data refused: {e.message}{' (' + detail + ')' if detail else ''}"
            ) from None
        for line in summary_lines(result.plan, result.elapsed, result.fast, result.bills):
            self.stdout.write(line)
        from cambill_sandbox.demo.newcloud import ADMIN, NAME, SLUG

        self.stdout.write(
            f"A new cloud with nothing in it yet, to see its first steps: {NAME} ({SLUG}), "
            f"login {ADMIN} / demo1234 (http://127.0.0.1:8000/clouds/{SLUG}/)"
        )

"""``cambill demo-flow``: the whole flow, from a camera bought to a card charged.

Runs against the configured database (after ``make demo``'s set-up: the demo
SQLite database) in its own, new cloud, with the fake Watcher, a fake Stripe
and a webhook receiver started in-process on free ports. Prints one line per
step; exits non-zero with the failing step and its cause.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Run the end-to-end flow in a new cloud: agent sign-up, Agent intake CSV, tariff, "
        "fake Watcher usage, bill run, Stripe card charge and webhook, outbound webhooks, "
        "commission, then a declined card through dunning to suspension and resumption."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--cloud-slug",
            default=None,
            help="login name of the cloud to create (default: a fresh flow-xxxxxx)",
        )
        parser.add_argument(
            "--quiet", action="store_true", help="print only the final line (or the error)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from cambill_sandbox.flow.steps import FlowError, run_flow

        quiet = opts["quiet"]

        def out(line: str) -> None:
            if not quiet:
                self.stdout.write(line)
                self.stdout.flush()

        try:
            result = run_flow(slug=opts["cloud_slug"], out=out)
        except FlowError as exc:
            if opts.get("verbosity", 1) >= 2 and exc.__cause__ is not None:
                import traceback

                self.stderr.write("".join(traceback.format_exception(exc.__cause__)))
            raise CommandError(f"demo-flow: {exc}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"demo-flow passed: {len(result.steps)} steps; cloud {result.slug} stays in the "
                "database to look at (its Watcher connection and webhook endpoint are disabled)"
            )
        )

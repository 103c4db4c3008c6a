"""``cambill fake-watcher --port 8081``: a local Flussonic Watcher for the demo and tests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the fake Flussonic Watcher (admin and client API v3 subset) in the foreground."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "args", nargs="*", help="options passed through (see --help of the server)"
        )

    def run_from_argv(self, argv: list[str]) -> None:
        # Pass every option straight to the server's own argument parser.
        from cambill_sandbox.fake_watcher.server import main

        code = main(argv[2:])
        if code:
            raise CommandError(f"fake Watcher exited with {code}")

    def handle(self, *args: Any, **options: Any) -> None:
        from cambill_sandbox.fake_watcher.server import main

        main(list(args))

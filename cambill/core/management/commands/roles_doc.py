"""Print (or write) docs/roles.md from the permission registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cambill.core.roles_doc import render


def docs_path() -> Path:
    return Path(settings.PROJECT_DIR) / "docs" / "roles.md"


class Command(BaseCommand):
    help = "Render docs/roles.md from cambill.core.permissions (stdout, --write or --check)."

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="rewrite docs/roles.md")
        group.add_argument(
            "--check", action="store_true", help="fail when docs/roles.md is out of date"
        )

    def handle(self, *args: Any, write: bool = False, check: bool = False, **opts: Any) -> None:
        text = render()
        path = docs_path()
        if write:
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {path}")
        elif check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run `cambill roles_doc --write`.")
        else:
            self.stdout.write(text, ending="")

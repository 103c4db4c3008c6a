"""``cambill api-token --user U [--name N]``: prints a new token (shown once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cambill.accounts.models import User
from cambill.accounts.services import api_token_create
from cambill.core.access import SYSTEM


class Command(BaseCommand):
    help = "Create an API token for a user and print it. Only its hash is stored."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **opts: Any) -> None:
        user = User.objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"No user '{opts['user']}'.")
        if not user.is_active:
            raise CommandError(f"User '{user.username}' is deactivated.")
        _, secret = api_token_create(actor=SYSTEM, user=user, name=opts["name"])
        self.stdout.write(secret)

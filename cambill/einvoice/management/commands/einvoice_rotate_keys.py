"""Re-encrypt every e-invoicing secret with the newest key of CAMBILL_EINVOICE_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cambill.einvoice import vault
from cambill.einvoice.services import keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt the signing keys and regime secrets with the first key of "
        "CAMBILL_EINVOICE_KEYS (put the new key first, run this, then drop the old one)."
    )

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            count = keys_rotate()
        except vault.InvalidToken:
            raise CommandError(
                "A stored secret opens with none of CAMBILL_EINVOICE_KEYS: keep the old key "
                "in the list until every secret is re-encrypted."
            ) from None
        self.stdout.write(f"Re-encrypted {count} secret(s) with the newest key.")

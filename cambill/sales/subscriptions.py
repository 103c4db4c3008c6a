"""Sales follows the invoices' life through invoicing's events (no signals):
the charges of a voided invoice are freed for the next one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.invoicing import events


def _free_voided(*, invoice: Any, now: datetime) -> None:
    from .billing import free_charges

    free_charges(invoice.pk)


def subscribe_to_invoicing() -> None:
    events.subscribe(events.INVOICE_VOIDED, _free_voided, order=events.ORDER_COMMISSION)

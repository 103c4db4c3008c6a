"""The outbox follows invoicing's domain events (``cambill.invoicing.events``),
subscribed from ``NotificationsConfig.ready``: an issued invoice (one by one or a
bill run's block) and a credit note are mailed. Invoicing never imports the
outbox (docs/decisions/0014-invoicing-publishes-domain-events.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.invoicing import events

# After the payments follower: the mail goes out about the invoice as it stands.
ORDER_MAIL = events.ORDER_PAYMENTS + 20


def _issued(*, invoice: Any, now: datetime) -> None:
    from .notify import invoice_issued

    invoice_issued(invoice, now=now)


def _block_issued(*, cloud: Any, period: str, invoice_ids: list[int], now: datetime) -> None:
    from .notify import invoices_issued

    invoices_issued(invoice_ids, now=now)


def _credit_note(*, credit_note: Any, now: datetime) -> None:
    from .notify import credit_note_created

    credit_note_created(credit_note, now=now)


def subscribe_to_invoicing() -> None:
    events.subscribe(events.INVOICE_ISSUED, _issued, order=ORDER_MAIL)
    events.subscribe(events.INVOICES_ISSUED, _block_issued, order=ORDER_MAIL)
    events.subscribe(events.CREDIT_NOTE_CREATED, _credit_note, order=ORDER_MAIL)

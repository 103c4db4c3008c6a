"""Payments follows an invoice's life through invoicing's domain events
(``cambill.invoicing.events``), subscribed from ``PaymentsConfig.ready``: the
ledger posting, the payer's credit and the auto-charge of an issued invoice, the
reversal of a voided one, the posting of a credit note. Invoicing never imports
payments (docs/decisions/0014-invoicing-publishes-domain-events.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.invoicing import events


def _issued(*, invoice: Any, now: datetime) -> None:
    from .services import payments_on_invoice_issued

    payments_on_invoice_issued(invoice, now=now)


def _block_issued(*, cloud: Any, period: str, invoice_ids: list[int], now: datetime) -> None:
    from .services import payments_on_invoices_issued

    payments_on_invoices_issued(invoice_ids, now=now)


def _voided(*, invoice: Any, now: datetime) -> None:
    from .services import payments_on_invoice_voided

    payments_on_invoice_voided(invoice, now=now)


def _credit_note(*, credit_note: Any, now: datetime) -> None:
    from .services import payments_on_credit_note

    payments_on_credit_note(credit_note, now=now)


def subscribe_to_invoicing() -> None:
    events.subscribe(events.INVOICE_ISSUED, _issued, order=events.ORDER_PAYMENTS)
    events.subscribe(events.INVOICES_ISSUED, _block_issued, order=events.ORDER_PAYMENTS)
    events.subscribe(events.INVOICE_VOIDED, _voided, order=events.ORDER_PAYMENTS)
    events.subscribe(events.CREDIT_NOTE_CREATED, _credit_note, order=events.ORDER_PAYMENTS)

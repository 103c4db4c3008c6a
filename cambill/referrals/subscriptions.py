"""Referrals follow an invoice's life through invoicing's domain events
(``cambill.invoicing.events``), subscribed from ``ReferralsConfig.ready``: the
commission of an issued or paid invoice, its reversal on a void or a credit note,
the commission of a block of invoices issued at once. Invoicing never imports
referrals (docs/decisions/0014-invoicing-publishes-domain-events.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.invoicing import events


def _issued(*, invoice: Any, now: datetime) -> None:
    from .commission import commission_on_invoice

    commission_on_invoice(invoice=invoice, event="issued", now=now)


def _block_issued(*, cloud: Any, period: str, invoice_ids: list[int], now: datetime) -> None:
    # Only the block's invoices: a bulk issue publishes its chunks one by one,
    # and recomputing the whole period after each would grow with the month.
    from .commission import commission_on_block

    commission_on_block(cloud=cloud, invoice_ids=invoice_ids, now=now)


def _paid(*, invoice: Any, now: datetime) -> None:
    from .commission import commission_on_invoice

    commission_on_invoice(invoice=invoice, event="paid", now=now)


def _voided(*, invoice: Any, now: datetime) -> None:
    from .commission import commission_on_void

    commission_on_void(invoice=invoice, now=now)


def _credit_note(*, credit_note: Any, now: datetime) -> None:
    from .commission import commission_on_credit_note

    commission_on_credit_note(credit_note=credit_note, now=now)


def subscribe_to_invoicing() -> None:
    events.subscribe(events.INVOICE_ISSUED, _issued, order=events.ORDER_COMMISSION)
    events.subscribe(events.INVOICES_ISSUED, _block_issued, order=events.ORDER_COMMISSION)
    events.subscribe(events.INVOICE_PAID, _paid, order=events.ORDER_COMMISSION)
    events.subscribe(events.INVOICE_VOIDED, _voided, order=events.ORDER_COMMISSION)
    events.subscribe(events.CREDIT_NOTE_CREATED, _credit_note, order=events.ORDER_COMMISSION)

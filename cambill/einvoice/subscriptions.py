"""E-invoicing follows an invoice's life through invoicing's domain events, subscribed
from ``EInvoiceConfig.ready`` (invoicing never imports einvoice; decision 0014). The
handlers run in the publishing verb's transaction: a document that cannot be built
refuses the verb, and nothing is issued, credited or voided."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.invoicing import events
from cambill.invoicing.models import Invoice

from . import issuing


def on_invoice_checking(*, invoice: Any, now: datetime) -> None:
    issuing.invoice_check(invoice, now=now)


def on_invoice_issued(*, invoice: Any, now: datetime) -> None:
    issuing.invoice_document_issue(invoice, now=now)


def on_invoices_issued(*, cloud: Any, period: str, invoice_ids: list[int], now: datetime) -> None:
    invoices = Invoice.objects.filter(pk__in=invoice_ids).select_related("cloud", "account")
    for invoice in invoices.order_by("id"):
        issuing.invoice_document_issue(invoice, now=now)


def on_credit_note_created(*, credit_note: Any, now: datetime) -> None:
    issuing.credit_note_document_issue(credit_note, now=now)


def on_invoice_voided(*, invoice: Any, now: datetime) -> None:
    issuing.void_document_issue(invoice, now=now)


def subscribe_to_invoicing() -> None:
    order = events.ORDER_EINVOICE
    events.subscribe(events.INVOICE_CHECKING, on_invoice_checking, order=order)
    events.subscribe(events.INVOICE_ISSUED, on_invoice_issued, order=order)
    events.subscribe(events.INVOICES_ISSUED, on_invoices_issued, order=order)
    events.subscribe(events.CREDIT_NOTE_CREATED, on_credit_note_created, order=order)
    events.subscribe(events.INVOICE_VOIDED, on_invoice_voided, order=order)

"""Payments follows an invoice's life through invoicing's domain events
(``cambill.invoicing.events``), subscribed from ``PaymentsConfig.ready``: the
ledger posting, the payer's credit and the auto-charge of an issued invoice, the
reversal of a voided one, the posting of a credit note. Invoicing never imports
payments (docs/decisions/0014-invoicing-publishes-domain-events.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.clouds.models import Account, Cloud
from cambill.invoicing import events
from cambill.invoicing.models import CreditNote, Invoice, InvoiceKind

from .models import Payment
from .services import (
    _account_of,
    _now,
    credit_apply,
    ledger_post_credit_note,
    ledger_post_invoice_issued,
    ledger_post_invoice_voided,
    ledger_post_invoices_issued,
    provider_credit_apply,
)

# --- what payments does when an invoice moves -----------------------------------------


def payments_on_invoice_issued(invoice: Invoice, now: datetime | None = None) -> None:
    """Call at the end of ``invoice_issue`` (inside its transaction): post the
    invoice, apply the payer's credit, and charge a saved card after commit."""
    now = _now(now)
    ledger_post_invoice_issued(invoice, now)
    if invoice.kind == InvoiceKind.RETAIL:
        credit_apply(account=_account_of(invoice), now=now)
        from .gateways.scheduling import schedule_auto_charge

        schedule_auto_charge(invoice, now)
    else:
        provider_credit_apply(cloud=Cloud.objects.get(pk=invoice.cloud_id), now=now)


def payments_on_invoices_issued(invoice_ids: list[int], now: datetime | None = None) -> None:
    """The same for a block of invoices issued at once (a bulk issue, auto-issue),
    in bulk: the journals in a few statements, the credit applied only for
    payers that have paid something, the saved cards looked up once."""
    from .gateways.scheduling import schedule_auto_charges

    now = _now(now)
    invoices = list(Invoice.objects.filter(pk__in=invoice_ids).order_by("id"))
    ledger_post_invoices_issued(invoices, now)
    retail = [inv for inv in invoices if inv.kind == InvoiceKind.RETAIL]
    payers = {inv.account_id for inv in retail}
    if payers:
        with_money = Payment.objects.filter(account_id__in=payers).values("account_id")
        for account in Account.objects.filter(pk__in=with_money).order_by("pk"):
            credit_apply(account=account, now=now)
        schedule_auto_charges(retail, now)
    for cloud_id in sorted({inv.cloud_id for inv in invoices if inv.kind != InvoiceKind.RETAIL}):
        provider_credit_apply(cloud=Cloud.objects.get(pk=cloud_id), now=now)


def payments_on_invoice_voided(invoice: Invoice, now: datetime | None = None) -> None:
    """Call at the end of ``invoice_void`` (inside its transaction)."""
    ledger_post_invoice_voided(invoice, now)


def payments_on_credit_note(credit_note: CreditNote, now: datetime | None = None) -> None:
    """Call at the end of ``credit_note_create`` (inside its transaction)."""
    ledger_post_credit_note(credit_note, now)


# --- the subscriptions ------------------------------------------------------------------


def _issued(*, invoice: Any, now: datetime) -> None:
    payments_on_invoice_issued(invoice, now=now)


def _block_issued(*, cloud: Any, period: str, invoice_ids: list[int], now: datetime) -> None:
    payments_on_invoices_issued(invoice_ids, now=now)


def _voided(*, invoice: Any, now: datetime) -> None:
    payments_on_invoice_voided(invoice, now=now)


def _credit_note(*, credit_note: Any, now: datetime) -> None:
    payments_on_credit_note(credit_note, now=now)


def subscribe_to_invoicing() -> None:
    events.subscribe(events.INVOICE_ISSUED, _issued, order=events.ORDER_PAYMENTS)
    events.subscribe(events.INVOICES_ISSUED, _block_issued, order=events.ORDER_PAYMENTS)
    events.subscribe(events.INVOICE_VOIDED, _voided, order=events.ORDER_PAYMENTS)
    events.subscribe(events.CREDIT_NOTE_CREATED, _credit_note, order=events.ORDER_PAYMENTS)

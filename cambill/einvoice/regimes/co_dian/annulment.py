"""A void in DIAN's terms: DIAN cancels nothing; an invoice is annulled by a credit
note for all of it with discrepancy code 2 ("Anulación de factura electrónica")."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from ...value import EInvoice

ANNULMENT = "2"


def annulment(
    invoice: EInvoice,
    *,
    invoice_cufe: str,
    number: str,
    issued_at: datetime,
    reason: str = "",
) -> EInvoice:
    """The credit note that annuls ``invoice`` (its value as accepted, CUFE
    ``invoice_cufe``): the same lines, allowances, taxes and totals, nothing paid."""
    return replace(
        invoice,
        kind="credit_note",
        number=number,
        issued_at=issued_at,
        paid=Decimal("0"),
        due=invoice.total,
        due_date=None,
        preceding_number=invoice.number,
        preceding_unique_code=invoice_cufe,
        preceding_issued_at=invoice.issued_at,
        reason=reason or "Anulación de factura electrónica",
        reason_code=ANNULMENT,
        payment_method="",
        source={**invoice.source, "annulled_invoice": invoice.source.get("invoice", 0)},
    )

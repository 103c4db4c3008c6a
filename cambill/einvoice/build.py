"""Issued invoices, credit notes and payments as ``EInvoice`` values.

Reads only what an issued document already holds (its snapshot of issuer and
customer, its rounded lines and totals), so the legal document says exactly what
the PDF says. The parties' regime data (``einvoice`` objects) are passed in by the
caller, which reads them from the issuer's and the receiver's records (secrets
stay out of the value: they travel in ``protocol.Credentials``).

Two allocations make the value usable by regimes that need amounts per line
(CFDI taxes and discounts per concept), both by largest remainder so that the
per-line figures add up exactly to the document's:

- ``Line.discount``: the line's share of the document-level allowances
  (account discounts, coupons), in proportion to the positive line nets;
- ``Line.tax``: the line's share of the invoice's tax, in proportion to its net
  after that discount.

Regimes in EN 16931 terms (UBL, CII) use ``allowances`` and the document's tax
breakdown and ignore both allocations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from cambill.core.money import quantum

from .value import Address, Allowance, EInvoice, Line, Party, PaymentPart, TaxSubtotal

ZERO = Decimal("0")

# Line kinds whose quantity is a fraction of a month (UN/ECE rec 20 "MON").
_MONTHLY_KINDS = frozenset({"tariff", "advance", "true_up"})
_ALLOWANCE_KINDS = frozenset({"discount", "coupon"})


def tax_category(percent: Decimal) -> str:
    """EN 16931 VAT category of a cloud's single rate: standard, or zero-rated."""
    return "S" if percent > 0 else "Z"


def party(name: str, details: dict[str, Any], regime_data: dict[str, Any] | None = None) -> Party:
    """A party from an invoice's snapshot (``issuer_details`` / ``customer_details``)."""
    address = details.get("address")
    street = details.get("street") or (address if isinstance(address, str) else "")
    return Party(
        name=details.get("legal_name") or name,
        tax_id=details.get("tax_id") or "",
        address=Address(
            street=street or "",
            city=details.get("city") or "",
            region=details.get("region") or "",
            postal_code=details.get("postal_code") or "",
            country=(details.get("country") or "").upper(),
        ),
        email=details.get("email") or "",
        regime_data=dict(regime_data or {}),
    )


def allocate(total: Decimal, weights: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """Split ``total`` over ``weights`` in multiples of ``step``, largest remainder
    first, so that the parts add up to ``total`` exactly (zero weights get zero)."""
    if not weights:
        return []
    whole = sum((w for w in weights if w > 0), ZERO)
    if whole == 0 or total == 0:
        return [ZERO for _ in weights]
    sign = 1 if total > 0 else -1
    units = int((abs(total) / step).to_integral_value())
    exact = [(w / whole) * units if w > 0 else ZERO for w in weights]
    parts = [int(e) for e in exact]
    left = units - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [Decimal(sign * p) * step for p in parts]


def _unit_code(kind: str) -> str:
    return "MON" if kind in _MONTHLY_KINDS else "C62"


def _local_date(moment: datetime | None, zone: str, *, end: bool = False) -> date | None:
    """A UTC instant as a date in ``zone``; an exclusive period end as its last day."""
    if moment is None:
        return None
    local = moment.astimezone(ZoneInfo(zone))
    return (local - timedelta(microseconds=1)).date() if end else local.date()


def _lines(
    rows: Iterable[Any], *, discount: Decimal, tax: Decimal, percent: Decimal, currency: str
) -> tuple[list[Line], list[Allowance]]:
    charged = [r for r in rows if r.kind not in _ALLOWANCE_KINDS]
    allowed = [r for r in rows if r.kind in _ALLOWANCE_KINDS]
    step = quantum(currency)
    category = tax_category(percent)
    nets = [Decimal(r.amount) for r in charged]
    shares = allocate(discount, nets, step)
    taxes = allocate(tax, [n - d for n, d in zip(nets, shares, strict=True)], step)
    lines = [
        Line(
            position=i,
            description=r.description,
            quantity=Decimal(r.quantity),
            unit_code=_unit_code(r.kind),
            unit_price=Decimal(r.unit_price),
            net=Decimal(r.amount),
            tax_category=category,
            tax_percent=percent,
            tax=t,
            service_code=r.service or r.tariff or "",
            period_start=r.date_from,
            period_end=r.date_to,
            discount=d,
        )
        for i, (r, d, t) in enumerate(zip(charged, shares, taxes, strict=True), start=1)
    ]
    allowances = [
        Allowance(
            amount=-Decimal(r.amount),
            reason=r.description,
            tax_category=category,
            tax_percent=percent,
        )
        for r in allowed
    ]
    return lines, allowances


def from_invoice(
    invoice: Any,
    *,
    time_zone: str,
    seller_regime: dict[str, Any] | None = None,
    buyer_regime: dict[str, Any] | None = None,
    paid: Decimal = ZERO,
) -> EInvoice:
    """The value of an issued invoice (retail or wholesale)."""
    percent = Decimal(invoice.tax_percent)
    # cambill stores a discount as a negative amount; the value holds it positive
    discount = abs(Decimal(invoice.discount))
    lines, allowances = _lines(
        invoice.lines.order_by("position"),
        discount=discount,
        tax=Decimal(invoice.tax),
        percent=percent,
        currency=invoice.currency,
    )
    net = Decimal(invoice.net)
    total = Decimal(invoice.total)
    return EInvoice(
        kind="invoice",
        number=invoice.number or "",
        issued_at=invoice.issued_at,
        time_zone=time_zone,
        currency=invoice.currency,
        seller=party(invoice.issuer_name, invoice.issuer_details, seller_regime),
        buyer=party(invoice.customer_name, invoice.customer_details, buyer_regime),
        lines=tuple(lines),
        allowances=tuple(allowances),
        taxes=(
            TaxSubtotal(
                category=tax_category(percent),
                percent=percent,
                taxable=net,
                amount=Decimal(invoice.tax),
            ),
        ),
        line_total=Decimal(invoice.subtotal),
        allowance_total=discount,
        net=net,
        tax_total=Decimal(invoice.tax),
        total=total,
        paid=paid,
        due=total - paid,
        due_date=_local_date(invoice.due_at, time_zone),
        period_start=_local_date(invoice.period_start, time_zone),
        period_end=_local_date(invoice.period_end, time_zone, end=True),
        source={"invoice": invoice.pk},
    )


def from_credit_note(
    note: Any,
    *,
    time_zone: str,
    preceding_unique_code: str = "",
    reason_code: str = "",
    seller_regime: dict[str, Any] | None = None,
    buyer_regime: dict[str, Any] | None = None,
) -> EInvoice:
    """The value of a credit note: its lines are the credited amounts (net, before
    tax); its tax is split over them as the invoice's was."""
    invoice = note.invoice
    percent = Decimal(invoice.tax_percent)
    category = tax_category(percent)
    rows = list(note.lines.order_by("pk"))
    nets = [Decimal(r.amount) for r in rows]
    taxes = allocate(Decimal(note.tax), nets, quantum(note.currency))
    lines = tuple(
        Line(
            position=i,
            description=r.description,
            quantity=Decimal(1),
            unit_code="C62",
            unit_price=n,
            net=n,
            tax_category=category,
            tax_percent=percent,
            tax=t,
            service_code=getattr(r.invoice_line, "service", "") or "" if r.invoice_line_id else "",
        )
        for i, (r, n, t) in enumerate(zip(rows, nets, taxes, strict=True), start=1)
    )
    net = Decimal(note.net)
    return EInvoice(
        kind="credit_note",
        number=note.number,
        issued_at=note.issued_at,
        time_zone=time_zone,
        currency=note.currency,
        seller=party(invoice.issuer_name, invoice.issuer_details, seller_regime),
        buyer=party(invoice.customer_name, invoice.customer_details, buyer_regime),
        lines=lines,
        taxes=(
            TaxSubtotal(category=category, percent=percent, taxable=net, amount=Decimal(note.tax)),
        ),
        line_total=net,
        net=net,
        tax_total=Decimal(note.tax),
        total=Decimal(note.total),
        due=Decimal(note.total),
        preceding_number=invoice.number or "",
        preceding_unique_code=preceding_unique_code,
        preceding_issued_at=invoice.issued_at,
        reason=note.reason,
        reason_code=reason_code,
        source={"credit_note": note.pk, "invoice": invoice.pk},
    )


def from_payment(
    payment: Any,
    parts: Sequence[PaymentPart],
    *,
    seller_name: str,
    seller_details: dict[str, Any],
    buyer_name: str,
    buyer_details: dict[str, Any],
    time_zone: str,
    number: str,
    seller_regime: dict[str, Any] | None = None,
    buyer_regime: dict[str, Any] | None = None,
) -> EInvoice:
    """The value of a payment receipt (CFDI type P): which invoices it pays, the
    installment and balances of each (``parts``, computed by the caller from the
    allocations and the earlier payments on each invoice)."""
    amount = sum((p.amount for p in parts), ZERO)
    return EInvoice(
        kind="payment",
        number=number,
        issued_at=payment.created_at,
        time_zone=time_zone,
        currency=payment.currency,
        seller=party(seller_name, seller_details, seller_regime),
        buyer=party(buyer_name, buyer_details, buyer_regime),
        total=amount,
        payment_method=payment.method,
        payment_received_at=payment.received_at,
        payment_parts=tuple(parts),
        source={"payment": payment.pk},
    )

"""The e-invoice as a plain value, in EN 16931 terms (business terms BT-/BG-).

Built from an issued invoice, credit note or payment by ``cambill.einvoice.build``;
read by every regime adapter. Pure data: no ORM, no Django, so a regime's XML
builder is a pure function of this value plus the issuer's key material.

Money is ``Decimal`` already rounded as cambill rounds it (once per line, totals
summed from lines); a regime that needs other precision (CFDI's 6 decimals on
unit prices, DIAN's 2) formats, it never re-rates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

DocumentKind = Literal["invoice", "credit_note", "payment", "cancellation"]


@dataclass(frozen=True)
class Address:
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Party:
    """Seller (BG-4) or buyer (BG-7)."""

    name: str  # BT-27 / BT-44 legal name
    tax_id: str = ""  # BT-31 / BT-48 (RFC, NIT without check digit split out by the regime)
    address: Address = field(default_factory=Address)
    email: str = ""  # BT-34 / BT-49 electronic address where the regime has none
    # the regime's own keys of the party's ``einvoice`` object (tax_regime, cfdi_use,
    # id_type, tax_responsibilities, series, resolution, ...), validated per regime
    regime_data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TaxSubtotal:
    """One row of the VAT breakdown (BG-23)."""

    category: str  # BT-118: "S" standard, "Z", "E", "AE", "O"
    percent: Decimal  # BT-119, e.g. Decimal("16")
    taxable: Decimal  # BT-116
    amount: Decimal  # BT-117
    exemption_reason: str = ""  # BT-120


@dataclass(frozen=True)
class Line:
    """An invoice line (BG-25)."""

    position: int  # BT-126
    description: str  # BT-153 item name
    quantity: Decimal  # BT-129
    unit_code: str  # BT-130 (UN/ECE rec 20, e.g. "C62" one, "DAY", "MON"); regimes map
    unit_price: Decimal  # BT-146 net price
    net: Decimal  # BT-131 line net amount (quantity x price, rounded once)
    tax_category: str  # BT-151
    tax_percent: Decimal  # BT-152
    # the line's share of the document's tax, on its net after ``discount``; the
    # shares add up exactly to the document's tax (CFDI needs tax per concept)
    tax: Decimal
    service_code: str = ""  # cambill service code (BT-155 seller's item id)
    product_code: str = ""  # regime's product classification (SAT ClaveProdServ)
    regime_unit_code: str = ""  # regime's own unit (SAT ClaveUnidad, e.g. "E48")
    period_start: date | None = None  # BT-134
    period_end: date | None = None  # BT-135
    # the line's share of the document's allowances (for regimes that take
    # discounts per line, as CFDI does); EN 16931 regimes use ``allowances``
    discount: Decimal = Decimal("0")


@dataclass(frozen=True)
class Allowance:
    """A document-level allowance (BG-20): discounts, coupons."""

    amount: Decimal
    reason: str
    tax_category: str
    tax_percent: Decimal


@dataclass(frozen=True)
class PaymentPart:
    """One invoice a payment pays (CFDI Pagos 2.0 DoctoRelacionado)."""

    invoice_number: str
    invoice_unique_code: str  # UUID / CUFE of the paid invoice's accepted document
    currency: str
    installment: int  # NumParcialidad: 1 for the first payment on that invoice
    balance_before: Decimal
    amount: Decimal
    balance_after: Decimal
    tax_percent: Decimal
    tax_category: str
    # the paid invoice's own net and tax: with them a regime shares each installment's
    # tax base cumulatively, so the installments add up to the invoice exactly (CFDI
    # Pagos 2.0 ImpuestosDR); without them the amount paid is split at the rate
    invoice_net: Decimal | None = None
    invoice_tax: Decimal | None = None


@dataclass(frozen=True)
class EInvoice:
    """What a regime needs to build one legal document."""

    kind: DocumentKind
    number: str  # BT-1, as cambill numbered it (the regime may split series/folio)
    issued_at: datetime  # BT-2 (aware, UTC); regimes render in the issuer's zone
    time_zone: str  # the issuer's IANA zone (the cloud's or the provider's)
    currency: str  # BT-5 ISO 4217
    seller: Party
    buyer: Party
    lines: tuple[Line, ...] = ()
    allowances: tuple[Allowance, ...] = ()
    taxes: tuple[TaxSubtotal, ...] = ()
    line_total: Decimal = Decimal("0")  # BT-106 sum of line nets
    allowance_total: Decimal = Decimal("0")  # BT-107
    net: Decimal = Decimal("0")  # BT-109 total without tax
    tax_total: Decimal = Decimal("0")  # BT-110
    total: Decimal = Decimal("0")  # BT-112 total with tax
    paid: Decimal = Decimal("0")  # BT-113 prepaid amount
    due: Decimal = Decimal("0")  # BT-115 amount due
    due_date: date | None = None  # BT-9
    period_start: date | None = None  # BG-14
    period_end: date | None = None
    note: str = ""  # BT-22
    # a credit note's or cancellation's reference to the document it corrects (BG-3)
    preceding_number: str = ""  # BT-25
    preceding_unique_code: str = ""  # UUID / CUFE of the corrected document
    preceding_issued_at: datetime | None = None  # BT-26
    reason: str = ""  # credit note or cancellation reason text
    reason_code: str = ""  # the regime's reason code (SAT motivo, DIAN discrepancy code)
    # a cancellation's replacing document (SAT motivo 01 requires its UUID)
    replacement_unique_code: str = ""
    # a payment receipt (CFDI type P)
    payment_method: str = ""  # SAT FormaPago / DIAN PaymentMeansCode source: cambill method
    payment_received_at: datetime | None = None
    payment_parts: tuple[PaymentPart, ...] = ()
    # cambill ids, for the record and the adapters' logs, never rendered as legal data
    source: dict[str, int] = field(default_factory=dict)

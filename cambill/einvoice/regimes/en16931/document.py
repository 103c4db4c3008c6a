"""An ``EInvoice`` in EN 16931's own figures, shared by the UBL (Peppol BIS 3.0) and
the CII (Factur-X) builders: the VAT category of the document from the receiver's
``vat_category``, the VAT breakdown (one row per category and rate, its tax the
document's: BR-CO-17 holds by construction, cambill rounds the tax once on the net),
the parties' VAT ids with their country prefix, the electronic addresses and the
references. Pure: no ORM, no Django settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from ...protocol import ValidationIssue
from ...value import EInvoice, Party

ZERO = Decimal("0")
CENT = Decimal("0.01")
# The EU member states' VAT prefixes (Greece writes EL).
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
# VATEX codes (CEF's list) for the categories that need a reason.
VATEX = {"AE": "VATEX-EU-AE", "O": "VATEX-EU-O"}
REASON_REQUIRED = ("AE", "E", "O")
DEFAULT_REASON = {"AE": "Reverse charge", "O": "Not subject to VAT"}


def money(amount: Decimal) -> str:
    """An amount as EN 16931 writes it: two decimals (BR-DEC-*)."""
    return str(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP))


def number(amount: Decimal) -> str:
    """A quantity, a price or a rate: exact, without trailing zeros or exponent."""
    text = format(Decimal(amount).normalize(), "f")
    return text if text not in ("-0", "") else "0"


def vat_id(party: Party) -> str:
    """The party's VAT id with its country prefix (BR-CO-09), or "" outside the EU."""
    country = party.address.country
    tax_id = party.tax_id.replace(" ", "").upper()
    if not tax_id or country not in EU:
        return ""
    prefix = "EL" if country == "GR" else country
    return tax_id if tax_id.startswith(prefix) else prefix + tax_id


@dataclass(frozen=True)
class DocLine:
    position: int
    name: str
    quantity: Decimal  # signed: a credit line has a negative quantity, never a negative price
    unit_code: str
    price: Decimal
    net: Decimal
    seller_item_id: str = ""
    period_start: date | None = None
    period_end: date | None = None


@dataclass(frozen=True)
class DocAllowance:
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class Doc:
    value: EInvoice
    credit: bool  # a credit note (381), else an invoice (380)
    type_code: str
    issue_date: date
    category: str
    percent: Decimal
    exemption_reason: str
    seller_vat: str
    buyer_vat: str
    seller_endpoint: tuple[str, str]
    buyer_endpoint: tuple[str, str]
    buyer_reference: str
    order_reference: str
    iban: str
    bic: str
    lines: tuple[DocLine, ...]
    allowances: tuple[DocAllowance, ...]
    line_total: Decimal
    allowance_total: Decimal
    net: Decimal
    tax: Decimal
    total: Decimal
    paid: Decimal
    payable: Decimal
    issues: tuple[ValidationIssue, ...] = field(default_factory=tuple)

    @property
    def vat_percent(self) -> Decimal | None:
        """BT-119/BT-152: none in category O (BR-O-05)."""
        return None if self.category == "O" else self.percent


def _endpoint(party: Party) -> tuple[str, str]:
    data = party.regime_data
    return str(data.get("endpoint_scheme") or ""), str(data.get("endpoint_id") or "")


def _category(value: EInvoice, percent: Decimal) -> tuple[str, str, list[ValidationIssue]]:
    """The document's VAT category and exemption reason: standard when it charges VAT;
    without VAT, the receiver's category (reverse charge across EU borders between two
    VAT-registered parties when it says none), zero-rated otherwise."""
    data = value.buyer.regime_data
    said = str(data.get("vat_category") or "")
    reason = str(data.get("vat_exemption_reason") or "")
    issues: list[ValidationIssue] = []
    if percent > 0:
        if said and said != "S":
            issues.append(
                ValidationIssue(
                    "receiver.einvoice.vat_category",
                    "EU-VAT-CATEGORY",
                    _(
                        "The receiver's VAT category is %(category)s, but the document charges "
                        "%(percent)s %% VAT: set the category to S, or bill it without VAT."
                    )
                    % {"category": said, "percent": number(percent)},
                )
            )
        return "S", "", issues
    category = said if said and said != "S" else ""
    if not category:
        seller_country = value.seller.address.country
        buyer_country = value.buyer.address.country
        cross_border = (
            seller_country in EU and buyer_country in EU and seller_country != buyer_country
        )
        category = "AE" if cross_border and value.buyer.tax_id and value.seller.tax_id else "Z"
    if category in REASON_REQUIRED:
        reason = reason or DEFAULT_REASON.get(category, "")
        if not reason:
            issues.append(
                ValidationIssue(
                    "receiver.einvoice.vat_exemption_reason",
                    "EU-VAT-REASON",
                    _("Say why no VAT is charged (BR-%(category)s-10).") % {"category": category},
                )
            )
    else:
        reason = ""
    return category, reason, issues


def _lines(value: EInvoice) -> list[DocLine]:
    out = []
    for ln in value.lines:
        quantity, price = Decimal(ln.quantity), Decimal(ln.unit_price)
        if price < 0:  # BR-27: an item's price is never negative; the quantity carries the sign
            quantity, price = -quantity, -price
        if quantity == 0:
            quantity = Decimal(1) if ln.net >= 0 else Decimal(-1)
            price = abs(ln.net)
        out.append(
            DocLine(
                position=ln.position,
                name=(ln.description or "-")[:200],
                quantity=quantity,
                unit_code=ln.unit_code or "C62",
                price=price,
                net=Decimal(ln.net),
                seller_item_id=ln.service_code,
                period_start=ln.period_start,
                period_end=ln.period_end,
            )
        )
    return out


def prepare(value: EInvoice) -> Doc:
    """The document's EN 16931 figures, and every datum that keeps it from being one."""
    issues: list[ValidationIssue] = []
    percent = Decimal(value.taxes[0].percent) if value.taxes else ZERO
    category, reason, found = _category(value, percent)
    issues += found
    lines = _lines(value)
    allowances = [DocAllowance(Decimal(a.amount), a.reason or "Discount") for a in value.allowances]
    line_total = sum((ln.net for ln in lines), ZERO)
    allowance_total = sum((a.amount for a in allowances), ZERO)
    net = line_total - allowance_total
    if net != Decimal(value.net):
        issues.append(
            ValidationIssue(
                "lines",
                "BR-CO-13",
                _("The lines (%(lines)s) less the discounts (%(allowed)s) are not the net %(net)s.")
                % {"lines": line_total, "allowed": allowance_total, "net": value.net},
            )
        )
    if not lines:
        issues.append(ValidationIssue("lines", "BR-16", _("A document needs at least one line.")))
    seller_vat = "" if category == "O" else vat_id(value.seller)
    buyer_vat = "" if category == "O" else vat_id(value.buyer)
    if category in ("S", "Z", "E", "AE") and not seller_vat:
        issues.append(
            ValidationIssue(
                "issuer.tax_id",
                f"BR-{category}-02",
                _("The seller's EU VAT id is required for VAT category %(category)s.")
                % {"category": category},
            )
        )
    if category == "AE" and not buyer_vat:
        issues.append(
            ValidationIssue(
                "receiver.tax_id",
                "BR-AE-02",
                _("A reverse-charge invoice needs the buyer's EU VAT id."),
            )
        )
    seller_data = value.seller.regime_data
    local = value.issued_at.astimezone(ZoneInfo(value.time_zone))
    credit = value.kind in ("credit_note", "cancellation")
    tax = Decimal(value.tax_total)
    total = Decimal(value.total)
    paid = Decimal(value.paid)
    return Doc(
        value=value,
        credit=credit,
        type_code="381" if credit else "380",
        issue_date=local.date(),
        category=category,
        percent=ZERO if category in ("AE", "E", "O", "Z") else percent,
        exemption_reason=reason,
        seller_vat=seller_vat,
        buyer_vat=buyer_vat,
        seller_endpoint=_endpoint(value.seller),
        buyer_endpoint=_endpoint(value.buyer),
        buyer_reference=str(value.buyer.regime_data.get("buyer_reference") or ""),
        order_reference=str(value.buyer.regime_data.get("order_reference") or ""),
        iban=str(seller_data.get("iban") or ""),
        bic=str(seller_data.get("bic") or ""),
        lines=tuple(lines),
        allowances=tuple(allowances),
        line_total=line_total,
        allowance_total=allowance_total,
        net=net,
        tax=tax,
        total=total,
        paid=paid,
        payable=total - paid,
        issues=tuple(issues),
    )


def period(doc: Doc) -> tuple[date | None, date | None]:
    """BG-14, the invoicing period (both dates or none)."""
    start, end = doc.value.period_start, doc.value.period_end
    if start is None or end is None or end < start:
        return None, None
    return start, end


def line_period(doc: Doc, line: DocLine) -> tuple[date | None, date | None]:
    """BG-26, a line's period, only where it lies inside the document's (Peppol's R110,
    R111: late usage of an earlier month is billed without its own dates)."""
    start, end = period(doc)
    if line.period_start is None or line.period_end is None:
        return None, None
    line_end = line.period_end
    if line_end < line.period_start:
        return None, None
    if (
        start is not None
        and end is not None
        and not (start <= line.period_start <= end and start <= line_end <= end)
    ):
        return None, None
    return line.period_start, line_end


def payment_terms(doc: Doc) -> str:
    """BT-20: what the payer reads about when and how to pay (BR-CO-25)."""
    if doc.credit:
        return f"Credit of invoice {doc.value.preceding_number}".strip()
    if doc.payable <= 0:
        return "Paid"
    if doc.value.due_date is not None:
        return f"Payment due by {doc.value.due_date.isoformat()}"
    return "Payment on receipt"

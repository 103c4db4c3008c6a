"""Invoice PDFs with WeasyPrint, in the invoice's own language.

The document shows the issuer and customer, the lines, the totals, a tax
summary (with the reverse-charge note when a wholesale invoice carries no tax),
the payment terms and any credit notes. Money goes through the one formatter
(``cambill.core.money.format_money``) in the invoice's language; dates are local
to the cloud.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import pgettext

from cambill.core.display import period_text
from cambill.core.languages import babel_locale
from cambill.core.money import PRICE_PLACES, format_money

from .labels import labels, language_of
from .models import ALLOWANCE_KINDS, Invoice, InvoiceKind

STATIC = Path(__file__).resolve().parent / "static" / "invoicing"
LOGO = STATIC / "logo.svg"


def money(amount: Decimal | None, currency: str, lang: str) -> str:
    if amount is None:
        return ""
    return format_money(amount, currency, lang)


def price(amount: Decimal, currency: str, lang: str) -> str:
    """A unit price: the currency's places at least, up to the 6 places prices keep."""
    return format_money(amount, currency, lang, max_places=PRICE_PLACES)


def number(value: Decimal | None, lang: str, places: int = 6) -> str:
    if value is None:
        return ""
    q = value.quantize(Decimal(1).scaleb(-places)).normalize()
    return format_decimal(q, locale=lang, decimal_quantization=False)


def _date(value: datetime | None, tz: ZoneInfo, lang: str) -> str:
    if value is None:
        return ""
    return format_date(value.astimezone(tz).date(), format="long", locale=lang)


def issuer_branding(invoice: Invoice) -> dict[str, Any]:
    """The issuer's look on this invoice: the cloud's on a retail invoice, the
    provider's on a wholesale one. Colours, bank details, footer and note are the
    ones snapshotted when the invoice was drafted (the issuer's current ones for an
    invoice drafted before branding existed); the logo is the issuer's current one,
    and without one a retail invoice shows the cloud's name, never cambill's logo."""
    from cambill.branding.selectors import (
        branding_of_cloud,
        branding_of_provider,
        document_branding,
        logo_data_uri,
    )

    wholesale = invoice.kind == InvoiceKind.WHOLESALE
    current = branding_of_provider() if wholesale else branding_of_cloud(invoice.cloud)
    brand = dict(invoice.issuer_details.get("branding") or document_branding(current))
    brand["logo"] = logo_data_uri(current) or (LOGO.as_uri() if wholesale else "")
    return brand


def address_text(details: dict[str, Any]) -> str:
    """The postal address printed for a party: its free-text address, else the lines
    of its structured legal address (street; postal code and city; region; country)."""
    if details.get("address"):
        return str(details["address"])
    town = " ".join(str(details.get(k) or "") for k in ("postal_code", "city")).strip()
    lines = [details.get("street"), town, details.get("region"), details.get("country")]
    return "\n".join(str(line) for line in lines if line)


def css_string(text: str) -> str:
    """``text`` safe inside a CSS string literal (page footers): every character
    that is not a letter, digit, space, dot or hyphen becomes a hex escape."""
    return "".join(ch if ch.isalnum() or ch in " .-" else f"\\{ord(ch):x} " for ch in text)


def invoice_context(
    invoice: Invoice, credit_notes: list[Any] | None = None, lines: list[Any] | None = None
) -> dict[str, Any]:
    lang = language_of(invoice.language)
    L = labels(lang)
    loc = babel_locale(lang)  # babel's spelling of the language (pt_BR)
    cur = invoice.currency
    tz = ZoneInfo(invoice.cloud.timezone)
    wholesale = invoice.kind == InvoiceKind.WHOLESALE
    rows: list[dict[str, Any]] = []
    allowances: list[dict[str, Any]] = []
    if lines is None:
        lines = list(invoice.lines.order_by("position"))
    for ln in lines:
        row = {
            "position": ln.position,
            "description": ln.description,
            "days": number(ln.days, loc, 4) if ln.days is not None else "",
            "quantity": number(ln.quantity, loc),
            "unit_price": price(ln.unit_price, cur, loc),
            "amount": money(ln.amount, cur, loc),
        }
        (allowances if ln.kind in ALLOWANCE_KINDS else rows).append(row)
    terms_days = int(invoice.issuer_details.get("payment_terms_days", 15))
    notes = []
    for cn in credit_notes or []:
        notes.append(
            {
                "number": cn.number,
                "date": _date(cn.issued_at, tz, loc),
                "reason": cn.reason,
                "total": money(-cn.total, cur, loc),
            }
        )
    rate = invoice.tax_percent.normalize()
    brand = issuer_branding(invoice)
    with translation.override(lang):
        brand_labels = {
            "bank": pgettext("invoice", "Bank details"),
            "note": pgettext("invoice", "Note"),
        }
    return {
        "L": L,
        "lang": lang,
        "inv": invoice,
        "title": L["wholesale"] if wholesale else L["retail"],
        "wholesale": wholesale,
        "logo": brand["logo"],
        "brand": brand,
        "brand_labels": brand_labels,
        "number": invoice.number or L["draft"],
        "stamp": {"draft": L["draft"], "void": L["void"], "paid": L["paid"]}.get(
            invoice.status, ""
        ),
        "issued": _date(invoice.issued_at, tz, loc),
        "due": _date(invoice.due_at, tz, loc),
        # The month's name ("March 2026"), as on the pages (cambill.core.display).
        "period": period_text(invoice.period_start, invoice.period_end, tz, lang),
        "issuer": {
            "name": invoice.issuer_name,
            **invoice.issuer_details,
            "address": address_text(invoice.issuer_details),
        },
        "customer": {
            "name": invoice.customer_name,
            **invoice.customer_details,
            "address": address_text(invoice.customer_details),
        },
        "account": "" if wholesale else invoice.customer_details.get("code", ""),
        "rows": rows,
        "allowances": allowances,
        "days_header": L["unit_days"] if wholesale else L["days"],
        "quantity_header": L["unit_months"] if wholesale else L["months"],
        "subtotal": money(invoice.subtotal, cur, loc),
        "discount": money(invoice.discount, cur, loc) if invoice.discount else "",
        "net": money(invoice.net, cur, loc),
        "tax": money(invoice.tax, cur, loc),
        "total": money(invoice.total, cur, loc),
        "rate": f"{format_decimal(rate, locale=loc)} %",
        "tax_note": invoice.tax_note,
        "terms": L["terms_draft"]
        if invoice.status == "draft"
        else L["terms_text"].format(days=terms_days),
        "credit_notes": notes,
        "footer": css_string(f"{invoice.issuer_name} · {invoice.number or L['draft']}"),
        "einvoice": _legal_document(invoice),
    }


def _legal_document(invoice: Invoice) -> dict[str, Any] | None:
    """The accepted legal e-invoice (UUID or CUFE, QR, seals, legends), if any."""
    if invoice.pk is None or invoice.status == "draft":
        return None
    from cambill.einvoice.printed import invoice_printed

    return invoice_printed(invoice)


def render_invoice_html(
    invoice: Invoice, credit_notes: list[Any] | None = None, lines: list[Any] | None = None
) -> str:
    return render_to_string(
        "invoicing/invoice_pdf.html", invoice_context(invoice, credit_notes, lines)
    )


def render_invoice_document(
    invoice: Invoice, credit_notes: list[Any] | None = None, lines: list[Any] | None = None
) -> Any:
    """The laid-out WeasyPrint document (its ``pages`` can be counted)."""
    from weasyprint import HTML

    html = render_invoice_html(invoice, credit_notes, lines)
    return HTML(string=html, base_url=str(STATIC)).render()


def render_invoice_pdf(
    invoice: Invoice, credit_notes: list[Any] | None = None, lines: list[Any] | None = None
) -> bytes:
    document = render_invoice_document(invoice, credit_notes, lines)
    if invoice.pk is not None and invoice.status != "draft":
        from cambill.einvoice.printed import facturx_pdf

        hybrid = facturx_pdf(invoice, document)  # a Factur-X invoice: PDF/A-3 with its XML
        if hybrid is not None:
            return hybrid
    return document.write_pdf()  # type: ignore[no-any-return]


def pdf_filename(invoice: Invoice) -> str:
    name = invoice.number or f"draft-{invoice.kind}-{invoice.period}-{invoice.pk}"
    return f"{name}.pdf"

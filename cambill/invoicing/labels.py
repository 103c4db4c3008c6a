"""The few words an invoice prints, in English and Spanish.

Invoices carry their own ``language`` (the account's, or the provider's for
wholesale) and are printed in it whatever the language of the person looking,
so these labels are looked up by the invoice's language rather than through
the request's active gettext language.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "invoice": "Invoice",
        "draft": "DRAFT",
        "void": "VOID",
        "paid": "PAID",
        "credit_note": "Credit note",
        "number": "Number",
        "issued": "Date of issue",
        "due": "Due date",
        "period": "Billing period",
        "issuer": "From",
        "customer": "Bill to",
        "tax_id": "Tax ID",
        "account": "Account",
        "description": "Description",
        "days": "Days",
        "quantity": "Quantity",
        "months": "Months",
        "unit_price": "Unit price",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "discount": "Discount",
        "net": "Net amount",
        "tax": "Tax",
        "total": "Total due",
        "tax_summary": "Tax summary",
        "tax_rate": "Rate",
        "taxable": "Taxable amount",
        "tax_amount": "Tax amount",
        "payment_terms": "Payment terms",
        "terms_text": "Payment due within {days} days of the date of issue. Please quote the invoice number with your payment.",
        "terms_draft": "This is a draft: it has no number yet and is not a demand for payment.",
        "camera": "Camera",
        "tariff": "tariff",
        "to": "to",
        "unit_months": "unit-months",
        "unit_days": "unit-days",
        "wholesale": "Wholesale invoice",
        "retail": "Invoice",
        "reverse_charge": "Reverse charge: VAT to be accounted for by the recipient.",
        "discount_line": "Discount",
        "wholesale_discount": "Wholesale discount {percent} %",
        "page": "Page",
        "of": "of",
        "credited": "Credited",
        "late_usage": "Late usage of {period}",
    },
    "es": {
        "invoice": "Factura",
        "draft": "BORRADOR",
        "void": "ANULADA",
        "paid": "PAGADA",
        "credit_note": "Nota de crédito",
        "number": "Número",
        "issued": "Fecha de emisión",
        "due": "Fecha de vencimiento",
        "period": "Periodo de facturación",
        "issuer": "Emisor",
        "customer": "Facturar a",
        "tax_id": "NIF",
        "account": "Cuenta",
        "description": "Concepto",
        "days": "Días",
        "quantity": "Cantidad",
        "months": "Meses",
        "unit_price": "Precio unitario",
        "amount": "Importe",
        "subtotal": "Subtotal",
        "discount": "Descuento",
        "net": "Base imponible",
        "tax": "Impuesto",
        "total": "Total a pagar",
        "tax_summary": "Resumen de impuestos",
        "tax_rate": "Tipo",
        "taxable": "Base",
        "tax_amount": "Cuota",
        "payment_terms": "Condiciones de pago",
        "terms_text": "Pago a {days} días desde la fecha de emisión. Indique el número de factura en su pago.",
        "terms_draft": "Esto es un borrador: aún no tiene número y no es una solicitud de pago.",
        "camera": "Cámara",
        "tariff": "tarifa",
        "to": "a",
        "unit_months": "unidades-mes",
        "unit_days": "unidades-día",
        "wholesale": "Factura mayorista",
        "retail": "Factura",
        "reverse_charge": "Inversión del sujeto pasivo: el IVA lo liquida el destinatario.",
        "discount_line": "Descuento",
        "wholesale_discount": "Descuento mayorista {percent} %",
        "page": "Página",
        "of": "de",
        "credited": "Abonado",
        "late_usage": "Uso tardío de {period}",
    },
}


def language_of(code: str | None) -> str:
    code = (code or "en").split("-")[0].lower()
    return code if code in LANGUAGES else "en"


def labels(language: str | None) -> dict[str, str]:
    return LABELS[language_of(language)]


def label(language: str | None, key: str, **kwargs: object) -> str:
    text = labels(language)[key]
    return text.format(**kwargs) if kwargs else text

"""The few words an invoice prints, as English sources of the catalogue.

Invoices carry their own ``language`` (the account's, or the provider's for
wholesale) and are printed in it whatever the language of the person looking,
so these labels are translated under that language (``translation.override``)
rather than the request's. The ``invoice`` context keeps a printed word apart
from the same English word on the pages (the stamp "VOID" is not the verb).
"""

from __future__ import annotations

from functools import lru_cache

from django.utils import translation
from django.utils.translation import pgettext_lazy

from cambill.core import languages

LANGUAGES = languages.CODES

LABELS = {
    "invoice": pgettext_lazy("invoice", "Invoice"),
    "draft": pgettext_lazy("invoice", "DRAFT"),
    "void": pgettext_lazy("invoice", "VOID"),
    "paid": pgettext_lazy("invoice", "PAID"),
    "credit_note": pgettext_lazy("invoice", "Credit note"),
    "number": pgettext_lazy("invoice", "Number"),
    "issued": pgettext_lazy("invoice", "Date of issue"),
    "due": pgettext_lazy("invoice", "Due date"),
    "period": pgettext_lazy("invoice", "Billing period"),
    "issuer": pgettext_lazy("invoice", "From"),
    "customer": pgettext_lazy("invoice", "Bill to"),
    "tax_id": pgettext_lazy("invoice", "Tax ID"),
    "account": pgettext_lazy("invoice", "Account"),
    "description": pgettext_lazy("invoice", "Description"),
    "days": pgettext_lazy("invoice", "Days"),
    "quantity": pgettext_lazy("invoice", "Quantity"),
    "months": pgettext_lazy("invoice", "Months"),
    "unit_price": pgettext_lazy("invoice", "Unit price"),
    "amount": pgettext_lazy("invoice", "Amount"),
    "subtotal": pgettext_lazy("invoice", "Subtotal"),
    "discount": pgettext_lazy("invoice", "Discount"),
    "net": pgettext_lazy("invoice", "Net amount"),
    "tax": pgettext_lazy("invoice", "Tax"),
    "total": pgettext_lazy("invoice", "Total due"),
    "tax_summary": pgettext_lazy("invoice", "Tax summary"),
    "tax_rate": pgettext_lazy("invoice", "Rate"),
    "taxable": pgettext_lazy("invoice", "Taxable amount"),
    "tax_amount": pgettext_lazy("invoice", "Tax amount"),
    "payment_terms": pgettext_lazy("invoice", "Payment terms"),
    "terms_text": pgettext_lazy(
        "invoice",
        "Payment due within {days} days of the date of issue. Please quote the invoice number with your payment.",
    ),
    "terms_draft": pgettext_lazy(
        "invoice", "This is a draft: it has no number yet and is not a demand for payment."
    ),
    "camera": pgettext_lazy("invoice", "Camera"),
    "tariff": pgettext_lazy("invoice", "tariff"),
    "to": pgettext_lazy("invoice", "to"),
    "unit_months": pgettext_lazy("invoice", "unit-months"),
    "unit_days": pgettext_lazy("invoice", "unit-days"),
    "wholesale": pgettext_lazy("invoice", "Wholesale invoice"),
    "retail": pgettext_lazy("invoice", "Invoice"),
    "reverse_charge": pgettext_lazy(
        "invoice", "Reverse charge: VAT to be accounted for by the recipient."
    ),
    "discount_line": pgettext_lazy("invoice", "Discount"),
    "wholesale_discount": pgettext_lazy("invoice", "Wholesale discount {percent} %"),
    "page": pgettext_lazy("invoice", "Page"),
    "of": pgettext_lazy("invoice", "of"),
    "credited": pgettext_lazy("invoice", "Credited"),
    "late_usage": pgettext_lazy("invoice", "Late usage of {period}"),
    "in_advance": pgettext_lazy("invoice", "In advance"),
    "true_up": pgettext_lazy("invoice", "True-up of {period}"),
    "less_advance": pgettext_lazy("invoice", "less charged in advance"),
    "coupon": pgettext_lazy("invoice", "Coupon"),
    "offline_credit": pgettext_lazy("invoice", "Offline credit: {days} days"),
    "offline_credit_one": pgettext_lazy("invoice", "Offline credit: 1 day"),
}


def language_of(code: str | None) -> str:
    """The product language code of an invoice ("pt-br"; English when unknown)."""
    return languages.supported(code)


def labels(language: str | None) -> dict[str, str]:
    """Every label in ``language`` (the invoice's), whatever language is active."""
    with translation.override(language_of(language)):
        return {key: str(text) for key, text in LABELS.items()}


def label(language: str | None, key: str, **kwargs: object) -> str:
    text = _label_text(language_of(language), key)
    return text.format(**kwargs) if kwargs else text


@lru_cache(maxsize=1024)
def _label_text(language: str, key: str) -> str:
    """One label in one language, translated once per process: a bill run asks for
    the same few labels for every line (switching the active language each time
    was a sixth of a chunk's time)."""
    with translation.override(language):
        return str(LABELS[key])


def printed_label_in(text: str, language: str | None = None) -> str:
    """``text``, a label the invoice printed in its own language (the
    reverse-charge note), read in ``language`` (the active one by default); any
    other text comes back unchanged."""
    key = _printed().get(text)
    if key is None:
        return text
    if language is None:
        return str(LABELS[key])
    return label(language, key)


_PRINTED: dict[str, str] = {}


def _printed() -> dict[str, str]:
    """``{label as printed in any language: key}`` (built once per process)."""
    if not _PRINTED:
        for code in LANGUAGES:
            for key, text in labels(code).items():
                _PRINTED.setdefault(text, key)
    return _PRINTED

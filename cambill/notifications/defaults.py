"""The default subject and body of every kind of message in every language.

English sources translated through the catalogue under the recipient's
language (``translation.override``): a message goes out in its recipient's
language whatever the sender's. A cloud may
override any of them (``Template``). Placeholders in braces are filled from the
event; an unknown placeholder stays as written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from string import Formatter
from typing import Any

from django.utils import translation
from django.utils.translation import pgettext_lazy

from cambill.core import languages

from .choices import Kind

#: The placeholders each kind fills (shown beside the editor and in the preview).
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Kind.INVOICE_ISSUED: (
        "account_name",
        "cloud_name",
        "number",
        "total",
        "due_date",
        "period",
        "portal_url",
    ),
    Kind.CREDIT_NOTE: (
        "account_name",
        "cloud_name",
        "number",
        "invoice_number",
        "total",
        "reason",
        "portal_url",
    ),
    Kind.WHOLESALE_INVOICE: (
        "cloud_name",
        "provider_name",
        "number",
        "total",
        "due_date",
        "period",
        "portal_url",
    ),
    Kind.PAYMENT_RECEIPT: (
        "account_name",
        "cloud_name",
        "amount",
        "received_date",
        "reference",
        "invoices",
        "portal_url",
    ),
    Kind.WHOLESALE_RECEIPT: (
        "cloud_name",
        "provider_name",
        "amount",
        "received_date",
        "reference",
        "invoices",
        "portal_url",
    ),
    Kind.PAYMENT_FAILED: (
        "account_name",
        "cloud_name",
        "number",
        "amount",
        "reason",
        "portal_url",
    ),
    Kind.DUNNING_REMINDER: (
        "account_name",
        "cloud_name",
        "number",
        "amount",
        "due_date",
        "days_overdue",
        "portal_url",
    ),
    Kind.AGENT_STATEMENT: ("agent_name", "cloud_name", "period", "total", "portal_url"),
    # ``reset_url`` is made when the message is sent, never stored in the outbox.
    Kind.PASSWORD_RESET: ("user_name", "username", "cloud_name", "valid_hours", "reset_url"),
    # an issuer's e-invoice signing certificate (cambill.einvoice), to its admins
    Kind.CERTIFICATE_EXPIRING: (
        "issuer_name",
        "cloud_name",
        "serial_number",
        "tax_id",
        "valid_until",
        "portal_url",
    ),
    # a legal e-invoice document the tax authority refused (cambill.einvoice), to the
    # issuer's admins
    Kind.EINVOICE_REJECTED: (
        "issuer_name",
        "cloud_name",
        "document",
        "number",
        "codes",
        "message",
        "portal_url",
    ),
    # a co-dian issuer has used 90 % of its DIAN numbering resolution's range
    Kind.EINVOICE_RESOLUTION: (
        "issuer_name",
        "cloud_name",
        "resolution",
        "used",
        "size",
        "remaining",
        "valid_until",
        "portal_url",
    ),
}

SAMPLE: dict[str, str] = {
    "issuer_name": "Telenet",
    "serial_number": "30001000000400002434",
    "tax_id": "EKU9003173C9",
    "valid_until": "2026-05-01",
    "account_name": "Acme Security",
    "cloud_name": "Telenet",
    "provider_name": "cambill",
    "agent_name": "Ana Agent",
    "number": "TN-2026-000123",
    "invoice_number": "TN-2026-000120",
    "total": "25.91 USD",
    "amount": "25.91 USD",
    "due_date": "2026-04-20",
    "received_date": "2026-04-18",
    "period": "2026-03",
    "reason": "Camera offline",
    "reference": "TRX-0042",
    "invoices": "TN-2026-000123",
    "days_overdue": "7",
    "document": "invoice",
    "codes": "CFDI40102",
    "resolution": "18760000001",
    "used": "4500",
    "size": "5000",
    "remaining": "500",
    "message": "El resultado de la digestión debe ser igual al resultado de desencriptar el sello",
    "portal_url": "https://billing.example.com/clouds/telenet/invoices/1/",
    "user_name": "Ana Ruiz",
    "username": "ana",
    "valid_hours": "24",
    "reset_url": "https://billing.example.com/password/reset/MQ/abc123-def456/",
}

_TEXTS: dict[str, tuple[Any, Any]] = {
    Kind.INVOICE_ISSUED: (
        pgettext_lazy("e-mail subject", "Invoice {number} from {cloud_name}"),
        pgettext_lazy(
            "e-mail body",
            "Hello {account_name},\n\nyour invoice {number} for {period} is attached: "
            "{total}, due on {due_date}.\n\nSee it and pay it in your portal: {portal_url}\n\n"
            "Thank you,\n{cloud_name}\n",
        ),
    ),
    Kind.CREDIT_NOTE: (
        pgettext_lazy("e-mail subject", "Credit note {number} from {cloud_name}"),
        pgettext_lazy(
            "e-mail body",
            "Hello {account_name},\n\nwe issued credit note {number} of {total} on invoice "
            "{invoice_number} ({reason}). The corrected invoice is attached.\n\n"
            "Your portal: {portal_url}\n\n{cloud_name}\n",
        ),
    ),
    Kind.WHOLESALE_INVOICE: (
        pgettext_lazy("e-mail subject", "Wholesale invoice {number} for {cloud_name}"),
        pgettext_lazy(
            "e-mail body",
            "Hello {cloud_name},\n\nthe wholesale invoice {number} for {period} is attached: "
            "{total}, due on {due_date}.\n\nSee it in cambill: {portal_url}\n\n{provider_name}\n",
        ),
    ),
    Kind.PAYMENT_RECEIPT: (
        pgettext_lazy("e-mail subject", "Payment received: {amount}"),
        pgettext_lazy(
            "e-mail body",
            "Hello {account_name},\n\nwe received your payment of {amount} on {received_date} "
            "(reference {reference}), applied to {invoices}.\n\nYour portal: {portal_url}\n\n"
            "Thank you,\n{cloud_name}\n",
        ),
    ),
    Kind.WHOLESALE_RECEIPT: (
        pgettext_lazy("e-mail subject", "Payment received from {cloud_name}: {amount}"),
        pgettext_lazy(
            "e-mail body",
            "Hello {cloud_name},\n\nwe received your payment of {amount} on {received_date} "
            "(reference {reference}), applied to the wholesale invoices {invoices}.\n\n"
            "Your invoices and balance: {portal_url}\n\nThank you,\n{provider_name}\n",
        ),
    ),
    Kind.PAYMENT_FAILED: (
        pgettext_lazy(
            "e-mail subject", "{cloud_name}: your card payment of {amount} did not go through"
        ),
        pgettext_lazy(
            "e-mail body",
            "Hello {account_name},\n\nwe could not charge your card {amount} for invoice {number}: "
            "{reason}\n\nPlease pay it in your portal, where your bank can ask you to confirm "
            "the payment: {portal_url}\n\n{cloud_name}\n",
        ),
    ),
    Kind.DUNNING_REMINDER: (
        pgettext_lazy("e-mail subject", "{cloud_name}: invoice {number} is overdue ({amount})"),
        pgettext_lazy(
            "e-mail body",
            "Hello {account_name},\n\nInvoice {number} was due on {due_date} and {amount} is "
            "still open ({days_overdue} days overdue).\n\nPlease pay it at your earliest "
            "convenience in your portal: {portal_url}\nIf you have already paid, thank you, and "
            "please ignore this message.\n\n{cloud_name}\n",
        ),
    ),
    Kind.AGENT_STATEMENT: (
        pgettext_lazy("e-mail subject", "Your commission statement for {period}"),
        pgettext_lazy(
            "e-mail body",
            "Hello {agent_name},\n\nyour commission statement for {period} is attached: "
            "{total}.\n\nYour portal: {portal_url}\n\n{cloud_name}\n",
        ),
    ),
    Kind.PASSWORD_RESET: (
        pgettext_lazy("e-mail subject", "{cloud_name}: set a new password"),
        pgettext_lazy(
            "e-mail body",
            "Hello {user_name},\n\nsomeone asked for a new password for your sign-in "
            "{username}. Choose a new password here (the link works once, for {valid_hours} "
            "hours):\n\n{reset_url}\n\nIf you did not ask for it, ignore this message: your "
            "password stays as it is.\n\n{cloud_name}\n",
        ),
    ),
    Kind.CERTIFICATE_EXPIRING: (
        pgettext_lazy(
            "e-mail subject", "{issuer_name}: the e-invoice certificate expires on {valid_until}"
        ),
        pgettext_lazy(
            "e-mail body",
            "Hello,\n\nthe certificate {serial_number} ({tax_id}) that signs the legal "
            "e-invoices of {issuer_name} expires on {valid_until}. After that day no invoice can "
            "be issued in its regime.\n\nUpload its successor here: {portal_url}\n\n{cloud_name}\n",
        ),
    ),
    Kind.EINVOICE_REJECTED: (
        pgettext_lazy(
            "e-mail subject", "{issuer_name}: the tax authority rejected e-invoice {number}"
        ),
        pgettext_lazy(
            "e-mail body",
            "Hello,\n\nthe tax authority rejected the legal e-invoice of {document} {number} "
            "({codes}): {message}\n\nNothing has legal effect until it is accepted. Fix the data "
            "it names and retry it here: {portal_url}\n\n{cloud_name}\n",
        ),
    ),
    Kind.EINVOICE_RESOLUTION: (
        pgettext_lazy(
            "e-mail subject", "{issuer_name}: 90 % of DIAN resolution {resolution} is used"
        ),
        pgettext_lazy(
            "e-mail body",
            "Hello,\n\n{issuer_name} has used {used} of the {size} invoice numbers DIAN authorized "
            "in resolution {resolution}; {remaining} are left, and it is in force until "
            "{valid_until}. Ask DIAN for the next resolution and enter it in the legal data "
            "before the numbers run out: {portal_url}\n\n{cloud_name}\n",
        ),
    ),
}


class _Texts(Mapping[str, dict[str, tuple[str, str]]]):
    """``DEFAULTS[language][kind]``: (subject, body) translated into ``language``
    through the catalogue (English when the language is unknown)."""

    def __getitem__(self, language: str) -> dict[str, tuple[str, str]]:
        with translation.override(languages.supported(language)):
            return {kind: (str(s), str(b)) for kind, (s, b) in _TEXTS.items()}

    def __iter__(self) -> Iterator[str]:
        return iter(languages.CODES)

    def __len__(self) -> int:
        return len(languages.CODES)


DEFAULTS = _Texts()


def default(kind: str, language: str) -> tuple[str, str]:
    """The default (subject, body) of ``kind`` in ``language`` (English if unknown)."""
    return DEFAULTS[language][kind]


class _Keep(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, Any]) -> str:
    """``text`` with its ``{placeholders}`` filled; unknown ones are left as written,
    and a text that is not a valid template is returned unchanged."""
    try:
        return Formatter().vformat(text, (), _Keep(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def check(text: str) -> str | None:
    """None when ``text`` is a valid template, else what is wrong with it."""
    try:
        for _lit, name, spec, _conv in Formatter().parse(text):
            if name is not None and (not name.isidentifier() or spec):
                return name or "{}"
    except ValueError as exc:
        return str(exc)
    return None

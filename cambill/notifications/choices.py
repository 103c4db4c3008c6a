"""The outbox's enums, importable by the API and the pages (they never import models)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INVOICE_ISSUED = "invoice_issued", _("Invoice issued")
    CREDIT_NOTE = "credit_note", _("Credit note issued")
    WHOLESALE_INVOICE = "wholesale_invoice", _("Wholesale invoice issued")
    PAYMENT_RECEIPT = "payment_receipt", _("Payment receipt")
    WHOLESALE_RECEIPT = "wholesale_receipt", _("Wholesale payment receipt")
    PAYMENT_FAILED = "payment_failed", _("Card payment not completed")
    DUNNING_REMINDER = "dunning_reminder", _("Payment reminder")
    AGENT_STATEMENT = "agent_statement", _("Agent's statement")
    PASSWORD_RESET = "password_reset", _("Password reset link")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("E-invoice certificate expiring")
    EINVOICE_REJECTED = "einvoice_rejected", _("E-invoice rejected by the tax authority")
    EINVOICE_RESOLUTION = "einvoice_resolution", _("DIAN numbering resolution running out")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")

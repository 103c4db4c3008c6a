"""Legal e-invoicing records: the provider's legal data and the issuers' signing
certificates (keys encrypted at rest). The documents themselves come with the
issuing work (``EInvoiceDocument``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COUNTRY_HELP = "ISO 3166-1 alpha-2, e.g. MX"


class ProviderProfile(models.Model):
    """The provider's legal data as issuer of wholesale invoices: one row (pk 1).

    Made on first read from the ``CAMBILL_PROVIDER_*`` settings, then edited by the
    provider admin (docs/decisions/0018-provider-legal-data-is-a-record.md).
    ``einvoice`` holds the regime's public keys; its write-only secrets are in
    ``einvoice_secrets``, a Fernet token (``cambill.einvoice.vault``).
    """

    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    tax_id = models.CharField(max_length=64, blank=True)
    address = models.TextField(blank=True, max_length=2000)
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text=COUNTRY_HELP)
    email = models.EmailField(blank=True)
    einvoice = models.JSONField(default=dict, blank=True)
    einvoice_secrets = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="provider_profile_single")]

    def __str__(self) -> str:
        return self.legal_name or self.name


class SigningCredential(models.Model):
    """A certificate and its private key that sign an issuer's legal documents:
    a cloud's (its retail invoices) or, without a cloud, the provider's (wholesale).

    The key is stored only encrypted (``private_key``: a Fernet token of the
    unencrypted PKCS#8 PEM); the certificate's facts are copied out so lists and
    the expiry job never decrypt anything. ``expiry_notified_at`` makes the
    expiry notice go once.
    """

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=500)
    issuer = models.CharField(max_length=500, blank=True)
    serial_number = models.CharField(max_length=100)
    tax_id = models.CharField(max_length=64, blank=True)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    fingerprint_sha256 = models.CharField(max_length=64)
    certificate_pem = models.TextField()
    private_key = models.TextField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expiry_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-valid_until", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "fingerprint_sha256"],
                condition=Q(cloud__isnull=False),
                name="signing_credential_unique_in_cloud",
            ),
            models.UniqueConstraint(
                fields=["fingerprint_sha256"],
                condition=Q(cloud__isnull=True),
                name="signing_credential_unique_provider",
            ),
        ]
        indexes = [models.Index(fields=["cloud", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.serial_number} ({self.subject})"


# --- legal documents (issue #19, points 1 and 4) ------------------------------------------


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")
    PAYMENT = "payment", _("Payment receipt")
    CANCELLATION = "cancellation", _("Cancellation")


class DocumentStatus(models.TextChoices):
    BUILT = "built", pgettext_lazy("e-invoice", "Built")
    SIGNED = "signed", pgettext_lazy("e-invoice", "Signed")
    SUBMITTED = "submitted", pgettext_lazy("e-invoice", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("e-invoice", "Accepted")
    REJECTED = "rejected", pgettext_lazy("e-invoice", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("e-invoice", "Cancelled")
    FAILED = "failed", pgettext_lazy("e-invoice", "Failed")


class EInvoiceDocument(models.Model):
    """One legal document of one regime: an invoice's CFDI or DIAN invoice, a credit
    note's, a payment receipt (CFDI type P), a cancellation (SAT's request; DIAN's
    annulment credit note).

    ``level`` says who issued it: ``retail`` (the cloud, to one of its accounts) or
    ``wholesale`` (the provider, to the cloud); ``cloud`` is the cloud either way.
    ``xml`` is exactly what was (or will be) sent; ``stamped_xml`` what the authority
    gave back (a CFDI with its ``TimbreFiscalDigital``). Built, signed and validated in
    the transaction that numbers its source, submitted after commit by a job; once
    ``accepted`` its XML and code never change (the services refuse, and only the status
    moves to ``cancelled`` when a cancellation is accepted). Never deleted: the sources
    are PROTECTed and no verb deletes one.
    """

    cloud = models.ForeignKey("clouds.Cloud", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10)  # retail | wholesale (invoicing's InvoiceKind)
    account = models.ForeignKey(
        "clouds.Account", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.ForeignKey(
        "invoicing.Invoice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="einvoice_documents",
    )
    credit_note = models.ForeignKey(
        "invoicing.CreditNote",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="einvoice_documents",
    )
    payment = models.ForeignKey(
        "payments.Payment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="einvoice_documents",
    )
    document = models.CharField(max_length=12, choices=DocumentKind.choices)
    regime = models.CharField(max_length=20)
    number = models.CharField(max_length=48, blank=True)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.BUILT
    )
    xml = models.BinaryField()
    stamped_xml = models.BinaryField(null=True, blank=True)
    unique_code = models.CharField(max_length=120, blank=True, db_index=True)
    qr = models.TextField(blank=True)
    # what the printed document shows: seals, cadena, legends (the adapter's ``extras``)
    extras = models.JSONField(default=dict, blank=True)
    # the value's facts a later document needs (the method of payment, the totals)
    facts = models.JSONField(default=dict, blank=True)
    # the authority's last answer: status, codes, message, raw; earlier ones in ``history``
    authority_reply = models.JSONField(default=dict, blank=True)
    history = models.JSONField(default=list, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "document"],
                condition=Q(document__in=["invoice", "cancellation"]),
                name="einvoice_document_one_per_invoice",
            ),
            models.UniqueConstraint(
                fields=["credit_note"],
                condition=Q(document="credit_note"),
                name="einvoice_document_one_per_credit_note",
            ),
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(document="payment"),
                name="einvoice_document_one_per_payment",
            ),
        ]
        indexes = [
            models.Index(fields=["cloud", "level", "created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.regime} {self.document} {self.number or self.pk}"


# --- Spain's Verifactu chain (issue #20, point 4) ----------------------------------------


class VerifactuChain(models.Model):
    """The head of one issuer's Verifactu chain: its NIF, how many records it has and
    the last one's identity and ``Huella`` (the next record's ``RegistroAnterior``).

    One row per issuer and NIF: a cloud's (its retail invoices) or, without a cloud,
    the provider's (wholesale). Every record is appended under ``select_for_update`` of
    this row in the transaction that makes it, so two invoices issued at the same
    moment get consecutive links and the chain never forks.
    """

    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nif = models.CharField(max_length=9)
    length = models.PositiveIntegerField(default=0)
    last_num_serie = models.CharField(max_length=60, blank=True)
    last_fecha = models.CharField(max_length=10, blank=True)
    last_huella = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cloud", "nif"],
                condition=Q(cloud__isnull=False),
                name="verifactu_chain_one_per_cloud_nif",
            ),
            models.UniqueConstraint(
                fields=["nif"],
                condition=Q(cloud__isnull=True),
                name="verifactu_chain_one_provider_nif",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nif} ({self.length})"


class VerifactuRecord(models.Model):
    """One link of a Verifactu chain, as made and never changed: a ``RegistroAlta`` or
    ``RegistroAnulacion`` with the fields its ``Huella`` is computed from, the
    previous link's ``Huella`` and the record's XML. A rejected record stays: its
    correction (``Subsanacion``) is a new link of the same document."""

    chain = models.ForeignKey(VerifactuChain, on_delete=models.PROTECT, related_name="records")
    cloud = models.ForeignKey(
        "clouds.Cloud", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        EInvoiceDocument, on_delete=models.PROTECT, related_name="verifactu_records"
    )
    position = models.PositiveIntegerField()
    operation = models.CharField(max_length=10)  # Alta | Anulacion
    num_serie = models.CharField(max_length=60)
    fecha = models.CharField(max_length=10)
    tipo_factura = models.CharField(max_length=2, blank=True)
    cuota_total = models.CharField(max_length=20, blank=True)
    importe_total = models.CharField(max_length=20, blank=True)
    generated_at = models.CharField(max_length=32)
    previous_huella = models.CharField(max_length=64, blank=True)
    huella = models.CharField(max_length=64)
    subsanacion = models.BooleanField(default=False)
    xml = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["chain", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "position"], name="verifactu_record_one_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.num_serie} #{self.position}"

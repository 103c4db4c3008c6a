"""Legal e-invoicing records: the provider's legal data and the issuers' signing
certificates (keys encrypted at rest). The documents themselves come with the
issuing work (``EInvoiceDocument``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

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

from __future__ import annotations

from django.db import models
from django.db.models import Q

MAX_TEXT = 1000


class Branding(models.Model):
    """How one issuer's documents and pages look: the logo (stored in the database,
    as cambill keeps its other documents, so every web process serves the same bytes),
    two colours, bank details, a footer and a note printed on every invoice.

    A cloud's row has its ``cloud``; the provider's single row has none and
    ``is_provider`` set (check and unique constraints). Legal name, address and tax id
    are read from the legal record of the issuer, never copied here."""

    cloud = models.OneToOneField(
        "clouds.Cloud", on_delete=models.CASCADE, null=True, blank=True, related_name="branding"
    )
    is_provider = models.BooleanField(default=False)
    logo = models.BinaryField(null=True, blank=True)
    logo_type = models.CharField(max_length=32, blank=True)
    logo_digest = models.CharField(max_length=64, blank=True)
    primary_color = models.CharField(max_length=7, blank=True)
    accent_color = models.CharField(max_length=7, blank=True)
    bank_details = models.TextField(blank=True, max_length=MAX_TEXT)
    footer_text = models.CharField(blank=True, max_length=300)
    invoice_note = models.TextField(blank=True, max_length=MAX_TEXT)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_provider=True, cloud__isnull=True)
                | Q(is_provider=False, cloud__isnull=False),
                name="branding_provider_xor_cloud",
            ),
            models.UniqueConstraint(
                fields=["is_provider"], condition=Q(is_provider=True), name="one_provider_branding"
            ),
        ]

    def __str__(self) -> str:
        return "provider branding" if self.is_provider else f"branding of cloud {self.cloud_id}"

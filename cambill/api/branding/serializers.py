"""Request and response bodies of the branding endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cambill.api.core.common import Input, Output, TimeField

COLOR_DOC = (
    "`#rrggbb`; empty for the product's colour. Refused with `bad_colour` when not six hex "
    "digits, with `low_contrast` when white text on it (and it as text on the light page, "
    "#f5f6f8) would be hard to read: at least 4.5:1 for the primary colour, 3:1 for the accent."
)


class LogoOut(Output):
    content_type = serializers.CharField(help_text="image/svg+xml, image/png or image/jpeg")
    digest = serializers.CharField(help_text="SHA-256 of the file: changes with every upload")
    size = serializers.IntegerField(help_text="Bytes")


class IssuerLegalOut(Output):
    """Read here, edited in the legal data (``.../legal/``): one record per issuer."""

    legal_name = serializers.CharField()
    tax_id = serializers.CharField()
    address = serializers.CharField()


class BrandingOut(Output):
    primary_color = serializers.CharField(help_text=COLOR_DOC)
    accent_color = serializers.CharField(help_text=COLOR_DOC)
    bank_details = serializers.CharField(help_text="IBAN/BIC or account text, printed on invoices")
    footer_text = serializers.CharField(help_text="Printed at the foot of invoices and e-mails")
    invoice_note = serializers.CharField(help_text="Printed on every invoice")
    logo = LogoOut(allow_null=True)
    legal = IssuerLegalOut(
        help_text="The issuer's legal name, tax id and address, from its legal data (read only)"
    )
    updated_at = TimeField(allow_null=True)


class BrandingPatchIn(Input):
    primary_color = serializers.CharField(
        required=False, allow_blank=True, max_length=32, help_text=COLOR_DOC
    )
    accent_color = serializers.CharField(
        required=False, allow_blank=True, max_length=32, help_text=COLOR_DOC
    )
    bank_details = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    footer_text = serializers.CharField(required=False, allow_blank=True, max_length=300)
    invoice_note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class LogoIn(Input):
    logo = serializers.FileField(help_text="SVG, PNG or JPEG, 256 KB at most")


def branding_body(branding: Any, legal: Any) -> dict[str, Any]:
    logo = None
    if branding.logo:
        logo = {
            "content_type": branding.logo_type,
            "digest": branding.logo_digest,
            "size": len(bytes(branding.logo)),
        }
    return {
        "primary_color": branding.primary_color,
        "accent_color": branding.accent_color,
        "bank_details": branding.bank_details,
        "footer_text": branding.footer_text,
        "invoice_note": branding.invoice_note,
        "logo": logo,
        "legal": {
            "legal_name": getattr(legal, "legal_name", "") or getattr(legal, "name", ""),
            "tax_id": legal.tax_id or "",
            "address": legal.address or "",
        },
        "updated_at": branding.updated_at,
    }

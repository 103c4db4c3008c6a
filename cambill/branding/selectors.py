"""Reads of branding: the row of a cloud or of the provider, or an unsaved one
with the product's defaults when none was stored yet."""

from __future__ import annotations

from typing import Any

from cambill.core.access import Actor
from cambill.core.permissions import require

from .models import Branding
from .rules import DEFAULT_ACCENT, DEFAULT_PRIMARY


def branding_of_cloud(cloud: Any) -> Branding:
    """A cloud's branding (unsaved and empty before its first edit). No access
    check: for documents and pages already scoped to the cloud."""
    found = Branding.objects.filter(cloud_id=cloud.pk).first()
    return found if found is not None else Branding(cloud=cloud, is_provider=False)


def branding_of_provider() -> Branding:
    found = Branding.objects.filter(is_provider=True).first()
    return found if found is not None else Branding(is_provider=True)


def branding_get(*, actor: Actor, cloud: Any | None) -> Branding:
    """The branding the actor may read: a cloud's (its staff) or the provider's."""
    if cloud is None:
        require(actor, "provider.branding_view")
        return branding_of_provider()
    require(actor, "cloud.branding_view", cloud)
    return branding_of_cloud(cloud)


def colors(branding: Branding) -> tuple[str, str]:
    """The primary and accent colours in force (the product's where none is set)."""
    return branding.primary_color or DEFAULT_PRIMARY, branding.accent_color or DEFAULT_ACCENT


def logo_of(branding: Branding) -> tuple[bytes, str] | None:
    if not branding.logo:
        return None
    return bytes(branding.logo), branding.logo_type


def logo_data_uri(branding: Branding) -> str:
    """The logo inlined as a ``data:`` URI (PDFs, e-mails, the branding page's preview;
    the strict CSP allows ``data:`` images); empty without a logo."""
    import base64

    logo = logo_of(branding)
    if logo is None:
        return ""
    return f"data:{logo[1]};base64,{base64.b64encode(logo[0]).decode('ascii')}"


def document_branding(branding: Branding) -> dict[str, str]:
    """What an invoice snapshots of its issuer's branding (text and colours; the
    logo is read when the document is drawn)."""
    primary, accent = colors(branding)
    return {
        "primary_color": primary,
        "accent_color": accent,
        "bank_details": branding.bank_details,
        "footer_text": branding.footer_text,
        "invoice_note": branding.invoice_note,
    }


def cloud_logo_by_slug(slug: str) -> Branding | None:
    """The stored branding of the cloud with ``slug`` (its logo and colours are public:
    they are printed on every document the cloud sends)."""
    return Branding.objects.filter(cloud__slug=slug).first()

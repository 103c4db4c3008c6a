"""E-mails in their sender's branding: the display name of the sender, an HTML
part with the logo, the colours, the legal identity and the footer, and the same
identity and footer under the plain text.

The sender is the issuer of what the message is about: the provider for a
wholesale invoice or a message without a cloud, else the message's cloud.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr
from typing import Any

from django.template.loader import render_to_string

from .selectors import branding_of_cloud, branding_of_provider, colors, logo_data_uri


def sender_brand(cloud: Any, *, wholesale: bool) -> dict[str, Any]:
    """Name, legal lines, colours, logo (a data URI) and footer of the sender."""
    if cloud is None or wholesale:
        from cambill.einvoice.selectors import provider_profile

        party: Any = provider_profile()
        branding = branding_of_provider()
    else:
        party = cloud
        branding = branding_of_cloud(cloud)
    primary, accent = colors(branding)
    legal = [party.legal_name or party.name, party.address or "", party.tax_id or ""]
    return {
        "name": party.name,
        "legal": [line for line in legal if line],
        "primary": primary,
        "accent": accent,
        "footer": branding.footer_text,
        "logo": logo_data_uri(branding),
    }


def from_address(default_from: str, brand: dict[str, Any]) -> str:
    """The product's sending address under the sender's name ("Telenet <billing@...>")."""
    _, address = parseaddr(default_from)
    return formataddr((brand["name"], address or default_from))


def text_body(body: str, brand: dict[str, Any]) -> str:
    """The plain text with the sender's identity and footer below a signature line."""
    lines = [*brand["legal"], brand["footer"]]
    return body.rstrip() + "\n\n-- \n" + "\n".join(line for line in lines if line) + "\n"


def html_body(body: str, brand: dict[str, Any], language: str) -> str:
    return render_to_string(
        "branding/email.html",
        {"paragraphs": [p for p in body.strip().split("\n\n")], "brand": brand, "lang": language},
    )

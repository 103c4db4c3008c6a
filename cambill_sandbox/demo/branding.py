"""The demo's branding (issue #14, point 2): every cloud gets its own logo (a small
generated SVG: a coloured mark with the cloud's initials and its name), colours, bank
details, footer and invoice note, set through the verbs as its cloud admin would; the
provider gets its own for the wholesale invoices."""

from __future__ import annotations

import hashlib
from typing import Any
from xml.sax.saxutils import escape

from cambill.core.access import SYSTEM

# Dark enough for white text (WCAG AA, checked by the verbs), one per cloud in turn.
PALETTE = (
    ("#0b5d3b", "#1a7f52"),
    ("#1f3a93", "#3d5fc4"),
    ("#7a1f5c", "#a3387f"),
    ("#8a3b00", "#b55400"),
    ("#005f73", "#0a7f99"),
    ("#5b2a86", "#7b48a8"),
    ("#a4262c", "#c43d44"),
    ("#2e4053", "#4a6580"),
    ("#0d47a1", "#1e63c4"),
    ("#1b5e20", "#2e7d32"),
    ("#880e4f", "#ad1457"),
    ("#4e342e", "#6d4c41"),
    ("#00695c", "#00897b"),
    ("#37474f", "#546e7a"),
)

# Bank details as an operator prints them: an IBAN where the country has one (the
# standard's published example numbers), an account elsewhere.
BANKS = {
    "ES": "IBAN ES91 2100 0418 4502 0005 1332 · BIC CAIXESBBXXX (CaixaBank)",
    "BE": "IBAN BE68 5390 0754 7034 · BIC BBRUBEBB (ING Belgium)",
    "FR": "IBAN FR14 2004 1010 0505 0001 3M02 606 · BIC PSSTFRPPPAR (La Banque Postale)",
    "GB": "Account 31926819 · Sort code 60-16-13 (NatWest) · IBAN GB29 NWBK 6016 1331 9268 19",
    "DE": "IBAN DE89 3704 0044 0532 0130 00 · BIC COBADEFFXXX (Commerzbank)",
    "LT": "IBAN LT12 1000 0111 0100 1000 · BIC LIABLT2XXXX",
    "CO": "Bancolombia · Cuenta corriente 031-000123-45",
    "MX": "BBVA México · CLABE 012 180 00118359719 7",
    "AR": "Banco Nación · CBU 0110599520000001234567",
    "PE": "BCP · Cuenta corriente 193-1234567-0-12 · CCI 002-193-001234567012-15",
    "CL": "Banco de Chile · Cuenta corriente 00-123-45678-09",
    "US": "Chase Bank · Account 000123456789 · ABA routing 021000021",
    "CR": "BAC Credomatic · IBAN CR05 0152 0200 1026 2840 66",
    "MA": "Attijariwafa bank · RIB 007 780 0001234567890123 45",
}
NOTES = {
    "es": "Gracias por confiar su seguridad en nosotros. Indique el número de factura en su pago.",
    "en": "Thank you for trusting us with your security. Please quote the invoice number when you pay.",
    "pt-br": "Obrigado pela confiança. Informe o número da fatura no pagamento.",
    "fr": "Merci de votre confiance. Indiquez le numéro de facture lors du paiement.",
}


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:2]).upper() or name[:2].upper()


def logo_svg(name: str, primary: str, accent: str) -> bytes:
    """A wordmark: a rounded square in the primary colour with the initials, a camera
    dot in the accent colour, and the name beside it."""
    initials = escape(_initials(name))
    width = 64 + 14 * len(name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="56" '
        f'viewBox="0 0 {width} 56" role="img" aria-label="{escape(name)}">'
        f"<title>{escape(name)}</title>"
        f'<rect x="2" y="4" width="48" height="48" rx="10" fill="{primary}"/>'
        f'<circle cx="42" cy="12" r="4" fill="{accent}" stroke="#ffffff" stroke-width="1.5"/>'
        f'<text x="26" y="36" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" '
        f'font-size="20" font-weight="bold" fill="#ffffff">{initials}</text>'
        f'<text x="60" y="36" font-family="DejaVu Sans, Arial, sans-serif" font-size="22" '
        f'font-weight="bold" fill="{primary}">{escape(name)}</text>'
        "</svg>"
    ).encode()


def _palette(slug: str, index: int | None) -> tuple[str, str]:
    if index is None:
        index = int(hashlib.sha256(slug.encode()).hexdigest(), 16)
    return PALETTE[index % len(PALETTE)]


def brand_cloud(cloud: Any, spec: Any) -> None:
    """The cloud's branding, as its admin would set it on its branding page."""
    from cambill.branding.services import branding_logo_set, branding_update

    primary, accent = _palette(cloud.slug, getattr(spec, "index", None))
    language = getattr(spec, "language", "en")
    branding_update(
        actor=SYSTEM,
        cloud=cloud,
        primary_color=primary,
        accent_color=accent,
        bank_details=BANKS.get(getattr(spec, "country", ""), f"{cloud.name} · account on request"),
        invoice_note=NOTES.get(language, NOTES["en"]),
        footer_text=f"{spec.legal_name or cloud.name} · {spec.tax_id} · billing@{cloud.slug}.example",
    )
    branding_logo_set(actor=SYSTEM, cloud=cloud, data=logo_svg(cloud.name, primary, accent))


PROVIDER_NAME = "Skyline Video Platform"


def brand_provider() -> None:
    """The provider's own branding for its wholesale invoices to the clouds."""
    from cambill.branding.services import branding_logo_set, branding_update
    from cambill.einvoice.services import provider_legal_update

    # Its legal identity as the provider admin would enter it (a Mexican cloud later
    # gives the provider SAT's test taxpayer instead, to sign its CFDI).
    provider_legal_update(
        actor=SYSTEM,
        name=PROVIDER_NAME,
        email="billing@skyline-video.example",
        legal_name="Skyline Video Platform Ltd.",
        tax_id="GB980780684",
        street="1 Canada Square",
        city="London",
        postal_code="E14 5AB",
        country="GB",
    )
    primary, accent = "#1f2a44", "#3b6fd1"
    branding_update(
        actor=SYSTEM,
        cloud=None,
        primary_color=primary,
        accent_color=accent,
        bank_details=(
            "IBAN GB33 BUKB 2020 1555 5555 55 · BIC BUKBGB22 (Barclays)\n"
            "USD: Citibank N.A. · Account 70588567 · SWIFT CITIUS33"
        ),
        invoice_note=(
            "Wholesale services of the video platform. Please quote the invoice number "
            "with your transfer."
        ),
        footer_text=f"{PROVIDER_NAME} · billing@skyline-video.example",
    )
    branding_logo_set(actor=SYSTEM, cloud=None, data=logo_svg(PROVIDER_NAME, primary, accent))

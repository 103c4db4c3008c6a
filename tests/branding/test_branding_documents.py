"""Invoices carry their issuer's branding: a retail invoice the cloud's (name, logo,
address, tax id, bank details, note, footer; never cambill's logo), a wholesale
invoice the provider's. Read back from the PDF with pdftotext."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest
import time_machine

from cambill.branding.services import branding_logo_set, branding_update
from cambill.core.access import SYSTEM
from cambill.einvoice.services import cloud_legal_update, provider_legal_update
from cambill.invoicing.pdf import render_invoice_html, render_invoice_pdf
from cambill.invoicing.services import invoice_issue
from tests.conftest import utc
from tests.invoicing.helpers import bill, retail, wholesale
from tests.scenarios.test_worked_example import NOW, build

pytestmark = pytest.mark.django_db

CLOUD_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">'
    b'<rect width="36" height="36" rx="6" fill="#0b5d3b"/>'
    b'<text x="44" y="28" font-family="DejaVu Sans" font-size="20" fill="#0b5d3b">'
    b"Telenet Vision</text></svg>"
)
PROVIDER_LOGO = CLOUD_LOGO.replace(b"Telenet Vision", b"Skyline Platform")


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return out.stdout.decode().replace("\xa0", " ")


def _brand_telenet(cloud: Any) -> None:
    cloud_legal_update(
        actor=SYSTEM,
        cloud=cloud,
        legal_name="Telenet Comunicaciones S.A.S.",
        street="Carrera 7 # 71-21",
        city="Bogotá",
        postal_code="110231",
        tax_id="900373076-4",
        country="CO",
    )
    branding_update(
        actor=SYSTEM,
        cloud=cloud,
        primary_color="#0b5d3b",
        accent_color="#1a7f52",
        bank_details="Bancolombia, cuenta corriente 123-456789-01",
        invoice_note="Gracias por confiar en Telenet.",
        footer_text="Telenet Comunicaciones · soporte@telenet.example",
    )
    branding_logo_set(actor=SYSTEM, cloud=cloud, data=CLOUD_LOGO)


def test_a_retail_pdf_carries_the_clouds_branding_and_not_cambills_logo(world: Any) -> None:
    t = build(world)
    _brand_telenet(t)
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=utc(2026, 4, 6))
    html = render_invoice_html(inv)
    assert "logo.svg" not in html and "data:image/svg+xml;base64," in html
    assert "#0b5d3b" in html and "#1f4e79" not in html  # the cloud's colour, not cambill's
    text = pdf_text(render_invoice_pdf(inv))
    assert "Telenet Vision" in text  # the cloud's logo, drawn
    assert "cambill" not in text.lower()  # cambill's logo draws "cambill"
    for expected in (
        "Telenet Comunicaciones S.A.S.",
        "Carrera 7 # 71-21",
        "110231 Bogotá",
        "9003730764",
        "Bancolombia, cuenta corriente 123-456789-01",
        "Gracias por confiar en Telenet.",
        "soporte@telenet.example",
    ):
        assert expected in text, expected


def test_an_issued_invoice_keeps_the_bank_details_it_was_drafted_with(world: Any) -> None:
    t = build(world)
    _brand_telenet(t)
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=utc(2026, 4, 6))
    branding_update(actor=SYSTEM, cloud=t, bank_details="Another bank")
    text = pdf_text(render_invoice_pdf(inv))
    assert "Bancolombia" in text and "Another bank" not in text


def test_without_a_logo_a_retail_pdf_shows_the_clouds_name_not_cambills_logo(
    world: Any,
) -> None:
    t = build(world)
    bill(t, "2026-03", NOW)
    html = render_invoice_html(retail(t, "2026-03", "acme"))
    assert "logo.svg" not in html and 'class="wordmark">Telenet<' in html


def test_a_wholesale_pdf_carries_the_providers_branding(world: Any) -> None:
    t = build(world)
    _brand_telenet(t)
    provider_legal_update(
        actor=SYSTEM,
        name="Skyline Video Platform",
        legal_name="Skyline Video Platform Ltd.",
        address="1 Canada Square, London E14 5AB",
        tax_id="GB980780684",
        country="GB",
    )
    branding_update(
        actor=SYSTEM,
        cloud=None,
        bank_details="IBAN GB33 BUKB 2020 1555 5555 55 · BIC BUKBGB22",
        invoice_note="Reverse charge applies to cross-border services.",
    )
    branding_logo_set(actor=SYSTEM, cloud=None, data=PROVIDER_LOGO)
    bill(t, "2026-03", NOW)
    inv = wholesale(t, "2026-03")
    text = pdf_text(render_invoice_pdf(inv))
    for expected in (
        "Skyline Platform",  # the logo
        "Skyline Video Platform Ltd.",
        "1 Canada Square, London E14 5AB",
        "Tax ID: 980780684",  # stored compact
        "IBAN GB33 BUKB 2020 1555 5555 55",
        "Reverse charge applies to cross-border services.",
    ):
        assert expected in text, (expected, text)
    assert "Telenet Vision" not in text and "Bancolombia" not in text

"""Invoice PDFs: rendered by WeasyPrint, in the invoice's language, with babel money.

Set ``CAMBILL_PDF_DUMP=/some/dir`` to keep the rendered files for a visual check.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import time_machine

from cambill.core.access import SYSTEM
from cambill.invoicing.pdf import render_invoice_html, render_invoice_pdf
from cambill.invoicing.services import credit_note_create, invoice_issue
from tests.conftest import utc
from tests.invoicing.helpers import retail, wholesale
from tests.scenarios.test_worked_example import NOW, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def _dump(name: str, data: bytes) -> None:
    target = os.environ.get("CAMBILL_PDF_DUMP")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / name).write_bytes(data)


def _billed(world):  # type: ignore[no-untyped-def]
    from tests.invoicing.helpers import bill

    t = build(world)
    bill(t, "2026-03", NOW)
    return t


def test_retail_pdf_english(world):
    t = _billed(world)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=utc(2026, 4, 6, 15))
    html = render_invoice_html(inv)
    assert "TELENET-2026-000001" in html
    assert "25.91 USD" in html and "21.77 USD" in html and "4.14 USD" in html
    assert "Bill to" in html and "ACME Logistics" in html
    assert "19 %" in html
    assert "Payment due within 15 days" in html
    pdf = render_invoice_pdf(inv)
    assert pdf.startswith(b"%PDF")
    _dump("retail-en.pdf", pdf)


def test_retail_pdf_spanish_with_credit_note(world):
    from cambill.clouds.services import account_update

    t = _billed(world)
    acme = world.accounts["acme"]
    account_update(
        actor=SYSTEM,
        account=acme,
        language="es",
        legal_name="ACME Logística S.A.S.",
        tax_id="900.123.456-7",
        address="Calle 100 # 15-20\nBogotá, Colombia",
    )
    from cambill.invoicing.services import invoice_regenerate

    inv = invoice_regenerate(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    inv = invoice_issue(actor=SYSTEM, invoice=inv, now=utc(2026, 4, 6, 15))
    note = credit_note_create(
        actor=SYSTEM,
        invoice=inv,
        reason="Cámara B sin servicio 3 días",
        lines=[{"line": 2, "amount": "0.29"}],
        now=utc(2026, 4, 8, 15),
    )
    html = render_invoice_html(inv, [note])
    assert "Factura" in html and "Facturar a" in html
    assert "25,91 USD" in html
    assert "Cámara" in html
    assert "Pago a 15 días" in html
    assert note.number in html
    pdf = render_invoice_pdf(inv, [note])
    _dump("retail-es.pdf", pdf)


def test_wholesale_pdf_reverse_charge(world):
    t = _billed(world)
    inv = wholesale(t, "2026-03")
    html = render_invoice_html(inv)
    assert "Reverse charge" in html
    assert "DRAFT" in html
    assert "-1.03 USD" in html
    assert "440" in html
    inv = invoice_issue(actor=SYSTEM, invoice=inv, now=utc(2026, 4, 6, 15))
    pdf = render_invoice_pdf(inv)
    _dump("wholesale-en.pdf", pdf)


def test_retail_pdf_brazilian_portuguese(world):
    """A pt-br account's invoice: Portuguese labels, babel's pt_BR money and dates."""
    from cambill.clouds.services import account_update
    from cambill.invoicing.services import invoice_regenerate

    t = _billed(world)
    account_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        language="pt-br",
        legal_name="ACME Logística Ltda.",
        tax_id="12.345.678/0001-90",
    )
    inv = invoice_regenerate(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    assert inv.language == "pt-br"
    inv = invoice_issue(actor=SYSTEM, invoice=inv, now=utc(2026, 4, 6, 15))
    html = render_invoice_html(inv)
    assert '<html lang="pt-br">' in html
    for text in (
        "Fatura",
        "Destinatário",
        "Data de emissão",
        "Data de vencimento",
        "Período de faturamento",
        "Preço unitário",
        "Total a pagar",
        "Alíquota",
        "Identificação fiscal",
        "Câmera",
        "Pagamento em até 15 dias",
        "25,91 USD",  # the one money format in pt_BR's layout: decimal comma, ISO code
        "21,77 USD",
        "6 de abril de 2026",  # the date of issue
        "março de 2026",  # the period, by its month's name
    ):
        assert text in html, text
    for english_or_spanish in ("Bill to", "Facturar a", "Total due", "25.91 USD", "Pago a 15 días"):
        assert english_or_spanish not in html, english_or_spanish
    pdf = render_invoice_pdf(inv)
    assert pdf.startswith(b"%PDF")
    _dump("retail-pt-br.pdf", pdf)

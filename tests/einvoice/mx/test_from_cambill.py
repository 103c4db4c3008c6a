"""cambill's own issued documents (the worked example, through
``cambill.einvoice.build``) as CFDI: the amounts survive exactly."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
import time_machine
from lxml import etree

from cambill.einvoice.build import from_credit_note, from_invoice
from cambill.einvoice.regimes.mx_cfdi40 import Cfdi40Adapter, validate
from cambill.einvoice.value import EInvoice
from tests.einvoice.mx import values as v
from tests.invoicing.helpers import bill, retail, wholesale
from tests.scenarios.test_worked_example import NOW, build

NS = {"cfdi": "http://www.sat.gob.mx/cfd/4"}


def as_mexican(value: EInvoice) -> EInvoice:
    """The value as a Mexican cloud would have it: MXN, Mexican parties, the
    services' SAT codes (which the integration reads from the services)."""
    return replace(
        value,
        currency="MXN",
        time_zone="America/Mexico_City",
        seller=v.seller(),
        buyer=v.buyer(),
        lines=tuple(
            replace(ln, product_code="81112106", regime_unit_code="E48") for ln in value.lines
        ),
    )


def at_mexican_iva(t):  # type: ignore[no-untyped-def]
    """The worked example's cloud at Mexico's 16 % IVA instead of Colombia's 19 %."""
    type(t).objects.filter(pk=t.pk).update(tax_percent=Decimal("16"))
    t.refresh_from_db()
    return t


def document(value: EInvoice) -> etree._Element:
    xml = Cfdi40Adapter().build(value, v.test_credentials()).xml
    assert validate(xml) == []
    return etree.fromstring(xml)


def taxes_of(root: etree._Element) -> list[Decimal]:
    return [Decimal(t.get("Importe")) for t in root.findall(".//cfdi:Concepto//cfdi:Traslado", NS)]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_retail_invoice(world):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import invoice_issue

    t = at_mexican_iva(build(world))
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    value = as_mexican(from_invoice(inv, time_zone="America/Bogota"))
    root = document(value)
    assert Decimal(root.get("SubTotal")) == Decimal("21.77")
    assert sum(taxes_of(root)) == value.tax_total == inv.tax == Decimal("3.48")
    assert Decimal(root.get("Total")) == value.total == inv.total == Decimal("25.25")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_wholesale_invoice_with_its_discount(world):  # type: ignore[no-untyped-def]
    t = build(world)
    bill(t, "2026-03", NOW)
    w = wholesale(t, "2026-03")
    w.number = "W-TEST-1"
    w.issued_at = NOW
    value = as_mexican(from_invoice(w, time_zone="America/Bogota"))
    root = document(value)
    # the 1.03 discount once (the lines' shares, not again as the allowance)
    assert (root.get("SubTotal"), root.get("Descuento"), root.get("Total")) == (
        "10.32",
        "1.03",
        "9.29",
    )
    assert [c.get("Descuento") for c in root.findall(".//cfdi:Concepto", NS)] == ["0.43", "0.60"]
    # zero-rated: IVA 0 % per concept
    assert {t.get("TasaOCuota") for t in root.findall(".//cfdi:Concepto//cfdi:Traslado", NS)} == {
        "0.000000"
    }
    assert sum(taxes_of(root)) == Decimal("0.00")


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_credit_note(world):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import credit_note_create, invoice_issue

    t = at_mexican_iva(build(world))
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    first = inv.lines.order_by("position").first()
    note = credit_note_create(
        actor=SYSTEM,
        invoice=inv,
        reason="Camera offline",
        lines=[{"line": first.position, "amount": "12.00"}],
    )
    value = from_credit_note(note, time_zone="America/Bogota", preceding_unique_code=v.INVOICE_UUID)
    value = replace(as_mexican(value), lines=value.lines)  # credited lines carry no SAT codes
    root = document(value)
    assert root.get("TipoDeComprobante") == "E"
    assert Decimal(root.get("Total")) == note.total
    assert sum(taxes_of(root)) == note.tax

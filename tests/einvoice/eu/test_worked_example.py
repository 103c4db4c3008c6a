"""The worked example's invoices (fractional months, a wholesale discount) as EN 16931
documents: both syntaxes pass the official rules and carry the invoices' amounts to
the cent (issue #20)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
import time_machine
from lxml import etree

from cambill.core.access import SYSTEM
from cambill.einvoice.build import from_invoice
from cambill.einvoice.protocol import Credentials
from cambill.einvoice.regimes.eu_facturx import FacturXAdapter
from cambill.einvoice.regimes.eu_peppol import PeppolAdapter
from tests.invoicing.helpers import bill, retail, wholesale
from tests.scenarios.test_worked_example import NOW, build

from . import values as v

NO_KEYS = Credentials(b"", b"", {})
UBL = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
RAM = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


def _documents(value):  # type: ignore[no-untyped-def]
    ubl = PeppolAdapter().build(value, NO_KEYS).xml
    cii = FacturXAdapter().build(value, NO_KEYS).xml
    return etree.fromstring(ubl), etree.fromstring(cii)


def _amounts(ubl, cii):  # type: ignore[no-untyped-def]
    total = ubl.find("cac:LegalMonetaryTotal", UBL)
    sums = cii.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", RAM)
    pairs = {
        "lines": ("cbc:LineExtensionAmount", "ram:LineTotalAmount"),
        "net": ("cbc:TaxExclusiveAmount", "ram:TaxBasisTotalAmount"),
        "total": ("cbc:TaxInclusiveAmount", "ram:GrandTotalAmount"),
        "due": ("cbc:PayableAmount", "ram:DuePayableAmount"),
    }
    out = {}
    for name, (u, c) in pairs.items():
        a = Decimal(total.findtext(u, namespaces=UBL))
        b = Decimal(sums.findtext(c, namespaces=RAM))
        assert a == b, name
        out[name] = a
    return out


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_retail_and_wholesale_invoices_to_the_cent(world):  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import invoice_issue

    t = build(world)
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    value = replace(
        from_invoice(inv, time_zone="Europe/Brussels"), seller=v.be_seller(), buyer=v.be_city()
    )
    ubl, cii = _documents(value)
    assert _amounts(ubl, cii) == {
        "lines": inv.subtotal,
        "net": inv.net,
        "total": inv.total,
        "due": inv.total,
    }
    assert Decimal(ubl.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=UBL)) == inv.tax
    nets = [Decimal(e.text) for e in ubl.findall("cac:InvoiceLine/cbc:LineExtensionAmount", UBL)]
    assert nets == [Decimal(a) for a in ("12.00", "2.13", "1.45", "6.19")]

    w = wholesale(t, "2026-03")
    w.number, w.issued_at = "W-TEST-1", NOW
    value = replace(
        from_invoice(w, time_zone="Europe/Brussels"),
        seller=v.be_seller(),
        buyer=v.fr_buyer(endpoint_scheme="0002", endpoint_id=v.FR_BUYER_SIREN),
    )
    ubl, cii = _documents(value)
    assert _amounts(ubl, cii) == {
        "lines": Decimal("10.32"),
        "net": Decimal("9.29"),
        "total": Decimal("9.29"),
        "due": Decimal("9.29"),
    }
    # the wholesale discount as a document allowance; no VAT across the border
    assert ubl.findtext("cac:AllowanceCharge/cbc:Amount", namespaces=UBL) == "1.03"
    assert ubl.findtext("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID", namespaces=UBL) == (
        "AE"
    )

"""CFDI 4.0 documents built from EInvoice values: SAT's schemas, exact amounts, the
fields SAT prescribes for each case (types I, E, P; público en general)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from lxml import etree

from cambill.einvoice.protocol import EInvoiceError
from cambill.einvoice.regimes.mx_cfdi40 import Cfdi40Adapter, split_number, validate
from cambill.einvoice.regimes.mx_cfdi40.amounts import document_amounts, tax_limits
from tests.einvoice.mx import values as v

NS = {
    "cfdi": "http://www.sat.gob.mx/cfd/4",
    "pago20": "http://www.sat.gob.mx/Pagos20",
}
ADAPTER = Cfdi40Adapter()


@pytest.fixture(scope="module")
def credentials():  # type: ignore[no-untyped-def]
    return v.test_credentials()


def built(value, credentials):  # type: ignore[no-untyped-def]
    result = ADAPTER.build(value, credentials)
    assert validate(result.xml) == []
    return etree.fromstring(result.xml)


def money(element, attribute):  # type: ignore[no-untyped-def]
    return Decimal(element.get(attribute))


def concept_taxes(root):  # type: ignore[no-untyped-def]
    return [
        money(t, "Importe")
        for t in root.findall(
            "cfdi:Conceptos/cfdi:Concepto/cfdi:Impuestos/cfdi:Traslados/cfdi:Traslado", NS
        )
    ]


def test_invoice_fields_and_exact_totals(credentials) -> None:  # type: ignore[no-untyped-def]
    root = built(v.invoice(), credentials)
    assert root.get("TipoDeComprobante") == "I"
    assert root.get("Version") == "4.0"
    assert (root.get("Serie"), root.get("Folio")) == ("TN-2026", "000123")
    assert root.get("LugarExpedicion") == "42501"
    assert root.get("Exportacion") == "01"
    assert root.get("Moneda") == "MXN"
    # unpaid at issue: PPD, FormaPago "por definir"
    assert (root.get("MetodoPago"), root.get("FormaPago")) == ("PPD", "99")
    # 2026-04-01 15:30 UTC is 09:30 in Mexico City
    assert root.get("Fecha") == "2026-04-01T09:30:00"
    assert root.get("NoCertificado") == "30001000000400002434"
    assert money(root, "SubTotal") == Decimal("21.77")
    assert money(root, "Total") == Decimal("25.25")
    assert root.get("Descuento") is None
    receptor = root.find("cfdi:Receptor", NS)
    assert dict(receptor.attrib) == {
        "Rfc": v.BUYER_RFC,
        "Nombre": v.BUYER_NAME,
        "DomicilioFiscalReceptor": "86991",
        "RegimenFiscalReceptor": "601",
        "UsoCFDI": "G03",
    }
    emisor = root.find("cfdi:Emisor", NS)
    assert (emisor.get("Rfc"), emisor.get("RegimenFiscal")) == (v.ISSUER_RFC, "601")
    concepts = root.findall("cfdi:Conceptos/cfdi:Concepto", NS)
    assert [c.get("Importe") for c in concepts] == ["12.00", "2.13", "1.45", "6.19"]
    assert {c.get("ObjetoImp") for c in concepts} == {"02"}
    assert concepts[1].get("Cantidad") == "0.709677"
    assert [c.get("ClaveProdServ") for c in concepts] == ["81112106"] * 4
    traslados = root.findall(
        "cfdi:Conceptos/cfdi:Concepto/cfdi:Impuestos/cfdi:Traslados/cfdi:Traslado", NS
    )
    assert {(t.get("Impuesto"), t.get("TipoFactor"), t.get("TasaOCuota")) for t in traslados} == {
        ("002", "Tasa", "0.160000")
    }
    assert concept_taxes(root) == [
        Decimal("1.92"),
        Decimal("0.34"),
        Decimal("0.23"),
        Decimal("0.99"),
    ]
    document = root.find("cfdi:Impuestos", NS)
    assert (
        money(document, "TotalImpuestosTrasladados") == Decimal("3.48") == sum(concept_taxes(root))
    )
    summary = document.find("cfdi:Traslados/cfdi:Traslado", NS)
    assert (money(summary, "Base"), money(summary, "Importe")) == (
        Decimal("21.77"),
        Decimal("3.48"),
    )


def test_paid_at_issue_is_pue_with_its_payment_form(credentials) -> None:  # type: ignore[no-untyped-def]
    value = v.invoice(paid=Decimal("25.25"), due=Decimal("0"), payment_method="card")
    root = built(value, credentials)
    assert (root.get("MetodoPago"), root.get("FormaPago")) == ("PUE", "04")


def test_partly_paid_at_issue_stays_ppd(credentials) -> None:  # type: ignore[no-untyped-def]
    value = v.invoice(paid=Decimal("10.00"), due=Decimal("15.25"), payment_method="cash")
    root = built(value, credentials)
    assert (root.get("MetodoPago"), root.get("FormaPago")) == ("PPD", "99")


def test_credits_and_discounts_become_descuento_exactly(credentials) -> None:  # type: ignore[no-untyped-def]
    value = v.with_credits()
    root = built(value, credentials)
    concepts = root.findall("cfdi:Conceptos/cfdi:Concepto", NS)
    # no negative concept: the -3.00 true-up is shared over the four charges
    assert len(concepts) == 4
    assert money(root, "SubTotal") == Decimal("21.77")
    assert money(root, "Descuento") == Decimal("5.00")  # 2.00 discount + 3.00 true-up
    assert sum(money(c, "Descuento") for c in concepts) == Decimal("5.00")
    bases = [money(t, "Base") for t in root.findall(".//cfdi:Concepto//cfdi:Traslado", NS)]
    assert sum(bases) == value.net == Decimal("16.77")
    assert sum(concept_taxes(root)) == value.tax_total == Decimal("2.68")
    assert money(root, "Total") == value.total == Decimal("19.45")


def test_per_concept_taxes_reach_the_invoice_tax_within_sat_limits() -> None:
    """Three lines of 0.03 at 16 %: each rounds to 0.00, the invoice's tax is
    round(0.09 x 0.16) = 0.01; one concept carries the cent, inside SAT's limits."""
    read = v.line(1, "Plate read", "0.03", monthly=False)
    value = v.invoice(
        lines=(read, replace(read, position=2), replace(read, position=3)),
        taxes=v.tax16("0.09", "0.01"),
        line_total=Decimal("0.09"),
        net=Decimal("0.09"),
        tax_total=Decimal("0.01"),
        total=Decimal("0.10"),
    )
    amounts = document_amounts(value)
    assert [c.tax for c in amounts.concepts] == [Decimal("0.01"), Decimal("0.00"), Decimal("0.00")]
    assert amounts.tax == Decimal("0.01") and amounts.total == Decimal("0.10")
    for c in amounts.concepts:
        lower, upper = tax_limits(c.base, c.rate, Decimal("0.01"))
        assert lower <= c.tax <= upper


def test_a_tax_no_split_can_reach_is_refused() -> None:
    value = v.invoice(tax_total=Decimal("3.60"), total=Decimal("25.37"), taxes=())
    value = replace(value, lines=tuple(replace(line, tax=Decimal("0.90")) for line in value.lines))
    with pytest.raises(EInvoiceError) as error:
        document_amounts(value)
    assert error.value.code == "mx-cfdi40.taxes"


def test_credits_larger_than_charges_are_refused() -> None:
    value = v.with_credits()
    lines = (*value.lines[:4], replace(value.lines[4], net=Decimal("-30.00")))
    with pytest.raises(EInvoiceError) as error:
        document_amounts(replace(value, lines=lines))
    assert error.value.issues[0].code == "mx-cfdi40.credits"


def test_publico_en_general(credentials) -> None:  # type: ignore[no-untyped-def]
    root = built(v.invoice(buyer=v.subscriber_without_rfc()), credentials)
    receptor = root.find("cfdi:Receptor", NS)
    assert dict(receptor.attrib) == {
        "Rfc": "XAXX010101000",
        "Nombre": "PUBLICO EN GENERAL",
        "DomicilioFiscalReceptor": "42501",  # = LugarExpedicion, as SAT requires
        "RegimenFiscalReceptor": "616",
        "UsoCFDI": "S01",
    }
    info = root.find("cfdi:InformacionGlobal", NS)
    assert dict(info.attrib) == {"Periodicidad": "04", "Meses": "03", "Año": "2026"}


def test_credit_note_is_type_e_related_01(credentials) -> None:  # type: ignore[no-untyped-def]
    root = built(v.credit_note(), credentials)
    assert root.get("TipoDeComprobante") == "E"
    assert (root.get("Serie"), root.get("Folio")) == ("CN-2026", "000007")
    relation = root.find("cfdi:CfdiRelacionados", NS)
    assert relation.get("TipoRelacion") == "01"
    assert relation.find("cfdi:CfdiRelacionado", NS).get("UUID") == v.INVOICE_UUID
    assert root.find("cfdi:Receptor", NS).get("UsoCFDI") == "G02"
    assert (root.get("MetodoPago"), root.get("FormaPago")) == ("PUE", "17")
    concept = root.find("cfdi:Conceptos/cfdi:Concepto", NS)
    assert (concept.get("ClaveProdServ"), concept.get("ClaveUnidad")) == ("84111506", "ACT")
    assert (money(root, "SubTotal"), money(root, "Total")) == (Decimal("5.00"), Decimal("5.80"))
    assert concept_taxes(root) == [Decimal("0.80")]


def test_credit_note_given_negative_is_stated_positive(credentials) -> None:  # type: ignore[no-untyped-def]
    note = v.credit_note()
    negative = replace(
        note,
        lines=tuple(
            replace(line, net=-line.net, tax=-line.tax, unit_price=-line.unit_price)
            for line in note.lines
        ),
        taxes=tuple(replace(t, taxable=-t.taxable, amount=-t.amount) for t in note.taxes),
        line_total=-note.line_total,
        net=-note.net,
        tax_total=-note.tax_total,
        total=-note.total,
    )
    root = built(negative, credentials)
    assert money(root, "Total") == Decimal("5.80")


def test_payment_receipt_with_partial_payments(credentials) -> None:  # type: ignore[no-untyped-def]
    first = built(v.payment(v.part(1, "25.25", "10.00")), credentials)
    second = built(v.payment(v.part(2, "15.25", "15.25"), number="P-2026-000002"), credentials)
    for root in (first, second):
        assert root.get("TipoDeComprobante") == "P"
        assert (root.get("Moneda"), root.get("SubTotal"), root.get("Total")) == ("XXX", "0", "0")
        assert root.get("MetodoPago") is None and root.get("FormaPago") is None
        assert root.find("cfdi:Receptor", NS).get("UsoCFDI") == "CP01"
        concept = root.find("cfdi:Conceptos/cfdi:Concepto", NS)
        assert (
            concept.get("ClaveProdServ"),
            concept.get("ClaveUnidad"),
            concept.get("ObjetoImp"),
        ) == (
            "84111506",
            "ACT",
            "01",
        )
    docs = [r.find(".//pago20:DoctoRelacionado", NS) for r in (first, second)]
    assert [
        (
            d.get("NumParcialidad"),
            d.get("ImpSaldoAnt"),
            d.get("ImpPagado"),
            d.get("ImpSaldoInsoluto"),
        )
        for d in docs
    ] == [
        ("1", "25.25", "10.00", "15.25"),
        ("2", "15.25", "15.25", "0.00"),
    ]
    assert {d.get("IdDocumento") for d in docs} == {v.INVOICE_UUID}
    pago = first.find(".//pago20:Pago", NS)
    assert (
        pago.get("FormaDePagoP"),
        pago.get("MonedaP"),
        pago.get("TipoCambioP"),
        pago.get("Monto"),
    ) == (
        "03",
        "MXN",
        "1",
        "10.00",
    )
    assert pago.get("FechaPago") == "2026-04-10T10:00:00"
    taxes = [d.find("pago20:ImpuestosDR/pago20:TrasladosDR/pago20:TrasladoDR", NS) for d in docs]
    bases = [money(t, "BaseDR") for t in taxes]
    amounts = [money(t, "ImporteDR") for t in taxes]
    assert bases == [Decimal("8.62"), Decimal("13.15")]
    assert amounts == [Decimal("1.38"), Decimal("2.10")]
    # the installments add up to the invoice's base and tax exactly
    assert sum(bases) == Decimal("21.77") and sum(amounts) == Decimal("3.48")
    totales = first.find(".//pago20:Totales", NS)
    assert dict(totales.attrib) == {
        "TotalTrasladosBaseIVA16": "8.62",
        "TotalTrasladosImpuestoIVA16": "1.38",
        "MontoTotalPagos": "10.00",
    }


def test_payment_without_the_invoice_amounts_splits_at_the_rate(credentials) -> None:  # type: ignore[no-untyped-def]
    part = replace(v.part(1, "25.25", "11.60"), invoice_net=None, invoice_tax=None)
    root = built(v.payment(part), credentials)
    tax = root.find(".//pago20:TrasladoDR", NS)
    assert (tax.get("BaseDR"), tax.get("ImporteDR")) == ("10.00", "1.60")


def test_every_built_document_validates_against_sat_schemas(credentials) -> None:  # type: ignore[no-untyped-def]
    for value in (
        v.invoice(),
        v.with_credits(),
        v.invoice(buyer=v.subscriber_without_rfc()),
        v.credit_note(),
        v.credit_note(buyer=v.subscriber_without_rfc()),
        v.payment(v.part(1, "25.25", "10.00")),
        v.payment(v.part(1, "25.25", "10.00"), buyer=v.subscriber_without_rfc()),
    ):
        assert validate(ADAPTER.build(value, credentials).xml) == []


def test_schema_errors_name_the_datum(credentials) -> None:  # type: ignore[no-untyped-def]
    xml = ADAPTER.build(v.invoice(), credentials).xml
    broken = xml.replace(b'UsoCFDI="G03"', b'UsoCFDI="Z99"').replace(
        b'ClaveProdServ="81112106"', b'ClaveProdServ="1"', 1
    )
    issues = validate(broken)
    fields = {i.field for i in issues}
    assert {"buyer.einvoice.cfdi_use", "lines[0].product_code"} <= fields
    assert all(i.code == "cfdv40.xsd" for i in issues)
    assert any("Z99" in i.message and "SAT's catalogue" in i.message for i in issues)


@pytest.mark.parametrize(
    ("number", "series", "expected"),
    [
        ("TN-2026-000123", "", ("TN-2026", "000123")),
        ("INV000045", "", ("INV", "000045")),
        ("TN-2026-000123", "TN", ("TN", "2026-000123")),
        ("ABC", "", ("", "ABC")),
    ],
)
def test_split_number(number: str, series: str, expected: tuple[str, str]) -> None:
    assert split_number(number, series) == expected


def test_foreign_receiver_uses_sat_generic_rfc(credentials) -> None:  # type: ignore[no-untyped-def]
    foreign = replace(
        v.buyer(),
        name="Telenet Colombia SAS",
        tax_id="9001234567",
        address=replace(v.buyer().address, postal_code="110111", country="CO"),
        regime_data={"fiscal_residence": "COL"},
    )
    root = built(v.invoice(buyer=foreign), credentials)
    assert dict(root.find("cfdi:Receptor", NS).attrib) == {
        "Rfc": "XEXX010101000",
        "Nombre": "Telenet Colombia SAS",
        "DomicilioFiscalReceptor": "42501",
        "ResidenciaFiscal": "COL",
        "NumRegIdTrib": "9001234567",
        "RegimenFiscalReceptor": "616",
        "UsoCFDI": "S01",
    }
    assert root.find("cfdi:InformacionGlobal", NS) is None


def test_quantity_and_price_state_the_amount_exactly(credentials) -> None:  # type: ignore[no-untyped-def]
    """A price with more than SAT's six places is restated from the amount, so
    Cantidad x ValorUnitario still rounds to the line's amount."""
    plates = v.line(1, "Plate recognition", "40.00", quantity="10", price="4.00", monthly=False)
    archive = v.line(2, "Archive GB", "1.23", quantity="100.5", price="0.0122388", monthly=False)
    value = v.invoice(
        lines=(plates, archive),
        taxes=v.tax16("41.23", "6.60"),
        line_total=Decimal("41.23"),
        net=Decimal("41.23"),
        tax_total=Decimal("6.60"),
        total=Decimal("47.83"),
    )
    concepts = built(value, credentials).findall("cfdi:Conceptos/cfdi:Concepto", NS)
    assert [(c.get("Cantidad"), c.get("ValorUnitario"), c.get("Importe")) for c in concepts] == [
        ("10", "4.00", "40.00"),
        ("100.5", "0.012239", "1.23"),
    ]

"""Issuing in the EN 16931 regimes (issue #20): a Belgian cloud's invoice goes out as
Peppol BIS 3.0 through the sandbox access point, its credit note and its void as UBL
credit notes; a French cloud's invoice is Factur-X, its PDF a PDF/A-3 carrying the
validated XML; data Peppol needs, missing, issues nothing and names the field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.regimes.en16931.validate import validate_cii, validate_ubl
from cambill.einvoice.regimes.eu_facturx import pdf as fxpdf
from cambill.invoicing.services import credit_note_create, invoice_issue, invoice_void
from tests.api.helpers import bearer

from ..issuing_helpers import draft
from .helpers import belgian, french

pytestmark = pytest.mark.django_db
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def issued(world, capture, percent: str):  # type: ignore[no-untyped-def]
    now = clock.now()
    with capture(execute=True):
        return invoice_issue(actor=SYSTEM, invoice=draft(world, now=now, percent=percent))


def test_peppol_invoice_credit_note_and_void(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    belgian(world)
    inv = issued(world, django_capture_on_commit_callbacks, "21")
    doc = EInvoiceDocument.objects.get(invoice=inv, document="invoice")
    assert (doc.regime, doc.status) == ("eu-peppol", "accepted"), doc.authority_reply
    assert len(doc.unique_code) == 36  # the access point's transmission id
    xml = bytes(doc.xml)
    assert validate_ubl(xml, peppol=True) == []
    root = etree.fromstring(xml)
    assert root.findtext("cbc:ID", namespaces=NS) == inv.number
    payable = root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)
    assert Decimal(payable) == inv.total == Decimal("1210.00")
    assert Decimal(root.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=NS)) == inv.tax
    assert root.findtext("cbc:BuyerReference", namespaces=NS) == "PO-2026-CCTV-17"
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_create(
            actor=SYSTEM,
            invoice=inv,
            reason="Camera offline",
            lines=[{"line": 1, "amount": "100.00"}],
        )
    credit = EInvoiceDocument.objects.get(credit_note=note)
    assert credit.status == "accepted", credit.authority_reply
    croot = etree.fromstring(bytes(credit.xml))
    assert croot.tag.endswith("}CreditNote") and validate_ubl(bytes(credit.xml)) == []
    assert croot.findtext("cbc:CreditNoteTypeCode", namespaces=NS) == "381"
    ref = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
    assert croot.findtext(ref, namespaces=NS) == inv.number
    assert (
        Decimal(croot.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS))
        == (note.total)
        == Decimal("121.00")
    )
    other = None
    with django_capture_on_commit_callbacks(execute=True):
        other = invoice_issue(
            actor=SYSTEM, invoice=draft(world, now=clock.now(), percent="21", period="2026-02")
        )
    assert EInvoiceDocument.objects.get(invoice=other, document="invoice").status == "accepted"
    inv = other
    with django_capture_on_commit_callbacks(execute=True):
        invoice_void(actor=SYSTEM, invoice=inv, reason="Wrong customer")
    void = EInvoiceDocument.objects.get(invoice=inv, document="cancellation")
    assert void.status == "accepted", void.authority_reply
    vroot = etree.fromstring(bytes(void.xml))
    assert vroot.tag.endswith("}CreditNote") and validate_ubl(bytes(void.xml)) == []
    assert Decimal(vroot.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)) == (
        inv.total
    )
    assert vroot.findtext(ref, namespaces=NS) == inv.number


def test_peppol_needs_a_buyer_or_order_reference(world, pac) -> None:
    belgian(world, buyer_reference="")
    with pytest.raises(DomainError) as e:
        invoice_issue(actor=SYSTEM, invoice=draft(world, now=clock.now(), percent="21"))
    assert "receiver.einvoice.buyer_reference" in (e.value.fields or {})
    assert not EInvoiceDocument.objects.exists()


def test_facturx_invoice_and_its_pdf_a3(world, pac, django_capture_on_commit_callbacks) -> None:
    french(world)
    inv = issued(world, django_capture_on_commit_callbacks, "20")
    doc = EInvoiceDocument.objects.get(invoice=inv, document="invoice")
    assert (doc.regime, doc.status) == ("eu-facturx", "accepted"), doc.authority_reply
    xml = bytes(doc.xml)
    assert validate_cii(xml) == []
    root = etree.fromstring(xml)
    assert Decimal(root.findtext(".//ram:DuePayableAmount", namespaces=NS)) == inv.total
    assert Decimal(root.findtext(".//ram:GrandTotalAmount", namespaces=NS)) == Decimal("1200.00")
    resp = bearer("cadmin").get(f"/api/v1/clouds/telenet/e-invoices/{doc.pk}/pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pdf = resp.content
    name, embedded = fxpdf.embedded(pdf)
    assert name == "factur-x.xml" and embedded == xml  # exactly the validated document
    from facturx import get_flavor, get_level

    assert get_level(etree.fromstring(embedded)) == "en16931"
    assert get_flavor(etree.fromstring(embedded)) == "factur-x"
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    meta = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in meta and b'pdfaid:conformance="B"' in meta
    assert b"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" in meta
    assert b"<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" in meta
    # the credit note is a Factur-X PDF/A-3 of its own, carrying its validated CII
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_create(
            actor=SYSTEM,
            invoice=inv,
            reason="Camera offline",
            lines=[{"line": 1, "amount": "100.00"}],
        )
    credit = EInvoiceDocument.objects.get(credit_note=note)
    assert credit.status == "accepted" and validate_cii(bytes(credit.xml)) == []
    resp = bearer("cadmin").get(f"/api/v1/clouds/telenet/e-invoices/{credit.pk}/pdf")
    assert resp.status_code == 200
    assert fxpdf.embedded(resp.content) == ("factur-x.xml", bytes(credit.xml))
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(resp.content)).pages)
    assert note.number in text and inv.number in text and "120.00" in text
    # a Peppol document has no PDF of its own but its invoice's
    from cambill.einvoice.printed import document_pdf

    assert document_pdf(EInvoiceDocument(document="payment", regime="eu-facturx")) is None


def test_a_document_the_rules_fail_is_not_issued_and_names_the_rules(world, pac) -> None:
    from cambill.einvoice.services import account_legal_update
    from cambill.invoicing.models import Invoice

    belgian(world)
    # the buyer leaves e-invoicing: no Peppol address, no country
    account_legal_update(
        actor=SYSTEM, account=world.accounts["acme"], country="", einvoice={"regime": "none"}
    )
    inv = draft(world, now=clock.now(), percent="21")
    with pytest.raises(DomainError) as e:
        invoice_issue(actor=SYSTEM, invoice=inv)
    fields = e.value.fields or {}
    assert {"BR-11", "PEPPOL-EN16931-R010"} <= set(fields), fields
    assert "PEPPOL-EN16931-R010" in e.value.message
    assert not EInvoiceDocument.objects.exists()
    assert Invoice.objects.get(pk=inv.pk).status == "draft"

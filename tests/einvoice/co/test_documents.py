"""The built documents: schema-valid, their CUFE / CUDE recomputed from their own
fields, DIAN's extensions and figures exactly the value's, signatures that verify."""

from __future__ import annotations

import hashlib
from base64 import b64decode
from dataclasses import replace
from decimal import Decimal as D

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml import DigestAlgorithm, SignatureMethod
from signxml.xades import XAdESSignatureConfiguration, XAdESVerifier

from cambill.einvoice.regimes.co_dian import DianAdapter
from cambill.einvoice.regimes.co_dian.codes import NS, SIGNATURE_POLICY_DIGEST, SIGNATURE_POLICY_URL
from cambill.einvoice.regimes.co_dian.read import read
from cambill.einvoice.regimes.co_dian.signature import POLICY, SignatureError, verify
from cambill.einvoice.value import TaxSubtotal

from . import factories as f

adapter = DianAdapter()


def text(xml: bytes, path: str) -> str:
    el = etree.fromstring(xml).find(path, NS)
    assert el is not None, path
    return el.text or ""


@pytest.fixture(scope="module")
def built():  # type: ignore[no-untyped-def]
    return adapter.build(f.invoice(), f.credentials())


def test_invoice_validates_against_ubl_and_dian_schemas(built) -> None:  # type: ignore[no-untyped-def]
    assert adapter.validate(built.xml) == []
    assert etree.fromstring(built.xml).tag == f"{{{NS['inv']}}}Invoice"


def test_cufe_is_recomputed_from_the_documents_own_fields(built) -> None:  # type: ignore[no-untyped-def]
    doc = read(built.xml)
    fields = doc.code_fields(f.TECHNICAL_KEY)
    assert fields.text() == (
        "SETP990000002"
        "2026-04-01"
        "09:00:00-05:00"
        "14129.03"
        "01"
        "2684.52"
        "04"
        "0.00"
        "03"
        "0.00"
        "16813.55"
        "900373115"
        "860069804" + f.TECHNICAL_KEY + "2"
    )
    assert doc.unique_code == fields.code() == built.unique_code
    assert doc.unique_code_scheme == "CUFE-SHA384"
    assert hashlib.sha384(fields.text().encode()).hexdigest() == built.unique_code


def test_invoice_header_extensions_and_totals(built) -> None:  # type: ignore[no-untyped-def]
    xml = built.xml
    assert text(xml, "cbc:InvoiceTypeCode") == "01"
    assert text(xml, "cbc:CustomizationID") == "10"
    assert text(xml, "cbc:ProfileExecutionID") == "2"
    assert text(xml, "cbc:IssueTime") == "09:00:00-05:00"  # 14:00 UTC in Bogotá
    dian = ".//sts:DianExtensions/"
    assert text(xml, dian + "sts:InvoiceControl/sts:InvoiceAuthorization") == "18760000001"
    assert text(xml, dian + "sts:InvoiceControl/sts:AuthorizedInvoices/sts:From") == "990000000"
    assert (
        text(xml, dian + "sts:SoftwareSecurityCode")
        == hashlib.sha384((f.SOFTWARE_ID + f.PIN + "SETP990000002").encode()).hexdigest()
    )
    root = etree.fromstring(xml)
    provider = root.find(dian + "sts:SoftwareProvider/sts:ProviderID", NS)
    assert (provider.text, provider.get("schemeID"), provider.get("schemeName")) == (
        "900373115",
        "3",
        "31",
    )
    authority = root.find(dian + "sts:AuthorizationProvider/sts:AuthorizationProviderID", NS)
    assert (authority.text, authority.get("schemeID")) == ("800197268", "4")
    assert text(xml, dian + "sts:QRCode") == (
        "https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey=" + built.unique_code
    )
    buyer = root.find("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme", NS)
    assert buyer.find("cbc:CompanyID", NS).get("schemeID") == "2"
    assert buyer.find("cbc:TaxLevelCode", NS).text == "R-99-PN"
    supplier = root.find("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme", NS)
    assert supplier.find("cbc:TaxLevelCode", NS).text == "O-13"
    assert supplier.find("cac:TaxScheme/cbc:ID", NS).text == "01"
    total = "cac:LegalMonetaryTotal/cbc:"
    assert [
        text(xml, total + n)
        for n in (
            "LineExtensionAmount",
            "TaxExclusiveAmount",
            "TaxInclusiveAmount",
            "PayableAmount",
        )
    ] == [
        "14129.03",
        "14129.03",
        "16813.55",
        "16813.55",
    ]
    assert text(xml, "cac:TaxTotal/cbc:TaxAmount") == "2684.52"
    lines = root.findall("cac:InvoiceLine", NS)
    assert [line.find("cbc:LineExtensionAmount", NS).text for line in lines] == [
        "12000.00",
        "2129.03",
    ]
    assert [line.find("cac:TaxTotal/cbc:TaxAmount", NS).text for line in lines] == [
        "2280.00",
        "404.52",
    ]
    assert lines[1].find("cac:Price/cbc:PriceAmount", NS).text == "3000.00"
    assert built.extras["legend"] == (
        "Factura electrónica de venta. Autorización de numeración de facturación DIAN "
        "No. 18760000001 del 2019-01-19, vigente hasta 2030-01-19, prefijo SETP del "
        "990000000 al 995000000."
    )
    assert built.qr.splitlines()[0] == "NumFac: SETP990000002"
    assert built.qr.splitlines()[-2] == f"CUFE: {built.unique_code}"


def test_invoice_with_a_document_discount_keeps_cambills_totals() -> None:
    built = adapter.build(f.invoice_with_discount(), f.credentials())
    assert adapter.validate(built.xml) == []
    xml = built.xml
    assert text(xml, "cac:AllowanceCharge/cbc:Amount") == "1412.90"
    assert text(xml, "cac:LegalMonetaryTotal/cbc:AllowanceTotalAmount") == "1412.90"
    assert text(xml, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount") == "12716.13"
    assert text(xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "15132.20"
    assert read(xml).code_fields(f.TECHNICAL_KEY).code() == built.unique_code


def test_a_technology_provider_runs_the_software() -> None:
    value = f.invoice(seller=f.seller(software_provider_nit="800197268-4"))
    built = adapter.build(value, f.credentials())
    provider = etree.fromstring(built.xml).find(".//sts:SoftwareProvider/sts:ProviderID", NS)
    assert (provider.text, provider.get("schemeID")) == ("800197268", "4")
    assert adapter.validate(built.xml) == []
    wrong = f.invoice(seller=f.seller(software_provider_nit="800197268-5"))
    assert [i.field for i in adapter.check(wrong)] == ["seller.einvoice.software_provider_nit"]


def test_a_buyer_without_tax_id_is_dians_final_consumer() -> None:
    value = f.invoice(buyer=f.buyer(tax_id="", id_type=""))
    built = adapter.build(value, f.credentials())
    assert adapter.validate(built.xml) == []
    doc = read(built.xml)
    assert doc.buyer_id == "222222222222"
    assert doc.code_fields(f.TECHNICAL_KEY).code() == built.unique_code


def test_signature_verifies_with_signxml_and_carries_dians_policy(built) -> None:  # type: ignore[no-untyped-def]
    cert = x509.load_pem_x509_certificate(f.credentials().certificate_pem)
    results = XAdESVerifier().verify(
        built.xml,
        x509_cert=cert,
        expect_signature_policy=POLICY,
        expect_config=XAdESSignatureConfiguration(
            signature_methods=frozenset({SignatureMethod.RSA_SHA256}),
            digest_algorithms=frozenset({DigestAlgorithm.SHA256}),
        ),
    )
    assert len(results) == 3  # the document, the signed properties, the key info
    props = results[1].signed_properties
    xades = {"xades": NS["xades"], "ds": NS["ds"]}
    assert props.findtext("xades:SigningTime", namespaces=xades) == "2026-04-01T09:00:00-05:00"
    assert props.findtext(".//xades:ClaimedRole", namespaces=xades) == "supplier"
    assert (
        props.findtext(".//xades:SigPolicyId/xades:Identifier", namespaces=xades)
        == SIGNATURE_POLICY_URL
    )
    assert (
        props.findtext(".//xades:SigPolicyHash/ds:DigestValue", namespaces=xades)
        == SIGNATURE_POLICY_DIGEST
    )
    digest = props.findtext(".//xades:SigningCertificate//ds:DigestValue", namespaces=xades)
    assert b64decode(digest) == hashlib.sha256(cert.public_bytes(Encoding.DER)).digest()
    serial = props.findtext(".//xades:IssuerSerial/ds:X509SerialNumber", namespaces=xades)
    assert serial == str(cert.serial_number)
    # enveloped, in the second UBLExtension
    root = etree.fromstring(built.xml)
    second = root.findall("ext:UBLExtensions/ext:UBLExtension", NS)[1]
    assert second.find("ext:ExtensionContent/ds:Signature", NS) is not None
    assert verify(built.xml).certificate == cert


def test_a_tampered_figure_breaks_the_signature(built) -> None:  # type: ignore[no-untyped-def]
    tampered = built.xml.replace(b">16813.55<", b">16813.56<")
    assert tampered != built.xml
    with pytest.raises(SignatureError):
        verify(tampered)


def test_credit_note_has_its_cude_and_references_the_invoices_cufe(built) -> None:  # type: ignore[no-untyped-def]
    note = adapter.build(f.credit_note(built.unique_code), f.credentials())
    assert adapter.validate(note.xml) == []
    root = etree.fromstring(note.xml)
    assert root.tag == f"{{{NS['cn']}}}CreditNote"
    doc = read(note.xml)
    assert doc.unique_code_scheme == "CUDE-SHA384"
    assert doc.code_fields(f.PIN).code() == note.unique_code == doc.unique_code
    assert doc.code_fields(f.TECHNICAL_KEY).code() != note.unique_code
    assert text(note.xml, "cbc:CreditNoteTypeCode") == "91"
    assert text(note.xml, "cbc:CustomizationID") == "20"
    assert text(note.xml, "cac:DiscrepancyResponse/cbc:ResponseCode") == "1"
    assert text(note.xml, "cac:DiscrepancyResponse/cbc:ReferenceID") == "SETP990000002"
    ref = "cac:BillingReference/cac:InvoiceDocumentReference/"
    assert text(note.xml, ref + "cbc:ID") == "SETP990000002"
    assert text(note.xml, ref + "cbc:UUID") == built.unique_code
    assert text(note.xml, ref + "cbc:IssueDate") == "2026-04-01"
    assert text(note.xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "2533.55"
    assert root.find(".//sts:InvoiceControl", NS) is None
    verify(note.xml)


def test_a_credit_line_keeps_its_sign() -> None:
    """An offline credit (a negative line, as cambill bills it) stays a negative line."""
    credit = replace(
        f.LINES[0],
        position=3,
        description="Camera A offline on 2026-03-05",
        quantity=D("-1"),
        unit_price=D("387.10"),
        net=D("-387.10"),
        tax=D("-73.55"),
        period_start=None,
        period_end=None,
    )
    value = f.invoice(
        lines=(*f.LINES, credit),
        taxes=(TaxSubtotal("S", D("19"), D("13741.93"), D("2610.97")),),
        line_total=D("13741.93"),
        net=D("13741.93"),
        tax_total=D("2610.97"),
        total=D("16352.90"),
        due=D("16352.90"),
    )
    assert adapter.check(value) == []
    built = adapter.build(value, f.credentials())
    assert adapter.validate(built.xml) == []
    line = etree.fromstring(built.xml).findall("cac:InvoiceLine", NS)[2]
    assert line.find("cbc:LineExtensionAmount", NS).text == "-387.10"
    assert line.find("cbc:InvoicedQuantity", NS).text == "-1.00"
    assert read(built.xml).code_fields(f.TECHNICAL_KEY).code() == built.unique_code
    assert text(built.xml, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "16352.90"


def test_the_schema_check_follows_the_annex_for_the_providers_check_digit(built) -> None:  # type: ignore[no-untyped-def]
    wrong = built.xml.replace(
        b'schemeID="3" schemeName="31">900373115</sts:ProviderID>',
        b'schemeID="5" schemeName="31">900373115</sts:ProviderID>',
    )
    assert wrong != built.xml
    issues = adapter.validate(wrong)
    assert [(i.code, "check digit" in i.message) for i in issues] == [("co-dian.xsd", True)]
    missing = built.xml.replace(
        b"<cbc:UBLVersionID>UBL 2.1</cbc:UBLVersionID>", b"<cbc:UBLVersion>UBL 2.1</cbc:UBLVersion>"
    )
    assert [i.code for i in adapter.validate(missing)] == ["co-dian.xsd"]

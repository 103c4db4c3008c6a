"""The sandbox DIAN accepts a good document and rejects a bad one with DIAN's codes;
an outage answers ``unavailable`` and a resend after it is processed once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from lxml import etree

from cambill.einvoice.regimes.co_dian import DianAdapter, attached_document, ubl
from cambill.einvoice.regimes.co_dian.annulment import annulment
from cambill.einvoice.regimes.co_dian.codes import NS
from cambill.einvoice.regimes.co_dian.context import COLOMBIA, prepare
from cambill.einvoice.regimes.co_dian.signature import sign, verify

from . import factories as f

adapter = DianAdapter()


@pytest.fixture(scope="module")
def built():  # type: ignore[no-untyped-def]
    return adapter.build(f.invoice(), f.credentials())


def response_codes(xml: bytes) -> tuple[str, list[str]]:
    root = etree.fromstring(xml)
    verdict = root.findtext("cac:DocumentResponse/cac:Response/cbc:ResponseCode", namespaces=NS)
    lines = root.findall("cac:DocumentResponse/cac:LineResponse/cac:Response/cbc:ResponseCode", NS)
    return verdict or "", [el.text or "" for el in lines]


def test_accepts_a_good_invoice_with_a_signed_application_response(built) -> None:  # type: ignore[no-untyped-def]
    dian = f.sandbox()
    reply = dian.submit(built.xml)
    assert (reply.status, reply.unique_code, reply.codes) == ("accepted", built.unique_code, ())
    assert response_codes(reply.xml) == ("02", ["0000"])
    assert adapter.validate(reply.xml) == []  # UBL ApplicationResponse 2.1
    verify(reply.xml)
    ref = etree.fromstring(reply.xml).find("cac:DocumentResponse/cac:DocumentReference", NS)
    assert ref.findtext("cbc:UUID", namespaces=NS) == built.unique_code
    assert dian.status(built.unique_code).status == "accepted"


def test_a_tampered_figure_is_rejected_for_signature_and_cufe(built) -> None:  # type: ignore[no-untyped-def]
    tampered = built.xml.replace(
        b'<cbc:PayableAmount currencyID="COP">16813.55<',
        b'<cbc:PayableAmount currencyID="COP">16000.00<',
    )
    assert tampered != built.xml
    reply = f.sandbox().submit(tampered)
    assert reply.status == "rejected"
    assert reply.codes == ("ZE02", "FAD06")
    assert response_codes(reply.xml) == ("04", ["ZE02", "FAD06"])


def test_a_cufe_made_with_another_technical_key_is_fad06(built) -> None:  # type: ignore[no-untyped-def]
    wrong = adapter.build(f.invoice(), f.credentials(technical_key="0" * 40))
    reply = f.sandbox().submit(wrong.xml)
    assert (reply.status, reply.codes) == ("rejected", ("FAD06",))  # the signature itself is fine


def test_a_credit_note_with_another_pin_is_cad06_and_fab27b(built) -> None:  # type: ignore[no-untyped-def]
    note = adapter.build(f.credit_note(built.unique_code), f.credentials(software_pin="99999"))
    reply = f.sandbox().submit(note.xml)
    assert (reply.status, reply.codes) == ("rejected", ("CAD06", "FAB27b"))
    good = adapter.build(f.credit_note(built.unique_code), f.credentials())
    assert f.sandbox().submit(good.xml).status == "accepted"


def test_schema_failure_is_zb01(built) -> None:  # type: ignore[no-untyped-def]
    broken = built.xml.replace(b"<cbc:IssueDate>", b"<cbc:IssuedOn>", 1).replace(
        b"</cbc:IssueDate>", b"</cbc:IssuedOn>", 1
    )
    reply = f.sandbox().submit(broken)
    assert (reply.status, reply.codes) == ("rejected", ("ZB01",))


def test_an_unknown_issuer_is_fab19b(built) -> None:  # type: ignore[no-untyped-def]
    dian = f.sandbox()
    dian.issuers.clear()
    assert dian.submit(built.xml).codes == ("FAB19b",)


def test_a_number_outside_the_range_and_dates_is_fab10b_and_fab07b() -> None:
    """A document the adapter would refuse, forged past ``check``, is refused by DIAN too."""
    ctx, issues = prepare(f.invoice(), f.SECRETS)
    assert ctx is not None and issues == []
    late = f.ISSUED_AT.replace(year=2031)
    forged = replace(
        ctx,
        value=replace(ctx.value, number="SETP995000001", issued_at=late),
        local=late.astimezone(COLOMBIA),
    )
    unsigned = ubl.build(forged)
    creds = f.credentials()
    xml = sign(
        unsigned.root,
        certificate_pem=creds.certificate_pem,
        private_key_pem=creds.private_key_pem,
        signing_time=f.ISSUED_AT,
    )
    reply = f.sandbox().submit(xml)
    assert (reply.status, reply.codes) == ("rejected", ("FAB10b", "FAB07b"))


def test_outage_then_one_accepted_document_however_often_resent(built) -> None:  # type: ignore[no-untyped-def]
    dian = f.sandbox()
    dian.outage(2)
    assert dian.submit(built.xml).status == "unavailable"
    assert dian.status(built.unique_code).status == "unavailable"
    assert dian.received == []
    first = dian.submit(built.xml)
    again = dian.submit(built.xml)
    assert first.status == again.status == "accepted"
    assert again.codes == ("90",) and again.xml == first.xml
    assert len(dian.received) == 2
    assert dian.status("f" * 96).status == "pending"


def test_the_same_number_with_another_document_is_fad05a(built) -> None:  # type: ignore[no-untyped-def]
    dian = f.sandbox()
    assert dian.submit(built.xml).status == "accepted"
    other = adapter.build(f.invoice(note="another document"), f.credentials())
    assert other.unique_code == built.unique_code  # the CUFE does not cover the note
    changed = adapter.build(f.invoice(issued_at=f.ISSUED_AT.replace(minute=1)), f.credentials())
    assert dian.submit(changed.xml).codes == ("FAD05a",)


def test_cancel_is_refused_dian_annuls_with_a_credit_note(built) -> None:  # type: ignore[no-untyped-def]
    reply = f.sandbox().cancel(built.unique_code, reason_code="2")
    assert reply.status == "rejected" and "credit note" in reply.message


def test_attached_document_wraps_the_document_and_dians_answer(built) -> None:  # type: ignore[no-untyped-def]
    reply = f.sandbox().submit(built.xml)
    xml = attached_document(built.xml, reply.xml, f.credentials(), signing_time=f.ISSUED_AT)
    assert adapter.validate(xml) == []
    verify(xml)
    root = etree.fromstring(xml)
    assert root.tag == f"{{{NS['ad']}}}AttachedDocument"
    assert root.findtext("cbc:ParentDocumentID", namespaces=NS) == "SETP990000002"
    assert root.findtext("cbc:DocumentType", namespaces=NS) == "Contenedor de Factura Electrónica"
    assert (
        root.findtext(
            "cac:Attachment/cac:ExternalReference/cbc:Description", namespaces=NS
        ).encode()
        == built.xml
    )
    ref = root.find("cac:ParentDocumentLineReference/cac:DocumentReference", NS)
    assert ref.findtext("cbc:UUID", namespaces=NS) == built.unique_code
    assert (
        ref.findtext("cac:Attachment/cac:ExternalReference/cbc:Description", namespaces=NS).encode()
        == reply.xml
    )
    assert ref.findtext("cac:ResultOfVerification/cbc:ValidationResultCode", namespaces=NS) == "02"
    sender = root.find("cac:SenderParty/cac:PartyTaxScheme/cbc:CompanyID", NS)
    assert (sender.text, sender.get("schemeID")) == ("900373115", "3")


def test_the_demo_issuer_is_accepted() -> None:
    from cambill.einvoice.protocol import Credentials
    from cambill_sandbox.einvoice.dian import (
        DEMO_ISSUER,
        DEMO_NIT,
        DEMO_REGIME,
        DEMO_SECRETS,
        SandboxDian,
        demo_certificate,
        issuer_of,
        shared,
    )

    cert, key = demo_certificate()
    value = f.invoice(seller=replace(f.seller(), tax_id=DEMO_NIT, regime_data=dict(DEMO_REGIME)))
    built = adapter.build(value, Credentials(cert, key, secrets=dict(DEMO_SECRETS)))
    reply = SandboxDian.with_issuers([DEMO_ISSUER]).submit(built.xml)
    assert (reply.status, reply.codes) == ("accepted", ())
    assert issuer_of(DEMO_NIT, DEMO_REGIME, DEMO_SECRETS) == DEMO_ISSUER
    assert shared() is shared() and shared().issuers == {DEMO_ISSUER.nit: DEMO_ISSUER}


def test_a_void_is_an_annulment_credit_note_for_the_whole_invoice() -> None:
    value = f.invoice_with_discount()
    invoice = adapter.build(value, f.credentials())
    dian = f.sandbox()
    assert dian.submit(invoice.xml).status == "accepted"
    void = annulment(
        value,
        invoice_cufe=invoice.unique_code,
        number="NC2",
        issued_at=f.ISSUED_AT + timedelta(days=1),
    )
    assert adapter.check(void) == []
    note = adapter.build(void, f.credentials())
    assert adapter.validate(note.xml) == []
    root = etree.fromstring(note.xml)
    assert root.findtext("cac:DiscrepancyResponse/cbc:ResponseCode", namespaces=NS) == "2"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS) == "15132.20"
    assert (
        root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:UUID", namespaces=NS)
        == invoice.unique_code
    )
    assert dian.submit(note.xml).status == "accepted"

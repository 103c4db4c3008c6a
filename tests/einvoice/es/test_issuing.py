"""Verifactu in the issuing flow (issue #20, point 4): every issued invoice makes a
RegistroAlta, a credit note an R1 corrective (TipoRectificativa I), a void a
RegistroAnulacion, each valid against SuministroLR.xsd, chained by its Huella; records
go to AEAT in batches; a rejected record is corrected by a new link (Subsanacion),
never by breaking the chain; the amounts are the invoice's to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.issuing import document_retry, documents_submit_due
from cambill.einvoice.models import EInvoiceDocument, VerifactuRecord
from cambill.einvoice.regimes.es_verifactu import VerifactuAdapter
from cambill.einvoice.regimes.es_verifactu.records import SF, SFLR
from cambill.einvoice.services import account_legal_update
from cambill.invoicing.models import Invoice
from cambill.invoicing.services import credit_note_create, invoice_issue, invoice_void
from cambill_sandbox.einvoice.aeat import UNKNOWN_NIF

from ..issuing_helpers import draft
from .helpers import BUYER_NIF, ISSUER_NIF, assert_chain_holds, spanish

pytestmark = pytest.mark.django_db
adapter = VerifactuAdapter()
NS = {"sf": SF, "sfLR": SFLR}


def issue(inv: Invoice, capture: Any) -> Invoice:
    with capture(execute=True):
        return invoice_issue(actor=SYSTEM, invoice=inv)


def doc_of(inv: Invoice, document: str = "invoice") -> EInvoiceDocument:
    return EInvoiceDocument.objects.get(invoice=inv, document=document)


def text(xml: bytes, path: str) -> str:
    found = etree.fromstring(xml).find(path, NS)
    assert found is not None, path
    return found.text or ""


ALTA = "sfLR:RegistroFactura/sf:RegistroAlta/"


def test_issued_invoices_make_a_chain_of_valid_records_accepted_by_aeat(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    invoices = [
        issue(
            draft(world, now=now, net=net, percent="21", period=period),
            django_capture_on_commit_callbacks,
        )
        for net, period in (("1000.00", "2026-01"), ("33.33", "2026-02"), ("0.07", "2026-03"))
    ]
    for inv in invoices:
        doc = doc_of(inv)
        xml = bytes(doc.xml)
        assert doc.status == "accepted", doc.authority_reply
        assert adapter.validate(xml) == []
        assert doc.unique_code == text(xml, ALTA + "sf:Huella")
        assert len(doc.unique_code) == 64 and doc.unique_code == doc.unique_code.upper()
        assert text(xml, ALTA + "sf:TipoFactura") == "F1"
        assert text(xml, ALTA + "sf:IDFactura/sf:NumSerieFactura") == f"TN/{inv.number}"
        assert text(xml, ALTA + "sf:IDFactura/sf:IDEmisorFactura") == ISSUER_NIF
        assert text(xml, ALTA + "sf:Destinatarios/sf:IDDestinatario/sf:NIF") == BUYER_NIF
        # the amounts are the invoice's, to the cent
        assert Decimal(text(xml, ALTA + "sf:ImporteTotal")) == inv.total
        assert Decimal(text(xml, ALTA + "sf:CuotaTotal")) == inv.tax
        detail = ALTA + "sf:Desglose/sf:DetalleDesglose/"
        assert Decimal(text(xml, detail + "sf:BaseImponibleOimporteNoSujeto")) == inv.net
        assert Decimal(text(xml, detail + "sf:CuotaRepercutida")) == inv.tax
        assert text(xml, detail + "sf:TipoImpositivo") == "21.00"
        assert text(xml, ALTA + "sf:SistemaInformatico/sf:NombreSistemaInformatico") == "cambill"
        assert doc.qr.startswith("https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR?nif=B58378431")
        assert doc.qr.endswith(f"importe={inv.total:.2f}")
        assert doc.extras["aeat_csv"] and doc.extras["legend"] == "VERI*FACTU"
    assert [inv.total for inv in invoices] == [
        Decimal("1210.00"),
        Decimal("40.33"),
        Decimal("0.08"),
    ]
    records = assert_chain_holds(cloud)
    assert [r.num_serie for r in records] == [f"TN/{inv.number}" for inv in invoices]
    assert text(bytes(records[0].xml), ALTA + "sf:Encadenamiento/sf:PrimerRegistro") == "S"


def test_records_due_together_go_to_aeat_in_one_batch_in_chain_order(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    with django_capture_on_commit_callbacks(execute=False) as first:
        a = invoice_issue(actor=SYSTEM, invoice=draft(world, now=now, percent="21"))
    with django_capture_on_commit_callbacks(execute=False) as second:
        b = invoice_issue(
            actor=SYSTEM, invoice=draft(world, now=now, percent="21", period="2026-04")
        )
    for callback in [*first, *second]:
        callback()
    assert aeat.calls == ["send"]  # the first job took both records, the second found none
    sent = etree.fromstring(aeat.batches[0]).findall("sfLR:RegistroFactura", NS)
    numbers = [
        r.findtext("sf:RegistroAlta/sf:IDFactura/sf:NumSerieFactura", namespaces=NS) for r in sent
    ]
    assert numbers == [f"TN/{a.number}", f"TN/{b.number}"]
    assert doc_of(a).status == doc_of(b).status == "accepted"
    assert doc_of(a).extras["aeat_csv"] == doc_of(b).extras["aeat_csv"]
    assert_chain_holds(cloud)


def test_credit_note_is_an_r1_corrective_by_differences(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    inv = issue(draft(world, now=now, percent="21"), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_create(
            actor=SYSTEM,
            invoice=inv,
            reason="Camera offline",
            lines=[{"line": 1, "amount": "100.00"}],
        )
    doc = EInvoiceDocument.objects.get(credit_note=note)
    xml = bytes(doc.xml)
    assert doc.status == "accepted", doc.authority_reply
    assert adapter.validate(xml) == []
    assert text(xml, ALTA + "sf:TipoFactura") == "R1"
    assert text(xml, ALTA + "sf:TipoRectificativa") == "I"
    rectified = ALTA + "sf:FacturasRectificadas/sf:IDFacturaRectificada/"
    assert text(xml, rectified + "sf:NumSerieFactura") == f"TN/{inv.number}"
    assert (
        text(xml, rectified + "sf:FechaExpedicionFactura") == doc_of(inv).extras["fecha_expedicion"]
    )
    assert Decimal(text(xml, ALTA + "sf:ImporteTotal")) == -note.total == Decimal("-121.00")
    assert Decimal(text(xml, ALTA + "sf:CuotaTotal")) == -note.tax == Decimal("-21.00")
    assert text(xml, ALTA + "sf:IDFactura/sf:NumSerieFactura") == f"TN/{note.number}"
    records = assert_chain_holds(cloud)
    assert [r.tipo_factura for r in records] == ["F1", "R1"]


def test_void_makes_a_registro_anulacion_as_the_next_link(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    inv = issue(draft(world, now=now, percent="21"), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_void(actor=SYSTEM, invoice=inv, reason="Wrong customer")
    cancel = doc_of(inv, "cancellation")
    xml = bytes(cancel.xml)
    assert cancel.status == "accepted", cancel.authority_reply
    assert adapter.validate(xml) == []
    annul = "sfLR:RegistroFactura/sf:RegistroAnulacion/"
    assert text(xml, annul + "sf:IDFactura/sf:NumSerieFacturaAnulada") == f"TN/{inv.number}"
    assert (
        text(xml, annul + "sf:Encadenamiento/sf:RegistroAnterior/sf:Huella")
        == doc_of(inv).unique_code
    )
    assert doc_of(inv).status == "cancelled"
    records = assert_chain_holds(cloud)
    assert [r.operation for r in records] == ["Alta", "Anulacion"]


def test_rejected_record_is_corrected_by_a_subsanacion_that_keeps_the_chain(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    account_legal_update(actor=SYSTEM, account=world.accounts["acme"], tax_id=UNKNOWN_NIF)
    inv = issue(draft(world, now=now, percent="21"), django_capture_on_commit_callbacks)
    doc = doc_of(inv)
    assert doc.status == "rejected"
    assert doc.authority_reply["codes"] == ["1104"]
    first_huella = doc.unique_code
    # the next invoice chains onto the rejected record: it is in the issuer's chain
    other = issue(
        draft(world, now=now, percent="21", period="2026-04"), django_capture_on_commit_callbacks
    )
    assert doc_of(other).status == "rejected"  # same unknown receiver
    account_legal_update(actor=SYSTEM, account=world.accounts["acme"], tax_id=BUYER_NIF)
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(actor=world.actor("cadmin"), document=doc)
    doc.refresh_from_db()
    assert doc.status == "accepted", doc.authority_reply
    assert doc.unique_code != first_huella
    xml = bytes(doc.xml)
    assert text(xml, ALTA + "sf:Subsanacion") == "S"
    assert text(xml, ALTA + "sf:RechazoPrevio") == "X"
    records = assert_chain_holds(cloud)
    assert [(r.num_serie, r.subsanacion) for r in records] == [
        (f"TN/{inv.number}", False),
        (f"TN/{other.number}", False),
        (f"TN/{inv.number}", True),
    ]
    assert records[2].previous_huella == doc_of(other).unique_code
    assert VerifactuRecord.objects.filter(document=doc).count() == 2


def test_outage_is_retried_with_the_same_record(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    aeat.outage(1)
    inv = issue(draft(world, now=now, percent="21"), django_capture_on_commit_callbacks)
    doc = doc_of(inv)
    assert doc.status == "signed" and doc.attempts == 1
    documents_submit_due(now=doc.next_attempt_at)
    doc.refresh_from_db()
    assert doc.status == "accepted"
    assert len(assert_chain_holds(cloud)) == 1


def test_receiver_without_tax_id_gets_a_simplified_invoice(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    spanish(world, now=now)
    inv = issue(
        draft(world, now=now, percent="21", account="beta"), django_capture_on_commit_callbacks
    )
    xml = bytes(doc_of(inv).xml)
    assert text(xml, ALTA + "sf:TipoFactura") == "F2"
    assert etree.fromstring(xml).find(ALTA + "sf:Destinatarios", NS) is None
    assert doc_of(inv).status == "accepted"


def test_refused_anulacion_is_followed_by_a_new_one_with_rechazo_previo(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    cloud = spanish(world, now=now)
    inv = issue(draft(world, now=now, percent="21"), django_capture_on_commit_callbacks)
    aeat.refuse_next("1100", "Valor o tipo incorrecto del campo.")
    with django_capture_on_commit_callbacks(execute=True):
        invoice_void(actor=SYSTEM, invoice=inv, reason="Wrong customer")
    cancel = doc_of(inv, "cancellation")
    assert (cancel.status, cancel.authority_reply["codes"]) == ("rejected", ["1100"])
    first = cancel.unique_code
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(actor=world.actor("cadmin"), document=cancel)
    cancel.refresh_from_db()
    assert cancel.status == "accepted" and cancel.unique_code != first
    annul = "sfLR:RegistroFactura/sf:RegistroAnulacion/"
    assert text(bytes(cancel.xml), annul + "sf:RechazoPrevio") == "S"
    records = assert_chain_holds(cloud)
    assert [r.operation for r in records] == ["Alta", "Anulacion", "Anulacion"]
    assert doc_of(inv).status == "cancelled"


def test_the_provider_keeps_its_own_chain_for_wholesale_invoices(
    world, aeat, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from cambill.clouds.models import Cloud
    from cambill.einvoice.services import (
        cloud_legal_update,
        credential_upload,
        provider_legal_update,
    )

    from ..certs import pem_pair, self_signed

    now = clock.now()
    provider_legal_update(
        actor=SYSTEM,
        legal_name="Camera Platform SL",
        country="ES",
        tax_id="A08001851",
        street="Paseo de Gracia 1",
        city="Barcelona",
        postal_code="08007",
        einvoice={"regime": "es-verifactu", "series": "W/"},
    )
    cert, key = self_signed("A08001851", not_before=now - timedelta(days=30))
    pem, key_pem = pem_pair(cert, key, "secret")
    credential_upload(
        actor=SYSTEM, cloud=None, certificate=pem, private_key=key_pem, password="secret", now=now
    )
    Cloud.objects.filter(slug="telenet").update(currency="EUR", timezone="Europe/Madrid")
    cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="Telenet Videovigilancia SL",
        country="ES",
        tax_id=ISSUER_NIF,
    )
    w = draft(world, now=now, net="500.00", percent="21")
    Invoice.objects.filter(pk=w.pk).update(kind="wholesale", account=None)
    w.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        w = invoice_issue(actor=SYSTEM, invoice=w)
    doc = doc_of(w)
    assert (doc.level, doc.status) == ("wholesale", "accepted")
    xml = bytes(doc.xml)
    assert text(xml, ALTA + "sf:IDFactura/sf:NumSerieFactura") == f"W/{w.number}"
    assert text(xml, ALTA + "sf:Destinatarios/sf:IDDestinatario/sf:NIF") == ISSUER_NIF
    assert Decimal(text(xml, ALTA + "sf:ImporteTotal")) == w.total == Decimal("605.00")
    (record,) = assert_chain_holds(None)  # the provider's chain: no cloud
    assert record.chain.nif == "A08001851" and record.document_id == doc.pk

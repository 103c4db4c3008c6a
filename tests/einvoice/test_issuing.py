"""Issuing in a regime (issue #19, point 4): an invoice's CFDI is built, signed and
validated in the transaction that numbers it, and stamped by the sandbox PAC after
commit; incomplete legal data issues nothing and names the field; a rejection keeps
the authority's codes and is retried after the fix; an outage is retried and the
document is sent exactly once; credit notes, payments and voids make their documents."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from cambill.accounts.models import User
from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.einvoice.issuing import document_retry, documents_submit_due
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.services import cloud_legal_update
from cambill.invoicing.models import Invoice
from cambill.invoicing.services import credit_note_create, invoice_issue, invoice_void
from cambill.notifications.models import Message
from cambill.payments.services import payment_record

from .issuing_helpers import draft, mexican

CFDI = "{http://www.sat.gob.mx/cfd/4}"
TFD = "{http://www.sat.gob.mx/TimbreFiscalDigital}"

pytestmark = pytest.mark.django_db


def issue(inv: Invoice, capture: Any) -> Invoice:
    with capture(execute=True):
        return invoice_issue(actor=SYSTEM, invoice=inv)


def doc_of(inv: Invoice, document: str = "invoice") -> EInvoiceDocument:
    return EInvoiceDocument.objects.get(invoice=inv, document=document)


def test_mx_invoice_is_signed_in_the_issue_and_stamped_after_commit(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    mexican(world, now=now)
    inv = draft(world, now=now)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issued = invoice_issue(actor=SYSTEM, invoice=inv)
    doc = doc_of(issued)
    # built and signed in the issuing transaction, not yet sent
    assert doc.status == "signed" and pac.calls == []
    root = etree.fromstring(bytes(doc.xml))
    assert root.get("TipoDeComprobante") == "I"
    assert root.get("Folio") and root.get("Sello")
    assert root.get("MetodoPago") == "PPD" and root.get("FormaPago") == "99"
    assert root.get("LugarExpedicion") == "42501"
    assert Decimal(root.get("Total")) == issued.total == Decimal("1160.00")
    for callback in callbacks:
        callback()
    doc.refresh_from_db()
    assert doc.status == "accepted" and pac.calls == ["submit"]
    assert len(doc.unique_code) == 36 and doc.unique_code == doc.unique_code.upper()
    stamped = etree.fromstring(bytes(doc.stamped_xml))
    tfd = stamped.find(f"{CFDI}Complemento/{TFD}TimbreFiscalDigital")
    assert tfd is not None and tfd.get("UUID") == doc.unique_code
    assert doc.qr.startswith("https://verificacfdi.facturaelectronica.sat.gob.mx/")
    assert doc.extras["sello_sat"] and doc.extras["cadena_tfd"].startswith("||1.1|")
    assert bytes(doc.xml) != bytes(doc.stamped_xml)  # the one sent is kept as sent


def test_missing_postal_code_issues_nothing_and_names_the_field(world, pac) -> None:
    now = clock.now()
    mexican(world, now=now)
    cloud_legal_update(actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), postal_code="")
    inv = draft(world, now=now)
    with pytest.raises(DomainError) as e:
        invoice_issue(actor=SYSTEM, invoice=inv)
    assert "issuer.postal_code" in e.value.fields
    inv.refresh_from_db()
    assert (inv.status, inv.number) == ("draft", None)
    assert EInvoiceDocument.objects.count() == 0


def test_rejection_keeps_the_codes_notifies_and_is_retried_after_the_fix(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    mexican(world, now=now)
    User.objects.filter(username="cadmin").update(email="admin@telenet.example")
    # the issuer's RFC no longer the certificate's: the PAC refuses the seal
    cloud_legal_update(actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), tax_id="URE180429TM6")
    inv = issue(draft(world, now=now), django_capture_on_commit_callbacks)
    doc = doc_of(inv)
    assert doc.status == "rejected"
    assert doc.authority_reply["codes"] == ["303"]
    assert "emisor" in doc.authority_reply["message"]
    assert Message.objects.filter(kind="einvoice_rejected", cloud__slug="telenet").count() == 1
    cloud_legal_update(actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), tax_id="EKU9003173C9")
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(actor=world.actor("cadmin"), document=doc)
    doc.refresh_from_db()
    assert doc.status == "accepted" and doc.unique_code
    assert doc.history[-1]["codes"] == ["303"]
    assert pac.calls == ["submit", "submit"]
    with pytest.raises(DomainError):  # accepted: never changes
        document_retry(actor=world.actor("cadmin"), document=doc)


def test_outage_then_retry_submits_exactly_once(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    mexican(world, now=now)
    pac.outage(1)
    inv = issue(draft(world, now=now), django_capture_on_commit_callbacks)
    doc = doc_of(inv)
    assert (doc.status, doc.attempts) == ("signed", 1)
    assert doc.next_attempt_at is not None and doc.authority_reply["status"] == "unavailable"
    assert documents_submit_due(now=now) == 0  # not due yet
    later = doc.next_attempt_at
    assert documents_submit_due(now=later) == 1
    assert documents_submit_due(now=later) == 0  # accepted: nothing more to send
    doc.refresh_from_db()
    assert (doc.status, doc.attempts) == ("accepted", 2)
    assert pac.calls == ["submit", "submit"]
    assert len(pac.documents) == 1


def test_credit_note_is_type_e_related_to_the_invoice(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    mexican(world, now=now)
    inv = issue(draft(world, now=now), django_capture_on_commit_callbacks)
    uuid = doc_of(inv).unique_code
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_create(
            actor=SYSTEM,
            invoice=inv,
            reason="Camera offline",
            lines=[{"line": 1, "amount": "100.00"}],
        )
    doc = EInvoiceDocument.objects.get(credit_note=note)
    assert doc.document == "credit_note" and doc.status == "accepted"
    root = etree.fromstring(bytes(doc.stamped_xml))
    assert root.get("TipoDeComprobante") == "E"
    related = root.find(f"{CFDI}CfdiRelacionados")
    assert related.get("TipoRelacion") == "01"
    assert related.find(f"{CFDI}CfdiRelacionado").get("UUID") == uuid
    assert Decimal(root.get("Total")) == note.total == Decimal("116.00")


def test_payment_on_a_ppd_invoice_is_type_p_installments_numbered(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    mexican(world, now=now)
    inv = issue(draft(world, now=now), django_capture_on_commit_callbacks)
    cloud = Cloud.objects.get(slug="telenet")
    docs = []
    for amount in ("500.00", "660.00"):
        with django_capture_on_commit_callbacks(execute=True):
            p = payment_record(
                actor=SYSTEM,
                cloud=cloud,
                account=world.accounts["acme"],
                amount=amount,
                received_at=now,
                method="bank_transfer",
                invoices=[Invoice.objects.get(pk=inv.pk)],
            )
        docs.append(EInvoiceDocument.objects.get(payment=p))
    pagos = "{http://www.sat.gob.mx/Pagos20}"
    seen = []
    for doc in docs:
        assert doc.status == "accepted", doc.authority_reply
        root = etree.fromstring(bytes(doc.stamped_xml))
        assert root.get("TipoDeComprobante") == "P"
        dr = root.find(f".//{pagos}DoctoRelacionado")
        assert dr.get("IdDocumento") == doc_of(inv).unique_code
        seen.append((dr.get("NumParcialidad"), dr.get("ImpSaldoAnt"), dr.get("ImpSaldoInsoluto")))
    assert seen == [("1", "1160.00", "660.00"), ("2", "660.00", "0.00")]


def test_void_cancels_with_a_sat_motivo(world, pac, django_capture_on_commit_callbacks) -> None:
    now = clock.now()
    mexican(world, now=now)
    inv = issue(draft(world, now=now), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_void(actor=SYSTEM, invoice=inv, reason="Wrong customer")
    cancel = doc_of(inv, "cancellation")
    assert cancel.status == "accepted"
    assert cancel.extras["motivo"] == "02"
    assert pac.calls == ["submit", "cancel"]
    assert doc_of(inv).status == "cancelled"
    assert pac.documents[doc_of(inv).unique_code].status == "cancelled"


def test_co_invoice_accepted_with_its_cufe_credit_note_cude_and_void(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    from .issuing_helpers import colombian

    now = clock.now()
    colombian(world, now=now)
    inv = issue(
        draft(world, now=now, net="100000.00", percent="19"), django_capture_on_commit_callbacks
    )
    doc = doc_of(inv)
    assert doc.status == "accepted", doc.authority_reply
    assert doc.regime == "co-dian" and len(doc.unique_code) == 96  # SHA-384 in hex
    root = etree.fromstring(bytes(doc.xml))
    cbc = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
    assert root.find(f"{cbc}UUID").text == doc.unique_code
    assert root.find(f"{cbc}InvoiceTypeCode").text == "01"
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_create(
            actor=SYSTEM,
            invoice=inv,
            reason="Camera offline",
            lines=[{"line": 1, "amount": "10000.00"}],
        )
    cn = EInvoiceDocument.objects.get(credit_note=note)
    assert cn.status == "accepted", cn.authority_reply
    cn_root = etree.fromstring(bytes(cn.xml))
    cac = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
    assert cn_root.find(f"{cbc}UUID").text == cn.unique_code != doc.unique_code
    assert cn_root.find(f".//{cac}BillingReference//{cbc}UUID").text == doc.unique_code


def test_co_void_is_the_annulment_note(world, pac, django_capture_on_commit_callbacks) -> None:
    from .issuing_helpers import colombian

    now = clock.now()
    colombian(world, now=now)
    inv = issue(
        draft(world, now=now, net="100000.00", percent="19"), django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        invoice_void(actor=SYSTEM, invoice=inv, reason="Wrong customer")
    cancel = doc_of(inv, "cancellation")
    assert cancel.status == "accepted", cancel.authority_reply
    root = etree.fromstring(bytes(cancel.xml))
    assert root.tag.endswith("CreditNote")
    cac = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
    cbc = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
    assert root.find(f".//{cac}DiscrepancyResponse/{cbc}ResponseCode").text == "2"
    assert doc_of(inv).status == "cancelled"


def test_bulk_issue_leaves_out_and_names_each_refused_invoice(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    from cambill.einvoice.services import account_legal_update
    from cambill.invoicing.issuing import issue_job_start
    from cambill.invoicing.models import BillRun, IssueJob

    now = clock.now()
    mexican(world, now=now)
    # beta is a receiver with an RFC but without its fiscal postal code
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["beta"],
        legal_name="UNIVERSIDAD ROBOTICA ESPAÑOLA",
        country="MX",
        tax_id="URE180429TM6",
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "cfdi_use": "G03"},
    )
    cloud = Cloud.objects.get(slug="telenet")
    good, bad = draft(world, now=now), draft(world, now=now, account="beta")
    run = BillRun.objects.create(
        cloud=cloud,
        period="2026-03",
        period_start=good.period_start,
        period_end=good.period_end,
        status="completed",
        created_at=now,
    )
    Invoice.objects.filter(pk__in=[good.pk, bad.pk]).update(bill_run=run)
    with django_capture_on_commit_callbacks(execute=True):
        job = issue_job_start(actor=world.actor("cadmin"), cloud=cloud, run=run, now=now)
    job = IssueJob.objects.get(pk=job.pk)
    assert (job.status, job.total, job.done, job.failed, job.skipped) == ("completed", 2, 1, 1, 0)
    (error,) = job.errors
    assert f"Invoice {bad.pk} (beta)" in error and "receiver.postal_code" in error
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == "issued" and doc_of(good).status == "accepted"
    assert (bad.status, bad.number) == ("draft", None)
    assert not EInvoiceDocument.objects.filter(invoice=bad).exists()
    # the number the refused draft did not take is the next one's: the series stays gapless
    assert good.number.endswith("-000001")


def test_a_payment_before_the_stamp_gets_its_receipt_once_the_invoice_is_accepted(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    now = clock.now()
    mexican(world, now=now)
    pac.outage(1)
    inv = issue(draft(world, now=now), django_capture_on_commit_callbacks)
    assert doc_of(inv).status == "signed"
    with django_capture_on_commit_callbacks(execute=True):
        p = payment_record(
            actor=SYSTEM,
            cloud=Cloud.objects.get(slug="telenet"),
            account=world.accounts["acme"],
            amount="100.00",
            received_at=now,
            invoices=[Invoice.objects.get(pk=inv.pk)],
        )
    assert not EInvoiceDocument.objects.filter(payment=p).exists()
    with django_capture_on_commit_callbacks(execute=True):
        documents_submit_due(now=doc_of(inv).next_attempt_at)
    receipt = EInvoiceDocument.objects.get(payment=p)
    assert receipt.status == "accepted", receipt.authority_reply
    assert etree.fromstring(bytes(receipt.stamped_xml)).get("TipoDeComprobante") == "P"
    assert pac.calls == ["submit", "submit", "submit"]


def test_co_the_invoice_at_90_percent_of_the_resolution_tells_the_cloud_admin(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    from cambill.invoicing.models import NumberSeries
    from cambill.invoicing.numbering import series_for

    from .issuing_helpers import colombian

    now = clock.now()
    cloud = colombian(world, now=now, range_to=990000009)  # ten numbers
    User.objects.filter(username="cadmin").update(email="admin@telenet.example")
    spec = series_for(cloud, "retail")
    NumberSeries.objects.create(
        key=spec.key, cloud=cloud, prefix=spec.prefix, width=6, last_number=7
    )
    eighth = issue(
        draft(world, now=now, net="1000.00", percent="19", period="2026-01"),
        django_capture_on_commit_callbacks,
    )
    assert doc_of(eighth).number == "SETP990000007"
    assert not Message.objects.filter(kind="einvoice_resolution").exists()
    ninth = issue(
        draft(world, now=now, net="1000.00", percent="19", period="2026-02"),
        django_capture_on_commit_callbacks,
    )
    assert doc_of(ninth).number == "SETP990000008"
    ninth = issue(
        draft(world, now=now, net="1000.00", percent="19", period="2026-03"),
        django_capture_on_commit_callbacks,
    )
    assert doc_of(ninth).number == "SETP990000009"
    (msg,) = Message.objects.filter(kind="einvoice_resolution")
    assert "9 of the 10" in msg.body and "18760000001" in msg.subject

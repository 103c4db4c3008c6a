"""The demo's legal e-invoices (issue #19, point 6): the Mexican cloud (azteca, MXN,
SAT's test CSD) and the Colombian one (caribe, COP, DIAN's test resolution) invoice,
get paid in part and credit with every document accepted by the sandboxes, one note
rejected by the PAC then fixed and accepted (the Spanish cloud's Verifactu records too,
but for its voided invoice's, annulled); the provider e-invoices azteca's wholesale
invoices (and only those: the clouds abroad are billed in their own currency)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.demo.test_demo_data import run_demo

# azteca and caribe are the demo's sixth and fifth operators (iberia, Verifactu, the second).
SIX: dict[str, Any] = {"clouds": 6, "accounts": 60, "cameras": 150}


@pytest.mark.django_db
def test_the_demo_e_invoices_its_mexican_and_colombian_clouds() -> None:
    from cambill.clouds.models import Account, Cloud
    from cambill.core.models import AuditEntry
    from cambill.einvoice.models import EInvoiceDocument
    from cambill.einvoice.selectors import document_xml, provider_profile
    from cambill.invoicing.models import Invoice

    run_demo(**SIX)
    docs = EInvoiceDocument.objects.all()

    # Every document reached the authority and was accepted, but for the Spanish
    # cloud's voided invoice: its record was annulled (an accepted RegistroAnulacion).
    states = {
        (c, d, s)
        for c, d, s in docs.values_list("cloud__slug", "document", "status").distinct()
        if d in ("invoice", "cancellation")
    }
    assert states == {
        ("azteca", "invoice", "accepted"),
        ("caribe", "invoice", "accepted"),
        ("iberia", "invoice", "accepted"),
        ("iberia", "invoice", "cancelled"),
        ("iberia", "cancellation", "accepted"),
    }, states
    voided = Invoice.objects.filter(status="void", cloud__slug__in=["azteca", "caribe", "iberia"])
    assert list(voided.values_list("cloud__slug", flat=True)) == ["iberia"]
    assert set(docs.filter(status="cancelled").values_list("invoice_id", flat=True)) == set(
        voided.values_list("pk", flat=True)
    )
    assert set(docs.exclude(document="invoice").values_list("status", flat=True)) == {"accepted"}
    assert {(c, r) for c, r in docs.values_list("cloud__slug", "regime").distinct()} == {
        ("azteca", "mx-cfdi40"),
        ("caribe", "co-dian"),
        ("iberia", "es-verifactu"),  # the second operator (test_demo_verifactu.py)
    }
    # Every issued invoice of the three clouds has its document; none elsewhere.
    for slug in ("azteca", "caribe", "iberia"):
        issued = Invoice.objects.filter(cloud__slug=slug, kind="retail").exclude(status="draft")
        assert issued.exists()
        assert docs.filter(document="invoice", invoice__in=issued).count() == issued.count()
    assert not docs.exclude(cloud__slug__in=["azteca", "caribe", "iberia"]).exists()

    # azteca: CFDI types I (invoices), P (payments, one of them partial) and E (the note).
    azteca = docs.filter(cloud__slug="azteca", level="retail")
    kinds = set(azteca.values_list("document", flat=True))
    assert kinds == {"invoice", "payment", "credit_note"}
    for doc in azteca:
        stamped = document_xml(doc)
        assert b"TimbreFiscalDigital" in stamped and doc.unique_code.encode() in stamped
    assert any(b'TipoDeComprobante="I"' in d.xml for d in azteca.filter(document="invoice"))
    receipts = list(azteca.filter(document="payment"))
    assert receipts and all(b'TipoDeComprobante="P"' in d.xml for d in receipts)
    notes = azteca.filter(document="credit_note")
    assert notes.count() == 1
    note = notes.get()
    assert b'TipoDeComprobante="E"' in note.xml and b'TipoRelacion="01"' in note.xml
    # One paid in two parts: partial receipts 1 and 2 of the same invoice.
    second = [d for d in receipts if b'NumParcialidad="2"' in d.xml]
    assert second
    assert any(
        d.invoice_id == second[0].invoice_id and b'NumParcialidad="1"' in d.xml for d in receipts
    )
    # Some subscribers are "público en general", others have their RFC.
    receivers = Account.objects.filter(cloud__slug="azteca")
    assert receivers.filter(tax_id="XAXX010101000").exists()
    assert receivers.exclude(tax_id="XAXX010101000").filter(country="MX").exists()

    # The note was rejected by the PAC (the admin had mistyped the cloud's RFC), then
    # retried once the RFC was put back, and accepted.
    assert note.attempts == 2
    retried = AuditEntry.objects.filter(verb="einvoice_document_retry")
    assert retried.count() == 1
    assert retried.get().before == {"status": "rejected", "attempts": 1}
    assert Cloud.objects.get(slug="azteca").tax_id == "EKU9003173C9"

    # caribe: DIAN invoices with their CUFE and one CreditNote with its CUDE.
    caribe = docs.filter(cloud__slug="caribe")
    assert set(caribe.values_list("document", flat=True)) == {"invoice", "credit_note"}
    cude = caribe.get(document="credit_note")
    assert len(cude.unique_code) == 96 and b"<CreditNote" in cude.xml
    assert b"CUDE-SHA384" in cude.xml
    assert all(b"CUFE-SHA384" in d.xml for d in caribe.filter(document="invoice"))

    # The provider e-invoices azteca's wholesale invoices (type I, in MXN).
    assert (provider_profile().einvoice or {})["regime"] == "mx-cfdi40"
    wholesale = docs.filter(level="wholesale")
    assert wholesale.filter(document="invoice").exists()
    assert set(wholesale.values_list("cloud__slug", flat=True)) == {"azteca"}
    assert (
        wholesale.filter(document="invoice").count()
        == Invoice.objects.filter(cloud__slug="azteca", kind="wholesale")
        .exclude(status="draft")
        .count()
    )
    # The clouds abroad get their wholesale invoices issued, without a CFDI.
    assert Invoice.objects.filter(kind="wholesale").exclude(cloud__slug="azteca").exists()
    assert not Invoice.objects.filter(kind="wholesale", status="draft").exists()


def test_demo_serve_runs_the_e_invoice_submissions() -> None:
    from cambill.schedule import InProcessBeat

    beat = InProcessBeat()
    assert "einvoice.submit_due" in {e.task for e in beat.entries.values()}

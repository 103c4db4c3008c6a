"""The demo's Spanish cloud (iberia, issue #20 point 6): EUR, Verifactu with a
self-signed certificate; its month issued, one credit note and one void, every record
accepted by the sandbox AEAT, valid against SuministroLR.xsd, the chain whole, the
amounts the invoices' to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from tests.demo.test_demo_data import run_demo
from tests.einvoice.es.helpers import assert_chain_holds

SF = "{https://www2.agenciatributaria.gob.es/static_files/common/internet/dep/aplicaciones/es/aeat/tike/cont/ws/SuministroInformacion.xsd}"


@pytest.mark.django_db
def test_the_demo_keeps_a_verifactu_chain_for_its_spanish_cloud() -> None:
    from cambill.clouds.models import Cloud
    from cambill.einvoice.models import EInvoiceDocument
    from cambill.einvoice.regimes.es_verifactu.schema import validate
    from cambill.invoicing.models import Invoice

    run_demo(clouds=2, accounts=30, cameras=80)  # iberia is the demo's second operator
    cloud = Cloud.objects.get(slug="iberia")
    assert (cloud.currency, cloud.einvoice["regime"]) == ("EUR", "es-verifactu")
    docs = EInvoiceDocument.objects.filter(cloud=cloud)
    kinds = {(d, s) for d, s in docs.values_list("document", "status").distinct()}
    assert kinds == {
        ("invoice", "accepted"),
        ("invoice", "cancelled"),  # the voided one
        ("credit_note", "accepted"),
        ("cancellation", "accepted"),
    }, kinds
    issued = Invoice.objects.filter(cloud=cloud, kind="retail").exclude(status="draft")
    assert docs.filter(document="invoice").count() == issued.count() > 0
    for doc in docs:
        xml = bytes(doc.xml)
        assert validate(xml) == []
        record = etree.fromstring(xml).find(f".//{SF}RegistroAlta")
        if doc.document == "credit_note":
            assert Decimal(record.findtext(f"{SF}ImporteTotal")) == -doc.credit_note.total
        elif doc.document == "invoice":
            assert Decimal(record.findtext(f"{SF}ImporteTotal")) == doc.invoice.total
            assert Decimal(record.findtext(f"{SF}CuotaTotal")) == doc.invoice.tax
    records = assert_chain_holds(cloud)
    assert len(records) == docs.count()
    assert {r.tipo_factura for r in records} >= {"F1", "F2", "R1"}

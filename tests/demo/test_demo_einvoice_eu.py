"""The demo's European e-invoices (issue #20, point 6): the Belgian cloud (brabant)
sends Peppol BIS 3.0 through the sandbox access point to its public buyers, the French
one (lumiere) issues Factur-X; each has its month issued, one credit note and one
void (a credit note of the whole invoice), every document accepted and passing the
official rules, the amounts the invoices' to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from tests.demo.test_demo_data import run_demo

# brabant and lumiere are the demo's seventh and eighth operators.
EIGHT: dict[str, Any] = {"clouds": 8, "accounts": 60, "cameras": 150}
UBL_TOTAL = (
    "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}LegalMonetaryTotal/"
    "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}TaxInclusiveAmount"
)
CII_TOTAL = (
    ".//{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
    "GrandTotalAmount"
)


@pytest.mark.django_db
def test_the_demo_e_invoices_its_belgian_and_french_clouds() -> None:
    from cambill.einvoice.models import EInvoiceDocument
    from cambill.einvoice.regimes.en16931.validate import validate_cii, validate_ubl
    from cambill.invoicing.models import Invoice

    run_demo(**EIGHT)
    for slug, regime in (("brabant", "eu-peppol"), ("lumiere", "eu-facturx")):
        docs = EInvoiceDocument.objects.filter(cloud__slug=slug)
        assert set(docs.values_list("regime", flat=True)) == {regime}
        kinds = {(d, s) for d, s in docs.values_list("document", "status").distinct()}
        assert kinds == {
            ("invoice", "accepted"),
            ("invoice", "cancelled"),  # the voided one
            ("credit_note", "accepted"),
            ("cancellation", "accepted"),
        }, kinds
        issued = Invoice.objects.filter(cloud__slug=slug, kind="retail").exclude(status="draft")
        assert docs.filter(document="invoice").count() == issued.count() > 0
        for doc in docs:
            xml = bytes(doc.xml)
            if regime == "eu-peppol":
                assert validate_ubl(xml) == []
                total = Decimal(etree.fromstring(xml).findtext(UBL_TOTAL))
            else:
                assert validate_cii(xml) == []
                total = Decimal(etree.fromstring(xml).findtext(CII_TOTAL))
            # the total with VAT is the invoice's, the note's, or (a void) the invoice's
            if doc.document == "credit_note":
                assert total == doc.credit_note.total
            else:
                assert total == doc.invoice.total

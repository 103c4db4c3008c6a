"""EN 16931 at the provider's level (issue #20): the provider, a Belgian company on
Peppol, invoices a French cloud's wholesale without VAT: reverse charge (AE) with its
reason printed, both VAT ids, the cloud's Peppol address; a cloud outside the EU gets
its wholesale invoice without a legal document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.einvoice.issuing import regime_for
from cambill.einvoice.models import EInvoiceDocument
from cambill.einvoice.regimes.en16931.validate import validate_ubl
from cambill.einvoice.services import cloud_legal_update, provider_legal_update
from cambill.invoicing.models import Invoice
from cambill.invoicing.services import invoice_issue

from ..issuing_helpers import draft
from .values import BE_SELLER_VAT, FR_SELLER_SIREN

pytestmark = pytest.mark.django_db
NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


def _provider() -> None:
    provider_legal_update(
        actor=SYSTEM,
        legal_name="Cambill Platform NV",
        country="BE",
        tax_id=BE_SELLER_VAT,
        street="Wetstraat 16",
        city="Brussel",
        postal_code="1000",
        einvoice={
            "regime": "eu-peppol",
            "endpoint_scheme": "0208",
            "endpoint_id": BE_SELLER_VAT,
            "iban": "BE71096123456769",
        },
    )


def _wholesale(world, now):  # type: ignore[no-untyped-def]
    w = draft(world, now=now, net="500.00", percent="0")
    Invoice.objects.filter(pk=w.pk).update(kind="wholesale", account=None, tax_percent=Decimal(0))
    w.refresh_from_db()
    return w


def test_the_provider_sends_a_reverse_charge_invoice_to_a_french_cloud(
    world, pac, django_capture_on_commit_callbacks
) -> None:
    _provider()
    Cloud.objects.filter(slug="telenet").update(currency="EUR")
    cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="Lumière Vidéo SAS",
        country="FR",
        tax_id="FR44" + FR_SELLER_SIREN,
        street="12 rue de Rivoli",
        city="Paris",
        postal_code="75001",
        einvoice={
            "regime": "eu-facturx",
            "endpoint_scheme": "0002",
            "endpoint_id": FR_SELLER_SIREN,
            "buyer_reference": "CAMBILL-WHOLESALE",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        w = invoice_issue(actor=SYSTEM, invoice=_wholesale(world, clock.now()))
    doc = EInvoiceDocument.objects.get(invoice=w)
    assert (doc.level, doc.regime, doc.status) == ("wholesale", "eu-peppol", "accepted")
    xml = bytes(doc.xml)
    assert validate_ubl(xml) == []
    root = etree.fromstring(xml)
    cat = root.find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert cat.findtext("cbc:ID", namespaces=NS) == "AE"
    assert cat.findtext("cbc:TaxExemptionReason", namespaces=NS) == "Reverse charge"
    buyer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert buyer.find("cbc:EndpointID", NS).get("schemeID") == "0002"
    assert buyer.findtext("cac:PartyTaxScheme/cbc:CompanyID", namespaces=NS) == (
        "FR44" + FR_SELLER_SIREN
    )
    payable = root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)
    assert Decimal(payable) == w.total == Decimal("500.00")


def test_a_cloud_outside_the_eu_gets_no_en16931_document(world) -> None:
    _provider()
    Cloud.objects.filter(slug="telenet").update(country="CO")
    w = _wholesale(world, clock.now())
    assert regime_for(w) == "none"

"""The per-account VAT category (issue #20, point 1): an account whose category charges
no VAT (reverse charge across EU borders) is rated at 0 % with its reason printed, and
its Peppol document says AE with that reason; a standard account keeps the cloud's rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from lxml import etree

from cambill.core.access import SYSTEM
from cambill.einvoice import legal
from cambill.einvoice.regimes.en16931.validate import validate_ubl
from cambill.einvoice.services import account_legal_update, cloud_legal_update
from tests.invoicing.helpers import bill, retail
from tests.scenarios.test_worked_example import NOW, build

from .values import BE_SELLER_VAT, FR_BUYER_SIREN

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


def test_vat_exemption_reads_the_category() -> None:
    assert legal.vat_exemption(None) is None
    assert legal.vat_exemption({"regime": "eu-peppol", "vat_category": "S"}) is None
    assert legal.vat_exemption(
        {"vat_category": "AE", "vat_exemption_reason": "Autoliquidation"}
    ) == ("Autoliquidation")
    assert legal.vat_exemption({"vat_category": "Z"}) == "Zero rated"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_reverse_charge_account_is_rated_without_vat(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.einvoice.issuing import invoice_value
    from cambill.einvoice.protocol import Credentials
    from cambill.einvoice.regimes.eu_peppol import PeppolAdapter
    from cambill.invoicing.services import invoice_issue

    t = build(world)
    cloud_legal_update(  # a Belgian issuer on Peppol, in the worked example's currency
        actor=SYSTEM,
        cloud=t,
        legal_name="Brabant Camera Cloud NV",
        country="BE",
        tax_id=BE_SELLER_VAT,
        street="Wetstraat 16",
        city="Brussel",
        postal_code="1000",
        einvoice={"regime": "eu-peppol", "endpoint_scheme": "0208", "endpoint_id": BE_SELLER_VAT},
    )
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        legal_name="Commune de Lyon",
        country="FR",
        tax_id="FR03" + FR_BUYER_SIREN,
        einvoice={
            "regime": "eu-peppol",
            "endpoint_scheme": "0002",
            "endpoint_id": FR_BUYER_SIREN,
            "buyer_reference": "SERV-VIDEO",
            "vat_category": "AE",
            "vat_exemption_reason": "Autoliquidation",
        },
    )
    t.refresh_from_db()
    bill(t, "2026-03", NOW)
    draft = retail(t, "2026-03", "acme")
    assert (draft.tax_percent, draft.tax, draft.tax_note) == (0, Decimal("0.00"), "Autoliquidation")
    assert draft.total == draft.net == Decimal("21.77")
    inv = invoice_issue(actor=SYSTEM, invoice=draft)
    xml = PeppolAdapter().build(invoice_value(inv), Credentials(b"", b"", {})).xml
    assert validate_ubl(xml) == []
    cat = etree.fromstring(xml).find("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", NS)
    assert cat.findtext("cbc:ID", namespaces=NS) == "AE"
    assert cat.findtext("cbc:TaxExemptionReason", namespaces=NS) == "Autoliquidation"

"""The legal data pages take the EN 16931 keys (issue #20): a Peppol buyer's address,
references and VAT category; a wrong enterprise number or a missing exemption reason
is a form error on its own field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cambill.clouds.models import Account

pytestmark = pytest.mark.django_db
ACCOUNT_PAGE = "/clouds/telenet/accounts/acme/legal/"
CLOUD_PAGE = "/clouds/telenet/legal/"

BUYER = {
    "legal_name": "Stad Gent",
    "tax_id": "0207451227",
    "country": "BE",
    "street": "Botermarkt 1",
    "city": "Gent",
    "postal_code": "9000",
    "regime": "eu-peppol",
    "eu_endpoint_scheme": "0208",
    "eu_endpoint_id": "0207451227",
    "eu_buyer_reference": "PO-17",
    "eu_vat_category": "AE",
    "eu_vat_exemption_reason": "Reverse charge",
}


def login(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def test_a_peppol_buyer_is_set_on_its_page(world: Any) -> None:
    client = login(world, "cadmin")
    page = client.get(ACCOUNT_PAGE)
    assert "eu_endpoint_id" in page.context["form"].fields
    assert "eu_iban" not in page.context["form"].fields  # an issuer's key
    resp = client.post(ACCOUNT_PAGE, BUYER)
    assert resp.status_code == 302, resp.context["form"].errors
    acme = Account.objects.get(code="acme")
    assert acme.einvoice == {
        "regime": "eu-peppol",
        "endpoint_scheme": "0208",
        "endpoint_id": "0207451227",
        "buyer_reference": "PO-17",
        "vat_category": "AE",
        "vat_exemption_reason": "Reverse charge",
    }
    again = client.get(ACCOUNT_PAGE).context["form"]
    assert again.initial["eu_buyer_reference"] == "PO-17"


def test_wrong_eu_keys_are_errors_on_their_fields(world: Any) -> None:
    client = login(world, "cadmin")
    bad = {**BUYER, "eu_endpoint_id": "0207451228", "eu_vat_exemption_reason": ""}
    resp = client.post(ACCOUNT_PAGE, bad)
    assert resp.status_code == 200
    errors = resp.context["form"].errors
    assert set(errors) >= {"eu_endpoint_id", "eu_vat_exemption_reason"}
    assert Account.objects.get(code="acme").einvoice.get("regime") != "eu-peppol"


def test_the_cloud_page_has_the_issuer_keys(world: Any) -> None:
    form = login(world, "cadmin").get(CLOUD_PAGE).context["form"]
    assert {"eu_endpoint_scheme", "eu_iban", "eu_access_point", "eu_vat_category"} <= set(
        form.fields
    )

"""The world's telenet as a Belgian Peppol issuer or a French Factur-X issuer (EUR),
acme its public buyer, set through the legal-data services as a cloud admin would."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cambill.clouds.models import Cloud
from cambill.core.access import SYSTEM
from cambill.einvoice.services import account_legal_update, cloud_legal_update

from .values import BE_CITY_VAT, BE_SELLER_VAT, FR_BUYER_SIREN, FR_SELLER_SIREN


def belgian(world: Any, **buyer: Any) -> Cloud:
    Cloud.objects.filter(slug="telenet").update(currency="EUR", tax_percent=Decimal("21"))
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="Brabant Camera Cloud NV",
        country="BE",
        tax_id=BE_SELLER_VAT,
        street="Wetstraat 16",
        city="Brussel",
        postal_code="1000",
        einvoice={
            "regime": "eu-peppol",
            "endpoint_scheme": "0208",
            "endpoint_id": BE_SELLER_VAT,
            "access_point": "sandbox",
            "iban": "BE71 0961 2345 6769",
        },
    )
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        legal_name="Stad Gent",
        country="BE",
        tax_id=BE_CITY_VAT,
        street="Botermarkt 1",
        city="Gent",
        postal_code="9000",
        einvoice={
            "regime": "eu-peppol",
            "endpoint_scheme": "0208",
            "endpoint_id": BE_CITY_VAT,
            "buyer_reference": "PO-2026-CCTV-17",
            **buyer,
        },
    )
    return cloud


def french(world: Any) -> Cloud:
    Cloud.objects.filter(slug="telenet").update(currency="EUR", tax_percent=Decimal("20"))
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="Lumière Vidéo SAS",
        country="FR",
        tax_id="FR44" + FR_SELLER_SIREN,
        street="12 rue de Rivoli",
        city="Paris",
        postal_code="75001",
        einvoice={"regime": "eu-facturx", "iban": "FR7630006000011234567890189"},
    )
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        legal_name="Commune de Lyon",
        country="FR",
        tax_id="FR03" + FR_BUYER_SIREN,
        street="1 place de la Comédie",
        city="Lyon",
        postal_code="69001",
        einvoice={"regime": "eu-facturx", "buyer_reference": "SERV-VIDEO"},
    )
    return cloud

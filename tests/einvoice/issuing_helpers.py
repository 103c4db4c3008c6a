"""A Mexican and a Colombian cloud for the issuing tests: the world's telenet with its
legal data set through the services, its certificate uploaded, and hand-made drafts."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from cambill.clouds.models import Cloud
from cambill.core.access import SYSTEM
from cambill.einvoice.services import account_legal_update, cloud_legal_update, credential_upload
from cambill.invoicing.models import Invoice, InvoiceLine

from .certs import CSD_RFC, pem_pair, sat_csd, self_signed

BUYER_RFC = "URE180429TM6"
NIT = "9003730764"


def mexican(
    world: Any, *, postal_code: str = "42501", now: datetime, credentials: bool = True
) -> Cloud:
    """telenet as a Mexican issuer (MXN, IVA 16 %) with SAT's test CSD (unless
    ``credentials`` is false: the admin uploads it) and the sandbox PAC; acme a
    receiver with its RFC."""
    Cloud.objects.filter(slug="telenet").update(currency="MXN", tax_percent=Decimal("16"))
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="ESCUELA KEMPER URGATE",
        country="MX",
        tax_id=CSD_RFC,
        street="Av. Reforma 1",
        city="Pachuca",
        region="HID",
        postal_code=postal_code,
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "pac": "sandbox", "series": "TN"},
    )
    if credentials:
        cer, key, password = sat_csd()
        credential_upload(
            actor=SYSTEM, cloud=cloud, certificate=cer, private_key=key, password=password, now=now
        )
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        legal_name="UNIVERSIDAD ROBOTICA ESPAÑOLA",
        country="MX",
        tax_id=BUYER_RFC,
        postal_code="86991",
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "cfdi_use": "G03"},
    )
    return cloud


def colombian(world: Any, *, now: datetime, range_to: int = 995000000) -> Cloud:
    """telenet as a Colombian issuer (COP, IVA 19 %) with DIAN's sandbox resolution and a
    self-signed certificate; acme a receiver with its NIT."""
    Cloud.objects.filter(slug="telenet").update(currency="COP", tax_percent=Decimal("19"))
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="Telenet Colombia SAS",
        country="CO",
        tax_id=NIT,
        street="Calle 100 # 10-20",
        city="Bogotá",
        region="DC",
        postal_code="110111",
        einvoice={
            "regime": "co-dian",
            "tax_responsibilities": ["O-13"],
            "software_id": "56f2ae4e-9812-4fad-9255-08fcfcd5ccb0",
            "software_pin": "12345",
            "technical_key": "fc8eac422eba16e22ffd8c6f94b3f40a6e38162c",
            "environment": 2,
            "test_set_id": "",
            "resolution": {
                "number": "18760000001",
                "prefix": "SETP",
                "range_from": 990000000,
                "range_to": range_to,
                "valid_from": "2019-01-19",
                "valid_until": "2030-01-19",
            },
        },
    )
    cert, key = self_signed(NIT, not_before=now - timedelta(days=30))
    pem, key_pem = pem_pair(cert, key, "secret")
    credential_upload(
        actor=SYSTEM, cloud=cloud, certificate=pem, private_key=key_pem, password="secret", now=now
    )
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        legal_name="Acme Seguridad SAS",
        country="CO",
        tax_id="8001972684",
        city="Medellín",
        einvoice={"regime": "co-dian", "id_type": "31", "tax_responsibilities": ["R-99-PN"]},
    )
    return cloud


def draft(
    world: Any,
    *,
    now: datetime,
    net: str = "1000.00",
    percent: str = "16",
    account: str = "acme",
    period: str = "2026-03",
) -> Invoice:
    """A hand-made retail draft of one camera-month line."""
    cloud = Cloud.objects.get(slug="telenet")
    acct = world.accounts[account]
    net_d = Decimal(net)
    tax = (net_d * Decimal(percent) / 100).quantize(Decimal("0.01"))
    inv = Invoice.objects.create(
        cloud=cloud,
        account=acct,
        kind="retail",
        period=period,
        period_start=now - timedelta(days=31),
        period_end=now - timedelta(days=1),
        currency=cloud.currency,
        issuer_name=cloud.name,
        issuer_details={"payment_terms_days": 15},
        customer_name=acct.name,
        customer_details={},
        subtotal=net_d,
        net=net_d,
        tax_percent=Decimal(percent),
        tax=tax,
        total=net_d + tax,
        created_at=now,
        updated_at=now,
    )
    InvoiceLine.objects.create(
        cloud=cloud,
        invoice=inv,
        position=1,
        kind="tariff",
        description="Camera A, TRAFFIC7",
        tariff="TRAFFIC7",
        quantity=Decimal("1"),
        unit_price=net_d,
        amount=net_d,
    )
    return inv

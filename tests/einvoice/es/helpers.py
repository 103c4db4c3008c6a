"""A Spanish cloud for the Verifactu tests: telenet in Madrid (EUR, IVA 21 %) in the
es-verifactu regime with a self-signed certificate, acme a receiver with its NIF, and a
fresh sandbox AEAT per test handed to the product through its setting."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from cambill.clouds.models import Cloud
from cambill.core.access import SYSTEM
from cambill.einvoice.models import VerifactuRecord
from cambill.einvoice.regimes.es_verifactu.records import read, records_of
from cambill.einvoice.services import account_legal_update, cloud_legal_update, credential_upload
from cambill_sandbox.einvoice.aeat import SandboxAeat

from ..certs import pem_pair, self_signed

ISSUER_NIF = "B58378431"
BUYER_NIF = "A08001851"

_AEAT: list[SandboxAeat] = []


def sandbox_client(regime: str, tax_id: str, data: dict[str, Any], credentials: Any) -> Any:
    assert regime == "es-verifactu"
    return _AEAT[0]


@pytest.fixture
def aeat(settings: Any) -> SandboxAeat:
    _AEAT[:] = [SandboxAeat()]
    settings.CAMBILL_EINVOICE_SANDBOX = True
    settings.CAMBILL_VERIFACTU_ENVIRONMENT = "sandbox"
    settings.CAMBILL_EINVOICE_SANDBOX_CLIENTS = f"{__name__}.sandbox_client"
    return _AEAT[0]


def spanish(world: Any, *, now: datetime, series: str = "TN/") -> Cloud:
    Cloud.objects.filter(slug="telenet").update(
        currency="EUR", tax_percent=Decimal("21"), timezone="Europe/Madrid"
    )
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        legal_name="Telenet Videovigilancia SL",
        country="ES",
        tax_id=ISSUER_NIF,
        street="Calle de Alcalá 1",
        city="Madrid",
        region="M",
        postal_code="28014",
        einvoice={"regime": "es-verifactu", "series": series},
    )
    cert, key = self_signed(ISSUER_NIF, not_before=now - timedelta(days=30))
    pem, key_pem = pem_pair(cert, key, "secret")
    credential_upload(
        actor=SYSTEM, cloud=cloud, certificate=pem, private_key=key_pem, password="secret", now=now
    )
    account_legal_update(
        actor=SYSTEM,
        account=world.accounts["acme"],
        legal_name="Acme Seguridad SA",
        country="ES",
        tax_id=BUYER_NIF,
        city="Barcelona",
        postal_code="08001",
    )
    return cloud


def assert_chain_holds(cloud: Cloud | None = None) -> list[VerifactuRecord]:
    """Every record of the issuer's chain recomputes from its own XML's fields and its
    predecessor's Huella, positions 1..n without gaps, the head naming the last."""
    records = list(
        VerifactuRecord.objects.filter(cloud=cloud).select_related("chain").order_by("position")
    )
    previous = ""
    for i, record in enumerate(records, start=1):
        parsed = read(records_of(bytes(record.xml))[0])
        assert record.position == i
        assert parsed.huella == record.huella == parsed.recomputed()
        assert parsed.fields.previous == previous == record.previous_huella
        if i == 1:
            assert parsed.previous is None
        else:
            prior = records[i - 2]
            assert parsed.previous is not None
            assert (parsed.previous.num_serie, parsed.previous.fecha) == (
                prior.num_serie,
                prior.fecha,
            )
        previous = record.huella
    if records:
        assert records[-1].chain.last_huella == previous
        assert records[-1].chain.length == len(records)
    return records

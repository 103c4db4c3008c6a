"""EInvoice values, keys and the sandbox DIAN for the co-dian tests (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from typing import Any

from cryptography.hazmat.primitives import serialization

from cambill.einvoice.protocol import Credentials
from cambill.einvoice.value import Address, Allowance, EInvoice, Line, Party, TaxSubtotal
from cambill_sandbox.einvoice.dian import DEMO_REGIME, DianIssuer, SandboxDian
from tests.einvoice.certs import self_signed

SELLER_NIT = "9003731153"  # 900373115, check digit 3
BUYER_NIT = "8600698042"  # 860069804, check digit 2
SOFTWARE_ID = "56f2ae4e-9812-4fad-9255-08fcfcd5ccb0"
PIN = "12345"
TECHNICAL_KEY = "fc8eac422eba16e22ffd8c6f94b3f40a6e38162c"
SECRETS = {"software_pin": PIN, "technical_key": TECHNICAL_KEY}
ISSUER = DianIssuer(
    nit="900373115", technical_key=TECHNICAL_KEY, software_id=SOFTWARE_ID, software_pin=PIN
)
# DIAN's habilitation test resolution (SETP 990000000-995000000), as the demo uses it
RESOLUTION: dict[str, Any] = dict(DEMO_REGIME["resolution"])
ISSUED_AT = datetime(2026, 4, 1, 14, 0, tzinfo=UTC)  # 09:00 in Bogotá


def make_key(
    not_before: datetime = datetime(2025, 1, 1, tzinfo=UTC),
    not_after: datetime = datetime(2030, 1, 1, tzinfo=UTC),
) -> tuple[bytes, bytes]:
    """A self-signed certificate naming the seller's NIT (PEM) and its unencrypted
    PKCS#8 key."""
    cert, key = self_signed(SELLER_NIT, not_before=not_before, days=(not_after - not_before).days)
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


_KEY: tuple[bytes, bytes] | None = None


def credentials(**secrets: str) -> Credentials:
    global _KEY
    if _KEY is None:
        _KEY = make_key()
    return Credentials(
        certificate_pem=_KEY[0], private_key_pem=_KEY[1], secrets={**SECRETS, **secrets}
    )


def seller(**regime: Any) -> Party:
    data: dict[str, Any] = {
        "tax_responsibilities": ["O-13"],
        "software_id": SOFTWARE_ID,
        "environment": "2",
        "test_set_id": "",
        "resolution": dict(RESOLUTION),
    }
    data.update(regime)
    return Party(
        name="Telenet Colombia SAS",
        tax_id=SELLER_NIT,
        address=Address(
            street="Carrera 7 # 71-21",
            city="Bogotá",
            region="Bogotá D.C.",
            postal_code="110231",
            country="CO",
        ),
        email="facturacion@telenet.example",
        regime_data=data,
    )


def buyer(tax_id: str = BUYER_NIT, **regime: Any) -> Party:
    data: dict[str, Any] = {"id_type": "31", "tax_responsibilities": ["R-99-PN"]}
    data.update(regime)
    return Party(
        name="Acme Seguridad Ltda",
        tax_id=tax_id,
        address=Address(city="Medellín", region="Antioquia", postal_code="050021", country="CO"),
        email="cuentas@acme.example",
        regime_data=data,
    )


# Worked example in COP: camera A on TRAFFIC7 (12,000.00 a month) for March, camera B on
# HOME3 (3,000.00) for 22 of 31 days; VAT 19 %.
LINES = (
    Line(
        position=1,
        description="Camera A - TRAFFIC7, 2026-03-01 to 2026-03-31",
        quantity=D("1"),
        unit_code="MON",
        unit_price=D("12000.00"),
        net=D("12000.00"),
        tax_category="S",
        tax_percent=D("19"),
        tax=D("2280.00"),
        service_code="TRAFFIC7",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
    ),
    Line(
        position=2,
        description="Camera B - HOME3, 2026-03-10 to 2026-03-31",
        quantity=D("0.709677"),
        unit_code="MON",
        unit_price=D("3000.00"),
        net=D("2129.03"),
        tax_category="S",
        tax_percent=D("19"),
        tax=D("404.52"),
        service_code="HOME3",
        period_start=date(2026, 3, 10),
        period_end=date(2026, 3, 31),
    ),
)


def invoice(number: str = "SETP990000002", **changes: Any) -> EInvoice:
    value = EInvoice(
        kind="invoice",
        number=number,
        issued_at=ISSUED_AT,
        time_zone="America/Bogota",
        currency="COP",
        seller=seller(),
        buyer=buyer(),
        lines=LINES,
        taxes=(TaxSubtotal("S", D("19"), D("14129.03"), D("2684.52")),),
        line_total=D("14129.03"),
        net=D("14129.03"),
        tax_total=D("2684.52"),
        total=D("16813.55"),
        due=D("16813.55"),
        due_date=date(2026, 4, 15),
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
    )
    return replace(value, **changes)


def invoice_with_discount() -> EInvoice:
    """The same lines less a 10 % account discount (1,412.90) before VAT."""
    lines = (
        replace(LINES[0], discount=D("1200.00"), tax=D("2052.00")),
        replace(LINES[1], discount=D("212.90"), tax=D("364.07")),
    )
    return invoice(
        number="SETP990000003",
        lines=lines,
        allowances=(Allowance(D("1412.90"), "Account discount 10 %", "S", D("19")),),
        taxes=(TaxSubtotal("S", D("19"), D("12716.13"), D("2416.07")),),
        allowance_total=D("1412.90"),
        net=D("12716.13"),
        tax_total=D("2416.07"),
        total=D("15132.20"),
        due=D("15132.20"),
    )


def credit_note(invoice_cufe: str, **changes: Any) -> EInvoice:
    """Camera B credited in full (a service not delivered), tax included."""
    value = EInvoice(
        kind="credit_note",
        number="NC1",
        issued_at=ISSUED_AT + timedelta(days=5),
        time_zone="America/Bogota",
        currency="COP",
        seller=seller(),
        buyer=buyer(),
        lines=(replace(LINES[1], position=1, period_start=None, period_end=None),),
        taxes=(TaxSubtotal("S", D("19"), D("2129.03"), D("404.52")),),
        line_total=D("2129.03"),
        net=D("2129.03"),
        tax_total=D("404.52"),
        total=D("2533.55"),
        due=D("2533.55"),
        preceding_number="SETP990000002",
        preceding_unique_code=invoice_cufe,
        preceding_issued_at=ISSUED_AT,
        reason="Camera B was not recording",
        reason_code="1",
    )
    return replace(value, **changes)


def sandbox(**kwargs: Any) -> SandboxDian:
    return SandboxDian.with_issuers(
        [ISSUER], now=lambda: ISSUED_AT + timedelta(minutes=5), **kwargs
    )

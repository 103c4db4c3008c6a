"""EN 16931 values built by hand: a Belgian cloud invoicing a municipality over Peppol
(VAT 21 %), a French cloud invoicing a customer in Factur-X (TVA 20 %), and a
wholesale invoice across a border (reverse charge)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal as D
from typing import Any

from cambill.einvoice.value import Address, Allowance, EInvoice, Line, Party, TaxSubtotal

BE_SELLER_VAT = "0477472701"
BE_CITY_VAT = "0207451227"  # Stad Gent's enterprise number
FR_SELLER_SIREN = "732829320"
FR_BUYER_SIREN = "552081317"


def be_seller(**regime: Any) -> Party:
    return Party(
        name="Brabant Camera Cloud NV",
        tax_id=BE_SELLER_VAT,
        address=Address("Wetstraat 16", "Brussel", "", "1000", "BE"),
        email="billing@brabant.example",
        regime_data={
            "endpoint_scheme": "0208",
            "endpoint_id": BE_SELLER_VAT,
            "iban": "BE71096123456769",
            "bic": "GKCCBEBB",
            **regime,
        },
    )


def be_city(**regime: Any) -> Party:
    return Party(
        name="Stad Gent",
        tax_id=BE_CITY_VAT,
        address=Address("Botermarkt 1", "Gent", "", "9000", "BE"),
        email="facturen@stad.gent.example",
        regime_data={
            "endpoint_scheme": "0208",
            "endpoint_id": BE_CITY_VAT,
            "buyer_reference": "PO-2026-CCTV-17",
            "vat_category": "S",
            **regime,
        },
    )


def fr_seller(**regime: Any) -> Party:
    return Party(
        name="Lumière Vidéo SAS",
        tax_id="FR44732829320",
        address=Address("12 rue de Rivoli", "Paris", "", "75001", "FR"),
        email="factures@lumiere.example",
        regime_data={"iban": "FR7630006000011234567890189", **regime},
    )


def fr_buyer(**regime: Any) -> Party:
    return Party(
        name="Commune de Lyon",
        tax_id="FR03" + FR_BUYER_SIREN,
        address=Address("1 place de la Comédie", "Lyon", "", "69001", "FR"),
        email="factures@lyon.example",
        regime_data={"buyer_reference": "SERV-VIDEO", **regime},
    )


def _line(
    position: int, description: str, qty: str, price: str, net: str, percent: D, cat: str
) -> Line:
    return Line(
        position=position,
        description=description,
        quantity=D(qty),
        unit_code="MON",
        unit_price=D(price),
        net=D(net),
        tax_category=cat,
        tax_percent=percent,
        tax=D("0"),
        service_code="REC30",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
    )


def invoice(
    seller: Party | None = None, buyer: Party | None = None, percent: str = "21"
) -> EInvoice:
    """Two camera lines, one coupon, VAT on the net: 250.00 + 99.50 - 20.00 = 329.50."""
    p = D(percent)
    cat = "S" if p else "AE"
    net = D("329.50")
    tax = (net * p / 100).quantize(D("0.01"))
    return EInvoice(
        kind="invoice",
        number="BCC-2026-000042",
        issued_at=datetime(2026, 4, 1, 8, 0, tzinfo=UTC),
        time_zone="Europe/Brussels",
        currency="EUR",
        seller=seller or be_seller(),
        buyer=buyer or be_city(),
        lines=(
            _line(1, "Camera Gent-Korenmarkt, 30 days recording", "1", "250.00", "250.00", p, cat),
            _line(2, "Camera Gent-Belfort, part of the month", "0.5", "199", "99.50", p, cat),
        ),
        allowances=(Allowance(D("20.00"), "Coupon SPRING", cat, p),),
        taxes=(TaxSubtotal(cat, p, net, tax),),
        line_total=D("349.50"),
        allowance_total=D("20.00"),
        net=net,
        tax_total=tax,
        total=net + tax,
        due=net + tax,
        due_date=date(2026, 4, 16),
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        source={"invoice": 1},
    )


def credit_note(base: EInvoice | None = None) -> EInvoice:
    """A credit of 50.00 net on the invoice."""
    inv = base or invoice()
    p = inv.taxes[0].percent
    tax = (D("50.00") * p / 100).quantize(D("0.01"))
    line = replace(
        inv.lines[0],
        quantity=D(1),
        unit_price=D("50.00"),
        net=D("50.00"),
        unit_code="C62",
        period_start=None,
        period_end=None,
        description="Outage 2026-03-12",
    )
    return replace(
        inv,
        kind="credit_note",
        number="BCC-CN-2026-000007",
        issued_at=datetime(2026, 4, 10, 9, 0, tzinfo=UTC),
        lines=(line,),
        allowances=(),
        taxes=(TaxSubtotal(inv.taxes[0].category, p, D("50.00"), tax),),
        line_total=D("50.00"),
        allowance_total=D("0"),
        net=D("50.00"),
        tax_total=tax,
        total=D("50.00") + tax,
        due=D("50.00") + tax,
        due_date=None,
        preceding_number=inv.number,
        preceding_issued_at=inv.issued_at,
        reason="Camera offline for a day",
    )

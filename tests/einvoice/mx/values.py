"""EInvoice values and the test CSD for the CFDI tests (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from cambill.einvoice.protocol import Credentials
from cambill.einvoice.regimes.mx_cfdi40 import credentials_from_csd
from cambill.einvoice.value import (
    Address,
    Allowance,
    EInvoice,
    Line,
    Party,
    PaymentPart,
    TaxSubtotal,
)

# SAT's test CSD, as vendored for the demo (a byte copy of ../shared's: test_legal_demo)
CSD = Path(__file__).resolve().parents[3] / "cambill_sandbox" / "einvoice" / "sat_test_csd"
# SAT's own CFDI examples, read from ../shared (this workplace's official artefacts)
OFFICIAL = Path(__file__).resolve().parents[4] / "shared" / "einvoice-official" / "mx"
if not OFFICIAL.is_dir():  # a clone elsewhere than beside ../shared
    OFFICIAL = Path("/work/shared/einvoice-official/mx")

ISSUER_RFC = "EKU9003173C9"
ISSUER_NAME = "ESCUELA KEMPER URGATE"
BUYER_RFC = "URE180429TM6"
BUYER_NAME = "UNIVERSIDAD ROBOTICA ESPAÑOLA"
INVOICE_UUID = "6A5B0F0B-1A52-4F1E-9B7C-3A0F2F4C1D11"


def test_credentials() -> Credentials:
    """SAT's public test CSD for EKU9003173C9 (password in its .txt)."""
    return credentials_from_csd(
        (CSD / "eku9003173c9_csd.cer").read_bytes(),
        (CSD / "eku9003173c9_csd.key").read_bytes(),
        (CSD / "eku9003173c9_csd.txt").read_text().strip(),
    )


def seller() -> Party:
    return Party(
        name=ISSUER_NAME,
        tax_id=ISSUER_RFC,
        address=Address(
            street="Av. Reforma 1", city="Pachuca", region="HID", postal_code="42501", country="MX"
        ),
        regime_data={"tax_regime": "601", "series": "", "pac": "sandbox"},
    )


def buyer() -> Party:
    return Party(
        name=BUYER_NAME,
        tax_id=BUYER_RFC,
        address=Address(postal_code="86991", country="MX"),
        regime_data={"tax_regime": "601", "cfdi_use": "G03"},
    )


def subscriber_without_rfc() -> Party:
    return Party(name="Juan Pérez", tax_id="", address=Address(postal_code="06600", country="MX"))


def line(
    position: int,
    description: str,
    net: str,
    *,
    quantity: str = "1",
    price: str | None = None,
    tax: str = "0",
    code: str = "",
    sat_codes: bool = True,
    monthly: bool = True,
) -> Line:
    """A line at 16 % IVA (with the SAT codes a service carries, unless told not)."""
    return Line(
        position=position,
        description=description,
        quantity=Decimal(quantity),
        unit_code="MON" if monthly else "C62",
        unit_price=Decimal(price if price is not None else net),
        net=Decimal(net),
        tax_category="S",
        tax_percent=Decimal("16"),
        tax=Decimal(tax),
        service_code=code,
        product_code="81112106" if sat_codes else "",
        regime_unit_code="E48" if sat_codes else "",
        period_start=date(2026, 3, 1) if monthly else None,
        period_end=date(2026, 4, 1) if monthly else None,
    )


def tax16(taxable: str, amount: str) -> tuple[TaxSubtotal, ...]:
    return (
        TaxSubtotal(
            category="S", percent=Decimal("16"), taxable=Decimal(taxable), amount=Decimal(amount)
        ),
    )


def invoice(**changes: object) -> EInvoice:
    """The worked example's retail invoice in MXN at 16 % IVA: net 21.77, tax
    round(21.77 x 0.16) = 3.48, total 25.25."""
    lines = (
        line(
            1, "Camera A, TRAFFIC7, 1-31 Mar", "12.00", price="12.00", tax="1.92", code="TRAFFIC7"
        ),
        line(
            2,
            "Camera B, HOME3, 10-31 Mar",
            "2.13",
            quantity="0.709677",
            price="3.00",
            tax="0.34",
            code="HOME3",
        ),
        line(
            3,
            "Camera C, HOME3, 1-15 Mar",
            "1.45",
            quantity="0.483871",
            price="3.00",
            tax="0.23",
            code="HOME3",
        ),
        line(
            4,
            "Camera C, TRAFFIC7, 16-31 Mar",
            "6.19",
            quantity="0.516129",
            price="12.00",
            tax="0.99",
            code="TRAFFIC7",
        ),
    )
    value = EInvoice(
        kind="invoice",
        number="TN-2026-000123",
        issued_at=datetime(2026, 4, 1, 15, 30, 0, tzinfo=UTC),
        time_zone="America/Mexico_City",
        currency="MXN",
        seller=seller(),
        buyer=buyer(),
        lines=lines,
        taxes=tax16("21.77", "3.48"),
        line_total=Decimal("21.77"),
        net=Decimal("21.77"),
        tax_total=Decimal("3.48"),
        total=Decimal("25.25"),
        due=Decimal("25.25"),
        period_start=date(2026, 3, 1),
        period_end=date(2026, 4, 1),
        source={"invoice": 1},
    )
    return replace(value, **changes)  # type: ignore[arg-type]


def credit_note(**changes: object) -> EInvoice:
    """A credit note of 5.00 + 0.80 IVA on the invoice, lines without SAT codes
    (as ``cambill.einvoice.build.from_credit_note`` makes them)."""
    credited = line(
        1, "Camera C offline 3 days", "5.00", tax="0.80", sat_codes=False, monthly=False
    )
    value = EInvoice(
        kind="credit_note",
        number="CN-2026-000007",
        issued_at=datetime(2026, 4, 3, 17, 0, 0, tzinfo=UTC),
        time_zone="America/Mexico_City",
        currency="MXN",
        seller=seller(),
        buyer=buyer(),
        lines=(credited,),
        taxes=tax16("5.00", "0.80"),
        line_total=Decimal("5.00"),
        net=Decimal("5.00"),
        tax_total=Decimal("0.80"),
        total=Decimal("5.80"),
        due=Decimal("5.80"),
        preceding_number="TN-2026-000123",
        preceding_unique_code=INVOICE_UUID,
        reason="Offline credit",
    )
    return replace(value, **changes)  # type: ignore[arg-type]


def part(installment: int, before: str, amount: str, uuid: str = INVOICE_UUID) -> PaymentPart:
    """One installment on the 25.25 invoice (net 21.77, tax 3.48)."""
    return PaymentPart(
        invoice_number="TN-2026-000123",
        invoice_unique_code=uuid,
        currency="MXN",
        installment=installment,
        balance_before=Decimal(before),
        amount=Decimal(amount),
        balance_after=Decimal(before) - Decimal(amount),
        tax_percent=Decimal("16"),
        tax_category="S",
        invoice_net=Decimal("21.77"),
        invoice_tax=Decimal("3.48"),
    )


def payment(*parts: PaymentPart, **changes: object) -> EInvoice:
    value = EInvoice(
        kind="payment",
        number="P-2026-000001",
        issued_at=datetime(2026, 4, 10, 18, 0, 0, tzinfo=UTC),
        time_zone="America/Mexico_City",
        currency="MXN",
        seller=seller(),
        buyer=buyer(),
        total=sum((p.amount for p in parts), Decimal(0)),
        payment_method="bank_transfer",
        payment_received_at=datetime(2026, 4, 10, 16, 0, 0, tzinfo=UTC),
        payment_parts=parts,
    )
    return replace(value, **changes)  # type: ignore[arg-type]


def with_credits() -> EInvoice:
    """An invoice with a negative true-up line and a document discount of 2.00
    shared over the lines (``Line.discount``, as cambill's builder does)."""
    base = invoice()
    lines = (
        replace(base.lines[0], discount=Decimal("1.10")),
        replace(base.lines[1], discount=Decimal("0.20")),
        replace(base.lines[2], discount=Decimal("0.13")),
        replace(base.lines[3], discount=Decimal("0.57")),
        line(5, "True-up February: charged ahead", "-3.00", quantity="-1", price="3.00"),
    )
    # net 21.77 - 3.00 - 2.00 = 16.77; tax round(16.77 x 0.16) = 2.68
    return replace(
        base,
        lines=lines,
        allowances=(
            Allowance(
                amount=Decimal("2.00"),
                reason="Account discount",
                tax_category="S",
                tax_percent=Decimal("16"),
            ),
        ),
        taxes=tax16("16.77", "2.68"),
        line_total=Decimal("18.77"),
        allowance_total=Decimal("2.00"),
        net=Decimal("16.77"),
        tax_total=Decimal("2.68"),
        total=Decimal("19.45"),
        due=Decimal("19.45"),
    )

"""Issued documents as e-invoice values: the worked example's invoices, to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from cambill.einvoice.build import allocate, from_credit_note, from_invoice
from tests.invoicing.helpers import bill, retail, wholesale
from tests.scenarios.test_worked_example import NOW, build

BOG = "America/Bogota"
CENT = Decimal("0.01")


@given(
    st.integers(min_value=-(10**7), max_value=10**7),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30),
)
def test_allocate_adds_up_exactly(total_cents, weights):  # type: ignore[no-untyped-def]
    total = Decimal(total_cents) * CENT
    parts = allocate(total, [Decimal(w) for w in weights], CENT)
    assert len(parts) == len(weights)
    if any(weights) and total:
        assert sum(parts) == total
        assert all(p == 0 for p, w in zip(parts, weights, strict=True) if w == 0)
        assert all(p * total >= 0 for p in parts)  # no part has the other sign
    else:
        assert all(p == 0 for p in parts)


def test_allocate_largest_remainder():
    # 1.00 over three equal weights: 0.34, 0.33, 0.33 (the first remainder wins ties)
    assert allocate(Decimal("1.00"), [Decimal(1)] * 3, CENT) == [
        Decimal("0.34"),
        Decimal("0.33"),
        Decimal("0.33"),
    ]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_retail_invoice_value(world):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import invoice_issue

    t = build(world)
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    v = from_invoice(inv, time_zone=BOG, buyer_regime={"cfdi_use": "G03"})
    assert v.kind == "invoice" and v.number == inv.number and v.currency == inv.currency
    assert [ln.net for ln in v.lines] == [Decimal(a) for a in ("12.00", "2.13", "1.45", "6.19")]
    assert [ln.unit_code for ln in v.lines] == ["MON"] * 4
    # the 4.14 of tax split by largest remainder over the lines' nets
    assert [ln.tax for ln in v.lines] == [Decimal(a) for a in ("2.28", "0.40", "0.28", "1.18")]
    assert sum(ln.tax for ln in v.lines) == v.tax_total == Decimal("4.14")
    assert (v.line_total, v.allowance_total, v.net, v.total) == (
        Decimal("21.77"),
        Decimal("0"),
        Decimal("21.77"),
        Decimal("25.91"),
    )
    assert v.taxes[0].category == "S" and v.taxes[0].taxable == Decimal("21.77")
    assert v.buyer.regime_data == {"cfdi_use": "G03"}
    assert v.seller.name == inv.issuer_name or v.seller.name == inv.issuer_details["legal_name"]
    # March 2026 in Bogota: the period's last day is the 31st, not April 1st
    assert (str(v.period_start), str(v.period_end)) == ("2026-03-01", "2026-03-31")
    assert v.due == v.total


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_wholesale_invoice_value_with_discount(world):  # type: ignore[no-untyped-def]
    t = build(world)
    bill(t, "2026-03", NOW)
    w = wholesale(t, "2026-03")
    w.number = "W-TEST-1"  # a value is built from issued invoices; the number is all it reads
    w.issued_at = NOW
    v = from_invoice(w, time_zone=BOG)
    assert [ln.net for ln in v.lines] == [Decimal("4.26"), Decimal("6.06")]
    # the 1.03 discount shared over the lines, and listed once as an allowance
    assert [ln.discount for ln in v.lines] == [Decimal("0.43"), Decimal("0.60")]
    assert [a.amount for a in v.allowances] == [Decimal("1.03")]
    assert (v.line_total, v.allowance_total, v.net, v.tax_total, v.total) == (
        Decimal("10.32"),
        Decimal("1.03"),
        Decimal("9.29"),
        Decimal("0.00"),
        Decimal("9.29"),
    )
    assert v.taxes[0].category == "Z"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_credit_note_value(world):  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import credit_note_create, invoice_issue

    t = build(world)
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    first = inv.lines.order_by("position").first()
    note = credit_note_create(
        actor=SYSTEM,
        invoice=inv,
        reason="Camera offline",
        lines=[{"line": first.position, "amount": "12.00"}],
    )
    v = from_credit_note(note, time_zone=BOG, preceding_unique_code="UUID-1", reason_code="01")
    assert v.kind == "credit_note" and v.preceding_number == inv.number
    assert v.preceding_unique_code == "UUID-1" and v.reason == "Camera offline"
    assert sum(ln.net for ln in v.lines) == v.net == note.net
    assert sum(ln.tax for ln in v.lines) == v.tax_total == note.tax
    assert v.total == note.total

"""One-off charges and coupons through the verbs and the bill run, exact amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.catalog.services import account_discount_create
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.invoicing.models import Invoice
from cambill.invoicing.services import invoice_issue, invoice_regenerate, invoice_void
from cambill.sales.models import Charge
from cambill.sales.services import (
    charge_create,
    charge_delete,
    coupon_create,
    coupon_deactivate,
    coupon_redeem,
    product_create,
)
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, retail, totals
from tests.scenarios.conftest import account, new_cloud, tariff

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(world):  # type: ignore[no-untyped-def]
    cloud = new_cloud("shop", "USD", "UTC", tax_percent=Decimal("19"))
    t10 = tariff(cloud, "T10", "10.00", REC_DAY=1)
    t20 = tariff(cloud, "T20", "20.00", REC_DAY=1)
    acc = account(cloud, "ann")
    return cloud, t10, t20, acc


def test_a_charge_dated_in_an_issued_period_lands_on_the_next_invoice(shop):  # type: ignore[no-untyped-def]
    cloud, t10, _t20, acc = shop
    cam = camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    bill(cloud, "2026-03", utc(2026, 4, 2))
    march = retail(cloud, "2026-03", "ann")
    invoice_issue(actor=SYSTEM, invoice=march, now=utc(2026, 4, 2))
    cam_product = product_create(
        actor=SYSTEM, cloud=cloud, code="DOME-4MP", name="Dome camera 4 MP", price="89.90"
    )
    c = charge_create(
        actor=SYSTEM, account=acc, product="DOME-4MP", quantity=2, date="2026-03-20", camera=cam
    )
    assert (c.description, c.unit_price) == ("Dome camera 4 MP", cam_product.price)
    charge_create(
        actor=SYSTEM,
        account=acc,
        description="Installation",
        quantity="1",
        unit_price="45.004",
        date="2026-04-03",
    )
    bill(cloud, "2026-04", utc(2026, 5, 2))
    april = retail(cloud, "2026-04", "ann")
    assert amounts(april) == ["10.00", "179.80", "45.00"]
    assert totals(april) == {
        "subtotal": "234.80",
        "discount": "0.00",
        "net": "234.80",
        "tax": "44.61",
        "total": "279.41",
    }
    line = april.lines.get(kind="one_off", amount=Decimal("179.80"))
    assert (line.camera, str(line.date_from), line.quantity) == ("c1", "2026-03-20", 2)
    # a rerun and a regenerate keep the charges, once
    bill(cloud, "2026-04", utc(2026, 5, 3))
    invoice_regenerate(actor=SYSTEM, invoice=april, now=utc(2026, 5, 3))
    assert amounts(retail(cloud, "2026-04", "ann")) == ["10.00", "179.80", "45.00"]
    assert set(Charge.objects.values_list("invoice_id", flat=True)) == {april.pk}
    assert amounts(march) == ["10.00"]
    # issued: May never takes them again; they cannot be deleted any more
    invoice_issue(actor=SYSTEM, invoice=april, now=utc(2026, 5, 3))
    bill(cloud, "2026-05", utc(2026, 6, 2))
    assert amounts(retail(cloud, "2026-05", "ann")) == ["10.00"]
    with pytest.raises(DomainError) as e:
        charge_delete(actor=SYSTEM, charge=c)
    assert e.value.code == "invoice_immutable"


def test_a_charge_alone_makes_an_invoice_and_deleting_it_from_a_draft_regenerates(shop):  # type: ignore[no-untyped-def]
    cloud, _t10, _t20, acc = shop
    c = charge_create(
        actor=SYSTEM, account=acc, description="Mount", unit_price="12.50", date="2026-03-31"
    )
    bill(cloud, "2026-03", utc(2026, 4, 2))
    inv = retail(cloud, "2026-03", "ann")
    assert amounts(inv) == ["12.50"]
    assert totals(inv)["total"] == "14.88"
    charge_delete(actor=SYSTEM, charge=c)
    assert not Invoice.objects.filter(pk=inv.pk).exists()


def test_a_voided_invoice_gives_its_charges_to_the_next(shop):  # type: ignore[no-untyped-def]
    cloud, t10, _t20, acc = shop
    camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    charge_create(actor=SYSTEM, account=acc, description="Mount", unit_price="5", date="2026-03-02")
    bill(cloud, "2026-03", utc(2026, 4, 2))
    march = retail(cloud, "2026-03", "ann")
    assert amounts(march) == ["10.00", "5.00"]
    invoice_void(actor=SYSTEM, invoice=march, reason="wrong", now=utc(2026, 4, 3))
    bill(cloud, "2026-04", utc(2026, 5, 2))
    assert amounts(retail(cloud, "2026-04", "ann")) == ["10.00", "5.00"]


def test_a_100_percent_coupon_makes_the_invoice_zero(shop):  # type: ignore[no-untyped-def]
    cloud, t10, _t20, acc = shop
    camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    coupon_create(actor=SYSTEM, cloud=cloud, code="FREE", percent="100", duration="once")
    coupon_redeem(actor=SYSTEM, account=acc, coupon="FREE", at=utc(2026, 3, 5))
    bill(cloud, "2026-03", utc(2026, 4, 2))
    inv = retail(cloud, "2026-03", "ann")
    assert amounts(inv) == ["10.00", "-10.00"]
    assert totals(inv) == {
        "subtotal": "10.00",
        "discount": "-10.00",
        "net": "0.00",
        "tax": "0.00",
        "total": "0.00",
    }
    assert inv.lines.get(kind="coupon").description == "Coupon FREE (100 %)"
    # once: April pays in full
    bill(cloud, "2026-04", utc(2026, 5, 2))
    assert totals(retail(cloud, "2026-04", "ann"))["total"] == "11.90"


def test_a_percent_coupon_comes_after_the_account_discount(shop):  # type: ignore[no-untyped-def]
    cloud, t10, _t20, acc = shop
    camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    account_discount_create(actor=SYSTEM, account=acc, kind="percent", value="10")
    coupon_create(actor=SYSTEM, cloud=cloud, code="HALF", percent="50", duration="forever")
    coupon_redeem(actor=SYSTEM, account=acc, coupon="HALF", at=utc(2026, 2, 20))
    bill(cloud, "2026-03", utc(2026, 4, 2))
    inv = retail(cloud, "2026-03", "ann")
    assert amounts(inv) == ["10.00", "-1.00", "-4.50"]
    assert totals(inv) == {
        "subtotal": "10.00",
        "discount": "-5.50",
        "net": "4.50",
        "tax": "0.86",
        "total": "5.36",
    }


def test_an_amount_coupon_larger_than_the_invoice_stops_at_zero(shop):  # type: ignore[no-untyped-def]
    cloud, t10, _t20, acc = shop
    camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    coupon_create(actor=SYSTEM, cloud=cloud, code="WELCOME25", amount="25.00", duration="once")
    coupon_redeem(actor=SYSTEM, account=acc, coupon="WELCOME25", at=utc(2026, 3, 1))
    bill(cloud, "2026-03", utc(2026, 4, 2))
    inv = retail(cloud, "2026-03", "ann")
    assert amounts(inv) == ["10.00", "-10.00"]
    assert totals(inv)["total"] == "0.00"


def test_a_repeating_coupon_covers_two_months(shop):  # type: ignore[no-untyped-def]
    cloud, t10, _t20, acc = shop
    camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    coupon_create(
        actor=SYSTEM, cloud=cloud, code="TWO", amount="3.00", duration="repeating", months=2
    )
    r = coupon_redeem(actor=SYSTEM, account=acc, coupon="TWO", at=utc(2026, 3, 10))
    assert (r.first_period, r.last_period) == ("2026-03", "2026-04")
    for period, now in (("2026-03", utc(2026, 4, 2)), ("2026-04", utc(2026, 5, 2))):
        bill(cloud, period, now)
        assert amounts(retail(cloud, period, "ann")) == ["10.00", "-3.00"]
    bill(cloud, "2026-05", utc(2026, 6, 2))
    assert amounts(retail(cloud, "2026-05", "ann")) == ["10.00"]


def test_a_tariff_restricted_coupon_covers_those_lines_only(shop):  # type: ignore[no-untyped-def]
    cloud, t10, t20, acc = shop
    camera(cloud, "c1", acc, t10, utc(2026, 3, 1))
    camera(cloud, "c2", acc, t20, utc(2026, 3, 1))
    account_discount_create(actor=SYSTEM, account=acc, kind="percent", value="10")
    coupon_create(
        actor=SYSTEM, cloud=cloud, code="PRO", percent="50", duration="once", tariffs=["T20"]
    )
    coupon_redeem(actor=SYSTEM, account=acc, coupon="PRO", at=utc(2026, 3, 1))
    bill(cloud, "2026-03", utc(2026, 4, 2))
    inv = retail(cloud, "2026-03", "ann")
    # 30.00 less 10 % = 27.00; T20's share after the discount 18.00, half of it 9.00
    assert amounts(inv) == ["10.00", "20.00", "-3.00", "-9.00"]
    assert totals(inv)["net"] == "18.00"


def test_redemption_rules(shop):  # type: ignore[no-untyped-def]
    cloud, _t10, _t20, acc = shop
    other = account(cloud, "bob")
    third = account(cloud, "cid")
    coupon_create(
        actor=SYSTEM,
        cloud=cloud,
        code="ONE",
        percent="5",
        duration="once",
        max_redemptions=2,
        valid_until="2026-03-31",
    )
    coupon_redeem(actor=SYSTEM, account=acc, coupon="ONE", at=utc(2026, 3, 1))
    with pytest.raises(DomainError) as e:
        coupon_redeem(actor=SYSTEM, account=acc, coupon="ONE", at=utc(2026, 3, 2))
    assert e.value.code == "duplicate"
    with pytest.raises(DomainError) as e:
        coupon_redeem(actor=SYSTEM, account=other, coupon="ONE", at=utc(2026, 4, 1))
    assert e.value.fields == {"coupon": ["This coupon expired on 2026-03-31."]}
    coupon_redeem(actor=SYSTEM, account=other, coupon="ONE", at=utc(2026, 3, 31, 23))
    with pytest.raises(DomainError) as e:
        coupon_redeem(actor=SYSTEM, account=third, coupon="ONE", at=utc(2026, 3, 3))
    assert e.value.code == "conflict"
    coupon_create(actor=SYSTEM, cloud=cloud, code="OFF", percent="5", duration="forever")
    coupon_deactivate(actor=SYSTEM, coupon=cloud.coupons.get(code="OFF"))
    with pytest.raises(DomainError):
        coupon_redeem(actor=SYSTEM, account=third, coupon="OFF")

"""Whole billing cycles with changes inside the month: moves, trials, removal,
price changes, discounts at 0 % and 100 %, and currencies with 0 and 3 decimals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cambill.catalog.services import account_discount_create
from cambill.clouds.services import account_update, cloud_update
from cambill.core.access import SYSTEM
from cambill.invoicing.models import Invoice
from tests.conftest import utc
from tests.invoicing.helpers import (
    amounts,
    bill,
    camera,
    change,
    local,
    move,
    retail,
    totals,
    wholesale,
)
from tests.scenarios.conftest import account, new_cloud, price, tariff

pytestmark = pytest.mark.django_db
BOG = "America/Bogota"
NOW = utc(2026, 4, 5)


@pytest.fixture
def telenet(world, freeze):  # type: ignore[no-untyped-def]
    freeze(NOW)
    return world.clouds["telenet"]


def test_camera_moved_to_another_account_mid_month(world, telenet):
    cam = camera(telenet, "P", world.accounts["acme"], "HOME3", local(BOG, 2026, 2, 1))
    move(cam, world.accounts["beta"], local(BOG, 2026, 3, 16, 12))
    bill(telenet, "2026-03", NOW)
    a, b = retail(telenet, "2026-03", "acme"), retail(telenet, "2026-03", "beta")
    assert amounts(a) == ["1.45"]  # days 1-15: 3 x 15/31 = 1.4516
    assert amounts(b) == ["1.55"]  # days 16-31: 3 x 16/31 = 1.5484
    assert (a.lines.get().days, b.lines.get().days) == (15, 16)
    # the provider delivered the camera all month: 93/31 x 0.30
    assert amounts(wholesale(telenet, "2026-03")) == ["0.90", "-0.09"]


def test_account_trial_ending_mid_month(world, telenet):
    acme, beta = world.accounts["acme"], world.accounts["beta"]
    account_update(
        actor=SYSTEM, account=acme, trial_until=local(BOG, 2026, 3, 11)
    )  # days 1-10 free
    account_update(
        actor=SYSTEM, account=beta, trial_until=local(BOG, 2026, 3, 11, 15)
    )  # ends during day 11
    camera(telenet, "T1", acme, "HOME3", local(BOG, 2026, 2, 1))
    camera(telenet, "T2", beta, "HOME3", local(BOG, 2026, 2, 1))
    gamma = account(telenet, "gamma", trial_until=local(BOG, 2026, 4, 1))
    camera(telenet, "T3", gamma, "TRAFFIC7", local(BOG, 2026, 2, 1))  # trial all month
    run = bill(telenet, "2026-03", NOW)
    a, b = retail(telenet, "2026-03", "acme"), retail(telenet, "2026-03", "beta")
    assert amounts(a) == amounts(b) == ["2.03"]  # 21 days: 3 x 21/31 = 2.0323
    assert str(a.lines.get().date_from) == str(b.lines.get().date_from) == "2026-03-11"
    # a whole month of trial: no invoice at all (empty invoices are not created)
    assert not Invoice.objects.filter(account=gamma).exists()
    assert run.accounts_total == 2
    # subscriber trials do not waive wholesale: 62 x 3 + 31 x 7 = 403/31 x 0.30; LPR 31/31 x 4
    assert amounts(wholesale(telenet, "2026-03")) == ["3.90", "4.00", "-0.79"]


def test_cloud_trial_ending_mid_month(world, telenet):
    t = cloud_update(
        actor=SYSTEM, cloud=telenet, trial_until=local(BOG, 2026, 3, 21)
    )  # days 1-20 waived
    camera(t, "K", world.accounts["acme"], "HOME3", local(BOG, 2026, 2, 1))
    bill(t, "2026-03", NOW)
    assert amounts(retail(t, "2026-03", "acme")) == ["3.00"]  # the subscriber pays as usual
    w = wholesale(t, "2026-03")
    assert amounts(w) == ["0.32", "-0.03"]  # 11 days x 3 = 33/31 x 0.30 = 0.3194
    assert w.lines.get(kind="service").days == 33
    assert totals(w)["net"] == "0.29"


def test_cloud_trial_covering_the_month_makes_no_wholesale_invoice(world, telenet):
    t = cloud_update(actor=SYSTEM, cloud=telenet, trial_until=local(BOG, 2026, 6, 1))
    camera(t, "K", world.accounts["acme"], "HOME3", local(BOG, 2026, 2, 1))
    bill(t, "2026-03", NOW)
    assert not Invoice.objects.filter(kind="wholesale").exists()
    assert amounts(retail(t, "2026-03", "acme")) == ["3.00"]


def test_camera_removed_and_re_added(world, telenet):
    cam = camera(telenet, "R", world.accounts["acme"], "HOME3", local(BOG, 2026, 2, 1))
    change(cam, None, local(BOG, 2026, 3, 8, 10))  # removed during day 8: last billed day 7
    change(cam, "HOME3", local(BOG, 2026, 3, 20, 9))  # back during day 20: billed from day 20
    bill(telenet, "2026-03", NOW)
    inv = retail(telenet, "2026-03", "acme")
    assert amounts(inv) == ["0.68", "1.16"]  # 3 x 7/31 = 0.6774; 3 x 12/31 = 1.1613
    assert [(str(ln.date_from), str(ln.date_to)) for ln in inv.lines.order_by("position")] == [
        ("2026-03-01", "2026-03-07"),
        ("2026-03-20", "2026-03-31"),
    ]
    assert wholesale(telenet, "2026-03").lines.get(kind="service").days == 57  # 19 days x 3


def test_service_price_change_mid_month(world, telenet):
    price(world, "REC_DAY", "USD", "0.40", date(2026, 3, 16))
    camera(telenet, "S", world.accounts["acme"], "HOME3", local(BOG, 2026, 2, 1))
    bill(telenet, "2026-03", NOW)
    w = wholesale(telenet, "2026-03")
    lines = list(w.lines.filter(kind="service").order_by("position"))
    # days 1-15 at 0.30: 45/31 x 0.30 = 0.4355; days 16-31 at 0.40: 48/31 x 0.40 = 0.6194
    assert [(f"{ln.unit_price:.2f}", ln.days, f"{ln.amount:.2f}") for ln in lines] == [
        ("0.30", 45, "0.44"),
        ("0.40", 48, "0.62"),
    ]
    assert lines[1].description.endswith(", Mar 16\u2009\u2013\u200931, 2026")
    assert totals(w) == {
        "subtotal": "1.06",
        "discount": "-0.11",
        "net": "0.95",
        "tax": "0.00",
        "total": "0.95",
    }


@pytest.mark.parametrize(
    ("pct", "expected"), [("0", ["4.26", "6.06"]), ("100", ["4.26", "6.06", "-10.32"])]
)
def test_cloud_discount_0_and_100(world, telenet, pct, expected):
    from tests.scenarios.test_worked_example import build

    t = cloud_update(actor=SYSTEM, cloud=build(world), discount_percent=pct)
    bill(t, "2026-03", NOW)
    w = wholesale(t, "2026-03")
    assert amounts(w) == expected
    assert totals(w)["net"] == ("10.32" if pct == "0" else "0.00")
    assert totals(w)["discount"] == ("0.00" if pct == "0" else "-10.32")


def test_account_discount_0_and_100(world, telenet):
    acme, beta = world.accounts["acme"], world.accounts["beta"]
    camera(telenet, "Z1", acme, "TRAFFIC7", local(BOG, 2026, 2, 1))
    camera(telenet, "Z2", beta, "TRAFFIC7", local(BOG, 2026, 2, 1))
    account_discount_create(
        actor=SYSTEM, account=acme, kind="percent", value="0", description="Nothing"
    )
    account_discount_create(
        actor=SYSTEM, account=beta, kind="percent", value="100", description="Free month"
    )
    bill(telenet, "2026-03", NOW)
    a, b = retail(telenet, "2026-03", "acme"), retail(telenet, "2026-03", "beta")
    assert amounts(a) == ["12.00"] and totals(a)["total"] == "14.28"  # no 0.00 discount line
    assert amounts(b) == ["12.00", "-12.00"]
    assert totals(b) == {
        "subtotal": "12.00",
        "discount": "-12.00",
        "net": "0.00",
        "tax": "0.00",
        "total": "0.00",
    }
    assert b.lines.get(kind="discount").description == "Free month"


def test_account_discounts_with_validity(world, telenet):
    acme = world.accounts["acme"]
    camera(telenet, "V", acme, "TRAFFIC7", local(BOG, 2026, 2, 1))
    account_discount_create(
        actor=SYSTEM,
        account=acme,
        kind="percent",
        value="10",
        valid_from=date(2026, 3, 16),
        description="Spring 10 %",
    )
    account_discount_create(
        actor=SYSTEM, account=acme, kind="fixed", value="3.10", valid_to=date(2026, 3, 11)
    )
    bill(telenet, "2026-03", NOW)
    inv = retail(telenet, "2026-03", "acme")
    # 10 % x 16/31 x 12.00 = 0.6194; 3.10 x 10/31 = 1.00
    assert amounts(inv) == ["12.00", "-0.62", "-1.00"]
    assert totals(inv) == {
        "subtotal": "12.00",
        "discount": "-1.62",
        "net": "10.38",
        "tax": "1.97",
        "total": "12.35",
    }


def test_jpy_zero_decimals(world, freeze):
    freeze(NOW)
    price(world, "REC_DAY", "JPY", "45")
    t = new_cloud(
        "nihon", "JPY", "Asia/Tokyo", tax_percent=Decimal(10), discount_percent=Decimal("7.5")
    )
    tariff(t, "HOME3", "1000", REC_DAY=3)
    acc = account(t, "sakura")
    camera(t, "J", acc, "HOME3", local("Asia/Tokyo", 2026, 3, 10))
    bill(t, "2026-03", NOW)
    inv = retail(t, "2026-03", "sakura")
    # 1000 x 22/31 = 709.68 -> 710; tax 71
    assert amounts(inv) == ["710"]
    assert totals(inv) == {
        "subtotal": "710",
        "discount": "0",
        "net": "710",
        "tax": "71",
        "total": "781",
    }
    assert inv.total == Decimal(781)
    # 66/31 x 45 = 95.81 -> 96; discount 7.5 % = 7.2 -> 7
    w = wholesale(t, "2026-03")
    assert amounts(w) == ["96", "-7"] and totals(w)["net"] == "89"


def test_kwd_three_decimals(world, freeze):
    freeze(NOW)
    price(world, "REC_DAY", "KWD", "0.095")
    t = new_cloud(
        "kuwaitnet", "KWD", "Asia/Kuwait", tax_percent=Decimal(5), discount_percent=Decimal(10)
    )
    tariff(t, "HOME3", "3.500", REC_DAY=3)
    acc = account(t, "dana")
    camera(t, "K", acc, "HOME3", local("Asia/Kuwait", 2026, 3, 10))
    bill(t, "2026-03", NOW)
    inv = retail(t, "2026-03", "dana")
    # 3.5 x 22/31 = 2.48387 -> 2.484; tax 5 % = 0.1242 -> 0.124
    assert amounts(inv) == ["2.484"]
    assert totals(inv) == {
        "subtotal": "2.484",
        "discount": "0.000",
        "net": "2.484",
        "tax": "0.124",
        "total": "2.608",
    }
    # 66/31 x 0.095 = 0.20226 -> 0.202; discount 0.0202 -> 0.020
    w = wholesale(t, "2026-03")
    assert amounts(w) == ["0.202", "-0.020"] and totals(w)["net"] == "0.182"

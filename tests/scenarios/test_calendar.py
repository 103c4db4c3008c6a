"""Whole billing cycles around the calendar: a leap February, DST in Madrid
(``day`` and ``second`` proration), tariff changes at midnight and at 23:59."""

from __future__ import annotations

import pytest

from cambill.clouds.services import cloud_update
from cambill.core.access import SYSTEM
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, change, local, retail, totals, wholesale
from tests.scenarios.conftest import account, price, tariff

pytestmark = pytest.mark.django_db
BOG = "America/Bogota"
MAD = "Europe/Madrid"


def test_february_2028_leap_year(world, freeze):
    freeze(utc(2028, 3, 5))
    t = world.clouds["telenet"]
    acme = world.accounts["acme"]
    camera(t, "A", acme, "HOME3", local(BOG, 2028, 1, 10))
    camera(t, "B", acme, "HOME3", local(BOG, 2028, 2, 15))  # days 15-29: 15 of 29
    camera(t, "C", acme, "TRAFFIC7", local(BOG, 2028, 2, 29, 18))  # the leap day is billed
    run = bill(t, "2028-02", utc(2028, 3, 5))
    assert run.status == "completed", run.error
    inv = retail(t, "2028-02", "acme")
    # 3 x 29/29; 3 x 15/29 = 1.5517; 12 x 1/29 = 0.4138
    assert amounts(inv) == ["3.00", "1.55", "0.41"]
    assert [int(ln.days) for ln in inv.lines.order_by("position")] == [29, 15, 1]
    assert totals(inv) == {
        "subtotal": "4.96",
        "discount": "0.00",
        "net": "4.96",
        "tax": "0.94",
        "total": "5.90",
    }
    w = wholesale(t, "2028-02")
    # REC_DAY (29x3 + 15x3 + 1x7)/29 x 0.30 = 139/29 x 0.30 = 1.4379; LPR 1/29 x 4 = 0.1379
    assert amounts(w) == ["1.44", "0.14", "-0.16"]
    assert totals(w)["net"] == "1.42"


def madrid(world, proration: str):  # type: ignore[no-untyped-def]
    """othercloud (EUR, Europe/Madrid) with a 310.00 tariff: 10.00 per day of a 31-day month."""
    t = cloud_update(
        actor=SYSTEM, cloud=world.clouds["othercloud"], proration=proration, tax_percent="21"
    )
    price(world, "REC_DAY", "EUR", "0.25")
    tariff(t, "PRO", "310.00", REC_DAY=3)
    return t, account(t, "sol")


@pytest.mark.parametrize(
    ("proration", "march", "october", "w_march", "w_october"),
    [
        # day: 3 local days (29-31 March) and 7 (25-31 October), DST or not
        ("day", "30.00", "70.00", "0.07", "0.17"),
        # second: 29 March has 23 hours, 25 October 25 hours
        # 310 x 71 h / 743 h = 29.6231; 310 x 169 h / 745 h = 70.3221
        # wholesale 3 x 71/743 x 0.25 = 0.0717; 3 x 169/745 x 0.25 = 0.1701
        ("second", "29.62", "70.32", "0.07", "0.17"),
    ],
)
def test_madrid_across_both_dst_changes(
    world, freeze, proration, march, october, w_march, w_october
):
    freeze(utc(2026, 11, 5))
    t, sol = madrid(world, proration)
    freeze(utc(2026, 3, 1))
    spring = camera(t, "spring", sol, "PRO", local(MAD, 2026, 3, 29))  # the 23-hour day
    change(spring, None, local(MAD, 2026, 4, 1))
    autumn = camera(t, "autumn", sol, "PRO", local(MAD, 2026, 10, 25))  # the 25-hour day
    change(autumn, None, local(MAD, 2026, 11, 1))
    freeze(utc(2026, 11, 5))
    for period, expected, w_expected in (
        ("2026-03", march, w_march),
        ("2026-10", october, w_october),
    ):
        run = bill(t, period, utc(2026, 11, 5))
        assert run.status == "completed", run.error
        inv = retail(t, period, "sol")
        assert amounts(inv) == [expected], period
        assert inv.currency == "EUR"
        assert amounts(wholesale(t, period)) == [w_expected], period
    # day proration counts whole local days whatever their length
    days = [retail(t, p, "sol").lines.get().days for p in ("2026-03", "2026-10")]
    if proration == "day":
        assert days == [3, 7]
    else:
        assert [str(d) for d in days] == ["2.9583", "7.0417"]


def test_madrid_second_whole_days_agree_with_day(world, freeze):
    """A whole local day costs the same under both rules when the month has no DST change."""
    freeze(utc(2026, 6, 5))
    t, sol = madrid(world, "second")
    camera(t, "c", sol, "PRO", local(MAD, 2026, 5, 10))
    cam2 = camera(t, "d", sol, "PRO", local(MAD, 2026, 5, 1))
    change(cam2, None, local(MAD, 2026, 5, 11))
    bill(t, "2026-05", utc(2026, 6, 5))
    # 22 and 10 whole days of 31: 220.00 and 100.00
    assert amounts(retail(t, "2026-05", "sol")) == ["220.00", "100.00"]


def test_tariff_change_at_midnight_and_at_2359(world, freeze):
    freeze(utc(2026, 4, 5))
    t = world.clouds["telenet"]
    acme = world.accounts["acme"]
    midnight = camera(t, "M", acme, "HOME3", local(BOG, 2026, 2, 1))
    change(midnight, "TRAFFIC7", local(BOG, 2026, 3, 10))  # day 10 is TRAFFIC7's
    late = camera(t, "L", acme, "HOME3", local(BOG, 2026, 2, 1))
    change(late, "TRAFFIC7", local(BOG, 2026, 3, 20, 23, 59))  # held at the end of day 20: TRAFFIC7
    bill(t, "2026-03", utc(2026, 4, 5))
    inv = retail(t, "2026-03", "acme")
    lines = list(
        inv.lines.order_by("position").values_list(
            "camera", "tariff", "date_from", "date_to", "days", "amount"
        )
    )
    assert [(c, tr, str(a), str(b), int(d), f"{m:.2f}") for c, tr, a, b, d, m in lines] == [
        ("L", "HOME3", "2026-03-01", "2026-03-19", 19, "1.84"),  # 3 x 19/31 = 1.8387
        ("L", "TRAFFIC7", "2026-03-20", "2026-03-31", 12, "4.65"),  # 12 x 12/31 = 4.6452
        ("M", "HOME3", "2026-03-01", "2026-03-09", 9, "0.87"),  # 3 x 9/31 = 0.8710
        ("M", "TRAFFIC7", "2026-03-10", "2026-03-31", 22, "8.52"),  # 12 x 22/31 = 8.5161
    ]
    # wholesale: REC_DAY (19x3 + 12x7 + 9x3 + 22x7)/31 = 322/31 x 0.30 = 3.1161; LPR 34/31 x 4 = 4.3871
    w = wholesale(t, "2026-03")
    assert amounts(w) == ["3.12", "4.39", "-0.75"]

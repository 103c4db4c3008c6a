"""Billing in advance with a true-up (issue #17, point 1): whole cycles with
exact amounts, through real bill runs (the public-API version of the worked
example is in ``test_advance_api.py``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.clouds.services import account_update, cloud_update
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.invoicing.models import Invoice, InvoiceLine
from cambill.invoicing.selectors import billed_until
from cambill.invoicing.services import invoice_issue
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, change, local, retail, totals, wholesale
from tests.scenarios.conftest import account, new_cloud, tariff

pytestmark = pytest.mark.django_db


def kinds(inv):  # type: ignore[no-untyped-def]
    return [(ln.kind, str(ln.amount.quantize(Decimal("0.01")))) for ln in inv.lines.all()]


@pytest.fixture
def adv(world, freeze):  # type: ignore[no-untyped-def]
    """Cloud ``adv``: UTC, day proration, tax 0, T10 = 10.00 and T20 = 20.00, in advance."""
    freeze(utc(2026, 3, 20))
    c = new_cloud("adv", "USD", "UTC", billing_timing="advance", auto_issue=True)
    tariff(c, "T10", "10.00", REC_DAY=1)
    tariff(c, "T20", "20.00", REC_DAY=2)
    account(c, "acme")
    return c


def acme(c):  # type: ignore[no-untyped-def]
    return c.accounts.get(code="acme")


def test_worked_example_and_wholesale_in_arrears(adv, freeze):  # type: ignore[no-untyped-def]
    c1 = camera(adv, "c1", acme(adv), "T10", utc(2026, 4, 1))
    change(c1, "T20", utc(2026, 4, 11))
    camera(adv, "c2", acme(adv), "T10", utc(2026, 4, 16))
    freeze(utc(2026, 4, 4))
    assert bill(adv, "2026-04", utc(2026, 4, 4)).status == "completed"
    april = retail(adv, "2026-04", "acme")
    assert kinds(april) == [("advance", "10.00")]
    assert april.total == Decimal("10.00") and april.status == "issued"
    # April's advance invoice is issued, yet April's history stays open (its true-up is May's).
    assert billed_until(adv) == utc(2026, 4, 1)
    freeze(utc(2026, 5, 4))
    run = bill(adv, "2026-05", utc(2026, 5, 4))
    assert run.status == "completed", run.error
    may = retail(adv, "2026-05", "acme")
    assert kinds(may) == [
        ("advance", "20.00"),
        ("advance", "10.00"),
        ("tariff", "3.33"),
        ("tariff", "13.33"),
        ("tariff", "5.00"),
        ("true_up", "-10.00"),
    ]
    assert totals(may)["total"] == "41.66"
    descs = [ln.description for ln in may.lines.all()]
    # A whole month reads as its name, a part of one as its days (issue #14, point 5).
    assert descs[0] == "In advance: Camera c1, tariff T20 (T20), May 2026"
    assert (
        descs[2]
        == "True-up of April 2026: Camera c1, tariff T10 (T10), Apr 1\u2009\u2013\u200910, 2026"
    )
    assert descs[5] == "True-up of April 2026: Camera c1, less charged in advance"
    # Wholesale stays in arrears: May's run makes April's wholesale invoice, exactly as arrears.
    # REC_DAY unit-days: c1 10x1 + 20x2, c2 15x1 = 65 of 30 -> 65/30 x 0.30 = 0.65
    assert amounts(wholesale(adv, "2026-04")) == ["0.65"]
    assert not Invoice.objects.filter(cloud=adv, kind="wholesale", period="2026-05").exists()
    # A rerun changes nothing (idempotent) and issued invoices never change.
    assert bill(adv, "2026-05", utc(2026, 5, 5)).status == "completed"
    assert totals(retail(adv, "2026-05", "acme"))["total"] == "41.66"


def test_spanish_account_reads_the_true_up_in_spanish(adv, freeze):  # type: ignore[no-untyped-def]
    account_update(actor=SYSTEM, account=acme(adv), language="es")
    camera(adv, "c1", acme(adv), "T10", utc(2026, 4, 1))
    bill(adv, "2026-04", utc(2026, 4, 2))
    bill(adv, "2026-05", utc(2026, 5, 2))
    descs = [ln.description for ln in retail(adv, "2026-05", "acme").lines.all()]
    assert descs[0].startswith("Por adelantado: Cámara c1")
    assert descs[1].startswith("Regularización de abril de 2026: Cámara c1")
    assert descs[2] == "Regularización de abril de 2026: Cámara c1, menos lo cobrado por adelantado"


def test_trial_inside_an_advance_month(adv, freeze):  # type: ignore[no-untyped-def]
    # Trial until 2026-05-11 00:00: days 1-10 of May free; the advance charges 21 of 31 days.
    account_update(actor=SYSTEM, account=acme(adv), trial_until=utc(2026, 5, 11))
    camera(adv, "c1", acme(adv), "T20", utc(2026, 4, 20))
    freeze(utc(2026, 5, 2))
    bill(adv, "2026-05", utc(2026, 5, 2))
    may = retail(adv, "2026-05", "acme")
    # advance: 20 x 21/31 = 13.548 -> 13.55; April (days 20-30) all in trial: no true-up line
    assert kinds(may) == [("advance", "13.55")]
    adv_line = may.lines.get(kind="advance")
    assert (adv_line.days, adv_line.date_from.day) == (21, 11)
    freeze(utc(2026, 6, 2))
    bill(adv, "2026-06", utc(2026, 6, 2))
    june = retail(adv, "2026-06", "acme")
    # June 20.00 ahead; May's arrears are the same 21 days: 13.55, less 13.55.
    assert kinds(june) == [("advance", "20.00"), ("tariff", "13.55"), ("true_up", "-13.55")]
    assert june.total == Decimal("20.00")


def test_camera_removed_mid_month_in_advance(adv, freeze):  # type: ignore[no-untyped-def]
    c1 = camera(adv, "c1", acme(adv), "T10", utc(2026, 3, 1))
    camera(adv, "c2", acme(adv), "T20", utc(2026, 3, 1))
    freeze(utc(2026, 4, 2))
    bill(adv, "2026-04", utc(2026, 4, 2))
    assert kinds(retail(adv, "2026-04", "acme"))[:2] == [("advance", "10.00"), ("advance", "20.00")]
    # c1 removed (no tariff) from 2026-04-13 00:00, after April's invoice was issued: days 1-12.
    change(c1, None, utc(2026, 4, 13))
    freeze(utc(2026, 5, 2))
    bill(adv, "2026-05", utc(2026, 5, 2))
    may = retail(adv, "2026-05", "acme")
    # c1 is not billed ahead for May; April's true-up gives back 18 of its 30 days.
    assert kinds(may) == [
        ("advance", "20.00"),
        ("tariff", "4.00"),  # c1 T10 x 12/30
        ("tariff", "20.00"),  # c2 all April
        ("true_up", "-10.00"),
        ("true_up", "-20.00"),
    ]
    assert may.total == Decimal("14.00")
    # over April: 10.00 + 20.00 ahead, then 4.00 + 20.00 - 30.00 = 24.00 = what arrears charge


def test_second_proration_in_a_dst_month(world, freeze):  # type: ignore[no-untyped-def]
    """Madrid, March 2026 has 743 hours (DST starts 29 March): second proration
    is exact on the true-up, the advance is the full month."""
    freeze(utc(2026, 2, 20))
    c = new_cloud(
        "dst",
        "EUR",
        "Europe/Madrid",
        proration="second",
        billing_timing="advance",
        auto_issue=True,
    )
    from tests.scenarios.conftest import price

    price(world, "REC_DAY", "EUR", "0.30")
    tariff(c, "T30", "30.00", REC_DAY=1)
    a = account(c, "acme")
    tz = "Europe/Madrid"
    cam = camera(c, "c1", a, "T30", local(tz, 2026, 3, 1))
    freeze(utc(2026, 3, 2))
    bill(c, "2026-03", utc(2026, 3, 2))
    assert kinds(retail(c, "2026-03", "acme")) == [("advance", "30.00")]
    # Removed on 30 March 12:00 local (after the DST change): 29 x 24 - 1 + 12 = 707 h of 743.
    change(cam, None, local(tz, 2026, 3, 30, 12))
    freeze(utc(2026, 4, 2))
    bill(c, "2026-04", utc(2026, 4, 2))
    april = retail(c, "2026-04", "acme")
    # 30 x 707/743 = 28.5464 -> 28.55
    assert kinds(april) == [("tariff", "28.55"), ("true_up", "-30.00")]
    assert april.total == Decimal("-1.45")
    assert InvoiceLine.objects.get(invoice=april, kind="tariff").days == Decimal("29.4583")


def test_run_before_the_period_begins_is_refused(adv):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as e:
        bill(adv, "2026-04", utc(2026, 3, 31, 23))
    assert e.value.code == "period_not_closed"


def test_switch_arrears_to_advance_and_back(adv, freeze):  # type: ignore[no-untyped-def]
    """Arrears for March, advance for April and May, arrears again from June:
    every month costs what arrears charge, no day twice, none missed."""
    cloud_update(actor=SYSTEM, cloud=adv, billing_timing="arrears")
    adv.refresh_from_db()
    c1 = camera(adv, "c1", acme(adv), "T10", utc(2026, 3, 11))  # March: 21 days = 6.77
    freeze(utc(2026, 4, 1, 1))
    bill(adv, "2026-03", utc(2026, 4, 1, 1))
    assert kinds(retail(adv, "2026-03", "acme")) == [("tariff", "6.77")]
    cloud_update(actor=SYSTEM, cloud=adv, billing_timing="advance")
    adv.refresh_from_db()
    bill(adv, "2026-04", utc(2026, 4, 1, 2))
    # March already billed in arrears: no true-up of March.
    assert kinds(retail(adv, "2026-04", "acme")) == [("advance", "10.00")]
    change(c1, "T20", utc(2026, 4, 16))
    freeze(utc(2026, 5, 1, 1))
    bill(adv, "2026-05", utc(2026, 5, 1, 1))
    # May 20.00 ahead; April: 15 days T10 5.00 + 15 days T20 10.00, less 10.00
    assert kinds(retail(adv, "2026-05", "acme")) == [
        ("advance", "20.00"),
        ("tariff", "5.00"),
        ("tariff", "10.00"),
        ("true_up", "-10.00"),
    ]
    cloud_update(actor=SYSTEM, cloud=adv, billing_timing="arrears")
    adv.refresh_from_db()
    change(c1, None, utc(2026, 6, 11))
    freeze(utc(2026, 7, 1, 1))
    # The scheduler finds May's run completed; June's arrears run trues up May too.
    bill(adv, "2026-06", utc(2026, 7, 1, 1))
    assert kinds(retail(adv, "2026-06", "acme")) == [
        ("tariff", "6.67"),  # June 1-10 of T20: 20 x 10/30
        ("tariff", "20.00"),  # true-up of May
        ("true_up", "-20.00"),
    ]
    assert amounts(wholesale(adv, "2026-05")) and amounts(wholesale(adv, "2026-06"))
    total = sum(i.total for i in Invoice.objects.filter(cloud=adv, kind="retail"))
    # arrears: March 6.77 + April 15.00 + May 20.00 + June 6.67
    assert total == Decimal("48.44")


def test_issue_of_an_advance_invoice_keeps_the_month_open(adv, freeze):  # type: ignore[no-untyped-def]
    cloud_update(actor=SYSTEM, cloud=adv, auto_issue=False)
    camera(adv, "c1", acme(adv), "T10", utc(2026, 3, 1))
    freeze(utc(2026, 4, 2))
    bill(adv, "2026-04", utc(2026, 4, 2))
    assert billed_until(adv) is None
    invoice_issue(actor=SYSTEM, invoice=retail(adv, "2026-04", "acme"), now=utc(2026, 4, 2))
    assert billed_until(adv) == utc(2026, 4, 1)


def test_scheduled_job_bills_advance_clouds_after_the_grace(adv, freeze):  # type: ignore[no-untyped-def]
    from cambill.invoicing.tasks import bill_previous_month

    camera(adv, "c1", acme(adv), "T10", utc(2026, 3, 1))
    freeze(utc(2026, 4, 3, 12))
    assert [r for r in bill_previous_month(utc(2026, 4, 3, 12)) if r["cloud"] == "adv"] == []
    freeze(utc(2026, 4, 4, 6))
    done = [r for r in bill_previous_month(utc(2026, 4, 4, 6)) if r["cloud"] == "adv"]
    assert [(r["period"], r["status"]) for r in done] == [("2026-04", "completed")]
    # April billed ahead, March (never billed) as its true-up: 10.00 + 10.00
    assert kinds(retail(adv, "2026-04", "acme")) == [("advance", "10.00"), ("tariff", "10.00")]
    assert [r for r in bill_previous_month(utc(2026, 4, 4, 7)) if r["cloud"] == "adv"] == []


def test_late_usage_of_a_month_billed_ahead_goes_on_after_its_true_up(world, freeze):  # type: ignore[no-untyped-def]
    """telenet (Bogota) bills March in arrears with 150 h on camera A (5.00 above
    the free 100 h), then switches to advance: April's usage is billed by May's
    true-up, and April usage arriving after that is late usage on June's."""
    from tests.invoicing.test_late_usage import hours, ingest, issue_all, setup_metered

    freeze(utc(2026, 4, 5, 12))
    t = setup_metered(world)
    issue_all(t, "2026-03", utc(2026, 4, 5, 13))
    cloud_update(actor=SYSTEM, cloud=t, billing_timing="advance")
    t.refresh_from_db()
    bill(t, "2026-04", utc(2026, 4, 5, 14))
    april = retail(t, "2026-04", "acme")
    assert {ln.kind for ln in april.lines.all()} == {"advance"}  # March billed in arrears
    issue_all(t, "2026-04", utc(2026, 4, 5, 15))
    # April usage while April's advance invoice is issued is not late: May's true-up bills it.
    r = ingest(t, [hours("a1", 120, "2026-04-10T15:00:00Z")], now=utc(2026, 4, 10))
    assert r.late == 0
    freeze(utc(2026, 5, 4, 12))
    bill(t, "2026-05", utc(2026, 5, 4, 12))
    may = retail(t, "2026-05", "acme")
    metered = may.lines.get(kind="metered")
    # 120 h: 20 above the free 100 at 0.10 = 2.00, dated with April
    assert (metered.amount, str(metered.date_from)) == (Decimal("2.0000"), "2026-04-01")
    assert metered.description.startswith("True-up of April 2026: Camera A, Recording above 100 h")
    issue_all(t, "2026-05", utc(2026, 5, 4, 13))
    # Now April's usage is invoiced: 10 more hours of April are late.
    r = ingest(t, [hours("a2", 10, "2026-04-20T15:00:00Z")], now=utc(2026, 5, 10))
    assert r.late == 1
    freeze(utc(2026, 6, 4, 12))
    for _ in range(2):  # a rerun bills it once
        bill(t, "2026-06", utc(2026, 6, 4, 12))
        june = retail(t, "2026-06", "acme")
        adj = june.lines.get(kind="adjustment")
        assert adj.amount == Decimal("1.0000")  # 130 h: 3.00 less the 2.00 of May's true-up
        assert adj.description.startswith("Late usage of 2026-04")
    assert not june.lines.filter(kind="metered").exists()  # May had no usage

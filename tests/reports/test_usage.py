"""The usage report: per camera, account and tariff; ranges; scopes; exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine

from cambill.catalog.services import account_discount_create
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, ErrorCode
from cambill.reports.export import report_csv, report_json, report_xlsx
from cambill.reports.usage import usage_report
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill, retail

pytestmark = pytest.mark.django_db
MARCH = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}


@pytest.fixture
def example(world):  # type: ignore[no-untyped-def]
    with time_machine.travel(utc(2026, 4, 5), tick=False):
        add_cameras(world)
        yield world


def acc(report, code):  # type: ignore[no-untyped-def]
    return next(a for a in report["accounts"] if a["code"] == code)


def test_worked_example_month(example):
    t = example.clouds["telenet"]
    r = usage_report(actor=example.actor("cadmin"), cloud=t, **MARCH)
    a = acc(r, "acme")
    assert a["totals"]["retail"] == Decimal("21.77")
    assert a["totals"]["wholesale_cost"] == Decimal("9.29")
    assert a["totals"]["margin"] == Decimal("12.48")
    assert a["totals"]["billed_days"] == 84
    assert a["totals"]["services"] == {"LPR": 47, "REC_DAY": 440}
    cams = {c["camera"]: c for c in a["cameras"]}
    assert [iv["retail"] for iv in cams["C"]["intervals"]] == [Decimal("1.45"), Decimal("6.19")]
    assert [iv["billed_days"] for iv in cams["C"]["intervals"]] == [15, 16]
    assert cams["A"]["wholesale_cost"] == Decimal("5.49")  # (2.10 + 4.00) x 0.9
    assert cams["A"]["services"] == {"LPR": 31, "REC_DAY": 217}
    tariffs = {x["tariff"]: x for x in r["tariffs"]}
    assert tariffs["HOME3"]["cameras"] == 3 and tariffs["HOME3"]["retail"] == Decimal(
        "6.58"
    )  # B, C, D
    assert tariffs["TRAFFIC7"]["cameras"] == 2 and tariffs["TRAFFIC7"]["retail"] == Decimal("18.19")
    assert r["totals"]["retail"] == Decimal("24.77") and r["totals"]["net"] == Decimal("24.77")
    # A whole month reports exactly what the bill run invoices.
    bill(t, "2026-03", utc(2026, 4, 5))
    for code in ("acme", "beta"):
        assert acc(r, code)["totals"]["net"] == retail(t, "2026-03", code).net


def test_partial_and_cross_month_ranges(example):
    t = example.clouds["telenet"]
    r = usage_report(
        actor=example.actor("padmin"),
        cloud=t,
        date_from=date(2026, 3, 10),
        date_to=date(2026, 3, 20),
        account="acme",
    )
    cams = {c["camera"]: c for c in acc(r, "acme")["cameras"]}
    assert cams["A"]["billed_days"] == 11 and cams["A"]["retail"] == Decimal("4.26")  # 12 x 11/31
    assert [iv["billed_days"] for iv in cams["C"]["intervals"]] == [
        6,
        5,
    ]  # HOME3 10-15, TRAFFIC7 16-20
    r = usage_report(
        actor=example.actor("padmin"),
        cloud=t,
        date_from=date(2026, 2, 15),
        date_to=date(2026, 3, 15),
        account="acme",
    )
    a_rows = {c["camera"]: c for c in acc(r, "acme")["cameras"]}["A"]
    # Feb 15-28 (14 of 28) at 12.00 = 6.00, Mar 1-15 (15 of 31) = 5.81
    assert [iv["retail"] for iv in a_rows["intervals"]] == [Decimal("6.00"), Decimal("5.81")]
    assert a_rows["billed_days"] == 29


def test_discounts_and_trials(example):
    from cambill.clouds.services import account_update

    t = example.clouds["telenet"]
    account_discount_create(
        actor=SYSTEM, account=example.accounts["acme"], kind="percent", value="10"
    )
    account_update(actor=SYSTEM, account=example.accounts["beta"], trial_until=utc(2026, 3, 11, 5))
    r = usage_report(actor=example.actor("caccountant"), cloud=t, **MARCH)
    a = acc(r, "acme")["totals"]
    assert (a["retail"], a["discounts"], a["net"]) == (
        Decimal("21.77"),
        Decimal("-2.18"),
        Decimal("19.59"),
    )
    assert a["margin"] == Decimal("10.30")
    b = acc(r, "beta")["totals"]
    assert (b["billed_days"], b["trial_days"], b["retail"]) == (21, 10, Decimal("2.03"))
    assert b["services"] == {"REC_DAY": 93}  # consumed, trial or not


def test_scopes_and_hidden_costs(example):
    t = example.clouds["telenet"]
    for who, codes, costs in [
        ("padmin", ["acme", "beta"], True),
        ("pmanager", ["acme", "beta"], True),
        ("caccountant", ["acme", "beta"], True),
        ("amanager", ["acme"], False),
        ("agent", ["acme"], False),
        ("subscriber2", ["beta"], False),
    ]:
        r = usage_report(actor=example.actor(who), cloud=t, **MARCH)
        assert [a["code"] for a in r["accounts"]] == codes, who
        assert ("wholesale_cost" in r["totals"]) is costs, who
        assert ("wholesale_cost" in r["accounts"][0]["cameras"][0]["intervals"][0]) is costs, who
    for who, kwargs in [("subscriber", {"account": "beta"}), ("otheradmin", {}), ("pmanager2", {})]:
        with pytest.raises(DomainError) as e:
            usage_report(actor=example.actor(who), cloud=t, **MARCH, **kwargs)
        assert e.value.code == ErrorCode.NOT_FOUND, who
    with pytest.raises(DomainError):
        usage_report(
            actor=example.actor("padmin"),
            cloud=t,
            date_from=date(2026, 3, 2),
            date_to=date(2026, 3, 1),
        )
    with pytest.raises(DomainError):
        usage_report(
            actor=example.actor("padmin"),
            cloud=t,
            date_from=date(2025, 1, 1),
            date_to=date(2026, 3, 1),
        )


def test_exports(example):
    t = example.clouds["telenet"]
    r = usage_report(actor=example.actor("cadmin"), cloud=t, **MARCH)
    data = report_json(r)
    assert acc(data, "acme")["totals"]["retail"] == "21.77"
    assert data["from"] == "2026-03-01"
    assert acc(data, "acme")["cameras"][1]["intervals"][0]["start"] == "2026-03-10T00:00:00-05:00"
    rows = list(csv.DictReader(io.StringIO(report_csv(r))))
    kinds = [row["row"] for row in rows]
    assert (
        kinds.count("interval") == 5 and kinds.count("account") == 2 and kinds.count("tariff") == 2
    )
    assert kinds[-1] == "total"
    total = rows[-1]
    assert (total["retail"], total["net"], total["REC_DAY unit-days"]) == ("24.77", "24.77", "533")
    acme_row = next(row for row in rows if row["row"] == "account" and row["account"] == "acme")
    assert (acme_row["wholesale_cost"], acme_row["margin"]) == ("9.29", "12.48")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(report_xlsx(r)))
    assert wb.sheetnames == ["Cameras", "Accounts", "Tariffs", "Report"]
    assert wb["Cameras"].max_row == 6 and wb["Accounts"].max_row == 4  # 2 accounts + total
    # Subscribers' exports have no cost columns.
    r = usage_report(actor=example.actor("subscriber"), cloud=t, **MARCH)
    assert "wholesale_cost" not in report_csv(r).splitlines()[0]

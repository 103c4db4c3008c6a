"""Products, one-off charges and coupons through the public API, with the
invoices they make, to the cent (telenet: USD, Bogota, VAT 19 %)."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from tests.api.helpers import bearer, err, unchanged
from tests.conftest import utc

pytestmark = pytest.mark.django_db

T = "/api/v1/clouds/telenet"


@pytest.fixture
def cadmin(world: Any) -> Any:
    return bearer("cadmin")


def at(instant: Any) -> Any:
    return time_machine.travel(instant, tick=False)


def add_camera(c: Any, code: str, tariff: str, when: str) -> None:
    r = c.post(
        f"{T}/cameras/",
        {"code": code, "account": "acme", "tariff": tariff, "at": when},
        format="json",
    )
    assert r.status_code == 201, r.content


def run_bills(c: Any, period: str) -> None:
    r = c.post(f"{T}/bill-runs/", {"period": period}, format="json")
    assert r.status_code == 201, r.content


def invoice(c: Any, period: str, account: str = "acme") -> dict[str, Any]:
    r = c.get(f"{T}/invoices/?period={period}&kind=retail&account={account}")
    [row] = r.json()["results"]
    return c.get(f"{T}/invoices/{row['id']}/").json()


def lines(inv: dict[str, Any]) -> list[tuple[str, str]]:
    return [(ln["kind"], ln["amount"]) for ln in inv["lines"] + inv["allowances"]]


def money(inv: dict[str, Any]) -> tuple[str, ...]:
    return tuple(inv[k] for k in ("subtotal", "discount", "net", "tax", "total"))


def test_products_crud(world: Any, cadmin: Any) -> None:
    body = {"code": "DOME-4MP", "name": "Dome 4 MP", "price": "89.90"}
    r = cadmin.post(f"{T}/products/", body, format="json")
    assert r.status_code == 201, r.content
    assert r.json() == {
        "code": "DOME-4MP",
        "name": "Dome 4 MP",
        "description": "",
        "price": "89.90",
        "tax_percent": "19.00",
        "active": True,
    }
    err(cadmin.post(f"{T}/products/", body, format="json"), 409, "duplicate")
    r = cadmin.patch(f"{T}/products/DOME-4MP/", {"price": "79.5"}, format="json")
    assert r.json()["price"] == "79.50"
    assert [p["code"] for p in cadmin.get(f"{T}/products/").json()["results"]] == ["DOME-4MP"]
    # other roles and clouds
    am, other = bearer("amanager"), bearer("otheradmin")
    with unchanged():
        err(am.post(f"{T}/products/", body, format="json"), 403, "forbidden")
        err(other.get(f"{T}/products/DOME-4MP/"), 404, "not_found")
        err(
            cadmin.post(f"{T}/products/", {**body, "code": "X", "price": "-1"}, format="json"),
            400,
            "negative_amount",
        )
    assert cadmin.delete(f"{T}/products/DOME-4MP/").status_code == 204
    err(cadmin.get(f"{T}/products/DOME-4MP/"), 404, "not_found")


def test_a_charge_dated_in_an_issued_period_lands_on_the_next_invoice(
    world: Any, cadmin: Any
) -> None:
    with at(utc(2026, 3, 20)):
        add_camera(cadmin, "cam1", "HOME3", "2026-03-01T00:00:00-05:00")
        cadmin.post(
            f"{T}/products/",
            {"code": "BULLET", "name": "Bullet 2 MP", "price": "45"},
            format="json",
        )
    with at(utc(2026, 4, 2)):
        run_bills(cadmin, "2026-03")
        march = invoice(cadmin, "2026-03")
        r = cadmin.post(f"{T}/invoices/{march['id']}/issue/", {}, format="json")
        assert r.status_code == 200, r.content
        r = bearer("amanager").post(
            f"{T}/accounts/acme/charges/",
            {"product": "BULLET", "quantity": "2", "date": "2026-03-31", "camera": "cam1"},
            format="json",
        )
        assert r.status_code == 201, r.content
        charge = r.json()
        assert {k: charge[k] for k in ("description", "unit_price", "amount", "status")} == {
            "description": "Bullet 2 MP",
            "unit_price": "45.00",
            "amount": "90.00",
            "status": "pending",
        }
        r = cadmin.post(
            f"{T}/accounts/acme/charges/",
            {"description": "Installation", "unit_price": "30.005", "date": "2026-04-01"},
            format="json",
        )
        assert r.json()["amount"] == "30.01"
        gone = cadmin.post(
            f"{T}/accounts/acme/charges/",
            {"description": "Typo", "unit_price": "1"},
            format="json",
        ).json()
        assert cadmin.delete(f"{T}/accounts/acme/charges/{gone['id']}/").status_code == 204
        sub, am2 = bearer("subscriber"), bearer("amanager2")
        with unchanged():
            err(
                cadmin.post(f"{T}/accounts/acme/charges/", {"quantity": "1"}, format="json"),
                400,
                "validation_error",
            )
            err(
                sub.post(
                    f"{T}/accounts/acme/charges/",
                    {"description": "x", "unit_price": "1"},
                    format="json",
                ),
                403,
                "forbidden",
            )
            err(am2.get(f"{T}/accounts/acme/charges/"), 404, "not_found")
    with at(utc(2026, 5, 2)):
        run_bills(cadmin, "2026-04")
        run_bills(cadmin, "2026-04")  # a rerun never duplicates them
        april = invoice(cadmin, "2026-04")
        assert lines(april) == [("tariff", "3.00"), ("one_off", "90.00"), ("one_off", "30.01")]
        assert money(april) == ("123.01", "0.00", "123.01", "23.37", "146.38")
        assert lines(invoice(cadmin, "2026-03")) == [("tariff", "3.00")]
        r = cadmin.post(f"{T}/invoices/{april['id']}/issue/", {}, format="json")
        listed = cadmin.get(f"{T}/accounts/acme/charges/").json()["results"]
        assert {c["status"] for c in listed} == {"invoiced"}
        assert {c["invoice"] for c in listed} == {r.json()["number"]}
        err(cadmin.delete(f"{T}/accounts/acme/charges/{charge['id']}/"), 409, "invoice_immutable")
        # the subscriber sees its charges
        assert len(bearer("subscriber").get(f"{T}/accounts/acme/charges/").json()["results"]) == 2


def coupon(c: Any, **body: Any) -> dict[str, Any]:
    r = c.post(f"{T}/coupons/", body, format="json")
    assert r.status_code == 201, r.content
    return r.json()


def redeem(c: Any, code: str, when: str | None = None, account: str = "acme") -> Any:
    body = {"coupon": code} | ({"at": when} if when else {})
    return c.post(f"{T}/accounts/{account}/coupons/", body, format="json")


def test_a_100_percent_coupon_makes_the_invoice_zero(world: Any, cadmin: Any) -> None:
    with at(utc(2026, 3, 2)):
        add_camera(cadmin, "cam1", "TRAFFIC7", "2026-03-01T00:00:00-05:00")
        body = coupon(cadmin, code="FREE", percent="100", duration="once")
        assert body["tariffs"] == [] and body["times_redeemed"] == 0
        r = redeem(bearer("subscriber"), "FREE")
        assert r.status_code == 201, r.content
        assert r.json() == {
            "coupon": "FREE",
            "at": "2026-03-01T19:00:00-05:00",
            "first_period": "2026-03",
            "last_period": "2026-03",
            "source": "portal",
        }
    with at(utc(2026, 4, 2)):
        run_bills(cadmin, "2026-03")
        inv = invoice(cadmin, "2026-03")
        assert lines(inv) == [("tariff", "12.00"), ("coupon", "-12.00")]
        assert money(inv) == ("12.00", "-12.00", "0.00", "0.00", "0.00")


def test_a_percent_coupon_after_an_account_discount(world: Any, cadmin: Any) -> None:
    with at(utc(2026, 3, 2)):
        add_camera(cadmin, "cam1", "TRAFFIC7", "2026-03-01T00:00:00-05:00")
        r = cadmin.post(
            f"{T}/accounts/acme/discounts/", {"kind": "percent", "value": "10"}, format="json"
        )
        assert r.status_code == 201, r.content
        coupon(cadmin, code="SPRING15", percent="15", duration="forever")
        assert redeem(cadmin, "SPRING15").status_code == 201
    with at(utc(2026, 4, 2)):
        run_bills(cadmin, "2026-03")
        inv = invoice(cadmin, "2026-03")
        # 12.00 - 1.20 = 10.80; 15 % of 10.80 = 1.62
        assert lines(inv) == [("tariff", "12.00"), ("discount", "-1.20"), ("coupon", "-1.62")]
        assert money(inv) == ("12.00", "-2.82", "9.18", "1.74", "10.92")


def test_an_amount_coupon_larger_than_the_invoice(world: Any, cadmin: Any) -> None:
    with at(utc(2026, 3, 2)):
        add_camera(cadmin, "cam1", "HOME3", "2026-03-01T00:00:00-05:00")
        body = coupon(cadmin, code="TEN", amount="10", duration="once")
        assert body["amount"] == "10.00"
        assert redeem(cadmin, "TEN", "2026-03-01T00:00:00-05:00").status_code == 201
    with at(utc(2026, 4, 2)):
        run_bills(cadmin, "2026-03")
        inv = invoice(cadmin, "2026-03")
        assert lines(inv) == [("tariff", "3.00"), ("coupon", "-3.00")]
        assert money(inv) == ("3.00", "-3.00", "0.00", "0.00", "0.00")


def test_a_repeating_coupon_for_two_months(world: Any, cadmin: Any) -> None:
    with at(utc(2026, 3, 2)):
        add_camera(cadmin, "cam1", "TRAFFIC7", "2026-03-01T00:00:00-05:00")
        coupon(cadmin, code="TWO", percent="50", duration="repeating", months=2)
        r = redeem(cadmin, "TWO", "2026-03-15T12:00:00-05:00")
        assert (r.json()["first_period"], r.json()["last_period"]) == ("2026-03", "2026-04")
    got = []
    for period, now in (("2026-03", utc(2026, 4, 2)), ("2026-04", utc(2026, 5, 2))):
        with at(now):
            run_bills(cadmin, period)
            got.append(money(invoice(cadmin, period)))
    with at(utc(2026, 6, 2)):
        run_bills(cadmin, "2026-05")
        got.append(money(invoice(cadmin, "2026-05")))
    assert got == [
        ("12.00", "-6.00", "6.00", "1.14", "7.14"),
        ("12.00", "-6.00", "6.00", "1.14", "7.14"),
        ("12.00", "0.00", "12.00", "2.28", "14.28"),
    ]


def test_a_tariff_restricted_coupon(world: Any, cadmin: Any) -> None:
    with at(utc(2026, 3, 2)):
        add_camera(cadmin, "cam1", "TRAFFIC7", "2026-03-01T00:00:00-05:00")
        add_camera(cadmin, "cam2", "HOME3", "2026-03-01T00:00:00-05:00")
        body = coupon(cadmin, code="HOMEFREE", percent="100", duration="once", tariffs=["HOME3"])
        assert body["tariffs"] == ["HOME3"]
        assert redeem(cadmin, "HOMEFREE").status_code == 201
    with at(utc(2026, 4, 2)):
        run_bills(cadmin, "2026-03")
        inv = invoice(cadmin, "2026-03")
        assert sorted(lines(inv)) == [
            ("coupon", "-3.00"),
            ("tariff", "12.00"),
            ("tariff", "3.00"),
        ]
        assert money(inv) == ("15.00", "-3.00", "12.00", "2.28", "14.28")


def test_coupon_rules_through_the_api(world: Any, cadmin: Any) -> None:
    am = bearer("amanager")
    with at(utc(2026, 3, 2)):
        with unchanged():
            for bad in (
                {"code": "X", "duration": "once"},
                {"code": "X", "duration": "once", "percent": "10", "amount": "1"},
                {"code": "X", "duration": "repeating", "percent": "10"},
                {"code": "X", "duration": "once", "percent": "101"},
                {"code": "X", "duration": "once", "amount": "1.001"},
                {"code": "X", "duration": "once", "percent": "5", "tariffs": ["NOPE"]},
                {"code": "X", "duration": "weekly", "percent": "5"},
            ):
                r = cadmin.post(f"{T}/coupons/", bad, format="json")
                assert r.status_code == 400, (bad, r.content)
            err(
                am.post(
                    f"{T}/coupons/",
                    {"code": "X", "duration": "once", "percent": "5"},
                    format="json",
                ),
                403,
                "forbidden",
            )
        coupon(cadmin, code="ONLY1", percent="5", duration="once", max_redemptions=1)
        assert redeem(cadmin, "ONLY1").status_code == 201
        err(redeem(cadmin, "ONLY1"), 409, "duplicate")
        err(redeem(cadmin, "ONLY1", account="beta"), 409, "conflict")
        err(redeem(bearer("subscriber"), "ONLY1", account="beta"), 404, "not_found")
        err(redeem(cadmin, "NOPE"), 400, "validation_error")
        r = cadmin.post(f"{T}/coupons/ONLY1/deactivate/", {}, format="json")
        assert r.status_code == 200 and r.json()["active"] is False
        assert cadmin.get(f"{T}/coupons/ONLY1/").json()["times_redeemed"] == 1
        assert [c["code"] for c in cadmin.get(f"{T}/coupons/").json()["results"]] == ["ONLY1"]
        assert [
            r["coupon"] for r in bearer("subscriber").get(f"{T}/accounts/acme/coupons/").json()
        ] == ["ONLY1"]

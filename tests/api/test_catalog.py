"""Services, provider tariffs, a cloud's tariffs and account discounts: CRUD."""

from __future__ import annotations

import pytest

from cambill.catalog.models import AccountDiscount, Service, ServicePrice, TariffPlan
from cambill.core.models import AuditEntry

from .helpers import err

pytestmark = pytest.mark.django_db


def test_services_list_detail(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    body = c.get("/api/v1/services/").json()
    assert body["count"] == 2
    assert set(body) == {"count", "next", "previous", "results"}
    rec = c.get("/api/v1/services/REC_DAY/").json()
    assert rec == {
        "code": "REC_DAY",
        "name": "1 day of continuous recording",
        "kind": "fixed",
        "unit": "camera-month",
        "preset_settings": {"dvr_days": 1},
        "active": True,
        "billed_while_suspended": False,
        "sat_product_code": "81112000",
        "sat_unit_code": "E48",
        "meter": None,
        "prices": [
            {
                "currency": "USD",
                "amount": "0.30",
                "valid_from": "2020-01-01",
                "pricing": None,
                "included_per_camera": None,
            }
        ],
    }
    err(c.get("/api/v1/services/NOPE/"), 404, "not_found")


def test_service_create_and_update(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    resp = c.post(
        "/api/v1/services/",
        {
            "code": "STORAGE_GB",
            "name": "Archive storage per GB",
            "kind": "fixed",
            "unit": "GB-month",
            "prices": [
                {"currency": "USD", "amount": "0.015"},
                {"currency": "JPY", "amount": "2", "valid_from": "2026-01-01"},
            ],
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    assert body["kind"] == "fixed"
    # A unit price keeps its significant places; a JPY price has no minor unit.
    fixed = {"pricing": None, "included_per_camera": None}
    assert body["prices"] == [
        {"currency": "JPY", "amount": "2", "valid_from": "2026-01-01"} | fixed,
        {"currency": "USD", "amount": "0.015", "valid_from": "2000-01-01"} | fixed,
    ]
    assert AuditEntry.objects.filter(verb="service_create", object_repr="STORAGE_GB").exists()

    resp = c.patch(
        "/api/v1/services/STORAGE_GB/",
        {
            "name": "Storage",
            "active": False,
            "prices": [{"currency": "USD", "amount": "0.02", "valid_from": "2026-06-01"}],
        },
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert body["name"] == "Storage" and body["active"] is False
    assert [p["amount"] for p in body["prices"] if p["currency"] == "USD"] == ["0.015", "0.02"]
    # Refusing the second price of a PATCH undoes the first change too.
    resp = c.patch(
        "/api/v1/services/STORAGE_GB/",
        {
            "name": "Renamed",
            "prices": [{"currency": "XXX1", "amount": "1", "valid_from": "2026-07-01"}],
        },
        format="json",
    )
    err(resp, 400, "unknown_currency")
    assert Service.objects.get(code="STORAGE_GB").name == "Storage"


def test_service_code_cannot_change(world, api) -> None:  # type: ignore[no-untyped-def]
    body = err(
        api("padmin").patch("/api/v1/services/LPR/", {"code": "X"}, format="json"),
        400,
        "validation_error",
    )
    assert "cannot change" in body["fields"]["code"][0]


def test_provider_tariffs_crud(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    assert [t["code"] for t in c.get("/api/v1/tariffs/").json()["results"]] == ["PROV1"]
    resp = c.post(
        "/api/v1/tariffs/",
        {
            "code": "PROV2",
            "name": "Provider plus",
            "currency": "USD",
            "price": "9.5",
            "components": [{"service": "REC_DAY", "quantity": "2"}, {"service": "LPR"}],
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json() == {
        "code": "PROV2",
        "name": "Provider plus",
        "currency": "USD",
        "price": "9.50",
        "active": True,
        "self_service": False,
        "components": [
            {"service": "REC_DAY", "quantity": "2.00"},
            {"service": "LPR", "quantity": "1.00"},
        ],
    }
    assert TariffPlan.objects.get(code="PROV2").cloud_id is None
    resp = c.patch(
        "/api/v1/tariffs/PROV2/",
        {"price": "10", "components": [{"service": "LPR", "quantity": "0.5"}]},
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    assert resp.json()["price"] == "10.00"
    assert resp.json()["components"] == [{"service": "LPR", "quantity": "0.50"}]
    assert c.get("/api/v1/tariffs/PROV2/").json()["price"] == "10.00"
    # A cloud's own tariff is not a provider tariff.
    err(c.get("/api/v1/tariffs/TRAFFIC7/"), 404, "not_found")


def test_cloud_tariffs_crud(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("cadmin")
    body = c.get("/api/v1/clouds/telenet/tariffs/").json()
    assert [(t["code"], t["owner"]) for t in body["results"]] == [
        ("HOME3", "cloud"),
        ("PROV1", "provider"),
        ("TRAFFIC7", "cloud"),
    ]
    resp = c.post(
        "/api/v1/clouds/telenet/tariffs/",
        {
            "code": "BASIC1",
            "name": "Basic",
            "price": "1.99",
            "components": [{"service": "REC_DAY", "quantity": 1}],
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["currency"] == "USD" and resp.json()["owner"] == "cloud"
    resp = c.patch(
        "/api/v1/clouds/telenet/tariffs/BASIC1/",
        {"name": "Basic 1", "active": False},
        format="json",
    )
    assert (
        resp.status_code == 200
        and resp.json()["name"] == "Basic 1"
        and resp.json()["active"] is False
    )
    assert c.get("/api/v1/clouds/telenet/tariffs/?active=false").json()["count"] == 1
    # The provider's tariff is sold here but not edited by the cloud.
    err(
        c.patch("/api/v1/clouds/telenet/tariffs/PROV1/", {"price": "1"}, format="json"),
        403,
        "forbidden",
    )
    # Another cloud's tariff of the same code is invisible: telenet's HOME3 answers.
    assert c.get("/api/v1/clouds/telenet/tariffs/HOME3/").json()["price"] == "3.00"
    # currency is the cloud's: read-only.
    body = err(
        c.post(
            "/api/v1/clouds/telenet/tariffs/",
            {
                "code": "EUR1",
                "name": "x",
                "price": "1",
                "currency": "EUR",
                "components": [{"service": "LPR"}],
            },
            format="json",
        ),
        400,
        "validation_error",
    )
    assert "currency" in body["fields"]


def test_account_discounts(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("cadmin")
    url = "/api/v1/clouds/telenet/accounts/acme/discounts/"
    assert c.get(url).json()["count"] == 0
    resp = c.post(
        url,
        {"kind": "percent", "value": "10", "valid_from": "2026-03-01", "description": "Launch"},
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert {k: v for k, v in resp.json().items() if k != "id"} == {
        "kind": "percent",
        "value": "10.00",
        "valid_from": "2026-03-01",
        "valid_to": None,
        "description": "Launch",
    }
    resp = c.post(url, {"kind": "fixed", "value": "5"}, format="json")
    assert resp.status_code == 201 and resp.json()["value"] == "5.00"
    # Discounts without a start sort differently per database: compare as a set.
    assert {d["kind"] for d in c.get(url).json()["results"]} == {"percent", "fixed"}
    assert AccountDiscount.objects.filter(account__code="acme").count() == 2
    err(c.post(url, {"kind": "percent", "value": "101"}, format="json"), 400, "validation_error")
    err(c.post(url, {"kind": "fixed", "value": "-1"}, format="json"), 400, "negative_amount")
    err(c.get("/api/v1/clouds/telenet/accounts/nope/discounts/"), 404, "not_found")
    assert ServicePrice.objects.count() == 2

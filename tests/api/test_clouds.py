"""Clouds, subscriber accounts and cameras (with tariff history): CRUD and filters."""

from __future__ import annotations

import pytest

from cambill.catalog.models import CloudAllowedTariff, CloudServicePrice
from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
from cambill.core.models import AuditEntry

from .helpers import err, unchanged

pytestmark = pytest.mark.django_db

CAMS = "/api/v1/clouds/telenet/cameras"


def test_clouds_list_and_detail(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    body = c.get("/api/v1/clouds/").json()
    assert [x["slug"] for x in body["results"]] == ["othercloud", "telenet"]
    telenet = c.get("/api/v1/clouds/telenet/").json()
    assert telenet == {
        "slug": "telenet",
        "name": "Telenet",
        "currency": "USD",
        "timezone": "America/Bogota",
        "proration": "day",
        "discount_percent": "10.00",
        "tax_percent": "19.00",
        "wholesale_tax_percent": "0.00",
        "trial_until": None,
        "manager": "pmanager",
        "allowed_tariffs": ["PROV1"],
        "service_prices": [],
        "status": "active",
        "legal_name": "",
        "tax_id": "",
        "address": "",
        "invoice_prefix": "TELENET-",
        "invoice_number_width": 6,
        "auto_issue": False,
        "late_usage_policy": "next_period",
        "suspension_mode": "auto",
        "billing_timing": "arrears",
        "suspended_days": "bill",
        "offline_credit_hours": None,
        "review_threshold_percent": "20.00",
        "created_at": telenet["created_at"],
    }
    assert telenet["created_at"].endswith("-05:00")
    assert [x["slug"] for x in c.get("/api/v1/clouds/?currency=EUR").json()["results"]] == [
        "othercloud"
    ]
    assert [x["slug"] for x in c.get("/api/v1/clouds/?search=tele").json()["results"]] == [
        "telenet"
    ]
    assert [x["slug"] for x in c.get("/api/v1/clouds/?ordering=-slug").json()["results"]] == [
        "telenet",
        "othercloud",
    ]
    assert [x["slug"] for x in c.get("/api/v1/clouds/?manager=pmanager2").json()["results"]] == [
        "othercloud"
    ]


def test_cloud_create_with_terms(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    resp = c.post(
        "/api/v1/clouds/",
        {
            "slug": "andes",
            "name": "Andes Net",
            "currency": "USD",
            "timezone": "America/Lima",
            "proration": "second",
            "discount_percent": "12.5",
            "tax_percent": "18",
            "wholesale_tax_percent": "0",
            "trial_until": "2026-04-01T00:00:00-05:00",
            "manager": "pmanager2",
            "allowed_tariffs": ["PROV1"],
            "service_prices": [
                {"service": "REC_DAY", "amount": "0.25"},
                {"service": "LPR", "currency": "USD", "amount": "3.5"},
            ],
            "legal_name": "Andes Net SAC",
            "tax_id": "20123456789",
            "address": "Av. Lima 1",
            "invoice_prefix": "AN-",
            "invoice_number_width": 5,
            "auto_issue": True,
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    assert body["discount_percent"] == "12.50"
    assert body["trial_until"] == "2026-04-01T00:00:00-05:00"
    assert body["allowed_tariffs"] == ["PROV1"]
    assert body["service_prices"] == [
        {"service": "LPR", "currency": "USD", "amount": "3.50"},
        {"service": "REC_DAY", "currency": "USD", "amount": "0.25"},
    ]
    assert (body["invoice_prefix"], body["invoice_number_width"], body["auto_issue"]) == (
        "AN-",
        5,
        True,
    )
    andes = Cloud.objects.get(slug="andes")
    verbs = list(
        AuditEntry.objects.filter(object_type="clouds.cloud", object_id=str(andes.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["cloud_create", "cloud_set_allowed_tariffs", "cloud_set_service_prices"]


def test_cloud_create_is_all_or_nothing(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    for bad, code in [
        (
            {"allowed_tariffs": ["TRAFFIC7"]},
            "tariff_not_allowed",
        ),  # a cloud's tariff, not a provider's
        ({"service_prices": [{"service": "REC_DAY", "amount": "-1"}]}, "negative_amount"),
        ({"service_prices": [{"service": "NOPE", "amount": "1"}]}, "validation_error"),
    ]:
        with unchanged():
            err(
                c.post(
                    "/api/v1/clouds/",
                    {"slug": "half", "name": "Half", "currency": "USD", "timezone": "UTC", **bad},
                    format="json",
                ),
                400,
                code,
            )
    assert not Cloud.objects.filter(slug="half").exists()


def test_cloud_patch(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    resp = c.patch(
        "/api/v1/clouds/telenet/",
        {
            "discount_percent": "15",
            "status": "suspended",
            "allowed_tariffs": [],
            "service_prices": [{"service": "LPR", "amount": "3.00"}],
        },
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert (body["discount_percent"], body["status"], body["allowed_tariffs"]) == (
        "15.00",
        "suspended",
        [],
    )
    assert body["service_prices"] == [{"service": "LPR", "currency": "USD", "amount": "3.00"}]
    assert not CloudAllowedTariff.objects.filter(cloud__slug="telenet").exists()
    # All or nothing: the refused price undoes the discount change.
    with unchanged():
        err(
            c.patch(
                "/api/v1/clouds/telenet/",
                {"discount_percent": "20", "service_prices": [{"service": "LPR", "amount": "x"}]},
                format="json",
            ),
            400,
            "validation_error",
        )
        err(
            c.patch(
                "/api/v1/clouds/telenet/",
                {
                    "discount_percent": "20",
                    "service_prices": [{"service": "LPR", "currency": "EUR", "amount": "1"}],
                },
                format="json",
            ),
            400,
            "unknown_currency",
        )
        err(
            c.patch("/api/v1/clouds/telenet/", {"slug": "x"}, format="json"),
            400,
            "validation_error",
        )
    assert CloudServicePrice.objects.filter(cloud__slug="telenet").count() == 1


def test_accounts_crud_and_filters(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("cadmin")
    url = "/api/v1/clouds/telenet/accounts/"
    assert [a["code"] for a in c.get(url).json()["results"]] == ["acme", "beta"]
    acme = c.get(url + "acme/").json()
    assert {
        k: acme[k]
        for k in (
            "code",
            "name",
            "email",
            "account_manager",
            "referral_agent",
            "trial_until",
            "status",
            "language",
        )
    } == {
        "code": "acme",
        "name": "ACME Logistics",
        "email": "billing@acme.test",
        "account_manager": "amanager",
        "referral_agent": "agent1",
        "trial_until": None,
        "status": "active",
        "language": "en",
    }
    resp = c.post(
        url,
        {
            "code": "delta",
            "name": "Delta SA",
            "email": "ap@delta.test",
            "account_manager": "amanager2",
            "referral_agent": "agent2",
            "trial_until": "2026-05-01T00:00:00Z",
            "language": "es",
            "legal_name": "Delta S.A.",
            "tax_id": "900123",
            "address": "Calle 1",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    # Inside a cloud, times are shown in its zone.
    assert resp.json()["trial_until"] == "2026-04-30T19:00:00-05:00"
    resp = c.patch(url + "delta/", {"status": "suspended", "account_manager": None}, format="json")
    assert resp.status_code == 200, resp.json()
    assert (resp.json()["status"], resp.json()["account_manager"]) == ("suspended", None)

    def codes(q: str) -> list[str]:
        return [a["code"] for a in c.get(url + q).json()["results"]]

    assert codes("?status=suspended") == ["delta"]
    assert codes("?account_manager=amanager") == ["acme"]
    assert codes("?referral_agent=agent2") == ["beta", "delta"]
    assert codes("?search=shops") == ["beta"]
    assert codes("?ordering=-code") == ["delta", "beta", "acme"]
    assert codes("?page_size=1&page=2") == ["beta"]
    err(c.get(url + "?status=bogus"), 400, "validation_error")
    err(c.get(url + "gamma/"), 404, "not_found")  # another cloud's account
    err(c.post(url, {"code": "acme", "name": "Again"}, format="json"), 409, "duplicate")


def test_cameras_crud_history_moves_periods(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("cadmin")
    resp = c.post(
        f"{CAMS}/",
        {
            "code": "cam-1",
            "title": "Gate",
            "account": "acme",
            "tariff": "HOME3",
            "at": "2026-03-01T00:00:00-05:00",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    assert (body["code"], body["title"], body["account"], body["tariff"], body["status"]) == (
        "cam-1",
        "Gate",
        "acme",
        "HOME3",
        "active",
    )
    assert body["history"] == [
        {
            "tariff": "HOME3",
            "account": "acme",
            "valid_from": "2026-03-01T00:00:00-05:00",
            "valid_to": None,
        }
    ]
    assert c.post(f"{CAMS}/", {"code": "cam.2"}, format="json").status_code == 201  # no account yet
    assert c.get(f"{CAMS}/cam.2/").json()["tariff"] is None

    resp = c.patch(f"{CAMS}/cam-1/", {"title": "Main gate", "status": "disabled"}, format="json")
    assert resp.status_code == 200 and (resp.json()["title"], resp.json()["status"]) == (
        "Main gate",
        "disabled",
    )
    body = err(
        c.patch(f"{CAMS}/cam-1/", {"account": "beta"}, format="json"), 400, "validation_error"
    )
    assert "moves" in body["fields"]["account"][0]

    resp = c.post(
        f"{CAMS}/cam-1/tariff-changes/",
        {"tariff": "TRAFFIC7", "at": "2026-03-16T12:00:00-05:00"},
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["tariff"] == "TRAFFIC7"
    assert [h["tariff"] for h in resp.json()["history"]] == ["HOME3", "TRAFFIC7"]

    resp = c.post(
        f"{CAMS}/cam-1/moves/",
        {"account": "beta", "at": "2026-04-01T00:00:00-05:00"},
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["account"] == "beta"
    assert resp.json()["history"] == [
        {
            "tariff": "HOME3",
            "account": "acme",
            "valid_from": "2026-03-01T00:00:00-05:00",
            "valid_to": "2026-03-16T12:00:00-05:00",
        },
        {
            "tariff": "TRAFFIC7",
            "account": "acme",
            "valid_from": "2026-03-16T12:00:00-05:00",
            "valid_to": "2026-04-01T00:00:00-05:00",
        },
        {
            "tariff": "TRAFFIC7",
            "account": "beta",
            "valid_from": "2026-04-01T00:00:00-05:00",
            "valid_to": None,
        },
    ]
    # Stop billing from May: tariff null.
    resp = c.post(
        f"{CAMS}/cam-1/tariff-changes/",
        {"tariff": None, "at": "2026-05-01T00:00:00-05:00"},
        format="json",
    )
    assert resp.status_code == 201 and resp.json()["tariff"] is None
    assert resp.json()["history"][-1]["valid_to"] == "2026-05-01T00:00:00-05:00"

    # An explicit earlier interval (an import) fits before the history.
    resp = c.post(
        f"{CAMS}/cam-1/tariff-periods/",
        {
            "tariff": "HOME3",
            "valid_from": "2026-01-01T00:00:00-05:00",
            "valid_to": "2026-02-01T00:00:00-05:00",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["history"][0]["valid_from"] == "2026-01-01T00:00:00-05:00"
    assert resp.json()["history"][0]["account"] == "beta"
    # Overlap refused, nothing written.
    with unchanged():
        err(
            c.post(
                f"{CAMS}/cam-1/tariff-periods/",
                {
                    "tariff": "HOME3",
                    "valid_from": "2026-01-15T00:00:00-05:00",
                    "valid_to": "2026-03-02T00:00:00-05:00",
                },
                format="json",
            ),
            409,
            "overlapping_interval",
        )
    history = c.get(f"{CAMS}/cam-1/history/").json()
    assert len(history) == 4
    assert CameraTariffPeriod.objects.filter(camera__code="cam-1").count() == 4

    # Detach.
    resp = c.post(
        f"{CAMS}/cam-1/moves/", {"account": None, "at": "2026-06-01T00:00:00-05:00"}, format="json"
    )
    assert resp.status_code == 201 and resp.json()["account"] is None


def test_camera_filters(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("padmin")
    for code, account, tariff in [
        ("a1", "acme", "HOME3"),
        ("a2", "acme", "TRAFFIC7"),
        ("b1", "beta", "HOME3"),
    ]:
        assert (
            c.post(
                f"{CAMS}/",
                {
                    "code": code,
                    "title": code.upper(),
                    "account": account,
                    "tariff": tariff,
                    "at": "2026-03-01T00:00:00-05:00",
                },
                format="json",
            ).status_code
            == 201
        )
    c.patch(f"{CAMS}/b1/", {"status": "disabled"}, format="json")

    def codes(q: str) -> list[str]:
        resp = c.get(f"{CAMS}/{q}")
        assert resp.status_code == 200, resp.json()
        return [x["code"] for x in resp.json()["results"]]

    assert codes("") == ["a1", "a2", "b1"]
    assert codes("?account=acme") == ["a1", "a2"]
    assert codes("?tariff=HOME3") == ["a1", "b1"]
    assert codes("?status=disabled") == ["b1"]
    assert codes("?search=A2") == ["a2"]
    assert codes("?ordering=-code") == ["b1", "a2", "a1"]
    assert [x["tariff"] for x in c.get(f"{CAMS}/").json()["results"]] == [
        "HOME3",
        "TRAFFIC7",
        "HOME3",
    ]


def test_camera_duplicates_and_unknowns(world, api) -> None:  # type: ignore[no-untyped-def]
    c = api("cadmin")
    assert c.post(f"{CAMS}/", {"code": "x1", "account": "acme"}, format="json").status_code == 201
    with unchanged():
        err(c.post(f"{CAMS}/", {"code": "x1"}, format="json"), 409, "duplicate")
        err(
            c.post(f"{CAMS}/", {"code": "x2", "account": "gamma"}, format="json"),
            400,
            "validation_error",
        )
        err(
            c.post(
                f"{CAMS}/x1/moves/",
                {"account": "nope", "at": "2026-03-01T00:00:00Z"},
                format="json",
            ),
            400,
            "validation_error",
        )
        err(
            c.post(
                f"{CAMS}/nope/tariff-changes/",
                {"tariff": "HOME3", "at": "2026-03-01T00:00:00Z"},
                format="json",
            ),
            404,
            "not_found",
        )
        err(
            c.post(f"{CAMS}/x1/tariff-changes/", {"tariff": "HOME3"}, format="json"),
            400,
            "validation_error",
        )
    assert Camera.objects.filter(cloud__slug="telenet").count() == 1
    assert Account.objects.count() == 3

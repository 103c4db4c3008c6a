"""Bad input is always a 4xx ``{"code", "message", "fields"}`` and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.catalog.services import tariff_create
from cambill.core.access import SYSTEM

from .helpers import bearer, err, unchanged

pytestmark = pytest.mark.django_db

T = "/api/v1/clouds/telenet"
AT = "2026-03-01T00:00:00-05:00"
CAM = {"code": "cam9", "account": "acme"}
TARIFF = {
    "code": "NEW1",
    "name": "New",
    "price": "1.00",
    "components": [{"service": "REC_DAY", "quantity": "1"}],
}
CLOUD = {"slug": "newcloud", "name": "New", "currency": "USD", "timezone": "UTC"}
SERVICE = {
    "code": "NEWSVC",
    "name": "New service",
    "prices": [{"currency": "USD", "amount": "1.00"}],
}

# (case id, user, method, url, body, status, code, field that must be named or None)
CASES: list[tuple[str, str, str, str, Any, int, str, str | None]] = [
    # duplicates
    (
        "dup-service",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "code": "REC_DAY"},
        409,
        "duplicate",
        "code",
    ),
    (
        "dup-provider-tariff",
        "padmin",
        "post",
        "/api/v1/tariffs/",
        {**TARIFF, "code": "PROV1", "currency": "USD"},
        409,
        "duplicate",
        "code",
    ),
    (
        "dup-cloud",
        "padmin",
        "post",
        "/api/v1/clouds/",
        {**CLOUD, "slug": "telenet"},
        409,
        "duplicate",
        "slug",
    ),
    (
        "dup-cloud-tariff",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "code": "HOME3"},
        409,
        "duplicate",
        "code",
    ),
    (
        "dup-account",
        "cadmin",
        "post",
        f"{T}/accounts/",
        {"code": "acme", "name": "x"},
        409,
        "duplicate",
        "code",
    ),
    ("dup-camera", "cadmin", "post", f"{T}/cameras/", {"code": "cam1"}, 409, "duplicate", "code"),
    (
        "dup-agent",
        "cadmin",
        "post",
        f"{T}/agents/",
        {"code": "agent1", "name": "x"},
        409,
        "duplicate",
        "code",
    ),
    (
        "dup-user",
        "padmin",
        "post",
        "/api/v1/users/",
        {"username": "cadmin", "password": "a-long-password", "role": "provider_admin"},
        409,
        "duplicate",
        "username",
    ),
    # a tariff this cloud may not sell
    (
        "other-clouds-tariff",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-changes/",
        {"tariff": "EURO1", "at": AT},
        400,
        "tariff_not_allowed",
        "tariff",
    ),
    (
        "unoffered-provider-tariff",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-changes/",
        {"tariff": "PROV9", "at": AT},
        400,
        "tariff_not_allowed",
        "tariff",
    ),
    (
        "camera-create-other-tariff",
        "cadmin",
        "post",
        f"{T}/cameras/",
        {**CAM, "tariff": "EURO1", "at": AT},
        400,
        "tariff_not_allowed",
        "tariff",
    ),
    (
        "period-other-tariff",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-periods/",
        {"tariff": "EURO1", "valid_from": AT},
        400,
        "tariff_not_allowed",
        "tariff",
    ),
    (
        "allow-a-clouds-tariff",
        "padmin",
        "patch",
        f"{T}/",
        {"allowed_tariffs": ["HOME3"]},
        400,
        "tariff_not_allowed",
        "allowed_tariffs",
    ),
    # unknown currency / time zone
    (
        "service-currency",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "prices": [{"currency": "XYZ", "amount": "1"}]},
        400,
        "unknown_currency",
        "prices",
    ),
    (
        "cloud-currency",
        "padmin",
        "post",
        "/api/v1/clouds/",
        {**CLOUD, "currency": "usd"},
        400,
        "unknown_currency",
        "currency",
    ),
    (
        "tariff-currency",
        "padmin",
        "post",
        "/api/v1/tariffs/",
        {**TARIFF, "currency": "DOLLAR"},
        400,
        "unknown_currency",
        "currency",
    ),
    (
        "cloud-timezone",
        "padmin",
        "post",
        "/api/v1/clouds/",
        {**CLOUD, "timezone": "Mars/Olympus_Mons"},
        400,
        "unknown_timezone",
        "timezone",
    ),
    (
        "cloud-timezone-patch",
        "padmin",
        "patch",
        f"{T}/",
        {"timezone": "EST5"},
        400,
        "unknown_timezone",
        "timezone",
    ),
    # negative prices
    (
        "negative-service-price",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "prices": [{"currency": "USD", "amount": "-0.30"}]},
        400,
        "negative_amount",
        "prices",
    ),
    (
        "negative-tariff-price",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "price": "-12.00"},
        400,
        "negative_amount",
        "price",
    ),
    (
        "negative-tariff-patch",
        "cadmin",
        "patch",
        f"{T}/tariffs/HOME3/",
        {"price": "-1"},
        400,
        "negative_amount",
        "price",
    ),
    (
        "negative-cloud-price",
        "padmin",
        "patch",
        f"{T}/",
        {"service_prices": [{"service": "LPR", "amount": "-4"}]},
        400,
        "negative_amount",
        "service_prices",
    ),
    (
        "negative-discount",
        "cadmin",
        "post",
        f"{T}/accounts/acme/discounts/",
        {"kind": "fixed", "value": "-5"},
        400,
        "negative_amount",
        "value",
    ),
    # overlapping interval
    (
        "overlap",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-periods/",
        {
            "tariff": "HOME3",
            "valid_from": "2026-02-15T00:00:00-05:00",
            "valid_to": "2026-03-02T00:00:00-05:00",
        },
        409,
        "overlapping_interval",
        "valid_from",
    ),
    (
        "overlap-open",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-periods/",
        {"tariff": "HOME3", "valid_from": "2026-05-01T00:00:00-05:00"},
        409,
        "overlapping_interval",
        None,
    ),
    # unknown and read-only fields
    (
        "unknown-field",
        "padmin",
        "patch",
        f"{T}/",
        {"discount_percnt": "5"},
        400,
        "validation_error",
        "discount_percnt",
    ),
    (
        "unknown-nested-field",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "prices": [{"currency": "USD", "amount": "1", "from": "2026-01-01"}]},
        400,
        "validation_error",
        "prices",
    ),
    (
        "read-only-owner",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "owner": "provider"},
        400,
        "validation_error",
        "owner",
    ),
    (
        "read-only-tariff",
        "cadmin",
        "patch",
        f"{T}/cameras/cam1/",
        {"tariff": "TRAFFIC7"},
        400,
        "validation_error",
        "tariff",
    ),
    # wrong types and shapes
    (
        "price-not-a-number",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "price": "twelve"},
        400,
        "validation_error",
        "price",
    ),
    (
        "price-nan",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "price": "NaN"},
        400,
        "validation_error",
        "price",
    ),
    (
        "price-bool",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "price": True},
        400,
        "validation_error",
        "price",
    ),
    (
        "price-too-precise",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "price": "1.0000001"},
        400,
        "validation_error",
        "price",
    ),
    (
        "components-not-list",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "components": "REC_DAY"},
        400,
        "validation_error",
        "components",
    ),
    (
        "components-empty",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "components": []},
        400,
        "validation_error",
        "components",
    ),
    (
        "component-unknown-service",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "components": [{"service": "NOPE"}]},
        400,
        "validation_error",
        "components",
    ),
    (
        "quantity-zero",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        {**TARIFF, "components": [{"service": "LPR", "quantity": 0}]},
        400,
        "validation_error",
        "components",
    ),
    (
        "time-not-a-time",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-changes/",
        {"tariff": "HOME3", "at": "yesterday"},
        400,
        "validation_error",
        "at",
    ),
    (
        "time-without-offset",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-changes/",
        {"tariff": "HOME3", "at": "2026-03-20T00:00:00"},
        400,
        "validation_error",
        "at",
    ),
    (
        "time-out-of-range",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-changes/",
        {"tariff": "HOME3", "at": "0001-01-01T00:00:00+05:00"},
        400,
        "validation_error",
        "at",
    ),
    (
        "period-backwards",
        "cadmin",
        "post",
        f"{T}/cameras/cam1/tariff-periods/",
        {
            "tariff": "HOME3",
            "valid_from": "2026-01-10T00:00:00Z",
            "valid_to": "2026-01-01T00:00:00Z",
        },
        400,
        "validation_error",
        "valid_to",
    ),
    (
        "percent-over-100",
        "padmin",
        "patch",
        f"{T}/",
        {"discount_percent": "100.5"},
        400,
        "validation_error",
        "discount_percent",
    ),
    (
        "width-not-int",
        "padmin",
        "patch",
        f"{T}/",
        {"invoice_number_width": "six"},
        400,
        "validation_error",
        "invoice_number_width",
    ),
    (
        "width-out-of-range",
        "padmin",
        "patch",
        f"{T}/",
        {"invoice_number_width": 40},
        400,
        "validation_error",
        "invoice_number_width",
    ),
    (
        "proration-unknown",
        "padmin",
        "patch",
        f"{T}/",
        {"proration": "hour"},
        400,
        "validation_error",
        "proration",
    ),
    (
        "preset-not-object",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "preset_settings": [1]},
        400,
        "validation_error",
        "preset_settings",
    ),
    (
        "preset-unknown-key",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "preset_settings": {"x": 1}},
        400,
        "validation_error",
        "preset_settings",
    ),
    (
        "allowed-not-list",
        "padmin",
        "patch",
        f"{T}/",
        {"allowed_tariffs": "PROV1"},
        400,
        "validation_error",
        "allowed_tariffs",
    ),
    (
        "body-is-a-list",
        "cadmin",
        "post",
        f"{T}/accounts/",
        [{"code": "x", "name": "x"}],
        400,
        "validation_error",
        None,
    ),
    (
        "missing-required",
        "cadmin",
        "post",
        f"{T}/accounts/",
        {"code": "x"},
        400,
        "validation_error",
        "name",
    ),
    (
        "code-with-slash",
        "cadmin",
        "post",
        f"{T}/cameras/",
        {"code": "a/b"},
        400,
        "validation_error",
        "code",
    ),
    (
        "code-bad-chars",
        "cadmin",
        "post",
        f"{T}/accounts/",
        {"code": "a b", "name": "x"},
        400,
        "validation_error",
        "code",
    ),
    (
        "slug-with-dot",
        "padmin",
        "post",
        "/api/v1/clouds/",
        {**CLOUD, "slug": "a.b"},
        400,
        "validation_error",
        "slug",
    ),
    (
        "email-invalid",
        "cadmin",
        "post",
        f"{T}/accounts/",
        {"code": "x", "name": "x", "email": "not-an-email"},
        400,
        "validation_error",
        "email",
    ),
    (
        "manager-not-a-manager",
        "padmin",
        "patch",
        f"{T}/",
        {"manager": "cadmin"},
        400,
        "validation_error",
        "manager",
    ),
    (
        "account-manager-other",
        "cadmin",
        "patch",
        f"{T}/accounts/acme/",
        {"account_manager": "otheradmin"},
        400,
        "validation_error",
        "account_manager",
    ),
    (
        "nul-in-text",
        "cadmin",
        "post",
        f"{T}/accounts/",
        {"code": "x", "name": "a\x00b"},
        400,
        "malformed_request",
        None,
    ),
    (
        "nul-in-json-field",
        "padmin",
        "post",
        "/api/v1/services/",
        {**SERVICE, "preset_settings": {"vision_alg": "\x00"}},
        400,
        "malformed_request",
        None,
    ),
]


@pytest.fixture
def bad_world(world):  # type: ignore[no-untyped-def]
    """The world plus a camera with history, a tariff of othercloud only and a
    provider tariff not offered to telenet."""
    from cambill.clouds.services import camera_create

    tariff_create(
        actor=SYSTEM,
        cloud=world.clouds["othercloud"],
        code="EURO1",
        name="Euro",
        price="1.00",
        components=[{"service": "REC_DAY", "quantity": 1}],
    )
    tariff_create(
        actor=SYSTEM,
        cloud=None,
        code="PROV9",
        name="Not offered",
        price="1.00",
        currency="USD",
        components=[{"service": "REC_DAY", "quantity": 1}],
    )
    camera_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        code="cam1",
        account=world.accounts["acme"],
        tariff=world.tariffs["HOME3"],
        at=__import__("datetime").datetime.fromisoformat(AT),
    )
    return world


@pytest.mark.parametrize(
    ("user", "method", "url", "body", "status", "code", "field"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_bad_input(bad_world, user, method, url, body, status, code, field) -> None:  # type: ignore[no-untyped-def]
    client = bearer(user)
    with unchanged():
        resp = getattr(client, method)(url, body, format="json")
        body_out = err(resp, status, code)
    if field is not None:
        assert field in body_out["fields"], body_out


def test_malformed_json(bad_world) -> None:  # type: ignore[no-untyped-def]
    c = bearer("cadmin")
    with unchanged():
        for raw in ('{"code": "x", ', "not json", '{"code": NaN}', ""):
            resp = c.generic("POST", f"{T}/accounts/", raw, content_type="application/json")
            if raw == "":
                # An empty body is an empty object: the required fields are missing.
                err(resp, 400, "validation_error")
            else:
                err(resp, 400, "malformed_request")
        # Only JSON is accepted.
        resp = c.post(f"{T}/accounts/", {"code": "x", "name": "x"})  # multipart
        err(resp, 415, "malformed_request")
        resp = c.generic(
            "POST",
            f"{T}/accounts/",
            "code=x&name=x",
            content_type="application/x-www-form-urlencoded",
        )
        err(resp, 415, "malformed_request")


def test_bad_query_strings(bad_world) -> None:  # type: ignore[no-untyped-def]
    c = bearer("padmin")
    err(c.get(f"{T}/accounts/?search=a%00b"), 400, "malformed_request")
    err(c.get(f"{T}/cameras/?status=exploded"), 400, "validation_error")
    err(c.get(f"{T}/accounts/?page=99"), 404, "not_found")
    err(c.get("/api/v1/clouds/tele%00net/accounts/"), 400, "malformed_request")
    # An unknown ordering field is ignored, not a crash.
    assert c.get(f"{T}/accounts/?ordering=password").status_code == 200


def test_error_messages_name_the_nested_field(bad_world) -> None:  # type: ignore[no-untyped-def]
    c = bearer("padmin")
    with unchanged():
        body = err(
            c.post(
                "/api/v1/services/",
                {
                    **SERVICE,
                    "prices": [
                        {"currency": "USD", "amount": "1"},
                        {"currency": "USD", "amount": "x"},
                    ],
                },
                format="json",
            ),
            400,
            "validation_error",
        )
        decimal = 'Must be a decimal: a string such as "12.50", or a number.'
        assert body["message"] == f"prices[1].amount: {decimal}"
        assert body["fields"] == {"prices": {"1": {"amount": [decimal]}}}
        body = err(
            c.patch(f"{T}/", {"discount_percnt": "5"}, format="json"), 400, "validation_error"
        )
        assert body["message"].startswith(
            "discount_percnt: Unknown field 'discount_percnt'. Accepted fields: name,"
        )
        # Methods a resource does not have.
        err(c.put(f"{T}/", {"name": "x"}, format="json"), 405, "method_not_allowed")
        err(c.delete(f"{T}/accounts/acme/"), 405, "method_not_allowed")
        err(c.get(f"{T}/", HTTP_ACCEPT="text/csv"), 406, "not_acceptable")

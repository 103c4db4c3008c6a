"""Issue #11 point 6: bad input is a 4xx in the error shape and writes nothing.

Each case is a request that answered 500 before: JSON nested 100,000 deep on
every JSON endpoint (and 5,000 deep inside an event's data), event times at the
ends of the calendar, a lone surrogate in an event id, a usage CSV field over
128 KB and columns ``a`` and ``a.b`` together, money written with non-ASCII
digits, passwords without a length limit, a body beyond the upload limit.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.test import override_settings

from .helpers import bearer, err

pytestmark = pytest.mark.django_db

T = "/api/v1/clouds/telenet"
CE = "application/cloudevents+json"
BATCH = "application/cloudevents-batch+json"
IGNORED = {("accounts", "apitoken")}


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every cambill table, usage and payments included."""
    out = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("cambill."):
            continue
        for model in config.get_models():
            if (model._meta.app_label, model._meta.model_name) in IGNORED:
                continue
            if model._meta.pk is None or not model._meta.pk.concrete:
                out[model._meta.label] = sorted(map(str, model.objects.values_list()))
            else:
                out[model._meta.label] = list(model.objects.order_by("pk").values())
    return out


def deep(n: int) -> str:
    return "[" * n + "]" * n


def ev(**over: Any) -> dict[str, Any]:
    base = {
        "specversion": "1.0",
        "id": "e1",
        "source": "s",
        "type": "recording",
        "subject": "camB",
        "time": "2026-03-10T10:00:00Z",
        "data": {"stats": {"dvr": {"seconds": 5}}},
    }
    return {**base, **over}


def deep_data(n: int) -> str:
    e = json.dumps(ev(data="@@"))
    return e.replace('"@@"', '{"stats": {"dvr": {"seconds": 5}}, "x": ' + deep(n) + "}")


LONG = "p" * 129
SERVICE = {"code": "NEWSVC", "name": "New", "prices": [{"currency": "USD", "amount": "١٢"}]}
TARIFF = {
    "code": "NEW1",
    "name": "New",
    "price": "١٢.00",
    "components": [{"service": "REC_DAY", "quantity": "1"}],
}
CSV_HEAD = "id,source,type,subject,time,stats.dvr.seconds"

# (id, user, method, url, raw body, content type, status, code)
CASES: list[tuple[str, str, str, str, str | bytes, str, int, str]] = [
    *[
        (
            f"deep-json-{name}",
            user,
            method,
            url,
            deep(100_000),
            "application/json",
            400,
            "malformed_request",
        )
        for name, user, method, url in [
            ("services", "padmin", "post", "/api/v1/services/"),
            ("events", "cadmin", "post", "/api/v1/events"),
            ("events-batch", "cadmin", "post", "/api/v1/events"),
            ("meters", "padmin", "post", "/api/v1/meters/"),
            ("users", "padmin", "post", "/api/v1/users/"),
            ("clouds", "padmin", "post", "/api/v1/clouds/"),
            ("cloud-patch", "padmin", "patch", f"{T}/"),
            ("accounts", "cadmin", "post", f"{T}/accounts/"),
            ("cameras", "cadmin", "post", f"{T}/cameras/"),
            ("tariffs", "cadmin", "post", f"{T}/tariffs/"),
            ("late-settle", "cadmin", "post", f"{T}/usage/late/settle"),
            ("payments", "caccountant", "post", f"{T}/payments/"),
            ("bank-imports", "caccountant", "post", f"{T}/bank-imports"),
            ("watcher", "cadmin", "put", f"{T}/watcher/connection/"),
        ]
    ],
    (
        "deep-json-cloudevents",
        "cadmin",
        "post",
        "/api/v1/events",
        deep(100_000),
        CE,
        400,
        "malformed_request",
    ),
    (
        "deep-event-data",
        "cadmin",
        "post",
        "/api/v1/events",
        deep_data(5_000),
        CE,
        400,
        "malformed_request",
    ),
    (
        "deep-event-data-40",
        "cadmin",
        "post",
        "/api/v1/events",
        deep_data(40),
        CE,
        400,
        "validation_error",
    ),
    (
        "time-year-1-plus-14",
        "cadmin",
        "post",
        "/api/v1/events",
        json.dumps(ev(time="0001-01-01T00:00:00+14:00")),
        CE,
        400,
        "validation_error",
    ),
    (
        "time-year-9999-minus-14",
        "cadmin",
        "post",
        "/api/v1/events",
        json.dumps(ev(time="9999-12-31T23:59:59-14:00")),
        CE,
        400,
        "validation_error",
    ),
    (
        "lone-surrogate-id",
        "cadmin",
        "post",
        "/api/v1/events",
        json.dumps(ev(id="@@")).replace('"@@"', '"a\\ud800"'),
        CE,
        400,
        "malformed_request",
    ),
    (
        "lone-surrogate-id-big-int",  # the slow path (integers beyond 64 bits)
        "cadmin",
        "post",
        "/api/v1/events",
        json.dumps([ev(id="@@"), 10**30]).replace('"@@"', '"\\udc00"'),
        BATCH,
        400,
        "malformed_request",
    ),
    (
        "float-overflow",
        "cadmin",
        "post",
        "/api/v1/events",
        json.dumps([ev(), 10**30]).replace("1000000000000000000000000000000", "1e309"),
        BATCH,
        400,
        "malformed_request",
    ),
    (
        "csv-field-over-128k",
        "cadmin",
        "post",
        f"{T}/usage/csv",
        f'{CSV_HEAD}\n1,s,recording,camB,2026-03-10T10:00:00Z,"{"9" * 140_000}"\n',
        "text/csv",
        400,
        "validation_error",
    ),
    (
        "csv-columns-a-and-a.b",
        "cadmin",
        "post",
        f"{T}/usage/csv",
        "id,source,type,subject,time,stats.dvr,stats.dvr.seconds\n"
        "1,s,recording,camB,2026-03-10T10:00:00Z,1,5\n",
        "text/csv",
        400,
        "validation_error",
    ),
    (
        "money-arabic-digits-service",
        "padmin",
        "post",
        "/api/v1/services/",
        json.dumps(SERVICE),
        "application/json",
        400,
        "validation_error",
    ),
    (
        "money-arabic-digits-tariff",
        "cadmin",
        "post",
        f"{T}/tariffs/",
        json.dumps(TARIFF),
        "application/json",
        400,
        "validation_error",
    ),
    (
        "money-underscore-payment",
        "caccountant",
        "post",
        f"{T}/payments/",
        json.dumps({"account": "acme", "amount": "1_000", "received_at": "2026-04-01T00:00:00Z"}),
        "application/json",
        400,
        "validation_error",
    ),
    (
        "password-too-long-create",
        "padmin",
        "post",
        "/api/v1/users/",
        json.dumps({"username": "newbie", "password": LONG, "role": "provider_admin"}),
        "application/json",
        400,
        "validation_error",
    ),
    (
        "password-huge-create",
        "padmin",
        "post",
        "/api/v1/users/",
        json.dumps({"username": "newbie", "password": "p" * 1_000_000, "role": "provider_admin"}),
        "application/json",
        400,
        "validation_error",
    ),
    (
        "bank-import-amount-1e309",
        "caccountant",
        "post",
        f"{T}/bank-imports",
        json.dumps({"content": "date,amount,reference,description\n2026-04-01,1e309,acme,x\n"}),
        "application/json",
        400,
        "validation_error",
    ),
    (
        "bank-import-field-over-128k",
        "caccountant",
        "post",
        f"{T}/bank-imports",
        json.dumps(
            {
                "content": f'date,amount,reference,description\n2026-04-01,1.00,acme,"{"x" * 140_000}"\n'
            }
        ),
        "application/json",
        400,
        "validation_error",
    ),
]


@pytest.mark.parametrize(
    "user,method,url,body,ctype,status,code", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_a_4xx_in_the_error_shape_and_writes_nothing(
    world, usage_meters, user, method, url, body, ctype, status, code
) -> None:  # type: ignore[no-untyped-def]
    client = bearer(user)
    before = snapshot()
    resp = client.generic(method.upper(), url, body, content_type=ctype)
    assert resp["Content-Type"].startswith("application/json")
    err(resp, status, code)
    after = snapshot()
    print(after["core.AuditEntry"][len(before["core.AuditEntry"]) :])
    assert [k for k in before if before[k] != after[k]] == []


@pytest.fixture
def usage_meters(world):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM
    from cambill.usage.services import meter_create
    from tests.conftest import utc

    meter_create(
        actor=SYSTEM,
        code="rec_seconds",
        name="Recorded",
        unit="second",
        event_type="recording",
        value_path="stats.dvr.seconds",
        aggregation="sum",
    )
    camera_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        code="camB",
        account=world.accounts["acme"],
        tariff=world.tariffs["HOME3"],
        at=utc(2026, 1, 1),
    )


def test_a_body_over_the_limit_is_413_in_the_error_shape(world) -> None:  # type: ignore[no-untyped-def]
    client = bearer("padmin")
    before = snapshot()
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        body = json.dumps({"code": "BIG", "name": "x" * 2000, "prices": []})
        resp = client.generic("POST", "/api/v1/services/", body, content_type="application/json")
        err(resp, 413, "request_too_large")
        # A form body (not JSON) is refused in the error shape too.
        resp = client.post("/api/v1/services/", {"name": "x" * 2000})
        assert resp.status_code in (413, 415), resp.content
        assert set(resp.json()) == {"code", "message", "fields"}
    after = snapshot()
    assert [k for k in before if before[k] != after[k]] == []


def test_django_s_own_guard_is_413_in_the_error_shape(world) -> None:  # type: ignore[no-untyped-def]
    """A plain view under /api/ (the Stripe webhook) reading ``request.body``
    meets RequestDataTooBig: the 400 handler answers 413 in the error shape."""
    from django.test import Client

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        resp = Client().post(
            "/api/v1/stripe/webhook",
            "x" * 2000,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE="t=1,v1=x",
        )
    err(resp, 413, "request_too_large")


def test_a_too_large_events_batch_is_413(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cambill.api.usage.views import EventIngestViewSet

    monkeypatch.setattr(EventIngestViewSet, "max_body", 100)
    resp = bearer("cadmin").generic(
        "POST", "/api/v1/events", json.dumps([ev()] * 3), content_type=BATCH
    )
    err(resp, 413, "request_too_large")


def test_password_change_too_long_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.models import User

    before = User.objects.get(username="cadmin").password
    resp = bearer("padmin").patch("/api/v1/users/cadmin/", {"password": LONG}, format="json")
    err(resp, 400, "validation_error")
    assert User.objects.get(username="cadmin").password == before


def test_the_validator_limits_passwords_everywhere(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_create
    from cambill.core.access import SYSTEM
    from cambill.core.errors import DomainError

    with pytest.raises(DomainError) as e:
        user_create(actor=SYSTEM, username="x1", password=LONG, role="provider_admin")
    assert "password" in e.value.fields
    user_create(actor=SYSTEM, username="x2", password="p" * 128, role="provider_admin")

"""Every string field of every write endpoint has a documented limit, the
model's own, and the API keeps it: at the limit a request is never a 500, one
past it is a 400 naming the field and writes nothing, on SQLite and PostgreSQL
alike (SQLite would store the long string, PostgreSQL refuse it with a 500).

The operations come from the OpenAPI schema itself, so a new write endpoint
fails ``test_every_write_operation_has_a_base_body`` until it is listed here.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from cambill.core.errors import DomainError, ErrorCode

from .helpers import bearer, err, unchanged

WRITE = ("post", "put", "patch")


def _schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = None


def schema() -> dict[str, Any]:
    global SCHEMA
    if SCHEMA is None:
        SCHEMA = _schema()
    return SCHEMA


def _resolve(s: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in s:
        s = schema()["components"]["schemas"][s["$ref"].rsplit("/", 1)[-1]]
    return s


def _free_text(p: dict[str, Any]) -> bool:
    """A string that is free text (not an enum, a date or a decimal)."""
    return p.get("type") == "string" and "enum" not in p and "format" not in p


def json_body(op: dict[str, Any]) -> dict[str, Any] | None:
    content = (op.get("requestBody") or {}).get("content", {})
    return (
        _resolve(content["application/json"]["schema"]) if "application/json" in content else None
    )


def text_fields(body: dict[str, Any]) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(field, nested-in, property) of every free-text property, top level and
    inside arrays of objects or of strings."""
    out: list[tuple[str, str | None, dict[str, Any]]] = []
    for name, prop in (body.get("properties") or {}).items():
        prop = _resolve(prop)
        if prop.get("readOnly"):
            continue
        if _free_text(prop):
            out.append((name, None, prop))
        elif prop.get("type") == "array":
            item = _resolve(prop.get("items", {}))
            if _free_text(item):
                out.append((name, "[]", item))
            for sub, sp in (item.get("properties") or {}).items():
                sp = _resolve(sp)
                if _free_text(sp) and not sp.get("readOnly"):
                    out.append((sub, name, sp))
    return out


def write_operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, ops in schema()["paths"].items()
        for method, op in ops.items()
        if method in WRITE and json_body(op) is not None
    ]


# Per write operation: who calls it, and a valid body without its text fields
# (or the few they need). The path's {placeholders} are filled from PATH_VALUES.
BASE: dict[str, tuple[str, dict[str, Any]]] = {
    "POST /api/v1/clouds/": (
        "padmin",
        {"slug": "newcloud", "name": "New", "currency": "USD", "timezone": "UTC"},
    ),
    "PATCH /api/v1/clouds/{slug}/": ("padmin", {}),
    "PATCH /api/v1/clouds/{slug}/billing-settings/": ("cadmin", {}),
    "PATCH /api/v1/clouds/{slug}/legal/": ("cadmin", {}),
    "PATCH /api/v1/clouds/{slug}/accounts/{code}/legal/": ("cadmin", {}),
    "PATCH /api/v1/provider/legal/": ("padmin", {}),
    "PATCH /api/v1/clouds/{slug}/branding/": ("cadmin", {}),
    "PATCH /api/v1/provider/branding/": ("padmin", {}),
    "POST /api/v1/exports/": (
        "cadmin",
        {"kind": "list", "format": "csv", "params": {"path": "/clouds/telenet/invoices/"}},
    ),
    "PUT /api/v1/provider/gateways/stripe/": ("padmin", {}),
    "PATCH /api/v1/provider/gateways/stripe/": ("padmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/": ("cadmin", {"code": "newacc", "name": "New"}),
    "PATCH /api/v1/clouds/{slug}/accounts/{code}/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/card-setup/complete/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/payment-sessions/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/card-sessions/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/cards/{id}/default/": ("cadmin", {}),
    "PUT /api/v1/clouds/{slug}/accounts/{code}/autopay/": ("cadmin", {"enabled": True}),
    "POST /api/v1/clouds/{slug}/payment-sessions/{session_id}/complete/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/wholesale-payment-sessions/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/discounts/": (
        "cadmin",
        {"kind": "percent", "value": "5"},
    ),
    "POST /api/v1/clouds/{slug}/accounts/{code}/charges/": (
        "cadmin",
        {"description": "x", "unit_price": "1.00"},
    ),
    "POST /api/v1/clouds/{slug}/accounts/{code}/coupons/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/suspend/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/accounts/{code}/resume/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/coupons/": ("cadmin", {"duration": "once", "percent": "5"}),
    "POST /api/v1/clouds/{slug}/products/": ("cadmin", {"price": "1.00"}),
    "PATCH /api/v1/clouds/{slug}/products/{code}/": ("cadmin", {}),
    "PUT /api/v1/clouds/{slug}/accounts/{code}/referral-agent/": ("cadmin", {"agent": "agent2"}),
    "POST /api/v1/clouds/{slug}/agents/": ("cadmin", {"code": "newagent", "name": "New"}),
    "PATCH /api/v1/clouds/{slug}/agents/{code}/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/agents/{code}/payouts/": (
        "cadmin",
        {"period": "2026-01", "reference": "T-1", "paid_on": "2026-02-03"},
    ),
    "POST /api/v1/clouds/{slug}/bank-imports/": (
        "cadmin",
        {"content": "date,amount,reference,description\n"},
    ),
    "POST /api/v1/clouds/{slug}/bank-lines/{id}/match/": (
        "cadmin",
        {"invoice": "TELENET-2026-000001"},
    ),
    "POST /api/v1/clouds/{slug}/bank-statements/": ("cadmin", {"content": ":20:X\n"}),
    "POST /api/v1/clouds/{slug}/collections/reminders/": ("cadmin", {"accounts": ["acme"]}),
    "POST /api/v1/clouds/{slug}/collections/suspension-queue/{code}/confirm/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/collections/suspension-queue/{code}/dismiss/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/bill-runs/": ("padmin", {"period": "2020-01"}),
    "POST /api/v1/clouds/{slug}/bill-runs/{id}/issue/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/cameras/": ("cadmin", {"code": "newcam", "account": "acme"}),
    "PATCH /api/v1/clouds/{slug}/cameras/{code}/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/cameras/{code}/moves/": (
        "cadmin",
        {"account": "beta", "at": "2026-03-01T00:00:00Z"},
    ),
    "POST /api/v1/clouds/{slug}/cameras/{code}/tariff-changes/": (
        "cadmin",
        {"tariff": "HOME3", "at": "2026-03-01T00:00:00Z"},
    ),
    "POST /api/v1/clouds/{slug}/cameras/{code}/tariff-changes/self-service/": (
        "subscriber",
        {"tariff": "HOME3"},
    ),
    "POST /api/v1/clouds/{slug}/cameras/{code}/tariff-periods/": (
        "cadmin",
        {"tariff": "HOME3", "valid_from": "2026-03-01T00:00:00Z"},
    ),
    "POST /api/v1/clouds/{slug}/charges/import/": (
        "cadmin",
        {"content": "date,amount,reference,description\n"},
    ),
    "POST /api/v1/clouds/{slug}/commission/recompute/": ("cadmin", {"period": "2026-01"}),
    "PUT /api/v1/clouds/{slug}/dunning/policy/": ("cadmin", {"reminder_days": [3]}),
    "PUT /api/v1/clouds/{slug}/accounts/{code}/billing-contacts/": (
        "cadmin",
        {"billing_contacts": ["a@acme.test"]},
    ),
    "PUT /api/v1/clouds/{slug}/billing-contacts/": ("padmin", {"billing_contacts": []}),
    "PUT /api/v1/clouds/{slug}/gateways/{kind}/": ("cadmin", {}),
    "PATCH /api/v1/clouds/{slug}/gateways/{kind}/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/intake/devices/{serial}/attach": ("cadmin", {"account": "acme"}),
    "POST /api/v1/clouds/{slug}/invoices/{id}/credit-notes/": ("cadmin", {"reason": "r"}),
    "POST /api/v1/clouds/{slug}/invoices/{id}/void/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/payments/": (
        "cadmin",
        {"account": "acme", "amount": "1.00", "received_at": "2026-03-01T00:00:00Z"},
    ),
    "POST /api/v1/clouds/{slug}/payments/{id}/refunds/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/wholesale-payments/": (
        "padmin",
        {"amount": "1.00", "received_at": "2026-03-01T00:00:00Z"},
    ),
    "PUT /api/v1/clouds/{slug}/referral-programme/": ("cadmin", {"levels": {"1": "10"}}),
    "POST /api/v1/clouds/{slug}/signup/": (
        "",
        {
            "referral_code": "x",
            "name": "N",
            "email": "n@example.com",
            "username": "newowner",
            "password": "a-long-enough-pass-123",
            "accept_terms": True,
        },
    ),
    "POST /api/v1/clouds/{slug}/tariffs/": (
        "cadmin",
        {
            "code": "NEWT",
            "name": "New",
            "price": "1.00",
            "components": [{"service": "REC_DAY", "quantity": "1"}],
        },
    ),
    "PATCH /api/v1/clouds/{slug}/tariffs/{code}/": ("cadmin", {}),
    "POST /api/v1/clouds/{slug}/usage/late/settle/": ("padmin", {"period": "2026-01", "note": "n"}),
    "PUT /api/v1/clouds/{slug}/watcher/connection/": (
        "cadmin",
        {"base_url": "http://127.0.0.1:1", "username": "u", "password": "p"},
    ),
    "POST /api/v1/clouds/{slug}/watcher/import/": ("cadmin", {}),
    # No Watcher connection in this world: at the limit the verb refuses (4xx), past it
    # the body is refused first, naming the field.
    "POST /api/v1/clouds/{slug}/watcher/adopt/": (
        "cadmin",
        {"organizations": [{"id": 1, "create_account": {}}]},
    ),
    "POST /api/v1/clouds/{slug}/webhooks/endpoints/": (
        "cadmin",
        {"url": "https://example.com/hook", "events": ["invoice.issued"]},
    ),
    "PATCH /api/v1/clouds/{slug}/webhooks/endpoints/{id}/": ("cadmin", {}),
    # CloudEvents (one or a batch, a oneOf): their text is bounded in the event's own
    # schema (maxLength 255) and judged per event by validate_event (tests/usage).
    "POST /api/v1/events/": ("padmin", {}),
    "POST /api/v1/meters/": (
        "padmin",
        {
            "code": "newmeter",
            "name": "N",
            "unit": "GB",
            "event_type": "t",
            "aggregation": "sum",
        },
    ),
    "PATCH /api/v1/meters/{code}/": ("padmin", {}),
    "POST /api/v1/meters/{code}/check/": ("padmin", {"event": {}}),
    "POST /api/v1/services/": ("padmin", {"code": "NEWS", "name": "New"}),
    "PATCH /api/v1/services/{code}/": ("padmin", {}),
    "POST /api/v1/tariffs/": (
        "padmin",
        {
            "code": "NEWP",
            "name": "New",
            "price": "1.00",
            "currency": "USD",
            "components": [{"service": "REC_DAY", "quantity": "1"}],
        },
    ),
    "PATCH /api/v1/tariffs/{code}/": ("padmin", {}),
    "POST /api/v1/provider/bank-statements/": ("padmin", {"content": ":20:X\n"}),
    "POST /api/v1/provider/bank-lines/{id}/match/": ("padmin", {"invoice": "PRV-2026-000001"}),
    "POST /api/v1/tokens/": ("session:cadmin", {}),
    "POST /api/v1/users/": (
        "padmin",
        {"username": "newuser", "password": "a-long-enough-pass-123", "role": "provider_manager"},
    ),
    "PATCH /api/v1/users/{username}/": ("padmin", {}),
}

# What a placeholder names, per path (the objects the world fixture has).
PATH_VALUES: dict[str, dict[str, str]] = {
    "accounts/{code}": {"code": "acme"},
    "suspension-queue/{code}": {"code": "acme"},
    "agents/{code}": {"code": "agent1"},
    "cameras/{code}": {"code": "cam1"},
    "/clouds/{slug}/tariffs/{code}": {"code": "HOME3"},
    "/clouds/{slug}/products/{code}": {"code": "NOPRODUCT"},
    "/api/v1/tariffs/{code}": {"code": "PROV1"},
    "services/{code}": {"code": "LPR"},
    "meters/{code}": {"code": "NOMETER"},
    "users/{username}": {"username": "amanager"},
    "gateways/{kind}": {"kind": "stripe"},
    "devices/{serial}": {"serial": "SERIAL1"},
    "endpoints/{id}": {"id": "ENDPOINT"},
    "invoices/{id}": {"id": "999999"},
    "payments/{id}": {"id": "999999"},
    "bank-lines/{id}": {"id": "999999"},
    "bill-runs/{id}": {"id": "999999"},
    "payment-sessions/{session_id}": {"session_id": "cs_missing"},
    "cards/{id}": {"id": "999999"},
}

# Operations whose path object the world does not have (an issued invoice, a
# payment, a device): the field is still refused, after the 404 of its object.
PATH_OBJECT_MISSING = {
    "PATCH /api/v1/meters/{code}/",
    "POST /api/v1/meters/{code}/check/",
    "POST /api/v1/clouds/{slug}/intake/devices/{serial}/attach",
    "PATCH /api/v1/clouds/{slug}/products/{code}/",
    "POST /api/v1/clouds/{slug}/invoices/{id}/credit-notes/",
    "POST /api/v1/clouds/{slug}/invoices/{id}/void/",
    "POST /api/v1/clouds/{slug}/payments/{id}/refunds/",
    "POST /api/v1/clouds/{slug}/bank-lines/{id}/match/",
    "POST /api/v1/provider/bank-lines/{id}/match/",
}


# A valid item of a nested list, for the list's own text fields.
ITEMS: dict[str, dict[str, Any]] = {
    "service_prices": {"service": "REC_DAY", "amount": "0.25"},
    "prices": {"amount": "0.30", "valid_from": "2026-01-01"},
    "components": {"service": "REC_DAY", "quantity": "1"},
}

# Fields the verb judges itself, with a more precise code than a length error.
VALIDATION_CODES = {"currency": "unknown_currency"}

# Operations whose body has no free text at all.
NO_TEXT = {
    "POST /api/v1/events/",  # see BASE
    "PUT /api/v1/clouds/{slug}/dunning/policy/",
    "PUT /api/v1/clouds/{slug}/referral-programme/",  # levels: percentages by level
    "POST /api/v1/meters/{code}/check/",  # event: a CloudEvent, read as ingestion reads it
    "PATCH /api/v1/clouds/{slug}/billing-settings/",  # choices, numbers and a switch only
    "POST /api/v1/clouds/{slug}/bill-runs/{id}/issue/",  # invoices: a list of ids
    "POST /api/v1/clouds/{slug}/collections/suspension-queue/{code}/confirm/",  # no body
    "POST /api/v1/clouds/{slug}/accounts/{code}/cards/{id}/default/",  # no body
    "PUT /api/v1/clouds/{slug}/accounts/{code}/autopay/",  # a switch
    "POST /api/v1/clouds/{slug}/payment-sessions/{session_id}/complete/",  # a switch
}


def _client(user: str) -> Any:
    """A token client, a signed-in session (``session:name``) or anonymous."""
    from rest_framework.test import APIClient

    if user.startswith("session:"):
        from cambill.accounts.models import User

        client = APIClient()
        client.force_login(User.objects.get(username=user.split(":", 1)[1]))
        return client
    return bearer(user) if user else APIClient()


def _url(path: str, extra: dict[str, str]) -> str:
    values = {"slug": "telenet"}
    for key, v in PATH_VALUES.items():
        if key in path:
            values.update(v)
    values.update(extra)
    return path.format(**values)


def _setup(world: Any) -> dict[str, str]:
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM
    from cambill.webhooks.services import webhook_endpoint_create

    camera_create(
        actor=SYSTEM, cloud=world.clouds["telenet"], code="cam1", account=world.accounts["acme"]
    )
    ep = webhook_endpoint_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        url="https://example.com/hook",
        events=["invoice.issued"],
    )
    return {"ENDPOINT": str(ep.pk)}


def _body(base: dict[str, Any], name: str, nested: str | None, value: str) -> dict[str, Any]:
    body = {k: (list(v) if isinstance(v, list) else v) for k, v in base.items()}
    if nested is None:
        body[name] = value
    elif nested == "[]":
        body[name] = [value]
    else:
        items = body.get(nested) or [dict(ITEMS.get(nested, {}))]
        body[nested] = [{**items[0], name: value}, *items[1:]]
    return body


def _send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method.lower())(url, body, format="json")


def test_every_write_operation_has_a_base_body() -> None:
    missing = [f"{m} {p}" for m, p, _ in write_operations() if f"{m} {p}" not in BASE]
    assert not missing, f"add these operations to BASE: {missing}"


def test_every_text_field_of_a_write_operation_has_a_documented_limit() -> None:
    unbounded = [
        f"{m} {p}: {(nested + '.') if nested and nested != '[]' else ''}{name}"
        for m, p, op in write_operations()
        for name, nested, prop in text_fields(json_body(op) or {})
        if "maxLength" not in prop
    ]
    assert not unbounded, unbounded


def test_the_documented_limit_is_the_models() -> None:
    from cambill.clouds.models import Cloud

    op = schema()["paths"]["/api/v1/clouds/{slug}/"]["patch"]
    props = {name: prop for name, _, prop in text_fields(json_body(op) or {})}
    assert props["invoice_prefix"]["maxLength"] == 20
    assert (
        props["invoice_prefix"]["maxLength"] == Cloud._meta.get_field("invoice_prefix").max_length
    )
    assert props["address"]["maxLength"] == 2000


@pytest.mark.parametrize("key", sorted(BASE))
def test_text_fields_at_their_limit_and_one_past_it(world: Any, key: str) -> None:
    method, path = key.split(" ", 1)
    op = schema()["paths"][path][method.lower()]
    user, base = BASE[key]
    ids = _setup(world)
    url = _url(path, {"id": ids["ENDPOINT"]} if "endpoints/{id}" in path else {})
    client = _client(user)
    fields = text_fields(json_body(op) or {})
    assert fields or key in NO_TEXT, key
    for name, nested, prop in fields:
        limit = prop["maxLength"]
        cache.clear()  # the sign-up's address rate limit counts every request here
        # At the limit: whatever the verb says of the value, never a 500.
        with transaction.atomic():
            resp = _send(client, method, url, _body(base, name, nested, "a" * limit))
            assert resp.status_code < 500, (key, name, resp.status_code)
            transaction.set_rollback(True)
        # One past it: a 400 naming the field, nothing written.
        with unchanged():
            resp = _send(client, method, url, _body(base, name, nested, "a" * (limit + 1)))
        if limit >= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440):
            # A text as long as a whole body (a CSV upload): the body limit says so.
            err(resp, 413, "request_too_large")
            continue
        if key in PATH_OBJECT_MISSING:
            assert resp.status_code == 404, (key, name, resp.status_code)
            continue
        # validation_error, or the verb's more precise code (unknown_currency).
        body = err(resp, 400, VALIDATION_CODES.get(name, "validation_error"))
        where = name if nested in (None, "[]") else nested
        assert where in body["fields"], (key, name, body)


# --- the verbs themselves (forms and commands call them too) ---------------------


def test_invoice_prefix_longer_than_the_model_is_refused_by_the_verb(world: Any) -> None:
    from cambill.clouds.models import Cloud
    from cambill.clouds.services import cloud_update

    cloud = world.clouds["telenet"]
    with pytest.raises(DomainError) as exc:
        cloud_update(actor=world.actor("padmin"), cloud=cloud, invoice_prefix="P" * 40)
    assert exc.value.code == ErrorCode.VALIDATION
    assert list(exc.value.fields) == ["invoice_prefix"]
    assert "20" in exc.value.fields["invoice_prefix"][0]
    assert Cloud.objects.get(pk=cloud.pk).invoice_prefix == "TELENET-"


def test_the_api_refuses_a_40_character_invoice_prefix(world: Any) -> None:
    from cambill.clouds.models import Cloud

    client = bearer("padmin")
    with unchanged():
        resp = client.patch("/api/v1/clouds/telenet/", {"invoice_prefix": "P" * 40}, format="json")
    body = err(resp, 400, "validation_error")
    assert list(body["fields"]) == ["invoice_prefix"]
    assert Cloud.objects.get(slug="telenet").invoice_prefix == "TELENET-"


def test_a_model_validation_error_in_a_view_is_the_error_shape() -> None:
    from django.core.exceptions import ValidationError

    from cambill.api.core.errors import exception_handler

    resp = exception_handler(ValidationError({"name": ["Too long."], "__all__": ["Bad."]}), {})
    assert resp is not None and resp.status_code == 400
    assert resp.data == {
        "code": "validation_error",
        "message": "Bad.",
        "fields": {"name": ["Too long."]},
    }


def test_the_verbs_error_lands_on_the_form_field(world: Any) -> None:
    """The pages call the same verb: its per-field message goes on the field."""
    from django import forms

    from cambill.clouds.services import cloud_update
    from cambill.web.core.pages import apply_domain_error

    class F(forms.Form):
        invoice_prefix = forms.CharField()

    form = F(data={"invoice_prefix": "P" * 40})
    assert form.is_valid()
    with pytest.raises(DomainError) as exc:
        cloud_update(
            actor=world.actor("padmin"), cloud=world.clouds["telenet"], invoice_prefix="P" * 40
        )
    apply_domain_error(form, exc.value)
    assert form.errors["invoice_prefix"] == exc.value.fields["invoice_prefix"]

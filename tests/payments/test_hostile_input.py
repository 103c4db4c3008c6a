"""Issue #11 point 6, payments side: validly signed Stripe events with a bad
payload and the PDF endpoint's errors answer 4xx in the error shape, as JSON,
and write nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from cambill.payments.models import GatewayEvent, LedgerLine, Payment
from cambill_sandbox.fake_stripe import stripe_signature
from tests.api.helpers import bearer, err

from .test_stripe import WHSEC, card  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _event(card: Any, obj: Any = None, data: Any = None) -> dict[str, Any]:  # noqa: F811
    inv = card.inv["acme"]
    base = {
        "id": "pi_hostile",
        "amount": 2591,
        "metadata": {"cloud_id": str(inv.cloud_id), "invoice_id": str(inv.pk)},
    }
    return {
        "id": "evt_hostile",
        "type": "payment_intent.succeeded",
        "created": 1775000000,
        "data": data if data is not None else {"object": {**base, **(obj or {})}},
    }


@pytest.mark.parametrize(
    "make",
    [
        lambda c: json.dumps(_event(c, {"amount": "1e309"})),
        lambda c: json.dumps(_event(c, {"amount": 1e300})),
        lambda c: json.dumps(_event(c, {"amount_received": "12"})),
        lambda c: json.dumps(_event(c, data="x")),
        lambda c: json.dumps(_event(c, data={"object": "x"})),
        lambda c: json.dumps(_event(c, {"metadata": [1]})),
        lambda c: json.dumps({**_event(c), "created": 1e300}),
        lambda c: json.dumps(_event(c)).replace('"pi_hostile"', "1e309", 1),
        lambda c: "[" * 100_000 + "]" * 100_000,
        lambda c: json.dumps(_event(c)).replace('"pi_hostile"', '"\\ud800"', 1),
    ],
    ids=[
        "amount-1e309-text",
        "amount-float",
        "amount-received-text",
        "data-x",
        "object-x",
        "metadata-list",
        "created-huge",
        "float-overflow",
        "deep-json",
        "lone-surrogate",
    ],
)
def test_signed_stripe_event_with_bad_payload_is_400_and_writes_nothing(card, make) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    payload = make(card)
    before = (GatewayEvent.objects.count(), Payment.objects.count(), LedgerLine.objects.count())
    resp = APIClient().generic(
        "POST",
        "/api/v1/stripe/webhook",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(WHSEC, payload),
    )
    body = resp.json()
    assert resp.status_code == 400, body
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] in ("validation_error", "malformed_request")
    after = (GatewayEvent.objects.count(), Payment.objects.count(), LedgerLine.objects.count())
    assert after == before


def test_a_good_signed_event_still_records_the_payment(card) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    payload = json.dumps(_event(card))
    resp = APIClient().generic(
        "POST",
        "/api/v1/stripe/webhook",
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(WHSEC, payload),
    )
    assert resp.status_code == 200, resp.content
    assert Payment.objects.filter(external_id="stripe:pi_hostile").count() == 1


@pytest.mark.parametrize(
    "who,path,accept,status,code",
    [
        ("caccountant", "999999", "application/pdf", 404, "not_found"),
        ("caccountant", "999999", "*/*", 404, "not_found"),
        ("otheradmin", "acme", "application/pdf", 404, "not_found"),
        ("caccountant", "acme", "text/csv", 406, "not_acceptable"),
        (None, "acme", "application/pdf", 401, "not_authenticated"),
    ],
)
def test_pdf_endpoint_errors_are_json(billed, who, path, accept, status, code) -> None:  # type: ignore[no-untyped-def]
    pk = billed.inv["acme"].pk if path == "acme" else path
    client = bearer(who) if who else APIClient()
    resp = client.get(f"/api/v1/clouds/telenet/invoices/{pk}/pdf/", HTTP_ACCEPT=accept)
    assert resp["Content-Type"].startswith("application/json"), resp["Content-Type"]
    err(resp, status, code)


def test_pdf_endpoint_still_renders_the_pdf(billed) -> None:  # type: ignore[no-untyped-def]
    pk = billed.inv["acme"].pk
    resp = bearer("caccountant").get(f"/api/v1/clouds/telenet/invoices/{pk}/pdf/")
    assert resp.status_code == 200 and resp.content.startswith(b"%PDF-")

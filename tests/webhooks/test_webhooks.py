"""Outbound webhooks: signed JSON after commit, retries with backoff, log and replay."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import standardwebhooks
from django.db import transaction
from django.utils import timezone
from pytest_httpserver import HTTPServer
from rest_framework.test import APIClient

from cambill.core.errors import DomainError
from cambill.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from cambill.webhooks.services import (
    MAX_ATTEMPTS,
    webhook_deliver,
    webhook_emit,
    webhook_endpoint_create,
    webhook_endpoint_update,
    webhooks_deliver_due,
)

# A Standard Webhooks secret: whsec_ and 24 random bytes in base64.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Receiver:
    """The operator's endpoint: pytest-httpserver answering ``status`` (200 until
    set), keeping what arrived as ``got`` (headers, body)."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.url = server.url_for("/hook")
        self.status = 200

    @property
    def status(self) -> int:
        return self._status

    @status.setter
    def status(self, code: int) -> None:
        self._status = code
        self.server.clear_all_handlers()  # the log of what arrived stays
        self.server.expect_request("/hook", method="POST").respond_with_data("", status=code)

    @property
    def got(self) -> list[tuple[dict[str, str], str]]:
        return [(dict(req.headers), req.get_data(as_text=True)) for req, _resp in self.server.log]


@pytest.fixture
def receiver(httpserver: HTTPServer) -> Receiver:
    return Receiver(httpserver)


def verified(secret: str, headers: dict[str, str], body: str) -> Any:
    """What an operator's receiver does, with the Standard Webhooks library itself."""
    return standardwebhooks.Webhook(secret).verify(body, headers)


@pytest.fixture
def endpoint(world, receiver):  # type: ignore[no-untyped-def]
    return webhook_endpoint_create(
        actor=world.actor("cadmin"),
        cloud=world.clouds["telenet"],
        url=receiver.url,
        events=["payment.succeeded", "account.suspended"],
        secret=SECRET,
    )


def test_signed_body_sent_after_commit(
    world, endpoint, receiver, django_capture_on_commit_callbacks
) -> None:
    t = world.clouds["telenet"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ev = webhook_emit(cloud=t, type="payment.succeeded", data={"amount": "25.91"})
        assert receiver.got == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    ((headers, body),) = receiver.got
    data = verified(SECRET, headers, body)
    assert headers["Webhook-Id"] == str(ev.uid)
    assert headers["Webhook-Signature"].startswith("v1,")
    other = "whsec_" + "A" * 43 + "="
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        verified(other, headers, body)
    with pytest.raises(standardwebhooks.WebhookVerificationError):  # the body was changed
        verified(SECRET, headers, body.replace("25.91", "99.99"))
    assert (data["id"], data["type"], data["data"]) == (
        str(ev.uid),
        "payment.succeeded",
        {"amount": "25.91"},
    )
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts, d.last_status_code) == ("succeeded", 1, 200)


def test_unsubscribed_event_and_rollback_send_nothing(
    world, endpoint, receiver, django_capture_on_commit_callbacks
) -> None:
    t = world.clouds["telenet"]
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_emit(cloud=t, type="invoice.issued", data={}) is None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                webhook_emit(cloud=t, type="payment.succeeded", data={})
                raise RuntimeError("the verb failed")
        except RuntimeError:
            pass
    assert callbacks == [] and receiver.got == []
    assert WebhookEvent.objects.count() == 0


def test_retries_with_exponential_backoff_then_gives_up(
    world, endpoint, receiver, django_capture_on_commit_callbacks
) -> None:
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        webhook_emit(cloud=world.clouds["telenet"], type="payment.succeeded", data={})
    d = WebhookDelivery.objects.get()
    assert (d.status, d.attempts, d.last_error) == ("pending", 1, "HTTP 500")
    gap = d.next_attempt_at - d.last_attempt_at
    assert gap == timedelta(seconds=30)
    # Not due yet: nothing happens.
    assert webhooks_deliver_due(now=d.last_attempt_at + timedelta(seconds=29)) == 0
    now = d.last_attempt_at
    gaps = [gap]
    for _ in range(MAX_ATTEMPTS - 1):
        now = WebhookDelivery.objects.get().next_attempt_at
        assert webhooks_deliver_due(now=now) == 1
        d = WebhookDelivery.objects.get()
        if d.next_attempt_at:
            gaps.append(d.next_attempt_at - d.last_attempt_at)
    assert [g.total_seconds() for g in gaps] == [30 * 2**i for i in range(MAX_ATTEMPTS - 1)]
    assert (d.status, d.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(receiver.got) == MAX_ATTEMPTS


def test_recovery_on_retry_and_replay_via_api(
    world, endpoint, receiver, django_capture_on_commit_callbacks
) -> None:
    receiver.status = 503
    with django_capture_on_commit_callbacks(execute=True):
        ev = webhook_emit(
            cloud=world.clouds["telenet"], type="account.suspended", data={"account": "beta"}
        )
    receiver.status = 200
    d = WebhookDelivery.objects.get()
    webhooks_deliver_due(now=d.next_attempt_at)
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("succeeded", 2)
    c = APIClient()
    c.force_authenticate(world.users["cadmin"])
    log = c.get("/api/v1/clouds/telenet/webhooks/deliveries").json()
    assert [r["status"] for r in log["results"]] == ["succeeded"]
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(f"/api/v1/clouds/telenet/webhooks/deliveries/{d.pk}/replay")
    assert resp.status_code == 201, resp.content
    assert resp.json()["replay_of"] == d.pk
    assert len(receiver.got) == 3
    assert json.loads(receiver.got[-1][1])["id"] == str(ev.uid)  # same event id: receivers dedupe
    # Every attempt (the failed one, the retry, the replay) is signed and carries the
    # same webhook-id, so a Standard Webhooks receiver deduplicates on it.
    for headers, body in receiver.got:
        verified(SECRET, headers, body)
    assert {h["Webhook-Id"] for h, _ in receiver.got} == {str(ev.uid)}
    c.force_authenticate(world.users["otheradmin"])
    assert c.post(f"/api/v1/clouds/telenet/webhooks/deliveries/{d.pk}/replay").status_code == 404


def test_endpoint_api_shows_secret_once(world, receiver) -> None:
    c = APIClient()
    c.force_authenticate(world.users["cadmin"])
    resp = c.post(
        "/api/v1/clouds/telenet/webhooks/endpoints",
        {"url": receiver.url, "events": ["invoice.paid"]},
        format="json",
    )
    assert resp.status_code == 201
    assert resp.json()["secret"].startswith("whsec_")
    listed = c.get("/api/v1/clouds/telenet/webhooks/endpoints").json()
    assert "secret" not in listed[0]
    bad = c.post(
        "/api/v1/clouds/telenet/webhooks/endpoints",
        {"url": receiver.url, "events": ["nope"]},
        format="json",
    )
    assert bad.status_code == 400
    c.force_authenticate(world.users["caccountant"])
    assert (
        c.post(
            "/api/v1/clouds/telenet/webhooks/endpoints",
            {"url": receiver.url, "events": ["invoice.paid"]},
            format="json",
        ).status_code
        == 403
    )


def test_payment_emits_payment_succeeded(
    billed_world, endpoint, receiver, django_capture_on_commit_callbacks
) -> None:
    from cambill.payments.services import payment_record
    from tests.conftest import utc

    w = billed_world
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=w.actor("caccountant"),
            cloud=w.clouds["telenet"],
            account=w.accounts["acme"],
            amount="30.00",
            received_at=utc(2026, 4, 10),
            reference="TR-1",
        )
    ((_headers, body),) = receiver.got
    data = json.loads(body)["data"]
    assert data["amount"] == "30.00" and data["invoices"] == [w.inv["acme"].number]


def test_bad_urls(world) -> None:
    for url in ["ftp://x", "", "javascript:alert(1)"]:
        with pytest.raises(DomainError):
            webhook_endpoint_create(
                actor=world.actor("cadmin"),
                cloud=world.clouds["telenet"],
                url=url,
                events=["invoice.paid"],
            )
    assert timezone.now()


def test_dunning_suspension_is_sent(
    billed_world, endpoint, receiver, django_capture_on_commit_callbacks
) -> None:
    from cambill.payments.dunning import dunning_policy_set, dunning_run
    from tests.conftest import utc

    w = billed_world
    t = w.clouds["telenet"]
    dunning_policy_set(actor=w.actor("cadmin"), cloud=t, reminder_days=[], suspend_after_days=20)
    with django_capture_on_commit_callbacks(execute=True):
        dunning_run(cloud=t, now=utc(2026, 5, 10, 13))
    types = sorted(
        (json.loads(b)["type"], json.loads(b)["data"]["account"]) for _, b in receiver.got
    )
    assert types == [("account.suspended", "acme"), ("account.suspended", "beta")]


def test_generated_secret_is_a_standard_webhooks_secret(world, receiver) -> None:
    import base64

    c = APIClient()
    c.force_authenticate(world.users["cadmin"])
    resp = c.post(
        "/api/v1/clouds/telenet/webhooks/endpoints",
        {"url": receiver.url, "events": ["payment.succeeded"]},
        format="json",
    )
    assert resp.status_code == 201, resp.content
    secret = resp.json()["secret"]
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) == 32
    ep = WebhookEndpoint.objects.get()
    ev = webhook_emit(cloud=world.clouds["telenet"], type="payment.succeeded", data={"n": 1})
    webhook_deliver(ev.deliveries.get().pk)
    ((headers, body),) = receiver.got
    assert verified(secret, headers, body)["data"] == {"n": 1}
    assert ep.deliveries.get().status == "succeeded"


@pytest.mark.parametrize(
    "secret",
    [
        "whsec_receiver",  # base64, but 6 bytes
        "receiver-secret-that-is-long-enough",  # no whsec_ prefix
        "whsec_not base64 at all!!",
        "whsec_" + "QUFB" * 30,  # 90 bytes: more than 64
        "whsec_",
        "",
    ],
)
def test_a_secret_that_is_no_standard_webhooks_secret_is_refused(world, secret: str) -> None:
    with pytest.raises(DomainError) as err:
        webhook_endpoint_create(
            actor=world.actor("cadmin"),
            cloud=world.clouds["telenet"],
            url="https://hooks.example.com/x",
            events=["invoice.paid"],
            secret=secret,
        )
    assert err.value.code == "validation_error" and list(err.value.fields) == ["secret"]
    assert WebhookEndpoint.objects.count() == 0
    ep = webhook_endpoint_create(
        actor=world.actor("cadmin"),
        cloud=world.clouds["telenet"],
        url="https://hooks.example.com/x",
        events=["invoice.paid"],
    )
    with pytest.raises(DomainError) as err:
        webhook_endpoint_update(actor=world.actor("cadmin"), endpoint=ep, secret=secret)
    assert list(err.value.fields) == ["secret"]
    ep.refresh_from_db()
    assert ep.secret.startswith("whsec_") and ep.secret != secret


def test_a_secret_stored_before_the_check_signs_with_its_own_bytes(
    world, endpoint, receiver
) -> None:
    """Secrets cambill made were always whsec_<base64>; one set by code in another
    form (before the check) keeps working: its bytes are the key."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret="an old secret")
    ev = webhook_emit(cloud=world.clouds["telenet"], type="payment.succeeded", data={})
    webhook_deliver(ev.deliveries.get().pk)
    ((headers, body),) = receiver.got
    assert standardwebhooks.Webhook(b"an old secret").verify(body, headers)["id"] == str(ev.uid)


def test_a_stale_or_replayed_signature_is_refused_by_the_library(
    world, endpoint, receiver, monkeypatch
) -> None:
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - 3600)  # signed an hour ago
    ev = webhook_emit(cloud=world.clouds["telenet"], type="payment.succeeded", data={})
    webhook_deliver(ev.deliveries.get().pk)
    monkeypatch.undo()
    ((headers, body),) = receiver.got
    with pytest.raises(standardwebhooks.WebhookVerificationError, match="too old"):
        verified(SECRET, headers, body)

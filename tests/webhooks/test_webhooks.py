"""Outbound webhooks: signed JSON after commit, retries with backoff, log and replay."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from cambill.core.errors import DomainError
from cambill.webhooks.models import WebhookDelivery, WebhookEvent
from cambill.webhooks.services import (
    MAX_ATTEMPTS,
    verify,
    webhook_emit,
    webhook_endpoint_create,
    webhooks_deliver_due,
)

SECRET = "whsec_receiver"


class Receiver:
    def __init__(self) -> None:
        self.status = 200
        self.got: list[tuple[dict[str, str], str]] = []
        rec = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                rec.got.append(({k: v for k, v in self.headers.items()}, body))
                self.send_response(rec.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver():  # type: ignore[no-untyped-def]
    r = Receiver()
    yield r
    r.stop()


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
    assert verify(SECRET, body, headers["Cambill-Signature"])
    assert not verify("wrong", body, headers["Cambill-Signature"])
    data = json.loads(body)
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

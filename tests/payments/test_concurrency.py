"""Concurrent replays on PostgreSQL: the same Stripe event and the same bank file
arriving twice at once still pay once."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from cambill.payments.models import GatewayEvent, Payment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and concurrency need PostgreSQL"
    ),
]


def together(n: int, fn: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    out: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            out[i] = fn()
        except Exception as exc:
            out[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_same_webhook_twice_at_once(billed, fake_stripe) -> None:
    from cambill.payments.gateways.config import gateway_config_set
    from cambill.payments.gateways.stripe_webhooks import stripe_webhook_handle
    from cambill_sandbox.fake_stripe import stripe_signature

    t = billed.clouds["telenet"]
    gateway_config_set(
        actor=billed.actor("cadmin"), cloud=t, kind="stripe", secret_key="sk", webhook_secret="wh"
    )
    inv = billed.inv["beta"]
    payload = fake_stripe.event(
        "payment_intent.succeeded",
        {
            "id": "pi_same",
            "amount": 357,
            "amount_received": 357,
            "metadata": {"cloud_id": str(inv.cloud_id), "invoice_id": str(inv.pk)},
        },
    )
    sig = stripe_signature("wh", payload)
    results = together(4, lambda: stripe_webhook_handle(payload.encode(), sig))
    statuses = sorted(r["status"] if isinstance(r, dict) else repr(r) for r in results)
    assert statuses == ["duplicate", "duplicate", "duplicate", "processed"]
    assert Payment.objects.get().amount == Decimal("3.57")
    assert GatewayEvent.objects.count() == 1


def test_same_bank_file_twice_at_once(billed) -> None:
    from cambill.payments.bank import bank_import

    t = billed.clouds["telenet"]
    content = (
        "date,amount,reference,description\n"
        f"2026-04-08,25.91,{billed.inv['acme'].number},x\n2026-04-08,3.57,beta,y\n"
    )
    actor = billed.actor("caccountant")
    results = together(3, lambda: bank_import(actor=actor, cloud=t, content=content))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(r.lines_matched for r in results) == 2
    assert sum(r.lines_skipped for r in results) == 4
    assert Payment.objects.count() == 2

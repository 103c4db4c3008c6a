"""The Stripe adapter against a local fake Stripe: save a card, charge on issue,
webhooks verified and idempotent, declines, retries on the dunning schedule."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core import mail
from rest_framework.test import APIClient

from cambill.payments import ledger as L
from cambill.payments.gateways.charging import charge_invoice
from cambill.payments.gateways.config import gateway_config_set
from cambill.payments.gateways.scheduling import schedule_auto_charge
from cambill.payments.gateways.stripe_adapter import card_setup_complete, card_setup_start
from cambill.payments.models import ChargeAttempt, GatewayEvent, LedgerLine, Payment, SavedCard
from cambill_sandbox.fake_stripe import stripe_signature
from tests.conftest import utc

D = Decimal
WHSEC = "whsec_test_telenet"


@pytest.fixture
def card(billed, fake_stripe):  # type: ignore[no-untyped-def]
    t = billed.clouds["telenet"]
    gateway_config_set(
        actor=billed.actor("cadmin"),
        cloud=t,
        kind="stripe",
        secret_key="sk_test_123",
        webhook_secret=WHSEC,
        publishable_key="pk_test_123",
    )
    acme = billed.accounts["acme"]
    started = card_setup_start(actor=billed.actor("subscriber"), account=acme)
    assert started["client_secret"].startswith(started["setup_intent"])
    pm = fake_stripe.complete_setup(started["setup_intent"])
    saved = card_setup_complete(actor=billed.actor("subscriber"), account=acme)
    assert saved.payment_method_id == pm
    return billed


def post_event(fake, type_: str, obj: dict, secret: str = WHSEC, sig: str | None = None):  # type: ignore[no-untyped-def]
    payload = fake.event(type_, obj)
    header = sig if sig is not None else stripe_signature(secret, payload)
    return APIClient().post(
        "/api/v1/stripe/webhook",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    ), payload


def test_card_is_charged_when_the_invoice_is_issued(
    card, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    inv = card.inv["acme"]
    with django_capture_on_commit_callbacks(execute=True):
        schedule_auto_charge(inv)
    inv.refresh_from_db()
    assert inv.status == "paid"
    pi_calls = [r for r in fake_stripe.requests if r[1] == "/v1/payment_intents"]
    assert len(pi_calls) == 1
    _, _, params, key = pi_calls[0]
    assert key == f"cambill-invoice-{inv.pk}-1"
    assert params["amount"] == "2591" and params["currency"] == "usd"
    assert params["off_session"] == "true" and params["confirm"] == "true"
    p = Payment.objects.get()
    assert (p.method, p.amount, p.external_id) == ("card", D("25.91"), f"stripe:{p.reference}")
    assert L.account_balance(card.accounts["acme"]) == 0
    # A second charge request finds nothing open.
    assert charge_invoice(inv) is None


def test_webhook_after_the_api_answer_and_its_replay_change_nothing(card, fake_stripe) -> None:
    inv = card.inv["acme"]
    attempt = charge_invoice(inv)
    assert attempt is not None and attempt.status == "succeeded"
    obj = fake_stripe.objects[attempt.intent_id]
    counts = (Payment.objects.count(), LedgerLine.objects.count())
    resp, payload = post_event(fake_stripe, "payment_intent.succeeded", obj)
    assert resp.status_code == 200 and resp.json()["status"] == "processed"
    assert (Payment.objects.count(), LedgerLine.objects.count()) == counts
    # The very same event delivered again (Stripe retries): a no-op.
    again = APIClient().post(
        "/api/v1/stripe/webhook",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(WHSEC, payload),
    )
    assert again.json()["status"] == "duplicate"
    assert (Payment.objects.count(), LedgerLine.objects.count()) == counts
    assert GatewayEvent.objects.count() == 1


def test_webhook_alone_records_the_payment_once(card, fake_stripe) -> None:
    inv = card.inv["beta"]
    obj = {
        "id": "pi_from_dashboard",
        "object": "payment_intent",
        "amount": 357,
        "amount_received": 357,
        "currency": "usd",
        "status": "succeeded",
        "created": 1775822400,
        "metadata": {"cloud_id": str(inv.cloud_id), "invoice_id": str(inv.pk)},
    }
    for _ in range(2):
        resp, _ = post_event(fake_stripe, "payment_intent.succeeded", obj)
        assert resp.status_code == 200
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert Payment.objects.get().amount == D("3.57")


@pytest.mark.parametrize("sig", ["", "t=1,v1=deadbeef", None])
def test_bad_signature_is_refused_and_changes_nothing(card, fake_stripe, sig) -> None:
    inv = card.inv["beta"]
    obj = {
        "id": "pi_x",
        "amount": 357,
        "metadata": {"cloud_id": str(inv.cloud_id), "invoice_id": str(inv.pk)},
    }
    if sig is None:
        resp, _ = post_event(fake_stripe, "payment_intent.succeeded", obj, secret="whsec_wrong")
    else:
        resp, _ = post_event(fake_stripe, "payment_intent.succeeded", obj, sig=sig)
    assert resp.status_code == 400
    assert Payment.objects.count() == 0 and GatewayEvent.objects.count() == 0


def test_decline_then_retry_on_the_dunning_schedule(
    card, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    from cambill.payments.dunning import dunning_policy_set, dunning_run

    t = card.clouds["telenet"]
    inv = card.inv["acme"]
    fake_stripe.decline = True
    attempt = charge_invoice(inv)
    assert (attempt.status, attempt.error) == ("failed", "Your card was declined.")
    # The failure webhook after the API answer: recorded once.
    obj = fake_stripe.objects[attempt.intent_id]
    resp, _ = post_event(fake_stripe, "payment_intent.payment_failed", obj)
    assert resp.status_code == 200
    assert ChargeAttempt.objects.filter(status="failed").count() == 1
    dunning_policy_set(
        actor=card.actor("cadmin"), cloud=t, reminder_days=[3, 10], suspend_after_days=20
    )
    due = inv.due_at
    assert due == utc(2026, 4, 20, 12)
    with django_capture_on_commit_callbacks(execute=True):
        stats = dunning_run(cloud=t, now=utc(2026, 4, 23, 13))
    # acme and beta are both 3 days overdue; beta has no e-mail address, so one mail.
    assert stats["reminders"] == 2 and stats["retries"] == 1
    assert ChargeAttempt.objects.filter(invoice=inv).count() == 2  # still declined
    # acme's reminder, and the declined retry told to acme through the outbox.
    assert sorted(m.subject for m in mail.outbox) == [
        "Telenet: invoice TELENET-2026-000001 is overdue (25.91 USD)",
        "Telenet: your card payment of 25.91 USD did not go through",
    ]
    # The same day again: no second reminder, no second retry.
    with django_capture_on_commit_callbacks(execute=True):
        stats = dunning_run(cloud=t, now=utc(2026, 4, 23, 18))
    assert stats == {"reminders": 0, "retries": 0, "suspended": 0, "resumed": 0}
    fake_stripe.decline = False
    with django_capture_on_commit_callbacks(execute=True):
        dunning_run(cloud=t, now=utc(2026, 4, 30, 13))
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert [a.status for a in ChargeAttempt.objects.filter(invoice=inv)] == [
        "failed",
        "failed",
        "succeeded",
    ]
    # Each retry is dated by its dunning run, and so is the payment it records.
    retries = ChargeAttempt.objects.filter(invoice=inv, number__gt=1).order_by("number")
    assert [a.created_at for a in retries] == [utc(2026, 4, 23, 13), utc(2026, 4, 30, 13)]
    assert Payment.objects.get().received_at == utc(2026, 4, 30, 13)
    keys = [r[3] for r in fake_stripe.requests if r[1] == "/v1/payment_intents"]
    assert keys == [f"cambill-invoice-{inv.pk}-{n}" for n in (1, 2, 3)]


def test_keys_are_write_only(card) -> None:
    c = APIClient()
    c.force_authenticate(card.users["cadmin"])
    resp = c.get("/api/v1/clouds/telenet/gateways/stripe")
    assert resp.status_code == 200
    body = json.dumps(resp.json())
    assert "sk_test_123" not in body and WHSEC not in body
    assert resp.json()["has_secret_key"] is True
    resp = c.put(
        "/api/v1/clouds/telenet/gateways/stripe", {"secret_key": "sk_test_new"}, format="json"
    )
    assert "sk_test_new" not in json.dumps(resp.json())
    from cambill.core.models import AuditEntry

    audit_text = json.dumps(list(AuditEntry.objects.values("before", "after")))
    assert "sk_test" not in audit_text and WHSEC not in audit_text
    c.force_authenticate(card.users["caccountant"])
    assert c.get("/api/v1/clouds/telenet/gateways/stripe").status_code == 403
    c.force_authenticate(card.users["otheradmin"])
    assert c.get("/api/v1/clouds/telenet/gateways/stripe").status_code == 404


def test_other_subscriber_cannot_save_a_card_for_acme(card) -> None:
    from cambill.core.errors import DomainError

    with pytest.raises(DomainError):
        card_setup_start(actor=card.actor("subscriber2"), account=card.accounts["acme"])
    assert SavedCard.objects.count() == 1


def test_issuing_with_a_saved_card_charges_after_commit(
    card, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    """The hook invoicing calls on issue: the credit is applied, then the card charged."""
    from cambill.invoicing.models import Invoice

    from .conftest import issue

    acme = card.accounts["acme"]
    march = card.inv["acme"]
    april = Invoice.objects.create(
        cloud=march.cloud,
        account=acme,
        kind="retail",
        period="2026-04",
        period_start=march.period_end,
        period_end=utc(2026, 5, 1, 5),
        currency="USD",
        issuer_name="Telenet",
        customer_name="ACME",
        net=D("10.00"),
        tax=D("1.90"),
        total=D("11.90"),
        subtotal=D("10.00"),
        created_at=utc(2026, 5, 2),
        updated_at=utc(2026, 5, 2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        april = issue(april, now=utc(2026, 5, 2))
    april.refresh_from_db()
    assert april.status == "paid"
    _, _, params, key = next(r for r in fake_stripe.requests if r[1] == "/v1/payment_intents")
    assert (params["amount"], key) == ("1190", f"cambill-invoice-{april.pk}-1")
    # March stays open: only the invoice being issued is charged automatically.
    assert L.account_balance(acme) == D("25.91")
    # The charge is dated the issue time (passed to the task as ISO text), not the wall clock.
    attempt = ChargeAttempt.objects.get(invoice=april)
    assert (attempt.created_at, attempt.updated_at) == (utc(2026, 5, 2), utc(2026, 5, 2))
    p = Payment.objects.get()
    assert (p.received_at, p.created_at) == (utc(2026, 5, 2), utc(2026, 5, 2))
    assert april.paid_at == utc(2026, 5, 2)


def test_charge_task_takes_now_as_iso_text(card, fake_stripe) -> None:
    from cambill.payments.tasks import charge_invoice_task

    inv = card.inv["acme"]
    assert charge_invoice_task.delay(inv.pk, "2026-04-06T09:30:00+00:00").get() == "succeeded"
    attempt = ChargeAttempt.objects.get(invoice=inv)
    assert (attempt.created_at, attempt.updated_at) == (utc(2026, 4, 6, 9, 30),) * 2
    assert Payment.objects.get().received_at == utc(2026, 4, 6, 9, 30)
    # The idempotency key is unchanged by the explicit time.
    assert attempt.idempotency_key == f"cambill-invoice-{inv.pk}-1"


def test_payment_from_a_webhook_is_dated_by_the_event(card, fake_stripe) -> None:
    """A charge that settles later: the attempt keeps its own time, the payment and
    the paid invoice take the ``created`` of Stripe's event (not the PaymentIntent's
    and not the wall clock)."""
    inv = card.inv["acme"]
    charged, settled = utc(2026, 4, 6, 8), utc(2026, 4, 8, 17, 45, 30)
    fake_stripe.confirm_async = True
    fake_stripe.clock = charged.timestamp
    attempt = charge_invoice(inv, now=charged)
    assert attempt is not None and attempt.status == "pending"
    assert fake_stripe.objects[attempt.intent_id]["created"] == int(charged.timestamp())
    fake_stripe.clock = settled.timestamp
    resp, payload = post_event(
        fake_stripe, "payment_intent.succeeded", fake_stripe.succeed(attempt.intent_id)
    )
    assert resp.status_code == 200 and resp.json()["status"] == "processed"
    assert json.loads(payload)["created"] == int(settled.timestamp())
    attempt.refresh_from_db()
    assert (attempt.status, attempt.created_at, attempt.updated_at) == (
        "succeeded",
        charged,
        settled,
    )
    p = Payment.objects.get()
    assert (p.amount, p.received_at, p.created_at) == (D("25.91"), settled, settled)
    assert p.allocations.get().created_at == settled
    inv.refresh_from_db()
    assert (inv.status, inv.paid_at) == ("paid", settled)


def test_failure_from_a_webhook_is_dated_by_the_event(card, fake_stripe) -> None:
    inv = card.inv["acme"]
    fake_stripe.confirm_async = True
    attempt = charge_invoice(inv, now=utc(2026, 4, 6, 8))
    assert attempt is not None
    obj = {
        **fake_stripe.objects[attempt.intent_id],
        "status": "requires_payment_method",
        "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
    }
    fake_stripe.clock = utc(2026, 4, 7, 3).timestamp
    resp, _ = post_event(fake_stripe, "payment_intent.payment_failed", obj)
    assert resp.status_code == 200
    attempt.refresh_from_db()
    assert (attempt.status, attempt.created_at, attempt.updated_at) == (
        "failed",
        utc(2026, 4, 6, 8),
        utc(2026, 4, 7, 3),
    )

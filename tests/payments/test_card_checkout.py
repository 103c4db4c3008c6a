"""Paying by card through Stripe Checkout against the local fake Stripe, over real
HTTP: the hosted page takes a test card; success, 3-D Secure completed or failed,
declined; the return page and the webhooks record one payment whichever comes
first; saved cards (several, a default) and autopay."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import requests
from django.core import mail
from rest_framework.test import APIClient

from cambill.payments import ledger as L
from cambill.payments.gateways.cards import autopay_set, card_remove, card_set_default
from cambill.payments.gateways.charging import charge_invoice
from cambill.payments.gateways.checkout import (
    checkout_card_start,
    checkout_complete,
    checkout_pay_start,
)
from cambill.payments.gateways.scheduling import schedule_auto_charge
from cambill.payments.models import CardCheckout, ChargeAttempt, Payment, SavedCard
from cambill_sandbox.fake_stripe import stripe_signature

D = Decimal
WHSEC = "whsec_test_telenet"  # conftest.stripe_on
OK, THREE_DS, DECLINE = "4242424242424242", "4000002500003155", "4000000000000002"
BACK = "http://testserver/back/?session_id={CHECKOUT_SESSION_ID}"
CANCEL = "http://testserver/cancel/"


def hosted(url: str, number: str, challenge: str | None = None) -> requests.Response:
    """Type a card on the fake Stripe's hosted page (and answer its 3-D Secure page)."""
    page = requests.get(url, timeout=10)
    assert page.status_code == 200 and "Card number" in page.text
    # No external assets: nothing is loaded from anywhere but the fake itself.
    assert "<script" not in page.text and "src=" not in page.text
    r = requests.post(url, data={"cardnumber": number}, allow_redirects=False, timeout=10)
    if challenge is not None:
        assert r.status_code == 303 and r.headers["Location"].endswith("/3ds")
        assert "Complete authentication" in requests.get(r.headers["Location"], timeout=10).text
        r = requests.post(
            r.headers["Location"], data={"action": challenge}, allow_redirects=False, timeout=10
        )
    return r


def deliver(fake: Any, payload: str) -> Any:
    return APIClient().post(
        "/api/v1/stripe/webhook",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(WHSEC, payload),
    )


def start(w: Any, invoices: list[int] | None = None, save: bool = False) -> CardCheckout:
    return checkout_pay_start(
        actor=w.actor("subscriber"),
        account=w.accounts["acme"],
        invoice_ids=invoices,
        save_card=save,
        success_url=BACK,
        cancel_url=CANCEL,
    )


def test_paying_an_invoice_by_card_records_one_payment_and_a_receipt(
    stripe_on, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    inv = stripe_on.inv["acme"]
    row = start(stripe_on, [inv.pk])
    assert (row.amount, row.status, row.invoice_ids) == (D("25.91"), "open", [inv.pk])
    _, _, params, _ = next(r for r in fake_stripe.requests if r[1] == "/v1/checkout/sessions")
    assert params["mode"] == "payment"
    assert params["line_items"]["0"]["price_data"]["unit_amount"] == "2591"
    r = hosted(row.url, OK)
    assert r.status_code == 303
    assert r.headers["Location"] == f"http://testserver/back/?session_id={row.session_id}"
    with django_capture_on_commit_callbacks(execute=True):
        row = checkout_complete(session_id=row.session_id)
    assert row.status == "paid"
    p = Payment.objects.get()
    assert (p.method, p.amount, p.external_id) == ("card", D("25.91"), f"stripe:{row.intent_id}")
    inv.refresh_from_db()
    assert inv.status == "paid"
    assert L.account_balance(stripe_on.accounts["acme"]) == 0
    receipt = [m for m in mail.outbox if "Payment received" in m.subject]
    assert len(receipt) == 1 and "25.91" in receipt[0].subject
    # The webhooks arriving after the return page change nothing.
    for payload in fake_stripe.events:
        assert deliver(fake_stripe, payload).status_code == 200
    assert Payment.objects.count() == 1
    assert SavedCard.objects.count() == 0  # the payer did not ask to keep the card


def test_webhooks_first_then_the_return_page_record_one_payment(stripe_on, fake_stripe) -> None:
    inv = stripe_on.inv["acme"]
    row = start(stripe_on, [inv.pk], save=True)
    hosted(row.url, OK)
    types = []
    for payload in fake_stripe.events:
        resp = deliver(fake_stripe, payload)
        assert resp.status_code == 200 and resp.json()["status"] == "processed"
        types.append(resp.json()["type"])
    assert types == ["checkout.session.completed", "payment_intent.succeeded"]
    assert Payment.objects.get().amount == D("25.91")
    row = checkout_complete(session_id=row.session_id)
    assert row.status == "paid" and Payment.objects.count() == 1
    # Asked to keep the card: it is saved, the default, brand and last four known.
    card = SavedCard.objects.get()
    assert (card.brand, card.last4, card.is_default) == ("visa", "4242", True)
    # The events again (Stripe retries): duplicates.
    for payload in fake_stripe.events:
        assert deliver(fake_stripe, payload).json()["status"] == "duplicate"
    assert Payment.objects.count() == 1


def test_payment_intent_webhook_alone_pays(stripe_on, fake_stripe) -> None:
    row = start(stripe_on)
    hosted(row.url, OK)
    pi_event = next(e for e in fake_stripe.events if "payment_intent.succeeded" in e)
    assert deliver(fake_stripe, pi_event).json()["status"] == "processed"
    # The whole balance: acme's only open invoice, 25.91.
    assert Payment.objects.get().amount == D("25.91")
    stripe_on.inv["acme"].refresh_from_db()
    assert stripe_on.inv["acme"].status == "paid"
    assert checkout_complete(session_id=row.session_id).status == "paid"
    assert Payment.objects.count() == 1


def test_three_d_secure_completed_pays(stripe_on, fake_stripe) -> None:
    row = start(stripe_on, [stripe_on.inv["acme"].pk])
    r = hosted(row.url, THREE_DS, challenge="complete")
    assert r.status_code == 303 and row.session_id in r.headers["Location"]
    assert checkout_complete(session_id=row.session_id).status == "paid"
    assert Payment.objects.get().amount == D("25.91")


def test_three_d_secure_failed_leaves_the_invoice_unpaid(stripe_on, fake_stripe) -> None:
    inv = stripe_on.inv["acme"]
    row = start(stripe_on, [inv.pk])
    r = hosted(row.url, THREE_DS, challenge="fail")
    assert r.status_code == 200 and "unable to authenticate" in r.text
    row = checkout_complete(session_id=row.session_id, cancel=True)
    assert row.status == "auth_failed"
    assert "unable to authenticate" in row.error
    assert Payment.objects.count() == 0
    inv.refresh_from_db()
    assert inv.status == "issued"
    # The session was expired at Stripe: it can no longer be paid.
    assert fake_stripe.objects[row.session_id]["status"] == "expired"
    # A retry is a new session that pays.
    again = start(stripe_on, [inv.pk])
    hosted(again.url, OK)
    assert checkout_complete(session_id=again.session_id).status == "paid"
    assert Payment.objects.get().amount == D("25.91")


def test_declined_card_keeps_the_reason(stripe_on, fake_stripe) -> None:
    row = start(stripe_on, [stripe_on.inv["acme"].pk])
    r = hosted(row.url, DECLINE)
    assert r.status_code == 200 and "Your card was declined." in r.text
    row = checkout_complete(session_id=row.session_id, cancel=True)
    assert (row.status, row.error) == ("declined", "Your card was declined.")
    assert Payment.objects.count() == 0


def test_abandoned_checkout_is_canceled(stripe_on, fake_stripe) -> None:
    row = start(stripe_on, [stripe_on.inv["acme"].pk])
    row = checkout_complete(session_id=row.session_id, cancel=True)
    assert (row.status, row.error) == ("canceled", "")
    assert Payment.objects.count() == 0


def test_paying_the_balance_takes_the_credit_off(stripe_on, fake_stripe) -> None:
    from cambill.payments.services import payment_record
    from tests.conftest import utc

    acme = stripe_on.accounts["acme"]
    payment_record(
        actor=stripe_on.actor("cadmin"),
        cloud=acme.cloud,
        account=acme,
        amount="5.00",
        received_at=utc(2026, 4, 6),
        reference="part",
    )
    assert L.account_balance(acme) == D("20.91")
    row = start(stripe_on)
    assert row.amount == D("20.91")
    hosted(row.url, OK)
    assert checkout_complete(session_id=row.session_id).status == "paid"
    assert L.account_balance(acme) == 0
    stripe_on.inv["acme"].refresh_from_db()
    assert stripe_on.inv["acme"].status == "paid"


def test_another_accounts_invoice_is_not_found_and_nothing_is_opened(
    stripe_on, fake_stripe
) -> None:
    from cambill.core.errors import NotFound

    with pytest.raises(NotFound):
        start(stripe_on, [stripe_on.inv["beta"].pk])
    with pytest.raises(NotFound):
        checkout_pay_start(
            actor=stripe_on.actor("subscriber2"),
            account=stripe_on.accounts["acme"],
            success_url=BACK,
            cancel_url=CANCEL,
        )
    assert CardCheckout.objects.count() == 0
    assert not [r for r in fake_stripe.requests if r[1] == "/v1/checkout/sessions"]


def save_card(w: Any, number: str) -> SavedCard:
    row = checkout_card_start(
        actor=w.actor("subscriber"), account=w.accounts["acme"], success_url=BACK, cancel_url=CANCEL
    )
    r = hosted(row.url, number, challenge="complete" if number == THREE_DS else None)
    assert r.status_code == 303
    row = checkout_complete(session_id=row.session_id)
    assert row.status == "saved"
    return SavedCard.objects.filter(account=w.accounts["acme"]).order_by("-id").first()  # type: ignore[return-value]


def test_saved_cards_add_default_remove(stripe_on, fake_stripe) -> None:
    acme = stripe_on.accounts["acme"]
    sub = stripe_on.actor("subscriber")
    first = save_card(stripe_on, OK)
    second = save_card(stripe_on, "5555555555554444")
    assert (first.is_default, second.is_default) == (True, False)
    assert (second.brand, second.last4) == ("mastercard", "4444")
    card_set_default(actor=sub, account=acme, card=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    # Autopay charges the default card.
    attempt = charge_invoice(stripe_on.inv["acme"])
    assert attempt is not None and attempt.status == "succeeded"
    pi = fake_stripe.objects[attempt.intent_id]
    assert pi["payment_method"] == second.payment_method_id
    # Removing the default detaches it at Stripe; the other becomes the default.
    card_remove(actor=sub, account=acme, card=second)
    assert fake_stripe.objects[second.payment_method_id]["customer"] is None
    assert list(SavedCard.objects.values_list("pk", "is_default")) == [(first.pk, True)]


def test_another_subscriber_cannot_touch_the_cards(stripe_on, fake_stripe) -> None:
    from cambill.core.errors import NotFound

    card = save_card(stripe_on, OK)
    with pytest.raises(NotFound):
        card_remove(
            actor=stripe_on.actor("subscriber2"), account=stripe_on.accounts["acme"], card=card
        )
    assert SavedCard.objects.count() == 1


def test_autopay_off_means_no_off_session_charge(
    stripe_on, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    save_card(stripe_on, OK)
    autopay_set(
        actor=stripe_on.actor("subscriber"), account=stripe_on.accounts["acme"], enabled=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        schedule_auto_charge(stripe_on.inv["acme"])
    assert not [r for r in fake_stripe.requests if r[1] == "/v1/payment_intents"]
    assert ChargeAttempt.objects.count() == 0
    autopay_set(
        actor=stripe_on.actor("subscriber"), account=stripe_on.accounts["acme"], enabled=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        schedule_auto_charge(stripe_on.inv["acme"])
    assert ChargeAttempt.objects.get().status == "succeeded"
    assert Payment.objects.get().amount == D("25.91")


def test_off_session_charge_of_a_3ds_card_requires_action_and_tells_the_subscriber(
    stripe_on, fake_stripe, django_capture_on_commit_callbacks
) -> None:
    from cambill.payments.selectors import pending_card_actions

    save_card(stripe_on, THREE_DS)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = charge_invoice(stripe_on.inv["acme"])
    assert attempt is not None and attempt.status == "requires_action"
    assert Payment.objects.count() == 0
    assert [a.pk for a in pending_card_actions(account=stripe_on.accounts["acme"])] == [attempt.pk]
    told = [m for m in mail.outbox if "did not go through" in m.subject]
    assert len(told) == 1
    assert "your bank asks you to confirm the payment" in told[0].body
    # Paid in the portal afterwards: the banner goes.
    row = start(stripe_on, [stripe_on.inv["acme"].pk])
    hosted(row.url, THREE_DS, challenge="complete")
    assert checkout_complete(session_id=row.session_id).status == "paid"
    assert pending_card_actions(account=stripe_on.accounts["acme"]) == []


def test_the_providers_signature_settles_no_retail_payment(
    stripe_on, fake_stripe, settings
) -> None:
    """An event signed with the provider's secret naming a retail intent is ignored."""
    settings.CAMBILL_PROVIDER_STRIPE_SECRET_KEY = "sk_test_provider"
    settings.CAMBILL_PROVIDER_STRIPE_WEBHOOK_SECRET = "whsec_provider"
    row = start(stripe_on, [stripe_on.inv["acme"].pk])
    hosted(row.url, OK)
    pi_event = next(e for e in fake_stripe.events if "payment_intent.succeeded" in e)
    resp = APIClient().post(
        "/api/v1/stripe/webhook",
        data=pi_event,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature("whsec_provider", pi_event),
    )
    assert resp.status_code == 200 and resp.json()["status"] == "ignored"
    assert Payment.objects.count() == 0

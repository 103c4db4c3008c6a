"""The gateway interface and the Stripe adapter: charging a saved card, saving a card.

Stripe (the official ``stripe`` SDK, one ``StripeClient`` per cloud key): saving a
card, ``card_setup_start`` makes (once) a Customer and a SetupIntent for off-session
use and returns its ``client_secret`` for Stripe.js; ``card_setup_complete`` (or the
``setup_intent.succeeded`` webhook) stores the payment method on the account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

import stripe
from django.db import transaction

from cambill.clouds.models import Account
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice

from ..models import (
    GatewayConfig,
    GatewayKind,
    SavedCard,
)
from .amounts import StripeAmountError, to_minor
from .config import stripe_client, stripe_config


class PaymentGateway(Protocol):
    """What billing needs from a gateway."""

    kind: str

    def charge(self, *, invoice: Invoice, amount: Decimal, attempt: int) -> ChargeResult: ...


class ChargeResult:
    """The outcome of one charge attempt."""

    def __init__(self, status: str, intent_id: str = "", error: str = "") -> None:
        self.status = status  # succeeded | failed | pending
        self.intent_id = intent_id
        self.error = error


# --- the Stripe adapter ----------------------------------------------------------------


class StripeGateway:
    """Charges a saved card off-session through Stripe."""

    kind = GatewayKind.STRIPE

    def __init__(self, cfg: GatewayConfig) -> None:
        self.cfg = cfg
        self.client = stripe_client(cfg)

    def charge(self, *, invoice: Invoice, amount: Decimal, attempt: int) -> ChargeResult:
        card = SavedCard.objects.filter(account__invoices=invoice).first()
        if card is None or not card.payment_method_id:
            return ChargeResult("failed", error="No saved card.")
        try:
            stripe_amount = to_minor(amount, invoice.currency)
        except StripeAmountError as exc:
            return ChargeResult("failed", error=str(exc))
        try:
            intent = self.client.v1.payment_intents.create(
                params={
                    "amount": stripe_amount,
                    "currency": invoice.currency.lower(),
                    "customer": card.customer_id,
                    "payment_method": card.payment_method_id,
                    "off_session": True,
                    "confirm": True,
                    "description": f"Invoice {invoice.number}",
                    "metadata": {
                        "cloud_id": str(invoice.cloud_id),
                        "invoice_id": str(invoice.pk),
                        "invoice_number": invoice.number or "",
                        "attempt": str(attempt),
                    },
                },
                options={"idempotency_key": f"cambill-invoice-{invoice.pk}-{attempt}"},
            )
        except stripe.CardError as exc:
            pi = getattr(exc.error, "payment_intent", None) if exc.error else None
            return ChargeResult(
                "failed", intent_id=getattr(pi, "id", "") or "", error=str(exc.user_message or exc)
            )
        except stripe.StripeError as exc:
            return ChargeResult("failed", error=f"{type(exc).__name__}: {exc}"[:300])
        status = "succeeded" if intent.status == "succeeded" else "pending"
        if intent.status in ("requires_payment_method", "canceled"):
            status = "failed"
        return ChargeResult(status, intent_id=intent.id)


def _require_card_owner(actor: Actor, account: Account) -> None:
    """The subscriber saves its own card; the cloud's money staff may start it too."""
    if actor.role == "subscriber" and actor.account_id == account.pk:
        return
    require(actor, "payment.manage", account.cloud)


@transaction.atomic
def card_setup_start(*, actor: Actor, account: Account) -> dict[str, str]:
    """Make the Stripe Customer (once) and a SetupIntent; return what Stripe.js needs."""
    _require_card_owner(actor, account)
    cfg = stripe_config(account.cloud_id)
    if cfg is None:
        raise DomainError(ErrorCode.INVALID_STATE, "This cloud has no Stripe gateway.")
    client = stripe_client(cfg)
    card = SavedCard.objects.select_for_update().filter(account=account).first()
    try:
        if card is None:
            customer = client.v1.customers.create(
                params={
                    "name": account.name,
                    "email": account.email or "",
                    "metadata": {"cloud_id": str(account.cloud_id), "account": account.code},
                },
                options={"idempotency_key": f"cambill-customer-{account.pk}"},
            )
            card = SavedCard.objects.create(
                cloud_id=account.cloud_id,
                account=account,
                customer_id=customer.id,
                updated_at=clock.now(),
            )
        si = client.v1.setup_intents.create(
            params={  # type: ignore[arg-type]
                "customer": card.customer_id,
                "usage": "off_session",
                "payment_method_types": ["card"],
                "metadata": {"cloud_id": str(account.cloud_id), "account_id": str(account.pk)},
            }
        )
    except stripe.StripeError as exc:
        raise DomainError(ErrorCode.CONFLICT, f"Stripe refused: {exc}") from None
    card.setup_intent_id = si.id
    card.updated_at = clock.now()
    card.save(update_fields=["setup_intent_id", "updated_at"])
    audit(actor=actor, verb="card_setup_start", obj=card, after={"setup_intent": si.id})
    return {
        "customer": card.customer_id,
        "setup_intent": si.id,
        "client_secret": si.client_secret or "",
        "publishable_key": cfg.publishable_key,
    }


@transaction.atomic
def card_setup_complete(
    *, actor: Actor, account: Account, setup_intent_id: str | None = None
) -> SavedCard:
    """Store the card of a succeeded SetupIntent on the account."""
    _require_card_owner(actor, account)
    cfg = stripe_config(account.cloud_id)
    card = SavedCard.objects.select_for_update().filter(account=account).first()
    if cfg is None or card is None:
        raise DomainError(ErrorCode.INVALID_STATE, "Start the card setup first.")
    si_id = setup_intent_id or card.setup_intent_id
    try:
        si = stripe_client(cfg).v1.setup_intents.retrieve(si_id)
    except stripe.StripeError as exc:
        raise DomainError(ErrorCode.CONFLICT, f"Stripe refused: {exc}") from None
    if si.status != "succeeded" or not si.payment_method:
        raise DomainError(ErrorCode.INVALID_STATE, f"The card setup is {si.status}.")
    _store_card(card, si.id, si.payment_method)
    audit(actor=actor, verb="card_setup_complete", obj=card, after={"setup_intent": si_id})
    return card


def _store_card(card: SavedCard, setup_intent_id: str, pm: Any) -> None:
    card.payment_method_id = pm if isinstance(pm, str) else pm["id"]
    card.setup_intent_id = setup_intent_id
    card.updated_at = clock.now()
    card.save(update_fields=["payment_method_id", "setup_intent_id", "updated_at"])

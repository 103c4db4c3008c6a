"""The gateway interface and the Stripe adapter: charging a saved card, saving a card.

Stripe (the official ``stripe`` SDK, one ``StripeClient`` per cloud key): saving a
card, ``card_setup_start`` makes (once) the account's Customer and a SetupIntent
for off-session use and returns its ``client_secret`` for Stripe.js;
``card_setup_complete`` (or the ``setup_intent.succeeded`` webhook, or a Checkout
Session, ``checkout.py``) adds the payment method to the account's saved cards.
An account keeps several cards; the first is its default, the one autopay charges.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol

import stripe
from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice

from ..models import (
    CardProfile,
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
        card = default_card(invoice.account_id)
        if card is None:
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
            # The bank wants the cardholder (3-D Secure): no charge without them.
            action = exc.code == "authentication_required" or (
                getattr(pi, "status", None) == "requires_action"
            )
            return ChargeResult(
                "requires_action" if action else "failed",
                intent_id=getattr(pi, "id", "") or "",
                error=str(exc.user_message or exc),
            )
        except stripe.StripeError as exc:
            return ChargeResult("failed", error=f"{type(exc).__name__}: {exc}"[:300])
        status = "succeeded" if intent.status == "succeeded" else "pending"
        if intent.status in ("requires_payment_method", "canceled"):
            status = "failed"
        if intent.status == "requires_action":
            status = "requires_action"
        return ChargeResult(status, intent_id=intent.id)


def sfield(obj: Any, key: str) -> Any:
    """``obj[key]`` of a Stripe object or a plain dict (None when absent, or when
    ``obj`` is an unexpanded id)."""
    if obj is None or isinstance(obj, str):
        return None
    if isinstance(obj, dict):
        return obj.get(key)
    try:
        return obj[key]
    except (KeyError, TypeError, AttributeError):
        return None


def default_card(account_id: int | None) -> SavedCard | None:
    """The account's default saved card (the one autopay charges), if any."""
    if account_id is None:
        return None
    return (
        SavedCard.objects.filter(account_id=account_id, is_default=True)
        .exclude(payment_method_id="")
        .first()
    )


def card_profile(account: Account) -> CardProfile:
    """The account's card profile, made on first use (autopay on)."""
    profile, _ = CardProfile.objects.get_or_create(
        account=account, defaults={"cloud_id": account.cloud_id, "updated_at": clock.now()}
    )
    return profile


def stripe_customer(client: stripe.StripeClient, account: Account) -> CardProfile:
    """The account's Stripe Customer, made once (idempotent per account)."""
    profile = CardProfile.objects.select_for_update().get(pk=card_profile(account).pk)
    if not profile.customer_id:
        legacy = SavedCard.objects.filter(account=account).exclude(customer_id="").first()
        if legacy is not None:
            profile.customer_id = legacy.customer_id
        else:
            customer = client.v1.customers.create(
                params={
                    "name": account.name,
                    "email": account.email or "",
                    "metadata": {"cloud_id": str(account.cloud_id), "account": account.code},
                },
                options={"idempotency_key": f"cambill-customer-{account.pk}"},
            )
            profile.customer_id = customer.id
        profile.updated_at = clock.now()
        profile.save(update_fields=["customer_id", "updated_at"])
    return profile


@transaction.atomic
def card_setup_start(*, actor: Actor, account: Account) -> dict[str, str]:
    """Make the Stripe Customer (once) and a SetupIntent; return what Stripe.js needs."""
    require(actor, "payment.card", account)
    cfg = stripe_config(account.cloud_id)
    if cfg is None:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("This cloud has no Stripe gateway."))
    client = stripe_client(cfg)
    try:
        profile = stripe_customer(client, account)
        si = client.v1.setup_intents.create(
            params={  # type: ignore[arg-type]
                "customer": profile.customer_id,
                "usage": "off_session",
                "payment_method_types": ["card"],
                "metadata": {"cloud_id": str(account.cloud_id), "account_id": str(account.pk)},
            }
        )
    except stripe.StripeError as exc:
        raise DomainError(ErrorCode.CONFLICT, _refused(exc)) from None
    profile.setup_intent_id = si.id
    profile.updated_at = clock.now()
    profile.save(update_fields=["setup_intent_id", "updated_at"])
    audit(actor=actor, verb="card_setup_start", obj=profile, after={"setup_intent": si.id})
    return {
        "customer": profile.customer_id,
        "setup_intent": si.id,
        "client_secret": si.client_secret or "",
        "publishable_key": cfg.publishable_key,
    }


@transaction.atomic
def card_setup_complete(
    *, actor: Actor, account: Account, setup_intent_id: str | None = None
) -> SavedCard:
    """Add the card of a succeeded SetupIntent to the account's saved cards."""
    require(actor, "payment.card", account)
    cfg = stripe_config(account.cloud_id)
    profile = CardProfile.objects.select_for_update().filter(account=account).first()
    si_id = setup_intent_id or (profile.setup_intent_id if profile else "")
    if cfg is None or profile is None or not si_id:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("Start the card setup first."))
    client = stripe_client(cfg)
    try:
        si = client.v1.setup_intents.retrieve(si_id)
    except stripe.StripeError as exc:
        raise DomainError(ErrorCode.CONFLICT, _refused(exc)) from None
    if si.customer != profile.customer_id:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("Not a card setup of this account."))
    if si.status != "succeeded" or not si.payment_method:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("The card setup is %(status)s.") % {"status": si.status},
        )
    card = store_card(client, account, profile.customer_id, si.id, si.payment_method)
    audit(actor=actor, verb="card_setup_complete", obj=card, after={"setup_intent": si_id})
    return card


def _refused(exc: stripe.StripeError) -> str:
    return gettext("Stripe refused: %(error)s") % {"error": exc.user_message or str(exc)}


def store_card(
    client: stripe.StripeClient | None,
    account: Account,
    customer_id: str,
    setup_intent_id: str,
    pm: Any,
) -> SavedCard:
    """Add a payment method to the account's saved cards (once per method): the
    first card is the default. Brand, last four digits and expiry come from
    Stripe (the method object given, or retrieved when only its id is)."""
    pm_id = pm if isinstance(pm, str) else str(sfield(pm, "id"))
    existing = SavedCard.objects.filter(account=account, payment_method_id=pm_id).first()
    if existing is not None:
        return existing
    details: Any = sfield(pm, "card")
    if details is None and client is not None:
        try:
            details = sfield(client.v1.payment_methods.retrieve(pm_id), "card")
        except stripe.StripeError:
            details = None
    has_default = SavedCard.objects.filter(account=account, is_default=True).exists()
    now = clock.now()
    return SavedCard.objects.create(
        cloud_id=account.cloud_id,
        account=account,
        customer_id=customer_id,
        payment_method_id=pm_id,
        setup_intent_id=setup_intent_id or "",
        brand=str(sfield(details, "brand") or "")[:30],
        last4=str(sfield(details, "last4") or "")[:4],
        exp_month=_small(sfield(details, "exp_month")),
        exp_year=_small(sfield(details, "exp_year")),
        is_default=not has_default,
        created_at=now,
        updated_at=now,
    )


def _small(value: Any) -> int | None:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 < n < 10000 else None

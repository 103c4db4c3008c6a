"""Stripe webhooks: ``payment_intent.succeeded`` / ``payment_intent.payment_failed``,
``checkout.session.completed`` and ``setup_intent.succeeded``, verified with
``stripe.Webhook.construct_event`` against each cloud's webhook secret and the
provider's (wholesale card payments); each event id is handled once, and a payment
is unique per PaymentIntent id, so replays (and the return page arriving first or
second) change nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, ErrorCode
from cambill.invoicing.models import Invoice, InvoiceStatus

from ..models import (
    CardCheckout,
    CardProfile,
    ChargeAttempt,
    GatewayConfig,
    GatewayEvent,
    GatewayKind,
    PaymentMethod,
)
from .amounts import from_minor
from .charging import _emit_failed
from .checkout import CHECKOUT_MARK, checkout_complete, intent_settle
from .config import provider_stripe_config, stripe_client
from .stripe_adapter import store_card

# --- Stripe webhooks -----------------------------------------------------------------


class BadSignature(DomainError):
    def __init__(self, message: str = "Invalid Stripe signature.") -> None:
        super().__init__(ErrorCode.VALIDATION, message)


# Amounts in minor units beyond this are no payment (10^13 of a currency unit).
_MAX_MINOR = 10**15
# ``created`` must be a Unix time before the year 3000.
_MAX_CREATED = 32_503_680_000


def _is_int(value: Any, top: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < top


def webhook_payload(payload: bytes) -> dict[str, Any]:
    """The Stripe event as plain data, its shape checked before anything is
    written: JSON within the API's depth, ``data.object`` an object, amounts
    integers of minor units, ``metadata`` an object of strings or integers,
    ``created`` a Unix time. A malformed event is a 400 in the error shape."""
    from cambill.core import jsonin

    try:
        data = jsonin.loads(payload)
    except jsonin.BadJSON as e:
        raise DomainError(ErrorCode.MALFORMED, str(e)) from None
    problems: dict[str, list[str]] = {}
    obj: Any = None
    if not isinstance(data, dict):
        problems["event"] = [gettext("A Stripe event is a JSON object.")]
    else:
        body = data.get("data")
        obj = body.get("object") if isinstance(body, dict) else None
        if not isinstance(obj, dict):
            problems["data.object"] = [gettext("Must be a JSON object.")]
    if isinstance(obj, dict):
        for key in ("amount", "amount_received"):
            if obj.get(key) is not None and not _is_int(obj[key], _MAX_MINOR):
                problems[f"data.object.{key}"] = [gettext("Must be a whole number of minor units.")]
        meta = obj.get("metadata")
        if meta is not None and not (
            isinstance(meta, dict)
            and all(isinstance(v, str) or _is_int(v, 2**63) for v in meta.values())
        ):
            problems["data.object.metadata"] = [gettext("Must be a JSON object of strings.")]
        if obj.get("id") is not None and not isinstance(obj["id"], str):
            problems["data.object.id"] = [gettext("Must be a string.")]
        err = obj.get("last_payment_error")
        if err is not None and not isinstance(err, dict):
            problems["data.object.last_payment_error"] = [gettext("Must be a JSON object.")]
    for where, source in (("created", data), ("data.object.created", obj)):
        created = source.get("created") if isinstance(source, dict) else None
        if created is not None and not _is_int(created, _MAX_CREATED):
            problems[where] = [gettext("Must be a Unix time.")]
    if problems:
        first = next(iter(problems))
        raise DomainError(
            ErrorCode.VALIDATION,
            gettext("The Stripe event is malformed (%(field)s: %(error)s).")
            % {"field": first, "error": problems[first][0]},
            problems,
        )
    return data


def _candidate_configs(data: dict[str, Any]) -> list[GatewayConfig]:
    """The config whose secret should verify this payload: the cloud named in the
    object's metadata first (still verified), then every Stripe config, then the
    provider's own (a config without a cloud: its record or the settings')."""
    qs = GatewayConfig.objects.filter(
        kind=GatewayKind.STRIPE, webhook_secret__gt="", cloud__isnull=False
    )
    provider = provider_stripe_config()
    tail = [provider] if provider is not None and provider.webhook_secret else []
    try:
        obj = data["data"]["object"]
        metadata: dict[str, Any] = obj.get("metadata") or {}
        cloud_id = int(metadata["cloud_id"])
        first = list(qs.filter(cloud_id=cloud_id))
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        first = []
    return first + [c for c in qs.order_by("id") if c not in first] + tail


def stripe_webhook_handle(payload: bytes, sig_header: str | None) -> dict[str, Any]:
    """Verify and apply one Stripe event; a replay answers ``duplicate``."""
    if not sig_header:
        raise BadSignature("The Stripe-Signature header is required.")
    # Checked before the signature and before anything is written.
    data = webhook_payload(payload)
    event = cfg = None
    for candidate in _candidate_configs(data):
        try:
            event = stripe.Webhook.construct_event(payload, sig_header, candidate.webhook_secret)
            cfg = candidate
            break
        except (stripe.SignatureVerificationError, ValueError):
            continue
    if event is None or cfg is None:
        raise BadSignature()
    obj = data["data"]["object"]
    cloud_id = cfg.cloud_id or _metadata_cloud(obj)
    # The provider's own Stripe account speaks only for wholesale card payments.
    provider_side = cfg.cloud_id is None
    if cloud_id is None or (provider_side and not _wholesale(obj)):
        return {"status": "ignored", "event": event.id, "type": event.type}
    if event.type == "checkout.session.completed":
        # Settled outside the event's transaction: it asks Stripe for the session.
        return _session_completed(event, obj, cloud_id)
    with transaction.atomic():
        if not _mark_handled(cloud_id, event):
            return {"status": "duplicate", "event": event.id}
        now = _event_time(data, obj)  # Stripe's time of the event, not the wall clock
        checkout = (obj.get("metadata") or {}).get(CHECKOUT_MARK)
        if event.type == "payment_intent.succeeded" and checkout:
            cloud = Cloud.objects.filter(pk=cloud_id).first()
            if cloud is not None:
                intent_settle(cloud=cloud, intent=obj, client=stripe_client(cfg), now=now)
        elif event.type == "payment_intent.payment_failed" and checkout:
            pass  # the payer is on the checkout page, which shows why
        elif event.type == "payment_intent.succeeded":
            _intent_succeeded(cfg, obj, now)
        elif event.type == "payment_intent.payment_failed":
            _intent_failed(cfg, obj, now)
        elif event.type == "setup_intent.succeeded":
            profile = CardProfile.objects.filter(
                cloud_id=cloud_id, customer_id=obj.get("customer") or "-"
            ).first()
            if profile is not None and obj.get("payment_method"):
                store_card(
                    stripe_client(cfg),
                    profile.account,
                    profile.customer_id,
                    str(obj.get("id") or ""),
                    obj["payment_method"],
                )
        else:
            return {"status": "ignored", "event": event.id, "type": event.type}
    return {"status": "processed", "event": event.id, "type": event.type}


def _mark_handled(cloud_id: int, event: Any) -> bool:
    """Record the event as handled; False when it already was (a replay)."""
    try:
        with transaction.atomic():
            GatewayEvent.objects.create(
                cloud_id=cloud_id,
                gateway=GatewayKind.STRIPE,
                event_id=event.id,
                type=event.type,
                received_at=clock.now(),
            )
    except IntegrityError:
        return False
    return True


def _wholesale(obj: Any) -> bool:
    """A wholesale card payment of cambill's (its PaymentIntent or its session)."""
    meta = obj.get("metadata") or {}
    return isinstance(meta, dict) and meta.get(CHECKOUT_MARK) == "wholesale"


def _metadata_cloud(obj: Any) -> int | None:
    try:
        return int((obj.get("metadata") or {})["cloud_id"])
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None


def _session_completed(event: Any, obj: Any, cloud_id: int) -> dict[str, Any]:
    """``checkout.session.completed``: settle the session cambill opened (a session
    it did not open is ignored). The event is marked handled once it settled."""
    session_id = str(obj.get("id") or "")
    if not CardCheckout.objects.filter(cloud_id=cloud_id, session_id=session_id).exists():
        return {"status": "ignored", "event": event.id, "type": event.type}
    if GatewayEvent.objects.filter(gateway=GatewayKind.STRIPE, event_id=event.id).exists():
        return {"status": "duplicate", "event": event.id}
    checkout_complete(session_id=session_id, now=_event_time(event, obj))
    if not _mark_handled(cloud_id, event):
        return {"status": "duplicate", "event": event.id}
    return {"status": "processed", "event": event.id, "type": event.type}


def _event_time(event: Any, obj: Any) -> datetime:
    """When Stripe says it happened: the event's ``created`` (then the object's),
    the wall clock only when neither is given."""
    for source in (event, obj):
        try:
            created = int(source.get("created") or 0)
        except (TypeError, ValueError, AttributeError):
            continue
        if created > 0:
            return datetime.fromtimestamp(created, tz=UTC)
    return clock.now()


def _intent_invoice(cfg: GatewayConfig, obj: Any) -> Invoice | None:
    meta = obj.get("metadata") or {}
    if cfg.cloud_id is None:  # the provider's account charges no retail invoice off-session
        return None
    try:
        return Invoice.objects.get(cloud_id=cfg.cloud_id, pk=int(meta.get("invoice_id") or ""))
    except (Invoice.DoesNotExist, TypeError, ValueError):
        return None


def _attempt_for(inv: Invoice, obj: Any) -> ChargeAttempt | None:
    attempt = ChargeAttempt.objects.filter(invoice=inv, intent_id=obj["id"]).first()
    if attempt is None:
        try:
            number = int((obj.get("metadata") or {}).get("attempt") or "")
        except (TypeError, ValueError):
            return None
        attempt = ChargeAttempt.objects.filter(invoice=inv, number=number).first()
    return attempt


def _intent_succeeded(cfg: GatewayConfig, obj: Any, now: datetime) -> None:
    from ..services import payment_record

    inv = _intent_invoice(cfg, obj)
    if inv is None or inv.account_id is None:
        return
    attempt = _attempt_for(inv, obj)
    if attempt is not None:
        ChargeAttempt.objects.filter(pk=attempt.pk).update(
            status="succeeded", intent_id=obj["id"], updated_at=now
        )
    amount = from_minor(int(obj.get("amount_received") or obj.get("amount")), inv.currency)
    open_invoice = inv.status == InvoiceStatus.ISSUED
    payment_record(
        actor=SYSTEM,
        cloud=Cloud.objects.get(pk=inv.cloud_id),
        account=Account.objects.get(pk=inv.account_id),
        amount=amount,
        received_at=now,
        method=PaymentMethod.CARD,
        reference=obj["id"],
        external_id=f"stripe:{obj['id']}",
        invoices=[inv] if open_invoice else None,
        now=now,
    )


def _intent_failed(cfg: GatewayConfig, obj: Any, now: datetime) -> None:
    inv = _intent_invoice(cfg, obj)
    if inv is None:
        return
    attempt = _attempt_for(inv, obj)
    err = obj.get("last_payment_error") or {}
    message = str(err.get("message") or err.get("code") or "Card payment failed.")[:300]
    if attempt is not None:
        if attempt.status in ("failed", "requires_action"):
            return  # already recorded from the API answer
        code = str(err.get("code") or "")
        ChargeAttempt.objects.filter(pk=attempt.pk).update(
            status="requires_action" if code == "authentication_required" else "failed",
            intent_id=obj["id"],
            error=message,
            updated_at=now,
        )
    amount = from_minor(int(obj.get("amount") or 0), inv.currency)
    action = str(err.get("code") or "") == "authentication_required"
    _emit_failed(
        inv,
        amount,
        message,
        attempt.number if attempt else 0,
        "requires_action" if action else "failed",
        now,
    )

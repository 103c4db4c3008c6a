"""Payment gateways: the interface, the Stripe adapter and the export adapter.

Stripe (the official ``stripe`` SDK, one ``StripeClient`` per cloud key):

* saving a card: ``card_setup_start`` makes (once) a Customer and a SetupIntent
  for off-session use and returns its ``client_secret`` for Stripe.js;
  ``card_setup_complete`` (or the ``setup_intent.succeeded`` webhook) stores the
  payment method on the account.
* charging: when a retail invoice is issued ``schedule_auto_charge`` queues
  ``charge_invoice`` after commit; it creates a PaymentIntent with
  ``off_session=True, confirm=True`` and the idempotency key
  ``cambill-invoice-<id>-<attempt>`` (a retry is a new attempt, a network retry
  of the same attempt is the same key, so a card is never charged twice).
* webhooks: ``payment_intent.succeeded`` / ``payment_intent.payment_failed``
  verified with ``stripe.Webhook.construct_event``; each event id is handled
  once, and a payment is unique per PaymentIntent id, so replays change nothing.

Export: per period the open retail invoices as CSV/JSON for the operator's own
gateway, and ``charges_import`` of its results (``invoice,status,amount,reference``,
an optional ``currency``), all or nothing: one bad row refuses the file, line by line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, Cloud
from cambill.core import clock, csvin, tabular
from cambill.core.access import SYSTEM, Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.money import minor_units, money_text, quantum
from cambill.core.periods import BadPeriod, Period
from cambill.core.permissions import require
from cambill.core.validation import check_text, validate_model
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from .models import (
    ChargeAttempt,
    GatewayConfig,
    GatewayEvent,
    GatewayKind,
    PaymentMethod,
    SavedCard,
)


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


# --- Stripe's own currency table (https://docs.stripe.com/currencies) ------------------
#
# Stripe's API amounts are integers in *Stripe's* minor unit, which is not always
# ISO 4217's: the table lives here, at the gateway boundary, and never changes
# invoice amounts (docs/decisions/0009-currency-exponents-from-iso-4217.md).

# Zero-decimal: the amount is the whole number of units (500 JPY is 500). MGA is
# 2 places in ISO 4217 but zero-decimal at Stripe.
STRIPE_ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
# Three-decimal: supported for payments, but the last digit of the minor-unit
# amount must be 0 (5.120 KWD is 5120; 5.124 KWD cannot be sent).
STRIPE_THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
# Special cases. ISK is 0 places in ISO 4217 but stays two-decimal in Stripe's API
# for backwards compatibility, whole krónur only (5 ISK is 500, a multiple of 100).
# HUF and TWD are two-decimal for charges (they are zero-decimal only for payouts,
# which cambill does not make), as in ISO 4217. UGX is in the zero-decimal list.
STRIPE_TWO_DECIMAL_WHOLE_UNITS = frozenset({"ISK"})


def stripe_exponent(currency: str) -> int:
    """The number of decimal places of ``currency`` in Stripe's API amounts."""
    code = currency.upper()
    if code in STRIPE_ZERO_DECIMAL:
        return 0
    if code in STRIPE_THREE_DECIMAL:
        return 3
    if code in STRIPE_TWO_DECIMAL_WHOLE_UNITS:
        return 2
    return minor_units(code)


def stripe_step(currency: str) -> int:
    """The minor-unit amount Stripe accepts must be a multiple of this."""
    code = currency.upper()
    if code in STRIPE_THREE_DECIMAL:
        return 10
    if code in STRIPE_TWO_DECIMAL_WHOLE_UNITS:
        return 100
    return 1


class StripeAmountError(ValueError):
    """An amount Stripe cannot represent exactly: refused, never rounded silently
    (charging another amount than the invoice's would leave it part-paid or overpaid)."""


def to_minor(amount: Decimal, currency: str) -> int:
    """``amount`` as Stripe's integer amount in ``currency`` (12.34 USD is 1234,
    500 JPY is 500, 5.120 KWD is 5120, 5 ISK is 500)."""
    exponent = stripe_exponent(currency)
    scaled = Decimal(amount).scaleb(exponent)
    step = stripe_step(currency)
    if scaled != scaled.to_integral_value() or int(scaled) % step:
        unit = Decimal(step).scaleb(-exponent)
        raise StripeAmountError(
            gettext(
                "Stripe cannot charge %(amount)s %(currency)s exactly: its amounts in "
                "%(currency)s are whole multiples of %(unit)s."
            )
            % {"amount": amount, "currency": currency.upper(), "unit": f"{unit:f}"}
        )
    return int(scaled)


def from_minor(value: int, currency: str) -> Decimal:
    """Stripe's integer amount as a Decimal with the currency's ISO 4217 places."""
    amount = Decimal(value).scaleb(-stripe_exponent(currency))
    return amount.quantize(quantum(currency.upper()))


# --- configuration ------------------------------------------------------------------


@transaction.atomic
def gateway_config_set(
    *,
    actor: Actor,
    cloud: Cloud,
    kind: str,
    secret_key: str | None = None,
    webhook_secret: str | None = None,
    publishable_key: str | None = None,
    auto_charge: bool | None = None,
) -> GatewayConfig:
    """Set a cloud's gateway. Keys given are stored; keys omitted are kept. The
    audit row records only that a key changed, never its value."""
    require(actor, "payment.configure", cloud)
    if kind not in GatewayKind.values:
        raise validation("kind", f"Use one of {', '.join(GatewayKind.values)}.")
    cfg, _ = GatewayConfig.objects.select_for_update().get_or_create(
        cloud=cloud, kind=kind, defaults={"updated_at": clock.now()}
    )
    changed = []
    if secret_key is not None:
        cfg.secret_key = check_text(secret_key, "secret_key", max_length=255, required=False)
        changed.append("secret_key")
    if webhook_secret is not None:
        cfg.webhook_secret = check_text(
            webhook_secret, "webhook_secret", max_length=255, required=False
        )
        changed.append("webhook_secret")
    if publishable_key is not None:
        cfg.publishable_key = check_text(
            publishable_key, "publishable_key", max_length=255, required=False
        )
        changed.append("publishable_key")
    if auto_charge is not None:
        cfg.auto_charge = bool(auto_charge)
        changed.append("auto_charge")
    cfg.updated_at = clock.now()
    validate_model(cfg, fields=changed)
    cfg.save()
    audit(actor=actor, verb="gateway_config_set", obj=cfg, after={"kind": kind, "changed": changed})
    return cfg


def stripe_config(cloud_id: int) -> GatewayConfig | None:
    return GatewayConfig.objects.filter(
        cloud_id=cloud_id, kind=GatewayKind.STRIPE, secret_key__gt=""
    ).first()


def stripe_client(cfg: GatewayConfig) -> stripe.StripeClient:
    # The base address follows ``stripe.api_base`` (or the STRIPE_API_BASE setting),
    # so tests and demos point the SDK at a local fake Stripe.
    base = getattr(settings, "STRIPE_API_BASE", None) or stripe.api_base
    return stripe.StripeClient(cfg.secret_key, base_addresses={"api": base}, max_network_retries=0)


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


# --- charging ---------------------------------------------------------------------------


def schedule_auto_charge(invoice: Invoice, now: datetime | None = None) -> None:
    """After commit, charge the saved card of a retail invoice's account, if any.

    ``now`` (the issue time) dates the charge attempt and the payment it records."""
    if invoice.kind != InvoiceKind.RETAIL:
        return
    cfg = stripe_config(invoice.cloud_id)
    if cfg is None or not cfg.auto_charge:
        return
    if not SavedCard.objects.filter(account__invoices=invoice).exclude(payment_method_id=""):
        return
    from .tasks import charge_invoice_task

    pk, at = invoice.pk, _iso(now)
    transaction.on_commit(lambda: charge_invoice_task.delay(pk, at))


def _iso(now: datetime | None) -> str | None:
    """A time for a task's arguments (ISO 8601; None: the task takes the wall clock)."""
    return now.isoformat() if now is not None else None


def charge_invoice(invoice: Invoice, now: datetime | None = None) -> ChargeAttempt | None:
    """Make the next charge attempt for an invoice's open amount (no-op when
    nothing is open, no card is saved, or an attempt is still pending).

    ``now`` dates the attempt and the payment of a succeeded charge (the wall
    clock only when it is not given)."""
    from .services import invoice_open_amount, payment_record

    now = clock.given(now)
    cfg = stripe_config(invoice.cloud_id)
    if cfg is None:
        return None
    with transaction.atomic():
        inv = Invoice.objects.select_for_update().get(pk=invoice.pk)
        amount = invoice_open_amount(inv)
        if inv.status != InvoiceStatus.ISSUED or amount <= 0:
            return None
        last = ChargeAttempt.objects.filter(invoice=inv).order_by("-number").first()
        if last is not None and last.status == "pending":
            return None
        number = (last.number if last else 0) + 1
        attempt = ChargeAttempt.objects.create(
            cloud_id=inv.cloud_id,
            invoice=inv,
            number=number,
            gateway=GatewayKind.STRIPE,
            idempotency_key=f"cambill-invoice-{inv.pk}-{number}",
            amount=amount,
            status="pending",
            created_at=now,
            updated_at=now,
        )
    # The network call is outside any transaction: no row lock is held while Stripe answers.
    result = StripeGateway(cfg).charge(invoice=inv, amount=amount, attempt=number)
    with transaction.atomic():
        attempt = ChargeAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.status != "pending":
            return attempt  # the webhook was faster
        attempt.intent_id = result.intent_id
        attempt.status = result.status
        attempt.error = result.error[:300]
        attempt.updated_at = now
        attempt.save(update_fields=["intent_id", "status", "error", "updated_at"])
        if result.status == "succeeded":
            payment_record(
                actor=SYSTEM,
                cloud=inv.cloud,
                account=inv.account,
                amount=amount,
                received_at=now,
                method=PaymentMethod.CARD,
                reference=result.intent_id,
                external_id=f"stripe:{result.intent_id}",
                invoices=[inv],
                now=now,
            )
        elif result.status == "failed":
            _emit_failed(inv, amount, result.error, attempt.number)
    return attempt


def _emit_failed(inv: Invoice, amount: Decimal, error: str, attempt: int) -> None:
    from cambill.webhooks.services import webhook_emit

    webhook_emit(
        cloud=inv.cloud,
        type="payment.failed",
        data={
            "invoice": inv.number,
            "account": inv.account.code if inv.account else None,
            "amount": str(amount),
            "currency": inv.currency,
            "attempt": attempt,
            "error": error,
        },
    )


def retry_charge(invoice: Invoice, *, day: int, now: datetime) -> bool:
    """Dunning day reached: retry a failed card charge once for this day, dated ``now``."""
    from .dunning import _record

    if stripe_config(invoice.cloud_id) is None:
        return False
    last = ChargeAttempt.objects.filter(invoice=invoice).order_by("-number").first()
    if last is None or last.status != "failed":
        return False
    if not SavedCard.objects.filter(account__invoices=invoice).exclude(payment_method_id=""):
        return False
    account = invoice.account
    if account is None:
        return False
    if _record(account, "retry", now, invoice, day, f"attempt {last.number + 1}") is None:
        return False
    from .tasks import charge_invoice_task

    pk, at = invoice.pk, _iso(now)
    transaction.on_commit(lambda: charge_invoice_task.delay(pk, at))
    return True


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
    object's metadata first (still verified), then every Stripe config."""
    qs = GatewayConfig.objects.filter(kind=GatewayKind.STRIPE, webhook_secret__gt="")
    try:
        obj = data["data"]["object"]
        metadata: dict[str, Any] = obj.get("metadata") or {}
        cloud_id = int(metadata["cloud_id"])
        first = list(qs.filter(cloud_id=cloud_id))
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        first = []
    return first + [c for c in qs.order_by("id") if c not in first]


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
    with transaction.atomic():
        try:
            with transaction.atomic():
                GatewayEvent.objects.create(
                    cloud_id=cfg.cloud_id,
                    gateway=GatewayKind.STRIPE,
                    event_id=event.id,
                    type=event.type,
                    received_at=clock.now(),
                )
        except IntegrityError:
            return {"status": "duplicate", "event": event.id}
        obj = data["data"]["object"]
        now = _event_time(data, obj)  # Stripe's time of the event, not the wall clock
        if event.type == "payment_intent.succeeded":
            _intent_succeeded(cfg, obj, now)
        elif event.type == "payment_intent.payment_failed":
            _intent_failed(cfg, obj, now)
        elif event.type == "setup_intent.succeeded":
            card = SavedCard.objects.filter(
                cloud_id=cfg.cloud_id, customer_id=obj.get("customer")
            ).first()
            if card is not None and obj.get("payment_method"):
                _store_card(card, obj["id"], obj["payment_method"])
        else:
            return {"status": "ignored", "event": event.id, "type": event.type}
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
    from .services import payment_record

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
        if attempt.status == "failed":
            return  # already recorded from the API answer
        ChargeAttempt.objects.filter(pk=attempt.pk).update(
            status="failed", intent_id=obj["id"], error=message, updated_at=now
        )
    amount = from_minor(int(obj.get("amount") or 0), inv.currency)
    _emit_failed(inv, amount, message, attempt.number if attempt else 0)


# --- the export adapter ------------------------------------------------------------------

EXPORT_FIELDS = ["invoice", "account", "customer", "amount", "currency", "due_at", "reference"]
IMPORT_FIELDS = ["invoice", "status", "amount", "reference"]


def charges_export(*, actor: Actor, cloud: Cloud, period: str) -> list[dict[str, str]]:
    """Open retail invoices of ``period`` (YYYY-MM) with the amount to charge."""
    from .services import invoice_open_amount

    require(actor, "payment.manage", cloud)
    try:
        Period.parse(period, cloud.timezone)
    except (BadPeriod, ValueError, TypeError):
        raise validation("period", "Give a month as YYYY-MM.") from None
    rows = []
    for inv in (
        Invoice.objects.filter(
            cloud=cloud, kind=InvoiceKind.RETAIL, status=InvoiceStatus.ISSUED, period=period
        )
        .select_related("account")
        .order_by("number")
    ):
        amount = invoice_open_amount(inv)
        if amount <= 0:
            continue
        rows.append(
            {
                "invoice": inv.number or "",
                "account": inv.account.code if inv.account else "",
                "customer": inv.customer_name,
                "amount": money_text(amount, inv.currency),
                "currency": inv.currency,
                "due_at": inv.due_at.isoformat() if inv.due_at else "",
                "reference": inv.number or "",
            }
        )
    return rows


def rows_to_csv(rows: list[dict[str, str]], fields: list[str]) -> str:
    """The charges file as CSV (:mod:`cambill.core.tabular`): a customer name a
    spreadsheet would run as a formula is neutralised, the amount is an exact
    number in the currency's minor unit."""

    def cell(row: dict[str, str], field: str) -> Any:
        value = row.get(field, "")
        if field == "amount" and value:
            return tabular.money(Decimal(value), row["currency"])
        return value

    return tabular.csv_text(
        fields, ([cell(r, f) for f in fields] for r in rows), lineterminator="\n"
    )


def rows_to_json(rows: list[dict[str, str]]) -> str:
    return json.dumps(rows, indent=2)


SUCCEEDED = ("succeeded", "paid", "success")
FAILED = ("failed", "declined", "error")
# Optional columns of a results file: the gateway may echo the currency it charged in.
IMPORT_OPTIONAL = ["currency"]
LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class _Rows:
    """The rows of a results file: ``(position, row)`` with the position the
    line of a CSV file (the header is line 1) or the item of a JSON list."""

    kind: str  # "line" or "item"
    rows: list[tuple[int, dict[str, str]]]


def _parse_results(content: str | bytes, errors: csvin.LineErrors) -> _Rows:
    """The rows of a results file (:mod:`cambill.core.csvin` for CSV)."""
    text = csvin.decode(content)
    wanted = IMPORT_FIELDS + IMPORT_OPTIONAL
    if text.lstrip().startswith("["):
        from cambill.core import jsonin

        try:
            data = jsonin.loads(text)
        except ValueError:  # jsonin.BadJSON: not JSON, too deep, unstorable text
            raise csvin.file_error(gettext("Not valid JSON.")) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise csvin.file_error(gettext("A JSON list of objects."))
        errors.where = "item"
        return _Rows(
            "item",
            [
                (i, {k: str(r.get(k, "") or "").strip() for k in wanted})
                for i, r in enumerate(data, start=1)
            ],
        )
    table = csvin.read(text, required=IMPORT_FIELDS, optional=IMPORT_OPTIONAL, unknown="ignore")
    return _Rows(
        "line",
        [(r.line, {k: r[k] for k in wanted}) for r in csvin.rows_checked(table, errors)],
    )


@dataclass(frozen=True)
class _Result:
    """One checked row of a results file."""

    where: str
    row: dict[str, str]
    invoice: Invoice
    paid: bool
    amount: Decimal


def _check_results(cloud: Cloud, parsed: _Rows, errors: csvin.LineErrors) -> list[_Result]:
    """Every row checked before anything is written; the problems noted by line and column."""
    from .services import check_money

    rows = parsed.rows
    numbers = sorted({r["invoice"] for _, r in rows if r["invoice"]})
    invoices: dict[str, Invoice] = {}
    for i in range(0, len(numbers), LOOKUP_CHUNK):  # a period's file may name every account
        for inv in Invoice.objects.filter(
            cloud=cloud, kind=InvoiceKind.RETAIL, number__in=numbers[i : i + LOOKUP_CHUNK]
        ).select_related("account", "cloud"):
            invoices[inv.number or ""] = inv
    seen: dict[str, str] = {}
    checked: list[_Result] = []
    for n, row in rows:
        where = f"{parsed.kind} {n}"

        def bad(column: str, message: str, n: int = n) -> None:
            errors.add(n, column, message)

        found = invoices.get(row["invoice"]) if row["invoice"] else None
        if not row["invoice"]:
            bad("invoice", gettext("no invoice number"))
        elif found is None:
            bad(
                "invoice",
                gettext("unknown invoice %(number)r (not a retail invoice of %(cloud)s)")
                % {"number": row["invoice"], "cloud": cloud.slug},
            )
        ref = row["reference"]
        if not ref:
            bad("reference", gettext("no reference"))
        elif ref in seen:
            bad(
                "reference",
                gettext("reference %(ref)r repeats %(where)s") % {"ref": ref, "where": seen[ref]},
            )
        else:
            seen[ref] = where
        status = row["status"].lower()
        if status not in SUCCEEDED + FAILED:
            bad(
                "status",
                gettext("unknown status %(status)r (use %(known)s)")
                % {"status": row["status"], "known": ", ".join(SUCCEEDED + FAILED)},
            )
        currency = row.get("currency", "").upper()
        expected = found.currency if found is not None else cloud.currency
        if currency and currency != expected:
            bad(
                "currency",
                gettext("currency %(currency)r, the invoice is in %(expected)s")
                % {"currency": row["currency"], "expected": expected},
            )
        amount = Decimal(0)
        if row["amount"] or status in SUCCEEDED:
            # A failed row may leave the amount out; one given must be an amount.
            try:
                Decimal(row["amount"] or "missing")
            except InvalidOperation:
                bad(
                    "amount",
                    gettext("amount is not a number (%(value)r)") % {"value": row["amount"]}
                    if row["amount"]
                    else gettext("no amount"),
                )
            else:
                try:
                    amount = check_money(row["amount"], "amount", expected)
                except DomainError as e:
                    bad("amount", f"amount {row['amount']!r}: {e.message}")
        if n not in errors.by_line and found is not None:
            checked.append(_Result(where, row, found, status in SUCCEEDED, amount))
    return checked


@transaction.atomic
def charges_import(
    *, actor: Actor, cloud: Cloud, content: str | bytes, now: datetime | None = None
) -> dict[str, list[dict[str, str]]]:
    """Apply the operator gateway's results. ``status`` is ``succeeded`` or
    ``failed``; the ``reference`` (the gateway's transaction id) makes a row
    count once, so importing the same file again changes nothing.

    All or nothing: every row is checked first (known retail invoice of this
    cloud, a reference used once in the file, a known status, an amount in the
    invoice's currency, the optional ``currency`` column matching it); one bad
    row refuses the whole file with a ``validation_error`` naming each bad line
    and column (:mod:`cambill.core.csvin`: ``fields`` is ``{"lines": [{"line": 3,
    "errors": {"amount": [...]}}]}``; ``items`` for a JSON list) and nothing is
    written."""
    from .models import Payment
    from .services import payment_record

    require(actor, "payment.manage", cloud)
    now = clock.given(now)
    errors = csvin.LineErrors()
    checked = _check_results(cloud, _parse_results(content, errors), errors)
    errors.raise_if_any()
    report: dict[str, list[dict[str, str]]] = {"paid": [], "failed": [], "skipped": []}
    for r in checked:
        row = {k: r.row[k] for k in IMPORT_FIELDS}
        row["row"] = r.where
        inv, key = r.invoice, f"gateway:{r.row['reference']}"
        if r.paid:
            if Payment.objects.filter(cloud=cloud, external_id=key).exists():
                report["skipped"].append({**row, "why": "already imported"})
                continue
            payment_record(
                actor=actor,
                cloud=cloud,
                account=inv.account,
                amount=r.amount,
                received_at=now,
                method=PaymentMethod.GATEWAY,
                reference=r.row["reference"],
                external_id=key,
                invoices=[inv] if inv.status == InvoiceStatus.ISSUED else None,
                now=now,
            )
            report["paid"].append(row)
        else:
            if ChargeAttempt.objects.filter(invoice=inv, idempotency_key=key).exists():
                report["skipped"].append({**row, "why": "already imported"})
                continue
            last = ChargeAttempt.objects.filter(invoice=inv).order_by("-number").first()
            ChargeAttempt.objects.create(
                cloud_id=cloud.pk,
                invoice=inv,
                number=(last.number if last else 0) + 1,
                gateway=GatewayKind.EXPORT,
                idempotency_key=key,
                intent_id=r.row["reference"][:100],
                amount=r.amount,
                status="failed",
                error="declined by the operator's gateway",
                created_at=now,
                updated_at=now,
            )
            _emit_failed(inv, r.amount, "declined", 0)
            report["failed"].append(row)
    audit(
        actor=actor,
        verb="charges_import",
        obj=cloud,
        after={k: len(v) for k, v in report.items()},
        now=now,
    )
    return report

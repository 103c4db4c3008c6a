"""Charging an invoice's open amount on the account's default card (autopay).

``charge_invoice`` creates a PaymentIntent with ``off_session=True, confirm=True``
and the idempotency key ``cambill-invoice-<id>-<attempt>`` (a retry is a new
attempt, a network retry of the same attempt is the same key, so a card is never
charged twice).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction

from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.invoicing.models import Invoice, InvoiceStatus

from ..models import (
    ChargeAttempt,
    GatewayKind,
    PaymentMethod,
)
from .config import stripe_config
from .stripe_adapter import StripeGateway


def charge_invoice(invoice: Invoice, now: datetime | None = None) -> ChargeAttempt | None:
    """Make the next charge attempt for an invoice's open amount (no-op when
    nothing is open, no card is saved, or an attempt is still pending).

    ``now`` dates the attempt and the payment of a succeeded charge (the wall
    clock only when it is not given)."""
    from ..services import invoice_open_amount, payment_record

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
        elif result.status in ("failed", "requires_action"):
            _emit_failed(inv, amount, result.error, attempt.number, result.status, now)
    return attempt


def _emit_failed(
    inv: Invoice,
    amount: Decimal,
    error: str,
    attempt: int,
    status: str = "failed",
    now: datetime | None = None,
) -> None:
    """A charge that did not go through: the ``payment.failed`` webhook, and the
    subscriber is told by e-mail (through the outbox) to pay in its portal."""
    from cambill.notifications import notify
    from cambill.webhooks.services import webhook_emit

    if inv.account_id is not None:
        notify.payment_failed(
            inv,
            amount=amount,
            error=error,
            requires_action=status == "requires_action",
            key=f"charge:{inv.pk}:{attempt}",
            now=clock.given(now),
        )
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
            "status": status,
        },
    )

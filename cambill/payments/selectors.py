"""Reads of money, scoped to the actor (the pages and the API read through here).

A cloud's money is seen by the roles of ``payment.view`` in the clouds they
reach; an account's by ``payment.view_account`` (also its account manager and
its subscriber). Rules: :mod:`cambill.core.permissions`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from .gateways.config import provider_gateway_record, provider_stripe_config
from .models import (
    BankImport,
    CardCheckout,
    ChargeAttempt,
    DunningEvent,
    DunningPolicy,
    GatewayConfig,
    GatewayKind,
    LedgerLine,
    Payment,
    SavedCard,
)


def payments_in_scope(*, actor: Actor, cloud: Any) -> QuerySet[Payment]:
    """The cloud's payments the actor may see: all of them for whoever sees the
    cloud's money, otherwise only those of the accounts whose money it sees."""
    qs = Payment.objects.filter(cloud=cloud).select_related("account")
    if actor.can("payment.view", cloud):
        return qs
    ids = [a.pk for a in cloud.accounts.all() if actor.can("payment.view_account", a)]
    return qs.filter(account_id__in=ids)


def cloud_payment_list(*, actor: Actor, cloud: Any) -> QuerySet[Payment]:
    """Every payment of the cloud (the cloud's money page)."""
    require(actor, "payment.view", cloud)
    return Payment.objects.filter(cloud=cloud).select_related("account")


def account_payment_list(*, actor: Actor, account: Any) -> QuerySet[Payment]:
    require(actor, "payment.view_account", account)
    return Payment.objects.filter(account=account)


def account_ledger_lines(*, actor: Actor, account: Any) -> QuerySet[LedgerLine]:
    """The account's ledger lines, newest first."""
    require(actor, "payment.view_account", account)
    return LedgerLine.objects.filter(account=account).select_related("entry").order_by("-id")


def account_dunning_events(*, actor: Actor, account: Any) -> QuerySet[DunningEvent]:
    require(actor, "payment.view_account", account)
    return DunningEvent.objects.filter(account=account).select_related("invoice")


def payment_get(*, actor: Actor, cloud: Any, pk: Any) -> Payment:
    """One payment of ``payments_in_scope``; "not yours", "does not exist" and a
    malformed id are the same 404."""
    try:
        return payments_in_scope(actor=actor, cloud=cloud).get(pk=int(pk))
    except (Payment.DoesNotExist, ValueError):
        raise NotFound("payment") from None


def saved_card_list(*, actor: Actor, account: Any) -> QuerySet[SavedCard]:
    """The account's saved cards, the default first (whoever may pay for it by card)."""
    require(actor, "payment.card", account)
    return SavedCard.objects.filter(account=account).exclude(payment_method_id="")


def saved_card_get(*, actor: Actor, account: Any, pk: Any) -> SavedCard:
    try:
        return saved_card_list(actor=actor, account=account).get(pk=int(pk))
    except (SavedCard.DoesNotExist, ValueError, TypeError):
        raise NotFound("card") from None


def card_checkout_get(*, actor: Actor, cloud: Any, session_id: Any) -> CardCheckout:
    """A Checkout Session of the cloud the actor may see: an account's to whoever may
    pay for that account, a wholesale one to the cloud's staff who pay the provider."""
    row = (
        CardCheckout.objects.filter(cloud=cloud, session_id=str(session_id or "")[:200])
        .select_related("account", "payment")
        .first()
    )
    if row is None:
        raise NotFound("checkout session")
    if row.account is not None:
        if not actor.can("payment.card", row.account):
            raise NotFound("checkout session")
    elif not actor.can("payment.card_wholesale", cloud):
        raise NotFound("checkout session")
    return row


def card_checkout_latest(
    *, actor: Actor, cloud: Any, user: Any, account: Any = None
) -> CardCheckout:
    """The last Checkout Session ``user`` opened for ``account`` (None: the cloud's
    wholesale), the open one first: the payer coming back from Stripe's cancel link."""
    qs = CardCheckout.objects.filter(cloud=cloud, created_by_id=getattr(user, "pk", None))
    qs = qs.filter(account=account) if account is not None else qs.filter(kind="wholesale")
    row = qs.filter(status="open").order_by("-id").first() or qs.order_by("-id").first()
    if row is None:
        raise NotFound("checkout session")
    return card_checkout_get(actor=actor, cloud=cloud, session_id=row.session_id)


def checkout_invoices(row: CardCheckout) -> list[Any]:
    """The invoices a Checkout Session pays, in its order."""
    from cambill.invoicing.models import Invoice

    found = {i.pk: i for i in Invoice.objects.filter(cloud_id=row.cloud_id, pk__in=row.invoice_ids)}
    return [found[i] for i in row.invoice_ids if i in found]


def card_open_invoice_ids(*, account: Any) -> set[int]:
    """The account's issued invoices with something left to pay (an issued 0.00 has nothing)."""
    from cambill.invoicing.models import Invoice

    from .services import invoice_open_amount

    issued = Invoice.objects.filter(account=account, status="issued")
    return {inv.pk for inv in issued if invoice_open_amount(inv) > 0}


def invoice_ids_by_number(*, cloud: Any, numbers: list[str], account: Any = None) -> list[int]:
    """Ids of the invoices named by number: the account's retail ones, or (no account)
    the cloud's wholesale ones; a number outside them is a 404."""
    from cambill.invoicing.models import Invoice

    qs = Invoice.objects.filter(cloud=cloud)
    qs = (
        qs.filter(account=account, kind="retail")
        if account is not None
        else qs.filter(kind="wholesale")
    )
    found = dict(qs.filter(number__in=numbers).values_list("number", "pk"))
    if any(n not in found for n in numbers):
        raise NotFound("invoice")
    return [found[n] for n in numbers]


def pending_card_actions(*, account: Any) -> list[ChargeAttempt]:
    """The account's open invoices whose last autopay charge waits for the
    cardholder (the bank asked for authentication): the portal's banner."""
    out = []
    for attempt in (
        ChargeAttempt.objects.filter(
            invoice__account=account, invoice__status="issued", status="requires_action"
        )
        .select_related("invoice")
        .order_by("invoice_id", "-number")
    ):
        last = ChargeAttempt.objects.filter(invoice=attempt.invoice).order_by("-number").first()
        if last is not None and last.pk == attempt.pk:
            out.append(attempt)
    return out


def payment_none() -> QuerySet[Payment]:
    """No payments: the schema generator's stand-in for ``payments_in_scope`` (it has no actor)."""
    return Payment.objects.none()


def bank_import_get(*, cloud: Any, pk: Any) -> BankImport:
    """One bank import of a cloud whose money the caller already checked the
    actor may see; another cloud's, a missing one and a malformed id are a 404."""
    try:
        return BankImport.objects.get(cloud=cloud, pk=int(pk))
    except (BankImport.DoesNotExist, ValueError):
        raise NotFound("bank import") from None


def gateway_config_get(*, cloud: Any, kind: str) -> GatewayConfig | None:
    """The cloud's configuration of one gateway, or ``None`` (the caller checked
    the actor may configure the cloud's payments)."""
    return GatewayConfig.objects.filter(cloud=cloud, kind=kind).first()


def provider_gateway_get(*, actor: Actor) -> dict[str, Any]:
    """The provider's own Stripe account as its admin may see it: where it comes
    from (``record``: kept in cambill; ``environment``: the settings
    ``CAMBILL_PROVIDER_STRIPE_*``; ``none``), which secrets are set (never their
    values) and the publishable key."""
    require(actor, "payment.configure_provider")
    record = provider_gateway_record()
    cfg = provider_stripe_config()
    source = "none" if cfg is None else "record" if cfg.pk is not None else "environment"
    return {
        "kind": GatewayKind.STRIPE.value,
        "configured": cfg is not None,
        "source": source,
        "has_secret_key": bool(cfg and cfg.secret_key),
        "has_webhook_secret": bool(cfg and cfg.webhook_secret),
        "publishable_key": (record.publishable_key if record is not None else ""),
        "updated_at": record.updated_at if record is not None else None,
    }


def cloud_gateway_get(*, actor: Actor, cloud: Any) -> dict[str, Any]:
    """A cloud's Stripe account as its admin may see it, in the shape of
    ``provider_gateway_get`` (``source``: ``record`` once a secret key is kept,
    else ``none``; which secrets are set, never their values) plus
    ``auto_charge``."""
    require(actor, "payment.configure", cloud)
    record = gateway_config_get(cloud=cloud, kind=GatewayKind.STRIPE)
    return {
        "kind": GatewayKind.STRIPE.value,
        "configured": bool(record and record.secret_key),
        "source": "record" if record is not None and record.secret_key else "none",
        "has_secret_key": bool(record and record.secret_key),
        "has_webhook_secret": bool(record and record.webhook_secret),
        "publishable_key": record.publishable_key if record is not None else "",
        "auto_charge": record.auto_charge if record is not None else True,
        "updated_at": record.updated_at if record is not None else None,
    }


def dunning_policy_get(*, cloud: Any) -> DunningPolicy | None:
    """The cloud's dunning policy, or ``None`` (the caller checked the actor
    may see the cloud's money)."""
    return DunningPolicy.objects.filter(cloud=cloud).first()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("Payment", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)

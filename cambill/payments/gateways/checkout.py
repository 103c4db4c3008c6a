"""Paying by card and saving cards through Stripe Checkout (hosted pages).

No page of cambill loads anything from the internet, so there is no Stripe.js:
cambill opens a Checkout Session and sends the payer to its ``url``; Stripe (in
the demo and the tests the local fake Stripe) takes the card, asks the bank for
3-D Secure when it must, and comes back to the success or cancel address. Then
cambill retrieves the session with its PaymentIntent or SetupIntent and settles it.

* ``checkout_pay_start``: an account pays open invoices (chosen ones, or its whole
  open balance), optionally saving the card (``setup_future_usage``);
* ``checkout_card_start``: an account saves a card (``mode=setup``);
* ``wholesale_checkout_start``: a cloud pays the provider's wholesale invoices with
  the provider's own Stripe account (``provider_stripe_config``);
* ``checkout_complete``: the return page or the ``checkout.session.completed``
  webhook settles a session; ``intent_settle``: the ``payment_intent.succeeded``
  webhook. The payment's ``external_id`` is ``stripe:<PaymentIntent id>``, unique
  per cloud, so whichever comes first records it and the others find it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import stripe
from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM, Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode, NotFound, validation
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from .. import ledger as L
from ..models import CardCheckout, CheckoutStatus, GatewayConfig, Payment, PaymentMethod
from .amounts import StripeAmountError, from_minor, to_minor
from .config import provider_stripe_config, stripe_client, stripe_config
from .stripe_adapter import sfield, store_card, stripe_customer

#: Where Stripe puts the session's id in the success address.
SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}"
#: Marks a PaymentIntent cambill made through Checkout (its webhooks settle it).
CHECKOUT_MARK = "cambill_checkout"

_EXPAND = [
    "payment_intent",
    "payment_intent.payment_method",
    "setup_intent",
    "setup_intent.payment_method",
]


def _refused(exc: stripe.StripeError) -> DomainError:
    return DomainError(
        ErrorCode.CONFLICT,
        gettext("Stripe refused: %(error)s") % {"error": exc.user_message or str(exc)},
    )


def _no_gateway() -> DomainError:
    return DomainError(ErrorCode.INVALID_STATE, gettext("Card payments are not set up here."))


def _check_urls(success_url: str, cancel_url: str) -> None:
    for name, url in (("success_url", success_url), ("cancel_url", cancel_url)):
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise validation(name, gettext("An absolute http(s) address is required."))
        if len(url) > 2000:
            raise validation(name, gettext("At most 2000 characters."))
    if SESSION_PLACEHOLDER not in success_url:
        raise validation(
            "success_url",
            gettext("The address must hold %(p)s (where the session id goes).")
            % {"p": SESSION_PLACEHOLDER},
        )


def _open_amount(inv: Invoice) -> Decimal:
    from ..services import invoice_open_amount

    return invoice_open_amount(inv)


def _chosen_invoices(qs: Any, invoice_ids: list[int] | None) -> tuple[list[Invoice], Decimal, bool]:
    """The open invoices to pay and their open total; ``whole``: no choice given
    (the whole open balance). An id outside ``qs`` is a 404, as for any invoice
    the payer may not see."""
    if invoice_ids:
        ids = []
        for raw in invoice_ids:
            try:
                ids.append(int(raw))
            except (TypeError, ValueError):
                raise NotFound("invoice") from None
        found = {inv.pk: inv for inv in qs.filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise NotFound("invoice")
        chosen = [found[i] for i in dict.fromkeys(ids)]
        for inv in chosen:
            if inv.status != InvoiceStatus.ISSUED or _open_amount(inv) <= 0:
                raise validation(
                    "invoices",
                    gettext("Invoice %(number)s is not open.") % {"number": inv.number or inv.pk},
                )
        whole = False
    else:
        chosen = [
            inv
            for inv in qs.filter(status=InvoiceStatus.ISSUED).order_by("due_at", "issued_at", "id")
            if _open_amount(inv) > 0
        ]
        whole = True
    return chosen, sum((_open_amount(i) for i in chosen), Decimal(0)), whole


def _description(invoices: list[Invoice]) -> str:
    numbers = [str(inv.number) for inv in invoices]
    text = gettext("Invoice %(numbers)s") if len(numbers) == 1 else gettext("Invoices %(numbers)s")
    text = text % {"numbers": ", ".join(numbers)}
    return text if len(text) <= 250 else text[:247] + "..."


def _session(
    client: stripe.StripeClient,
    *,
    mode: str,
    amount: Decimal | None,
    currency: str,
    description: str,
    metadata: dict[str, str],
    success_url: str,
    cancel_url: str,
    customer: str = "",
    save_card: bool = False,
) -> Any:
    params: dict[str, Any] = {
        "mode": mode,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "metadata": metadata,
    }
    if customer:
        params["customer"] = customer
    if mode == "payment":
        assert amount is not None
        try:
            minor = to_minor(amount, currency)
        except StripeAmountError as exc:
            raise validation("amount", str(exc)) from None
        params["line_items"] = [
            {
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": minor,
                    "product_data": {"name": description},
                },
                "quantity": 1,
            }
        ]
        intent: dict[str, Any] = {"metadata": metadata, "description": description}
        if save_card:
            intent["setup_future_usage"] = "off_session"
        params["payment_intent_data"] = intent
    else:
        params["currency"] = currency.lower()
        params["setup_intent_data"] = {"metadata": metadata}
    try:
        return client.v1.checkout.sessions.create(params=params)  # type: ignore[arg-type]
    except stripe.StripeError as exc:
        raise _refused(exc) from None


def _customer(client: stripe.StripeClient, account: Account) -> str:
    """The account's Stripe Customer id (made once)."""
    try:
        with transaction.atomic():
            return stripe_customer(client, account).customer_id
    except stripe.StripeError as exc:
        raise _refused(exc) from None


def _open(
    client: stripe.StripeClient,
    *,
    actor: Actor,
    cloud: Cloud,
    account: Account | None,
    mode: str,
    invoices: list[Invoice],
    amount: Decimal | None,
    success_url: str,
    cancel_url: str,
    customer: str = "",
    save_card: bool = False,
    now: datetime,
) -> CardCheckout:
    """Open the Checkout Session at Stripe (no transaction is held while Stripe
    answers), then record it with its audit row."""
    kind = "retail" if account is not None else "wholesale"
    metadata = {"cloud_id": str(cloud.pk), CHECKOUT_MARK: kind if mode == "payment" else mode}
    if account is not None:
        metadata["account_id"] = str(account.pk)
    if invoices:
        metadata["invoice_ids"] = ",".join(str(i.pk) for i in invoices)[:500]
    session = _session(
        client,
        mode=mode,
        amount=amount,
        currency=cloud.currency,
        description=_description(invoices) if invoices else "",
        metadata=metadata,
        success_url=success_url,
        cancel_url=cancel_url,
        customer=customer,
        save_card=save_card,
    )
    with transaction.atomic():
        row = CardCheckout.objects.create(
            cloud=cloud,
            account=account,
            kind=kind,
            mode=mode,
            session_id=session.id,
            url=str(session.url or "")[:500],
            invoice_ids=[inv.pk for inv in invoices],
            amount=amount,
            currency=cloud.currency,
            save_card=save_card,
            created_by=actor.user,
            created_at=now,
            updated_at=now,
        )
        audit(
            actor=actor,
            verb="card_checkout_start",
            obj=row,
            after={"mode": mode, "kind": kind, "amount": str(amount), "invoices": row.invoice_ids},
            now=now,
        )
    return row


def checkout_preview(
    *, actor: Actor, account: Account, invoice_ids: list[int] | None = None
) -> tuple[list[Invoice], Decimal]:
    """What ``checkout_pay_start`` would charge: the invoices and the amount (the
    confirmation page shows them before the payer goes to Stripe)."""
    require(actor, "payment.card", account)
    qs = Invoice.objects.filter(account=account, kind=InvoiceKind.RETAIL)
    invoices, amount, whole = _chosen_invoices(qs, invoice_ids)
    if whole:
        amount -= L.account_credit(account)
    return invoices, max(amount, Decimal(0))


def card_payments_enabled(cloud_id: int | None = None, *, wholesale: bool = False) -> bool:
    """Whether card payments are set up: the cloud's Stripe gateway (retail) or
    the provider's own Stripe account (wholesale)."""
    if wholesale:
        return provider_stripe_config() is not None
    return cloud_id is not None and stripe_config(cloud_id) is not None


def checkout_pay_start(
    *,
    actor: Actor,
    account: Account,
    success_url: str,
    cancel_url: str,
    invoice_ids: list[int] | None = None,
    save_card: bool = False,
    now: datetime | None = None,
) -> CardCheckout:
    """Open a Checkout Session paying the account's chosen open invoices (none
    chosen: its whole open balance, less its unapplied credit)."""
    require(actor, "payment.card", account)
    now = clock.given(now)
    _check_urls(success_url, cancel_url)
    cfg = stripe_config(account.cloud_id)
    if cfg is None:
        raise _no_gateway()
    qs = Invoice.objects.filter(account=account, kind=InvoiceKind.RETAIL)
    invoices, amount, whole = _chosen_invoices(qs, invoice_ids)
    if whole:
        amount -= L.account_credit(account)
    if not invoices or amount <= 0:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("Nothing is open to pay."))
    client = stripe_client(cfg)
    return _open(
        client,
        actor=actor,
        cloud=account.cloud,
        account=account,
        mode="payment",
        invoices=invoices,
        amount=amount,
        success_url=success_url,
        cancel_url=cancel_url,
        customer=_customer(client, account),
        save_card=save_card,
        now=now,
    )


def checkout_card_start(
    *,
    actor: Actor,
    account: Account,
    success_url: str,
    cancel_url: str,
    now: datetime | None = None,
) -> CardCheckout:
    """Open a Checkout Session (``mode=setup``) saving a card for the account."""
    require(actor, "payment.card", account)
    now = clock.given(now)
    _check_urls(success_url, cancel_url)
    cfg = stripe_config(account.cloud_id)
    if cfg is None:
        raise _no_gateway()
    client = stripe_client(cfg)
    return _open(
        client,
        actor=actor,
        cloud=account.cloud,
        account=account,
        mode="setup",
        invoices=[],
        amount=None,
        success_url=success_url,
        cancel_url=cancel_url,
        customer=_customer(client, account),
        save_card=True,
        now=now,
    )


def wholesale_checkout_start(
    *,
    actor: Actor,
    cloud: Cloud,
    success_url: str,
    cancel_url: str,
    invoice_ids: list[int] | None = None,
    now: datetime | None = None,
) -> CardCheckout:
    """Open a Checkout Session with the provider's Stripe account paying the
    cloud's open wholesale invoices (none chosen: its whole open balance to the
    provider, less what it prepaid)."""
    require(actor, "payment.card_wholesale", cloud)
    now = clock.given(now)
    _check_urls(success_url, cancel_url)
    cfg = provider_stripe_config()
    if cfg is None:
        raise _no_gateway()
    qs = Invoice.objects.filter(cloud=cloud, kind=InvoiceKind.WHOLESALE)
    invoices, amount, whole = _chosen_invoices(qs, invoice_ids)
    if whole:
        amount = min(amount, L.cloud_balance_to_provider(cloud))
    if not invoices or amount <= 0:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("Nothing is open to pay."))
    return _open(
        stripe_client(cfg),
        actor=actor,
        cloud=cloud,
        account=None,
        mode="payment",
        invoices=invoices,
        amount=amount,
        success_url=success_url,
        cancel_url=cancel_url,
        now=now,
    )


# --- settling -----------------------------------------------------------------------


def _config_of(row: CardCheckout) -> GatewayConfig | None:
    return provider_stripe_config() if row.kind == "wholesale" else stripe_config(row.cloud_id)


def _ids(raw: Any) -> list[int]:
    out = []
    for part in str(raw or "").split(","):
        try:
            out.append(int(part))
        except ValueError:
            continue
    return out


def intent_settle(
    *,
    cloud: Cloud,
    intent: Any,
    client: stripe.StripeClient | None,
    now: datetime,
) -> Payment | None:
    """Record the payment of a succeeded Checkout PaymentIntent (idempotent: its
    ``external_id`` is ``stripe:<id>``), paying the invoices named in its metadata
    that are still open, and save its card when the payer asked to."""
    from ..services import payment_record

    if sfield(intent, "status") != "succeeded":
        return None
    meta = sfield(intent, "metadata") or {}
    kind = sfield(meta, CHECKOUT_MARK)
    account = None
    if kind == "retail":
        try:
            account = Account.objects.get(cloud=cloud, pk=int(sfield(meta, "account_id") or ""))
        except (Account.DoesNotExist, ValueError):
            return None
        qs = Invoice.objects.filter(account=account, kind=InvoiceKind.RETAIL)
    elif kind == "wholesale":
        qs = Invoice.objects.filter(cloud=cloud, kind=InvoiceKind.WHOLESALE)
    else:
        return None
    intent_id = str(sfield(intent, "id"))
    existing = Payment.objects.filter(cloud=cloud, external_id=f"stripe:{intent_id}").first()
    if existing is not None:
        return existing
    received = sfield(intent, "amount_received") or sfield(intent, "amount") or 0
    amount = from_minor(int(received), cloud.currency)
    if amount <= 0:
        return None
    ids = _ids(sfield(meta, "invoice_ids"))
    open_invoices = {i.pk: i for i in qs.filter(pk__in=ids, status=InvoiceStatus.ISSUED)}
    payment = payment_record(
        actor=SYSTEM,
        cloud=cloud,
        account=account,
        amount=amount,
        received_at=now,
        method=PaymentMethod.CARD,
        reference=intent_id,
        external_id=f"stripe:{intent_id}",
        invoices=[open_invoices[i] for i in ids if i in open_invoices],
        now=now,
    )
    pm = sfield(intent, "payment_method")
    customer = sfield(intent, "customer")
    if account is not None and pm and customer and sfield(intent, "setup_future_usage"):
        store_card(client, account, str(customer), "", pm)
    return payment


def _error_status(intent: Any) -> tuple[str, str]:
    """What a failed attempt of a still open session says: declined (with the
    bank's reason) or authentication failed; ("", "") when nothing failed."""
    err = sfield(intent, "last_payment_error") or sfield(intent, "last_setup_error")
    if not err:
        return "", ""
    code = str(sfield(err, "code") or "")
    message = str(sfield(err, "message") or code)[:300]
    if code in ("payment_intent_authentication_failure", "setup_intent_authentication_failure"):
        return CheckoutStatus.AUTH_FAILED, message
    return CheckoutStatus.DECLINED, message


def checkout_complete(
    *, session_id: str, cancel: bool = False, now: datetime | None = None
) -> CardCheckout:
    """Settle a Checkout Session from what Stripe says of it now: paid (the
    payment recorded once), card saved, declined or authentication failed (the
    reason kept), or, with ``cancel`` (the payer came back without paying), the
    session expired at Stripe so it can no longer be paid, and canceled."""
    now = clock.given(now)
    row = CardCheckout.objects.select_related("cloud", "account").get(session_id=session_id)
    if row.status in (CheckoutStatus.PAID, CheckoutStatus.SAVED):
        return row
    cfg = _config_of(row)
    if cfg is None:
        raise _no_gateway()
    client = stripe_client(cfg)
    try:
        session = client.v1.checkout.sessions.retrieve(session_id, params={"expand": _EXPAND})
    except stripe.StripeError as exc:
        raise _refused(exc) from None
    if cancel and session.status == "open":
        try:
            session = client.v1.checkout.sessions.expire(session_id)
            session = client.v1.checkout.sessions.retrieve(session_id, params={"expand": _EXPAND})
        except stripe.StripeError:
            pass  # paid meanwhile, or already expired: what Stripe says next decides
    pi, si = sfield(session, "payment_intent"), sfield(session, "setup_intent")
    with transaction.atomic():
        row = CardCheckout.objects.select_for_update().get(pk=row.pk)
        if row.status in (CheckoutStatus.PAID, CheckoutStatus.SAVED):
            return row
        status, error = row.status, row.error
        if row.mode == "payment" and sfield(session, "payment_status") == "paid":
            payment = intent_settle(cloud=row.cloud, intent=pi, client=client, now=now)
            if payment is not None:
                row.payment = payment
                status, error = CheckoutStatus.PAID, ""
        elif row.mode == "setup" and sfield(si, "status") == "succeeded" and row.account:
            pm = sfield(si, "payment_method")
            if pm:
                store_card(
                    client,
                    row.account,
                    str(sfield(session, "customer") or ""),
                    str(sfield(si, "id")),
                    pm,
                )
                status, error = CheckoutStatus.SAVED, ""
        else:
            failed, message = _error_status(pi if row.mode == "payment" else si)
            if failed:
                status, error = failed, message
            if cancel and sfield(session, "status") != "complete" and not failed:
                status, error = CheckoutStatus.CANCELED, ""
        intent = pi if row.mode == "payment" else si
        row.intent_id = str(sfield(intent, "id") or (intent if isinstance(intent, str) else ""))
        if (status, error) != (row.status, row.error) or row.payment_id:
            before = {"status": row.status}
            row.status, row.error, row.updated_at = status, error, now
            row.save(update_fields=["status", "error", "intent_id", "payment", "updated_at"])
            audit(
                actor=SYSTEM,
                verb="card_checkout_settle",
                obj=row,
                before=before,
                after={"status": status, "error": error},
                now=now,
            )
    return row

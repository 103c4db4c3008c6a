"""Writes on money: ledger postings of invoices, payments, allocation, credit, refunds.

Money received always lands first in the payer's credit (``credit:account:<id>``
for a subscriber, ``prepaid:provider`` for a cloud) and is then applied to open
invoices by allocations, oldest due first, unless the accountant chose the
invoices. So an overpayment is simply credit left over, and the next issued
invoice takes it (``credit_apply``). An invoice becomes paid when its open
amount (total - credit notes - allocations) reaches zero.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM, Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.money import minor_units, quantum
from cambill.core.permissions import require
from cambill.core.validation import check_text, to_decimal, validate_model
from cambill.invoicing.models import CreditNote, Invoice, InvoiceKind, InvoiceStatus

from . import ledger as L
from .models import Allocation, Payment, PaymentMethod, Refund

ZERO = Decimal(0)


def _start(task: str, *args: Any) -> None:
    from cambill.celery import app

    if task not in app.tasks:  # the workers' modules, not imported yet by this process
        app.loader.import_default_modules()
    if task in app.tasks:
        app.tasks[task].delay(*args)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return clock.now()
    if now.tzinfo is None:
        raise validation("now", gettext("Give an aware time."))
    return now


def check_money(value: Any, field: str, currency: str) -> Decimal:
    """A positive amount with at most the currency's minor unit places."""
    d = to_decimal(value, field)
    if d <= 0:
        raise validation(field, gettext("Must be positive."), ErrorCode.NEGATIVE_AMOUNT)
    if d >= Decimal(10) ** 12:
        raise validation(field, gettext("Too large."))
    q = quantum(currency)
    if d != d.quantize(q):
        raise validation(
            field,
            gettext("%(currency)s has %(value)s decimal places.")
            % {"currency": currency, "value": minor_units(currency)},
        )
    return d.quantize(q)


def _emit(cloud_id: int, type_: str, data: dict[str, Any]) -> None:
    from cambill.webhooks.services import webhook_emit

    webhook_emit(cloud=Cloud.objects.get(pk=cloud_id), type=type_, data=data)


# --- amounts ------------------------------------------------------------------


def invoice_credited(invoice: Invoice) -> Decimal:
    return CreditNote.objects.filter(invoice=invoice).aggregate(s=Sum("total"))["s"] or ZERO


def invoice_allocated(invoice: Invoice) -> Decimal:
    return Allocation.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"] or ZERO


def invoice_open_amount(invoice: Invoice) -> Decimal:
    """What is still to be paid on an issued invoice (0 for drafts, void, paid)."""
    if invoice.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
        return ZERO
    return invoice.total - invoice_credited(invoice) - invoice_allocated(invoice)


def payment_unapplied(payment: Payment) -> Decimal:
    """Money of a payment neither applied to an invoice nor refunded."""
    alloc = payment.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
    refunded = payment.refunds.aggregate(s=Sum("amount"))["s"] or ZERO
    return payment.amount - alloc - refunded


def _payment_action(kind: str) -> str:
    """Retail money is the cloud's business, wholesale money the provider's."""
    return "payment.manage_wholesale" if kind == "wholesale" else "payment.manage"


def _credit_legs(kind: str, account_id: int | None, amount: Decimal) -> list[L.Leg]:
    """Move ``amount`` from the payer's credit to the invoice's receivable."""
    if kind == InvoiceKind.RETAIL:
        assert account_id is not None
        return [
            L.dr(L.credit_code(account_id), amount, account_id),
            L.cr(L.receivable(account_id), amount, account_id),
        ]
    return [L.dr(L.PAYABLE_PROVIDER, amount), L.cr(L.PREPAID_PROVIDER, amount)]


# --- ledger postings of invoices ---------------------------------------------------


def _issued_legs(inv: Invoice) -> list[Any]:
    net = inv.total - inv.tax
    if inv.kind == InvoiceKind.RETAIL:
        return [
            L.dr(L.receivable(inv.account_id), inv.total, inv.account_id),
            L.cr(L.REVENUE_RETAIL, net),
            L.cr(L.TAX_RETAIL, inv.tax),
        ]
    return [
        L.dr(L.COST_WHOLESALE, net),
        L.dr(L.TAX_WHOLESALE, inv.tax),
        L.cr(L.PAYABLE_PROVIDER, inv.total),
    ]


def ledger_post_invoice_issued(invoice: Invoice, now: datetime | None = None) -> None:
    """Retail: Dr receivable total / Cr revenue net, tax. Wholesale: the cloud's
    cost and input tax against what it owes the provider."""
    inv = invoice
    L.ledger_post(
        cloud_id=inv.cloud_id,
        key=f"invoice:{inv.pk}:issued",
        kind="invoice_issued",
        currency=inv.currency,
        legs=_issued_legs(inv),
        description=f"Invoice {inv.number}",
        invoice=inv,
        now=_now(now),
    )


def ledger_post_invoices_issued(invoices: list[Invoice], now: datetime | None = None) -> None:
    """The same journals for many invoices at once (per cloud, in bulk)."""
    now = _now(now)
    by_cloud: dict[int, list[Invoice]] = {}
    for inv in invoices:
        by_cloud.setdefault(inv.cloud_id, []).append(inv)
    for cloud_id, invs in by_cloud.items():
        L.ledger_post_many(
            cloud_id=cloud_id,
            kind="invoice_issued",
            posts=[
                {
                    "key": f"invoice:{inv.pk}:issued",
                    "currency": inv.currency,
                    "legs": _issued_legs(inv),
                    "description": f"Invoice {inv.number}",
                    "invoice": inv,
                    "now": now,
                }
                for inv in invs
            ],
        )


def _reverse_invoice_legs(inv: Invoice, net: Decimal, tax: Decimal) -> list[L.Leg]:
    if inv.kind == InvoiceKind.RETAIL:
        return [
            L.dr(L.REVENUE_RETAIL, net),
            L.dr(L.TAX_RETAIL, tax),
            L.cr(L.receivable(inv.account_id), net + tax, inv.account_id),
        ]
    return [
        L.dr(L.PAYABLE_PROVIDER, net + tax),
        L.cr(L.COST_WHOLESALE, net),
        L.cr(L.TAX_WHOLESALE, tax),
    ]


def _unallocate(inv: Invoice, amount: Decimal, now: datetime) -> None:
    """Give ``amount`` of an invoice's allocations back to their payments' credit,
    latest allocation first (an invoice credited or voided after payment)."""
    left = amount
    for alloc in Allocation.objects.filter(invoice=inv, amount__gt=0).order_by("-id"):
        if left <= 0:
            break
        net_alloc = (
            Allocation.objects.filter(payment=alloc.payment, invoice=inv).aggregate(
                s=Sum("amount")
            )["s"]
            or ZERO
        )
        take = min(left, net_alloc)
        if take <= 0:
            continue
        back = Allocation.objects.create(
            cloud_id=inv.cloud_id, payment=alloc.payment, invoice=inv, amount=-take, created_at=now
        )
        L.ledger_post(
            cloud_id=inv.cloud_id,
            key=f"alloc:{back.pk}",
            kind="unallocation",
            currency=inv.currency,
            legs=[
                L.Leg(code=leg.code, debit=leg.credit, credit=leg.debit, account_id=leg.account_id)
                for leg in _credit_legs(inv.kind, inv.account_id, take)
            ],
            description=f"Back to credit from {inv.number}",
            invoice=inv,
            payment=alloc.payment,
            now=now,
        )
        left -= take


def ledger_post_invoice_voided(invoice: Invoice, now: datetime | None = None) -> None:
    """Reverse an issued invoice that was voided; money applied to it goes back to credit."""
    now = _now(now)
    inv = invoice
    from .models import LedgerEntry

    if not LedgerEntry.objects.filter(cloud_id=inv.cloud_id, key=f"invoice:{inv.pk}:issued"):
        return  # a voided draft was never posted
    allocated = invoice_allocated(inv)
    if allocated > 0:
        _unallocate(inv, allocated, now)
    L.ledger_post(
        cloud_id=inv.cloud_id,
        key=f"invoice:{inv.pk}:void",
        kind="invoice_voided",
        currency=inv.currency,
        legs=_reverse_invoice_legs(inv, inv.total - inv.tax, inv.tax),
        description=f"Void of {inv.number}",
        invoice=inv,
        now=now,
    )
    _reapply(inv, now)


def ledger_post_credit_note(credit_note: CreditNote, now: datetime | None = None) -> None:
    """Reverse the credited part; if the invoice was already paid beyond its new
    total the excess goes back to the payer's credit; a settled invoice is paid."""
    now = _now(now)
    note = credit_note
    inv = Invoice.objects.get(pk=note.invoice_id)
    L.ledger_post(
        cloud_id=note.cloud_id,
        key=f"credit_note:{note.pk}",
        kind="credit_note",
        currency=note.currency,
        legs=_reverse_invoice_legs(inv, note.net, note.tax),
        description=f"Credit note {note.number} on {inv.number}",
        invoice=inv,
        now=now,
    )
    open_amount = invoice_open_amount(inv)
    if open_amount < 0:
        _unallocate(inv, -open_amount, now)
        _reapply(inv, now)
    _settle(SYSTEM, inv, now, now)


def _account_of(inv: Invoice) -> Account:
    """The account of a retail invoice (the model's check constraint guarantees one)."""
    account = Account.objects.filter(invoices=inv).first()
    assert account is not None, "a retail invoice has an account"
    return account


def _reapply(inv: Invoice, now: datetime) -> None:
    if inv.kind == InvoiceKind.RETAIL:
        credit_apply(account=_account_of(inv), now=now)
    else:
        provider_credit_apply(cloud=Cloud.objects.get(pk=inv.cloud_id), now=now)


def _settle(actor: Actor, inv: Invoice, paid_at: datetime, now: datetime) -> None:
    """Mark an issued invoice paid once nothing is open and something was paid."""
    from cambill.invoicing.services import invoice_mark_paid

    inv.refresh_from_db(fields=["status"])
    if (
        inv.status == InvoiceStatus.ISSUED
        and invoice_open_amount(inv) == 0
        and invoice_allocated(inv) > 0
    ):
        invoice_mark_paid(actor=actor, invoice=inv, paid_at=paid_at, now=now)


# --- allocation ---------------------------------------------------------------------


def _allocate(
    actor: Actor, payment: Payment, inv: Invoice, amount: Decimal, now: datetime
) -> Allocation:
    alloc = Allocation.objects.create(
        cloud_id=payment.cloud_id, payment=payment, invoice=inv, amount=amount, created_at=now
    )
    L.ledger_post(
        cloud_id=payment.cloud_id,
        key=f"alloc:{alloc.pk}",
        kind="allocation",
        currency=payment.currency,
        legs=_credit_legs(inv.kind, inv.account_id, amount),
        description=f"Payment {payment.pk} to {inv.number}",
        invoice=inv,
        payment=payment,
        now=now,
    )
    _settle(actor, inv, max(payment.received_at, inv.issued_at or payment.received_at), now)
    return alloc


def _open_invoices(cloud_id: int, account_id: int | None) -> list[Invoice]:
    q = Q(cloud_id=cloud_id, status=InvoiceStatus.ISSUED)
    q &= Q(kind=InvoiceKind.RETAIL, account_id=account_id) if account_id else Q(kind="wholesale")
    return list(Invoice.objects.filter(q).order_by("due_at", "issued_at", "id"))


def _payments_with_credit(cloud_id: int, account_id: int | None) -> list[tuple[Payment, Decimal]]:
    qs = Payment.objects.filter(cloud_id=cloud_id)
    qs = qs.filter(account_id=account_id) if account_id else qs.filter(kind="wholesale")
    out = []
    for p in qs.order_by("received_at", "id"):
        left = payment_unapplied(p)
        if left > 0:
            out.append((p, left))
    return out


def _apply_credit(
    actor: Actor, cloud_id: int, account_id: int | None, now: datetime
) -> list[Allocation]:
    made: list[Allocation] = []
    payments = _payments_with_credit(cloud_id, account_id)
    if not payments:
        return made
    for inv in _open_invoices(cloud_id, account_id):
        due = invoice_open_amount(inv)
        while due > 0 and payments:
            p, left = payments[0]
            take = min(due, left)
            made.append(_allocate(actor, p, inv, take, now))
            due -= take
            left -= take
            if left > 0:
                payments[0] = (p, left)
            else:
                payments.pop(0)
        if not payments:
            break
    return made


@transaction.atomic
def credit_apply(
    *, actor: Actor = SYSTEM, account: Account, now: datetime | None = None
) -> list[Allocation]:
    """Apply the account's unapplied money to its open invoices, oldest due first."""
    now = _now(now)
    Account.objects.select_for_update().get(pk=account.pk)  # one allocator per payer
    return _apply_credit(actor, account.cloud_id, account.pk, now)


@transaction.atomic
def provider_credit_apply(
    *, actor: Actor = SYSTEM, cloud: Cloud, now: datetime | None = None
) -> list[Allocation]:
    """Apply a cloud's prepaid money to its open wholesale invoices."""
    now = _now(now)
    Cloud.objects.select_for_update().get(pk=cloud.pk)
    return _apply_credit(actor, cloud.pk, None, now)


# --- payments -----------------------------------------------------------------------


@transaction.atomic
def payment_record(
    *,
    actor: Actor,
    cloud: Cloud,
    amount: Any,
    received_at: datetime,
    method: str = PaymentMethod.BANK_TRANSFER,
    account: Account | None = None,
    reference: str = "",
    invoices: list[Invoice] | None = None,
    external_id: str | None = None,
    now: datetime | None = None,
) -> Payment:
    """Record money received and apply it.

    ``account`` given: a subscriber paid its cloud (retail); none: the cloud paid
    the provider (wholesale). ``invoices`` chooses which open invoices are paid
    first (in that order); whatever is left goes to the oldest open invoices and
    then stays as credit for the next ones. ``external_id`` (a gateway's id)
    makes recording idempotent: the same id returns the existing payment.
    """
    kind = "retail" if account is not None else "wholesale"
    require(actor, _payment_action(kind), cloud)
    now = _now(now)
    received_at = _now(received_at)
    if method not in PaymentMethod.values:
        raise validation(
            "method", gettext("Use one of %(value)s.") % {"value": ", ".join(PaymentMethod.values)}
        )
    amount = check_money(amount, "amount", cloud.currency)
    reference = check_text(reference, "reference", required=False)
    validate_model(Payment(reference=reference, method=method), fields=["reference", "method"])
    if account is not None:
        if account.cloud_id != cloud.pk:
            raise validation("account", gettext("Not an account of this cloud."))
        Account.objects.select_for_update().get(pk=account.pk)
    else:
        Cloud.objects.select_for_update().get(pk=cloud.pk)
    if external_id:
        existing = Payment.objects.filter(cloud=cloud, external_id=external_id).first()
        if existing is not None:
            return existing
    chosen: list[Invoice] = []
    for inv in invoices or []:
        if inv.cloud_id != cloud.pk or inv.account_id != (account.pk if account else None):
            raise validation(
                "invoices",
                gettext("Invoice %(value)s is not the payer's.") % {"value": inv.number or inv.pk},
            )
        inv.refresh_from_db()
        if inv.status != InvoiceStatus.ISSUED:
            raise validation(
                "invoices",
                gettext("Invoice %(value)s is not open.") % {"value": inv.number or inv.pk},
            )
        chosen.append(inv)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                cloud=cloud,
                account=account,
                kind=kind,
                method=method,
                amount=amount,
                currency=cloud.currency,
                received_at=received_at,
                reference=reference,
                external_id=external_id or None,
                created_by=actor.user,
                created_at=now,
            )
    except IntegrityError:
        return Payment.objects.get(cloud=cloud, external_id=external_id)
    if account is not None:
        legs = [
            L.dr(L.CASH, amount),
            L.cr(L.credit_code(account.pk), amount, account.pk),
        ]
    else:
        legs = [L.dr(L.PREPAID_PROVIDER, amount), L.cr(L.CASH, amount)]
    L.ledger_post(
        cloud_id=cloud.pk,
        key=f"payment:{payment.pk}",
        kind="payment",
        currency=cloud.currency,
        legs=legs,
        description=f"{method} {reference}".strip(),
        payment=payment,
        now=now,
    )
    left = amount
    for inv in chosen:
        due = invoice_open_amount(inv)
        take = min(due, left)
        if take > 0:
            _allocate(actor, payment, inv, take, now)
            left -= take
    _apply_credit(actor, cloud.pk, account.pk if account else None, now)
    audit(actor=actor, verb="payment_record", obj=payment, after=snapshot(payment), now=now)
    # The legal receipt of a payment on PPD invoices (CFDI type P) is made after commit
    # by e-invoicing, started by the task's name (decision 0014).
    payment_id = payment.pk
    transaction.on_commit(lambda: _start("einvoice.issue_payment", payment_id), robust=True)
    if account is not None:
        data = {
            "payment": payment.pk,
            "account": account.code,
            "amount": str(amount),
            "currency": cloud.currency,
            "method": method,
            "reference": reference,
            "invoices": [
                a.invoice.number for a in payment.allocations.select_related("invoice").all()
            ],
        }
        _emit(cloud.pk, "payment.succeeded", data)
        from cambill.notifications import notify

        notify.payment_receipt(payment, now=now)
        from .resumption import dunning_check_resume

        dunning_check_resume(account=account, now=now)
    else:
        from cambill.notifications import notify

        notify.wholesale_receipt(payment, now=now)
    return payment


@transaction.atomic
def payment_refund(
    *,
    actor: Actor,
    payment: Payment,
    amount: Any = None,
    reason: str = "",
    now: datetime | None = None,
) -> Refund:
    """Return unapplied money of a payment (all of it when ``amount`` is None).

    Money applied to an invoice is refunded by first crediting the invoice (a
    credit note), which puts it back into the payer's credit.
    """
    cloud = Cloud.objects.get(pk=payment.cloud_id)
    require(actor, _payment_action(payment.kind), cloud)
    now = _now(now)
    reason = check_text(reason, "reason", required=False)
    validate_model(Refund(reason=reason), fields=["reason"])
    if payment.account_id:
        Account.objects.select_for_update().get(pk=payment.account_id)
    else:
        Cloud.objects.select_for_update().get(pk=cloud.pk)
    left = payment_unapplied(payment)
    amount = left if amount in (None, "") else check_money(amount, "amount", payment.currency)
    if amount <= 0 or amount > left:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("Only unapplied money can be refunded: %(left)s %(currency)s of this payment.")
            % {"left": left, "currency": payment.currency},
            {"amount": [gettext("At most %(left)s.") % {"left": left}]},
        )
    refund = Refund.objects.create(
        cloud_id=payment.cloud_id,
        payment=payment,
        amount=amount,
        reason=reason,
        refunded_at=now,
        created_by=actor.user,
    )
    if payment.account_id:
        legs = [
            L.dr(L.credit_code(payment.account_id), amount, payment.account_id),
            L.cr(L.CASH, amount),
        ]
    else:
        legs = [L.dr(L.CASH, amount), L.cr(L.PREPAID_PROVIDER, amount)]
    L.ledger_post(
        cloud_id=payment.cloud_id,
        key=f"refund:{refund.pk}",
        kind="refund",
        currency=payment.currency,
        legs=legs,
        description=reason,
        payment=payment,
        now=now,
    )
    audit(actor=actor, verb="payment_refund", obj=refund, after=snapshot(refund), now=now)
    return refund

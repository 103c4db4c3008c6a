"""Reads of a cloud's wholesale money: the provider's invoices to the cloud,
the cloud's payments to the provider, and its balance (issue #13, "Collect").

Who sees it: the roles of ``payment.view`` in the clouds they reach (provider
staff; the cloud's own admin and accountant), never a subscriber, an account
manager or an agent. Another cloud is "not found" (``cloud_in_scope``), a
wholesale invoice of another cloud or a retail invoice is "not found" too.

Recording a wholesale payment is :func:`cambill.payments.services.payment_record`
without an account (``payment.manage_wholesale``: provider staff).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from . import ledger as L
from .models import Allocation, Payment

ZERO = Decimal(0)


def _check(actor: Actor, cloud: Any) -> None:
    require(actor, "payment.view", cloud)


def wholesale_invoice_list(*, actor: Actor, cloud: Any) -> QuerySet[Invoice]:
    """The provider's invoices to ``cloud`` (drafts are not documents yet: only
    the provider's staff see them)."""
    from cambill.invoicing.selectors import invoices_in_scope

    _check(actor, cloud)
    qs = invoices_in_scope(actor, cloud).filter(kind=InvoiceKind.WHOLESALE)
    if not actor.is_provider:
        qs = qs.exclude(status=InvoiceStatus.DRAFT)
    return qs.order_by("-period", "-id")


def wholesale_invoice_get(*, actor: Actor, cloud: Any, pk: Any) -> Invoice:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound("invoice") from None
    inv = wholesale_invoice_list(actor=actor, cloud=cloud).select_related("cloud").filter(pk=pk)
    found = inv.first()
    if found is None:
        raise NotFound("invoice")
    return found


def wholesale_open_invoices(*, actor: Actor, cloud: Any) -> QuerySet[Invoice]:
    """Issued wholesale invoices of the cloud, oldest due first (a payment's choices)."""
    return (
        wholesale_invoice_list(actor=actor, cloud=cloud)
        .filter(status=InvoiceStatus.ISSUED)
        .order_by("due_at", "issued_at", "id")
    )


def wholesale_payment_list(*, actor: Actor, cloud: Any) -> QuerySet[Payment]:
    """The cloud's payments to the provider, newest first."""
    _check(actor, cloud)
    return Payment.objects.filter(cloud=cloud, kind="wholesale").prefetch_related(
        "allocations__invoice", "refunds"
    )


def wholesale_payment_get(*, actor: Actor, cloud: Any, pk: Any) -> Payment:
    try:
        return wholesale_payment_list(actor=actor, cloud=cloud).get(pk=int(pk))
    except (Payment.DoesNotExist, TypeError, ValueError):
        raise NotFound("payment") from None


def invoice_allocations(invoice: Invoice) -> QuerySet[Allocation]:
    """What paid an invoice (the caller already read the invoice through a selector)."""
    return Allocation.objects.filter(invoice=invoice).select_related("payment").order_by("id")


@dataclass
class OpenInvoice:
    invoice: Invoice
    open_amount: Decimal
    overdue: bool


@dataclass
class WholesaleBalance:
    """What a cloud owes the provider at ``now``: ``open`` on issued invoices,
    of which ``overdue`` is past due; ``prepaid`` money paid and not applied
    yet; ``balance`` = open - prepaid (negative: the cloud is in credit)."""

    currency: str
    now: datetime
    open: Decimal = ZERO
    overdue: Decimal = ZERO
    prepaid: Decimal = ZERO
    invoices: list[OpenInvoice] = field(default_factory=list)

    @property
    def balance(self) -> Decimal:
        return self.open - self.prepaid

    @property
    def open_count(self) -> int:
        return len(self.invoices)

    @property
    def overdue_count(self) -> int:
        return sum(1 for i in self.invoices if i.overdue)


def wholesale_balance(*, actor: Actor, cloud: Any, now: datetime | None = None) -> WholesaleBalance:
    from .services import invoice_open_amount

    now = clock.given(now)
    out = WholesaleBalance(currency=cloud.currency, now=now)
    for inv in wholesale_open_invoices(actor=actor, cloud=cloud):
        amount = invoice_open_amount(inv)
        if amount <= 0:
            continue
        due = inv.due_at or inv.issued_at
        overdue = due is not None and due < now
        out.invoices.append(OpenInvoice(inv, amount, overdue))
        out.open += amount
        if overdue:
            out.overdue += amount
    out.prepaid = L.code_balance(cloud.pk, L.PREPAID_PROVIDER)
    return out


def wholesale_invoice_money(invoice: Invoice) -> dict[str, Decimal]:
    """Paid, credited and open amounts of one wholesale invoice."""
    from .services import invoice_allocated, invoice_credited, invoice_open_amount

    return {
        "paid": invoice_allocated(invoice),
        "credited": invoice_credited(invoice),
        "open": invoice_open_amount(invoice),
    }


def wholesale_invoice_rows(*, actor: Actor, cloud: Any) -> QuerySet[Invoice]:
    """:func:`wholesale_invoice_list` annotated for a table: ``paid_amount``
    (allocations), ``open_amount`` (issued only: total - credit notes -
    allocations; 0 otherwise) and ``due`` (due date, else issue date)."""
    from django.db.models import Case, DecimalField, F, OuterRef, Subquery, Sum, Value, When
    from django.db.models.functions import Coalesce

    from cambill.invoicing.models import CreditNote

    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=18, decimal_places=4)
    zero = Value(ZERO, output_field=money)

    def summed(model: Any) -> Any:
        sub = (
            model.objects.filter(invoice=OuterRef("pk"))
            .order_by()
            .values("invoice")
            .annotate(s=Sum("amount" if model is Allocation else "total"))
            .values("s")
        )
        return Coalesce(Subquery(sub, output_field=money), zero)

    return (
        wholesale_invoice_list(actor=actor, cloud=cloud)
        .annotate(paid_amount=summed(Allocation), credited_amount=summed(CreditNote))
        .annotate(
            open_amount=Case(
                When(
                    status=InvoiceStatus.ISSUED,
                    then=F("total") - F("paid_amount") - F("credited_amount"),
                ),
                default=zero,
                output_field=money,
            ),
            due=Coalesce("due_at", "issued_at"),
        )
    )


def wholesale_invoice_by_number(*, actor: Actor, number: str) -> Invoice | None:
    """An issued wholesale invoice of a cloud the actor reaches, by number (a
    line of the provider's statement matched by hand); ``None`` otherwise."""
    from cambill.clouds.selectors import clouds_in_scope

    return (
        Invoice.objects.filter(
            kind=InvoiceKind.WHOLESALE, number=number, cloud__in=clouds_in_scope(actor)
        )
        .exclude(status=InvoiceStatus.DRAFT)
        .first()
    )

"""The rules collections and the dunning run share: the open amount of issued
retail invoices read in bulk, days overdue, and which invoices a person dismissed
from the suspension queue. Below the verbs; imports neither selectors nor services."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from cambill.invoicing.models import CreditNote, Invoice, InvoiceKind, InvoiceStatus

from ..models import Allocation, DunningEvent

ZERO = Decimal(0)

# The dunning events a person or the run sends as a reminder (the page's "last reminder").
REMINDER_KINDS = ("reminder", "manual")
# A person kept an account out of suspension for these invoices.
DISMISSED = "dismissed"


def open_invoices(
    cloud: Any, account_ids: Iterable[int] | None = None
) -> list[tuple[Invoice, Decimal]]:
    """The cloud's issued retail invoices with money still open, oldest due first,
    each with its open amount (total less credit notes less payments applied),
    read in three queries whatever their number."""
    qs = Invoice.objects.filter(
        cloud=cloud,
        kind=InvoiceKind.RETAIL,
        status=InvoiceStatus.ISSUED,
        account__isnull=False,
        due_at__isnull=False,
    )
    if account_ids is not None:
        qs = qs.filter(account_id__in=list(account_ids))
    invoices = list(qs.select_related("account").order_by("due_at", "id"))
    ids = [i.pk for i in invoices]
    credited = dict(
        CreditNote.objects.filter(invoice_id__in=ids)
        .values_list("invoice_id")
        .annotate(s=Sum("total"))
        .values_list("invoice_id", "s")
    )
    paid = dict(
        Allocation.objects.filter(invoice_id__in=ids)
        .values_list("invoice_id")
        .annotate(s=Sum("amount"))
        .values_list("invoice_id", "s")
    )
    out = []
    for inv in invoices:
        left = inv.total - (credited.get(inv.pk) or ZERO) - (paid.get(inv.pk) or ZERO)
        if left > 0:
            out.append((inv, left))
    return out


def dunning_days(invoice: Invoice, now: datetime) -> int:
    """Whole days since the due instant, as the dunning run counts them (negative: not due)."""
    assert invoice.due_at is not None
    if now <= invoice.due_at:
        return -1
    return (now - invoice.due_at).days


def dismissed_invoice_ids(cloud: Any) -> set[int]:
    """Invoices a person dismissed from the suspension queue: they never suspend."""
    return set(
        DunningEvent.objects.filter(cloud=cloud, kind=DISMISSED, invoice__isnull=False).values_list(
            "invoice_id", flat=True
        )
    )


def suspension_due(
    rows: list[tuple[Invoice, Decimal]],
    *,
    suspend_after_days: int | None,
    now: datetime,
    dismissed: set[int],
) -> dict[int, list[tuple[Invoice, Decimal, int]]]:
    """Per account, its open invoices that reached the policy's suspension day and
    were not dismissed (oldest first): the accounts dunning suspends or proposes."""
    out: dict[int, list[tuple[Invoice, Decimal, int]]] = {}
    if suspend_after_days is None:
        return out
    for inv, left in rows:
        days = dunning_days(inv, now)
        if days >= suspend_after_days and inv.pk not in dismissed and inv.account_id:
            out.setdefault(inv.account_id, []).append((inv, left, days))
    return out

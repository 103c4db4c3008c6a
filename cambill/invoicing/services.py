"""Writes on invoices: bill runs, issue, void, paid, credit notes, regenerate.

Issued invoices never change: every verb that would alter one refuses with
``INVOICE_IMMUTABLE`` (a correction is a credit note). State transitions lock
the invoice row; numbers come from the issuer's gapless series in the same
transaction (:mod:`.numbering`). Every verb writes its audit row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.money import minor_units, percent_of, quantum
from cambill.core.permissions import require
from cambill.core.validation import check_text, to_decimal, validate_model
from cambill.rating import RatingError

from . import hooks, sales_lines
from .advance import load_retail_inputs
from .billrun import (
    SimulatedCrash,
    bill_run_execute,
    bill_run_start,
    delete_lines,
    issue_drafts,
    line_objects,
    parse_period,
    persist_wholesale,
    retail_fields,
)
from .inputs import load_inputs
from .models import (
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    LineKind,
)
from .numbering import series_for, take_numbers
from .rate import rate_accounts, rate_cloud_wholesale, retail_rows

__all__ = [
    "SimulatedCrash",
    "bill_run_execute",
    "bill_run_start",
    "credit_note_create",
    "invoice_issue",
    "invoice_mark_paid",
    "invoice_regenerate",
    "invoice_void",
    "issue_drafts",
]

STATE_FIELDS = ["status", "number", "issued_at", "due_at", "paid_at", "voided_at", "void_reason"]


def _immutable(inv: Invoice, what: str) -> DomainError:
    return DomainError(
        ErrorCode.INVOICE_IMMUTABLE,
        gettext("Invoice %(value)s is %(status)s; %(what)s. Correct it with a credit note.")
        % {"value": inv.number or inv.pk, "status": inv.status, "what": what},
    )


def _lock(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("cloud").get(pk=invoice.pk)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return clock.now()
    if now.tzinfo is None:
        raise validation("now", gettext("Give an aware time."))
    return now


@transaction.atomic
def invoice_issue(*, actor: Actor, invoice: Invoice, now: datetime | None = None) -> Invoice:
    """Draft -> issued: take the next number of the issuer's series, set the due date."""
    require(actor, "invoice.manage", invoice)
    now = _now(now)
    inv = _lock(invoice)
    if inv.status != InvoiceStatus.DRAFT:
        raise _immutable(inv, "only a draft can be issued")
    before = snapshot(inv, STATE_FIELDS)
    inv.number = take_numbers(series_for(inv.cloud, inv.kind), now)[0]
    inv.status = InvoiceStatus.ISSUED
    inv.issued_at = now
    inv.due_at = now + timedelta(days=int(inv.issuer_details.get("payment_terms_days", 15)))
    inv.updated_at = now
    inv.save(update_fields=["number", "status", "issued_at", "due_at", "updated_at"])
    hooks.invoice_issued(inv, now=now)
    audit(
        actor=actor,
        verb="invoice_issue",
        obj=inv,
        before=before,
        after=snapshot(inv, STATE_FIELDS),
        now=now,
    )
    return inv


@transaction.atomic
def invoice_void(
    *, actor: Actor, invoice: Invoice, reason: str = "", now: datetime | None = None
) -> Invoice:
    """Cancel a draft, or an issued invoice nobody paid and nothing credited.

    The number of a voided invoice stays used (the series stays gapless).
    """
    require(actor, "invoice.manage", invoice)
    now = _now(now)
    reason = check_text(reason, "reason", required=False)
    inv = _lock(invoice)
    if inv.status in (InvoiceStatus.PAID, InvoiceStatus.VOID):
        raise _immutable(inv, "it cannot be voided")
    if inv.credit_notes.exists():
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("This invoice has credit notes; credit the rest instead of voiding it."),
        )
    before = snapshot(inv, STATE_FIELDS)
    inv.status = InvoiceStatus.VOID
    inv.voided_at = now
    inv.void_reason = reason
    inv.updated_at = now
    validate_model(inv, fields=["void_reason"], names={"void_reason": "reason"})
    inv.save(update_fields=["status", "voided_at", "void_reason", "updated_at"])
    hooks.invoice_voided(inv, now=now)
    audit(
        actor=actor,
        verb="invoice_void",
        obj=inv,
        before=before,
        after=snapshot(inv, STATE_FIELDS),
        now=now,
    )
    return inv


@transaction.atomic
def invoice_mark_paid(
    *, actor: Actor, invoice: Invoice, paid_at: datetime | None = None, now: datetime | None = None
) -> Invoice:
    """Issued -> paid (called by the payments ledger when the balance is settled)."""
    require(actor, "invoice.manage", invoice)
    now = _now(now)
    paid_at = _now(paid_at) if paid_at is not None else now
    inv = _lock(invoice)
    if inv.status == InvoiceStatus.DRAFT:
        raise DomainError(
            ErrorCode.INVALID_STATE, gettext("A draft cannot be paid; issue it first.")
        )
    if inv.status != InvoiceStatus.ISSUED:
        raise _immutable(inv, "it cannot be marked paid")
    before = snapshot(inv, STATE_FIELDS)
    inv.status = InvoiceStatus.PAID
    inv.paid_at = paid_at
    inv.updated_at = now
    inv.save(update_fields=["status", "paid_at", "updated_at"])
    hooks.invoice_paid(inv, now=now)
    audit(
        actor=actor,
        verb="invoice_mark_paid",
        obj=inv,
        before=before,
        after=snapshot(inv, STATE_FIELDS),
        now=now,
    )
    return inv


# --- credit notes ----------------------------------------------------------------


def creditable(inv: Invoice) -> dict[str, Any]:
    """What is still creditable: per line position, and net and tax overall."""
    lines = list(inv.lines.all().order_by("position"))
    credited_per_line: dict[int, Decimal] = defaultdict(Decimal)
    for line_id, amount in CreditNoteLine.objects.filter(credit_note__invoice=inv).values_list(
        "invoice_line_id", "amount"
    ):
        if line_id is not None:
            credited_per_line[line_id] += amount
    agg = CreditNote.objects.filter(invoice=inv).aggregate(net=Sum("net"), tax=Sum("tax"))
    q = quantum(inv.currency)
    return {
        "lines": {
            ln.position: (ln, (ln.amount - credited_per_line[ln.pk]).quantize(q)) for ln in lines
        },
        "net": (inv.net - (agg["net"] or 0)).quantize(q),
        "tax": (inv.tax - (agg["tax"] or 0)).quantize(q),
    }


def _clean_credit_items(
    inv: Invoice, items: Any, left: dict[str, Any]
) -> list[tuple[InvoiceLine, Decimal]]:
    if not isinstance(items, list):
        raise validation("lines", gettext("Give a list of {line, amount}."))
    places = minor_units(inv.currency)
    out: list[tuple[InvoiceLine, Decimal]] = []
    seen: set[int] = set()
    for i, item in enumerate(items):
        field = f"lines[{i}]"
        if not isinstance(item, dict) or "line" not in item:
            raise validation(field, gettext("Each item needs 'line' (the line position)."))
        try:
            pos = int(item["line"])
        except (TypeError, ValueError):
            raise validation(field, gettext("'line' is a line position (an integer).")) from None
        if pos in seen:
            raise validation(field, gettext("Line %(pos)s appears twice.") % {"pos": pos})
        seen.add(pos)
        found = left["lines"].get(pos)
        if found is None:
            raise validation(field, gettext("The invoice has no line %(pos)s.") % {"pos": pos})
        line, remaining = found
        if line.kind == LineKind.DISCOUNT:
            raise validation(
                field,
                gettext("Line %(pos)s is a discount; credit the charged lines.") % {"pos": pos},
            )
        if item.get("amount") in (None, ""):
            amount = remaining
        else:
            amount = to_decimal(item["amount"], field)
            if amount <= 0:
                raise validation(field, gettext("A credited amount is positive."))
            if amount.as_tuple().exponent < -places:  # type: ignore[operator]
                raise validation(
                    field,
                    gettext("%(currency)s has %(places)s decimal places.")
                    % {"currency": inv.currency, "places": places},
                )
        if amount > remaining:
            raise validation(
                field,
                gettext(
                    "Line %(pos)s has %(remaining)s %(currency)s left to credit; %(amount)s is more."
                )
                % {"pos": pos, "remaining": remaining, "currency": inv.currency, "amount": amount},
            )
        if amount > 0:
            out.append((line, amount))
    if not out:
        raise validation("lines", gettext("Nothing to credit."))
    return out


@transaction.atomic
def credit_note_create(
    *,
    actor: Actor,
    invoice: Invoice,
    reason: str,
    lines: list[dict[str, Any]] | None = None,
    now: datetime | None = None,
) -> CreditNote:
    """Credit an issued invoice, whole (``lines`` None) or by line.

    By line, each amount is at most what the line still has uncredited and the
    total at most the invoice's uncredited net; tax is ``round(net x rate)``,
    and the note that brings the net to zero takes exactly the tax left, so a
    fully credited invoice nets to zero to the cent.
    """
    require(actor, "invoice.manage", invoice)
    now = _now(now)
    reason = check_text(reason, "reason")
    validate_model(CreditNote(reason=reason), fields=["reason"])
    inv = _lock(invoice)
    if inv.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
        what = (
            "a draft is regenerated, not credited"
            if inv.status == InvoiceStatus.DRAFT
            else "it is void"
        )
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("Only issued invoices are credited; %(what)s.") % {"what": what},
        )
    left = creditable(inv)
    if left["net"] <= 0 and left["tax"] <= 0:
        raise DomainError(
            ErrorCode.INVALID_STATE, gettext("This invoice is already fully credited.")
        )
    if not lines:
        items = [(ln, rem) for ln, rem in left["lines"].values() if rem != 0]
        net, tax = left["net"], left["tax"]
    else:
        items = _clean_credit_items(inv, lines, left)
        net = sum((a for _, a in items), Decimal(0))
        if net > left["net"]:
            raise validation(
                "lines",
                gettext(
                    "%(net)s %(currency)s is more than the %(net2)s %(currency)s of net left to credit."
                )
                % {"net": net, "currency": inv.currency, "net2": left["net"]},
            )
        tax = (
            left["tax"]
            if net == left["net"]
            else min(percent_of(net, inv.tax_percent, inv.currency), left["tax"])
        )
    number = take_numbers(series_for(inv.cloud, inv.kind, credit=True), now)[0]
    note = CreditNote.objects.create(
        cloud_id=inv.cloud_id,
        invoice=inv,
        number=number,
        reason=reason,
        currency=inv.currency,
        net=net,
        tax=tax,
        total=net + tax,
        issued_at=now,
        created_by=actor.user,
    )
    CreditNoteLine.objects.bulk_create(
        [
            CreditNoteLine(
                cloud_id=inv.cloud_id,
                credit_note=note,
                invoice_line=ln,
                description=ln.description[:300],
                amount=amount,
            )
            for ln, amount in items
        ]
    )
    hooks.credit_note_created(note, now=now)
    audit(
        actor=actor,
        verb="credit_note_create",
        obj=note,
        after={
            "invoice": inv.number,
            "number": number,
            "reason": reason,
            "net": net,
            "tax": tax,
            "lines": [{"line": ln.position, "amount": a} for ln, a in items],
        },
        now=now,
    )
    return note


# --- drafts ------------------------------------------------------------------------


@transaction.atomic
def invoice_regenerate(
    *, actor: Actor, invoice: Invoice, now: datetime | None = None
) -> Invoice | None:
    """Re-rate one draft from the current data (same row, lines replaced).

    Returns None when the draft no longer has any charge: it is deleted, as a
    bill run never creates an empty invoice.
    """
    require(actor, "invoice.manage", invoice)
    now = _now(now)
    inv = _lock(invoice)
    if inv.status != InvoiceStatus.DRAFT:
        raise _immutable(inv, "only a draft can be regenerated")
    cloud: Cloud = inv.cloud
    period = parse_period(cloud, inv.period)
    before = snapshot(inv, ["subtotal", "discount", "net", "tax", "total"])
    try:
        if inv.kind == InvoiceKind.WHOLESALE:
            inputs = load_inputs(cloud, period.start, period.end, with_discounts=False)
            wholesale = rate_cloud_wholesale(cloud, period, inputs)
            persist_wholesale(inv.bill_run_id, cloud, period, inputs, wholesale, now)
            result = Invoice.objects.filter(pk=inv.pk).first()
        else:
            account_ids = [inv.account_id] if inv.account_id is not None else []
            inputs = load_retail_inputs(cloud, period, account_ids=account_ids)
            rated = rate_accounts(cloud, period, inputs)
            if not rated:
                delete_lines([inv.pk])
                result = None
            else:
                for k, v in retail_fields(cloud, inv.bill_run_id, period, rated[0], now).items():
                    setattr(inv, k, v)
                inv.save()
                delete_lines([inv.pk])
                InvoiceLine.objects.bulk_create(
                    line_objects(cloud.pk, inv.pk, retail_rows(rated[0], inputs, inv.language))
                )
                sales_lines.link_charges({inv.pk: rated[0]})
                result = inv
    except RatingError as e:
        raise DomainError(ErrorCode.VALIDATION, str(e)) from None
    after = snapshot(result, ["subtotal", "discount", "net", "tax", "total"]) if result else None
    audit(actor=actor, verb="invoice_regenerate", obj=inv, before=before, after=after, now=now)
    if result is None:
        Invoice.objects.filter(pk=inv.pk).delete()
    return result

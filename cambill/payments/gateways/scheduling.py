"""Auto-charge scheduling: after commit, start the charge of a retail invoice.

The charge job is looked up by its Celery task name, never imported: the tasks
call this package, not the other way round (docs/decisions/0014).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from cambill.invoicing.models import Invoice, InvoiceKind

from ..models import CardProfile, SavedCard
from .config import stripe_config


def autopay_accounts(account_ids: set[int]) -> set[int]:
    """Of these accounts, those that autopay: a default saved card, autopay not off."""
    with_card = set(
        SavedCard.objects.filter(account_id__in=account_ids, is_default=True)
        .exclude(payment_method_id="")
        .values_list("account_id", flat=True)
    )
    off = set(
        CardProfile.objects.filter(account_id__in=with_card, autopay=False).values_list(
            "account_id", flat=True
        )
    )
    return with_card - off


CHARGE_TASK = "payments.charge_invoice"


def schedule_auto_charge(invoice: Invoice, now: datetime | None = None) -> None:
    """After commit, charge the default card of a retail invoice's account when
    the account autopays (a default card saved, autopay not turned off).

    ``now`` (the issue time) dates the charge attempt and the payment it records."""
    if invoice.kind != InvoiceKind.RETAIL:
        return
    cfg = stripe_config(invoice.cloud_id)
    if cfg is None or not cfg.auto_charge:
        return
    if invoice.account_id is None or not autopay_accounts({invoice.account_id}):
        return
    start_charge_after_commit(invoice, now)


def schedule_auto_charges(invoices: list[Invoice], now: datetime | None = None) -> None:
    """``schedule_auto_charge`` for many retail invoices (a bulk issue): the
    clouds' configuration and the saved cards are read once."""
    by_cloud: dict[int, list[Invoice]] = {}
    for inv in invoices:
        if inv.kind == InvoiceKind.RETAIL:
            by_cloud.setdefault(inv.cloud_id, []).append(inv)
    for cloud_id, invs in by_cloud.items():
        cfg = stripe_config(cloud_id)
        if cfg is None or not cfg.auto_charge:
            continue
        with_card = autopay_accounts({i.account_id for i in invs if i.account_id})
        for inv in invs:
            if inv.account_id in with_card:
                start_charge_after_commit(inv, now)


def start_charge_after_commit(invoice: Invoice, now: datetime | None) -> None:
    """Start ``charge_invoice`` for the invoice once the caller's transaction commits."""
    pk, at = invoice.pk, _iso(now)
    transaction.on_commit(lambda: _start_charge(pk, at))


def _start_charge(invoice_id: int, at: str | None) -> None:
    from cambill.celery import app

    if CHARGE_TASK not in app.tasks:
        app.loader.import_default_modules()  # the autodiscovered tasks modules
    app.tasks[CHARGE_TASK].delay(invoice_id, at)


def _iso(now: datetime | None) -> str | None:
    """A time for a task's arguments (ISO 8601; None: the task takes the wall clock)."""
    return now.isoformat() if now is not None else None

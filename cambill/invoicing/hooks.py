"""What follows an invoice's life in other domains, called explicitly by the
invoicing verbs inside their own transaction (no signals): referral commission,
the payments ledger and auto-charge, and outbound webhooks. Each follower is
idempotent, so a verb retried after a crash never posts twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def _invoice_data(inv: Any) -> dict[str, Any]:
    return {
        "invoice": inv.number,
        "id": inv.pk,
        "kind": inv.kind,
        "period": inv.period,
        "account": inv.account.code if inv.account_id else None,
        "total": str(inv.total),
        "currency": inv.currency,
    }


def invoice_issued(inv: Any, *, now: datetime) -> None:
    from cambill.payments.services import payments_on_invoice_issued
    from cambill.referrals.commission import commission_on_invoice
    from cambill.webhooks.services import webhook_emit

    commission_on_invoice(invoice=inv, event="issued", now=now)
    # The event goes first: the payments hook may apply credit and mark it paid.
    webhook_emit(cloud=inv.cloud, type="invoice.issued", data=_invoice_data(inv), now=now)
    payments_on_invoice_issued(inv, now=now)


def invoices_issued(cloud: Any, period: str, invoice_ids: list[int], *, now: datetime) -> None:
    """Bulk issue by a bill run (auto-issue) bypasses ``invoice_issue``."""
    from cambill.invoicing.models import Invoice
    from cambill.payments.services import payments_on_invoices_issued
    from cambill.referrals.commission import recompute_period
    from cambill.webhooks.services import webhook_emit

    recompute_period(cloud=cloud, period=period, now=now)
    for inv in Invoice.objects.filter(pk__in=invoice_ids).select_related("account", "cloud"):
        webhook_emit(cloud=cloud, type="invoice.issued", data=_invoice_data(inv), now=now)
    payments_on_invoices_issued(invoice_ids, now=now)


def invoice_paid(inv: Any, *, now: datetime) -> None:
    from cambill.referrals.commission import commission_on_invoice
    from cambill.webhooks.services import webhook_emit

    commission_on_invoice(invoice=inv, event="paid", now=now)
    webhook_emit(cloud=inv.cloud, type="invoice.paid", data=_invoice_data(inv), now=now)


def invoice_voided(inv: Any, *, now: datetime) -> None:
    from cambill.payments.services import payments_on_invoice_voided
    from cambill.referrals.commission import commission_on_void
    from cambill.webhooks.services import webhook_emit

    commission_on_void(invoice=inv, now=now)
    payments_on_invoice_voided(inv, now=now)
    webhook_emit(cloud=inv.cloud, type="invoice.voided", data=_invoice_data(inv), now=now)


def credit_note_created(note: Any, *, now: datetime) -> None:
    from cambill.payments.services import payments_on_credit_note
    from cambill.referrals.commission import commission_on_credit_note

    commission_on_credit_note(credit_note=note, now=now)
    payments_on_credit_note(note, now=now)


def bill_run_completed(run: Any, *, now: datetime) -> None:
    from django.db import transaction

    from cambill.metrics.tasks import refresh_cloud
    from cambill.webhooks.services import webhook_emit

    # The dashboards' precomputed figures follow the new invoices once they are
    # committed (robust: a failed refresh is logged and retried by the hourly job).
    cloud_id, at = run.cloud_id, now.isoformat()
    transaction.on_commit(lambda: refresh_cloud.delay(cloud_id, at), robust=True)

    webhook_emit(
        cloud=run.cloud,
        type="bill_run.completed",
        data={
            "id": run.pk,
            "period": run.period,
            "invoices_created": run.invoices_created,
            "invoices_updated": run.invoices_updated,
        },
        now=now,
    )

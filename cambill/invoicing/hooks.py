"""What the invoicing verbs announce about an invoice's life, called explicitly by
them inside their own transaction (no signals).

The followers in other domains (referral commission, the payments ledger and
auto-charge) subscribe to ``cambill.invoicing.events`` from their
``AppConfig.ready``; invoicing never imports them
(docs/decisions/0014-invoicing-publishes-domain-events.md). The outbound webhooks
and the dashboards' refresh are lower layers invoicing calls itself: the webhook
of an event is a subscriber too (``ORDER_NOTICE``), so it keeps its place between
the commission and the payments follower. Each follower is idempotent, so a verb
retried after a crash never posts twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import events


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
    events.publish(events.INVOICE_ISSUED, invoice=inv, now=now)


def invoices_issued(cloud: Any, period: str, invoice_ids: list[int], *, now: datetime) -> None:
    """Bulk issue by a bill run (auto-issue) bypasses ``invoice_issue``."""
    events.publish(
        events.INVOICES_ISSUED, cloud=cloud, period=period, invoice_ids=invoice_ids, now=now
    )


def invoice_checking(inv: Any, *, now: datetime) -> None:
    """A bulk issue asks before numbering a draft (raises ``DomainError`` to refuse it)."""
    events.publish(events.INVOICE_CHECKING, invoice=inv, now=now)


def invoice_paid(inv: Any, *, now: datetime) -> None:
    events.publish(events.INVOICE_PAID, invoice=inv, now=now)


def invoice_voided(inv: Any, *, now: datetime) -> None:
    events.publish(events.INVOICE_VOIDED, invoice=inv, now=now)


def credit_note_created(note: Any, *, now: datetime) -> None:
    events.publish(events.CREDIT_NOTE_CREATED, credit_note=note, now=now)


# --- invoicing's own followers: the outbound webhooks -----------------------------------


def _notify(type_: str) -> Any:
    def handler(*, invoice: Any, now: datetime) -> None:
        from cambill.webhooks.services import webhook_emit

        webhook_emit(cloud=invoice.cloud, type=type_, data=_invoice_data(invoice), now=now)

    handler.__name__ = f"notify_{type_.replace('.', '_')}"
    return handler


_notify_issued = _notify("invoice.issued")
_notify_paid = _notify("invoice.paid")
_notify_voided = _notify("invoice.voided")


def _notify_block_issued(*, cloud: Any, period: str, invoice_ids: list[int], now: datetime) -> None:
    from cambill.webhooks.services import webhook_emit, webhook_listened

    from .models import Invoice

    if not webhook_listened(cloud=cloud, type="invoice.issued"):
        return

    for inv in Invoice.objects.filter(pk__in=invoice_ids).select_related("account", "cloud"):
        webhook_emit(cloud=cloud, type="invoice.issued", data=_invoice_data(inv), now=now)


def subscribe_webhooks() -> None:
    """Called from ``InvoicingConfig.ready``."""
    events.subscribe(events.INVOICE_ISSUED, _notify_issued, order=events.ORDER_NOTICE)
    events.subscribe(events.INVOICES_ISSUED, _notify_block_issued, order=events.ORDER_NOTICE)
    events.subscribe(events.INVOICE_PAID, _notify_paid, order=events.ORDER_NOTICE)
    # A voided invoice is announced once the payments ledger has reversed it.
    events.subscribe(events.INVOICE_VOIDED, _notify_voided, order=events.ORDER_PAYMENTS + 10)


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


def invoices_block_done(cloud_id: int, *, now: datetime) -> None:
    """A bulk issue finished: the dashboards' precomputed figures follow once committed."""
    from django.db import transaction

    from cambill.metrics.tasks import refresh_cloud

    at = now.isoformat()
    transaction.on_commit(lambda: refresh_cloud.delay(cloud_id, at), robust=True)

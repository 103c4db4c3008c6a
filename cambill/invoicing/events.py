"""Invoicing's domain events: an explicit, in-process registry (no Django signals).

Invoicing publishes what happened to an invoice ("issued", "paid", "voided", a
credit note created, a block issued by a bill run); the domains that follow an
invoice's life (payments: the ledger and auto-charge; referrals: commission)
subscribe from their ``AppConfig.ready``. Invoicing never imports them, so the
calls go one way: payments and referrals -> invoicing
(docs/decisions/0014-invoicing-publishes-domain-events.md).

The handlers run synchronously, in the publishing verb's transaction, in the
order of their ``order`` (then of subscription): an error rolls the verb back,
as when the verbs called the followers directly. Each follower is idempotent,
so a verb retried after a crash never posts twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The events and the keyword arguments their handlers receive (``now`` always).
INVOICE_ISSUED = "invoice.issued"  # invoice
INVOICES_ISSUED = "invoices.issued"  # cloud, period, invoice_ids (a bill run's block)
INVOICE_PAID = "invoice.paid"  # invoice
INVOICE_VOIDED = "invoice.voided"  # invoice
CREDIT_NOTE_CREATED = "credit_note.created"  # credit_note
# Asked of each draft of a bulk issue before it is numbered (invoice, now): a follower
# that would refuse the invoice's issue raises ``DomainError`` here, and the bulk issue
# leaves that invoice out (reported per invoice) instead of failing the whole block.
INVOICE_CHECKING = "invoice.checking"

EVENTS = (
    INVOICE_ISSUED,
    INVOICES_ISSUED,
    INVOICE_PAID,
    INVOICE_VOIDED,
    CREDIT_NOTE_CREATED,
    INVOICE_CHECKING,
)

# The order the followers run in. Commission first; the outbound webhook of an
# issued invoice before the payments follower (which may apply credit and mark
# the invoice paid, so ``invoice.issued`` is sent before ``invoice.paid``).
ORDER_COMMISSION = 10
ORDER_NOTICE = 20
ORDER_PAYMENTS = 30
# The legal e-invoice (cambill.einvoice) after payments: an invoice the payer's credit
# settled at issue is a paid one (CFDI PUE), and its refusal rolls everything back.
ORDER_EINVOICE = 35

Handler = Callable[..., None]


@dataclass(frozen=True)
class _Subscription:
    order: int
    seq: int
    handler: Handler


_subscribers: dict[str, list[_Subscription]] = {name: [] for name in EVENTS}


def subscribe(event: str, handler: Handler, *, order: int) -> None:
    """Run ``handler(**kwargs)`` whenever ``event`` is published. Subscribing the
    same handler twice (``ready`` run again) keeps one subscription."""
    if event not in _subscribers:
        raise ValueError(f"unknown invoicing event {event!r}")
    subs = _subscribers[event]
    if any(s.handler == handler for s in subs):
        return
    subs.append(_Subscription(order, len(subs), handler))
    subs.sort(key=lambda s: (s.order, s.seq))


def subscribers(event: str) -> list[Handler]:
    """The handlers of an event, in the order they run."""
    return [s.handler for s in _subscribers[event]]


def publish(event: str, **kwargs: Any) -> None:
    """Call every handler of ``event`` in order, in the caller's transaction."""
    for sub in list(_subscribers[event]):
        sub.handler(**kwargs)

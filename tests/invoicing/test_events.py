"""Invoicing's domain events (docs/decisions/0014): the followers subscribe from
their ``AppConfig.ready`` in a fixed order, and invoicing never imports them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cambill
from cambill.invoicing import events


def names(event: str) -> list[str]:
    return [f"{h.__module__}.{h.__name__}" for h in events.subscribers(event)]


def test_followers_run_in_a_fixed_order() -> None:
    assert names(events.INVOICE_ISSUED) == [
        "cambill.referrals.subscriptions._issued",
        "cambill.invoicing.hooks.notify_invoice_issued",
        "cambill.payments.subscriptions._issued",
        "cambill.einvoice.subscriptions.on_invoice_issued",  # the legal document, paid or not
        "cambill.notifications.subscriptions._issued",  # the mail, after the ledger
    ]
    assert names(events.INVOICES_ISSUED) == [
        "cambill.referrals.subscriptions._block_issued",
        "cambill.invoicing.hooks._notify_block_issued",
        "cambill.payments.subscriptions._block_issued",
        "cambill.einvoice.subscriptions.on_invoices_issued",
        "cambill.notifications.subscriptions._block_issued",
    ]
    assert names(events.INVOICE_PAID) == [
        "cambill.referrals.subscriptions._paid",
        "cambill.invoicing.hooks.notify_invoice_paid",
    ]
    assert names(events.INVOICE_VOIDED) == [
        "cambill.referrals.subscriptions._voided",
        "cambill.sales.subscriptions._free_voided",
        "cambill.payments.subscriptions._voided",
        "cambill.einvoice.subscriptions.on_invoice_voided",
        "cambill.invoicing.hooks.notify_invoice_voided",
    ]
    assert names(events.CREDIT_NOTE_CREATED) == [
        "cambill.referrals.subscriptions._credit_note",
        "cambill.payments.subscriptions._credit_note",
        "cambill.einvoice.subscriptions.on_credit_note_created",
        "cambill.notifications.subscriptions._credit_note",
    ]
    assert names(events.INVOICE_CHECKING) == ["cambill.einvoice.subscriptions.on_invoice_checking"]


def test_subscribing_again_keeps_one_subscription() -> None:
    from cambill.payments.subscriptions import subscribe_to_invoicing

    before = names(events.INVOICE_ISSUED)
    subscribe_to_invoicing()
    assert names(events.INVOICE_ISSUED) == before


def test_an_unknown_event_is_refused() -> None:
    with pytest.raises(ValueError, match=r"unknown invoicing event 'invoice\.lost'"):
        events.subscribe("invoice.lost", lambda **kw: None, order=1)
    with pytest.raises(KeyError):
        events.publish("invoice.lost", now=None)


def test_publish_calls_the_handlers_in_order_with_the_arguments() -> None:
    seen: list[tuple[str, object]] = []

    def late(*, credit_note: object, now: object) -> None:
        seen.append(("late", credit_note))

    def early(*, credit_note: object, now: object) -> None:
        seen.append(("early", credit_note))

    saved = list(events._subscribers[events.CREDIT_NOTE_CREATED])
    try:
        events._subscribers[events.CREDIT_NOTE_CREATED].clear()
        events.subscribe(events.CREDIT_NOTE_CREATED, late, order=50)
        events.subscribe(events.CREDIT_NOTE_CREATED, early, order=5)
        events.publish(events.CREDIT_NOTE_CREATED, credit_note="CN-1", now=None)
    finally:
        events._subscribers[events.CREDIT_NOTE_CREATED][:] = saved
    assert seen == [("early", "CN-1"), ("late", "CN-1")]


def test_invoicing_never_imports_payments_or_referrals() -> None:
    root = Path(cambill.__file__).parent / "invoicing"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            mods = []
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                mods = [node.module]
            for m in mods:
                if m.startswith(("cambill.payments", "cambill.referrals")):
                    offenders.append((path.name, m))
    assert offenders == []

"""Webhook delivery jobs. ``webhooks.deliver_due`` is scheduled every minute
(add it to ``cambill/schedule.py``); it is also what retries in eager mode.

The tasks import the services; the services never import the tasks (they start
``webhooks.deliver`` after commit by its registered name)."""

from __future__ import annotations

from cambill.celery import app

from .services import webhook_deliver, webhooks_deliver_due


@app.task(name="webhooks.deliver")
def deliver_webhook(delivery_id: int) -> str:
    return webhook_deliver(delivery_id).status


@app.task(name="webhooks.deliver_due")
def deliver_due() -> int:
    return webhooks_deliver_due()

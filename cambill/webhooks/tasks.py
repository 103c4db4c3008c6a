"""Webhook delivery jobs. ``webhooks.deliver_due`` is scheduled every minute
(add it to ``cambill/schedule.py``); it is also what retries in eager mode."""

from __future__ import annotations

from cambill.celery import app


@app.task(name="webhooks.deliver")
def deliver_webhook(delivery_id: int) -> str:
    from .services import webhook_deliver

    return webhook_deliver(delivery_id).status


@app.task(name="webhooks.deliver_due")
def deliver_due() -> int:
    from .services import webhooks_deliver_due

    return webhooks_deliver_due()

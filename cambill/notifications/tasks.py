"""Sending jobs. ``notifications.deliver_due`` runs every minute (cambill/schedule.py):
it retries failures with backoff and picks up whatever a crash left queued.

The tasks import the services; the services start ``notifications.send`` after
commit by its registered name."""

from __future__ import annotations

from cambill.celery import app

from .services import message_send, messages_deliver_due


@app.task(name="notifications.send")
def send_message(message_id: int) -> str:
    return message_send(message_id).status


@app.task(name="notifications.deliver_due")
def deliver_due() -> int:
    return messages_deliver_due()

"""Scheduled e-invoicing jobs: ``einvoice.notify_expiring`` runs daily
(cambill/schedule.py) and tells issuers their certificate expires soon, once."""

from __future__ import annotations

from cambill.celery import app

from .services import credentials_notify_expiring


@app.task(name="einvoice.notify_expiring")
def notify_expiring() -> int:
    return credentials_notify_expiring()

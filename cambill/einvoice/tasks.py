"""E-invoicing jobs: ``einvoice.notify_expiring`` runs daily (cambill/schedule.py) and
tells issuers their certificate expires soon, once; ``einvoice.submit`` sends one
signed document after its commit; ``einvoice.submit_due`` (every minute) sends again
what an unavailable authority left, with backoff; ``einvoice.issue_payment`` makes a
payment's receipt (CFDI type P) after the payment's commit."""

from __future__ import annotations

from datetime import datetime

from cambill.celery import app

from .issuing import document_submit, documents_submit_due, payment_document_issue
from .services import credentials_notify_expiring


@app.task(name="einvoice.notify_expiring")
def notify_expiring() -> int:
    return credentials_notify_expiring()


@app.task(name="einvoice.submit")
def submit(document_id: int) -> str:
    doc = document_submit(document_id=document_id)
    return doc.status if doc is not None else "not due"


@app.task(name="einvoice.submit_due")
def submit_due(now: str | None = None) -> int:
    return documents_submit_due(now=datetime.fromisoformat(now) if now else None)


@app.task(name="einvoice.issue_payment")
def issue_payment(payment_id: int) -> str:
    doc = payment_document_issue(payment_id=payment_id)
    return doc.status if doc is not None else "none"

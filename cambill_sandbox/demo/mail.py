"""The demo's e-mail history.

While the demo lives its months the outbox queues each message in its business
transaction (invoices issued, receipts, reminders, agents' statements), as in
production, without sending on commit. After each step of the history the
messages due by then are sent through the outbox's own verb
(``messages_deliver_due``), dated at that time: so the outbox shows each
message sent when it happened. There was no mail server in the past, so they go
to Django's dummy backend, and the invoice PDF is not rendered for it (about
0.4 s each; the outbox renders the PDF from the invoice whenever a message is
sent again, the stored message holds no copy).

Messages of the last day are left queued: ``cambill demo-serve`` starts its
SMTP sink and the outbox's schedule delivers them there, PDFs attached, so the
outbox page shows both what went out long ago and what goes out now.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock

from django.test.utils import override_settings

KEEP_QUEUED = timedelta(days=1)
DELIVERY_DELAY = timedelta(minutes=1)


def _no_pdf(invoice: object) -> tuple[str, bytes]:
    from cambill.invoicing.pdf import pdf_filename

    return pdf_filename(invoice), b"%PDF-1.4\n% not rendered for the demo's history\n"  # type: ignore[arg-type]


class Mailer:
    """Delivers the history's due messages after each step of the timeline."""

    def __init__(self, now: datetime):
        self.until = now - KEEP_QUEUED
        self.sent = 0

    def deliver(self, at: datetime) -> None:
        from cambill.notifications.models import Message
        from cambill.notifications.services import messages_deliver_due

        if at >= self.until:
            return
        when = at + DELIVERY_DELAY
        if not Message.objects.filter(status="queued", next_attempt_at__lte=when).exists():
            return
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            mock.patch("cambill.notifications.services._pdf_of_invoice", _no_pdf),
        ):
            while n := messages_deliver_due(now=when):
                self.sent += n

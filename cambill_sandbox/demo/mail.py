"""The demo's e-mail history.

While ``demo-data`` builds its months, the outbox queues each invoice's message
without sending it (``CAMBILL_NOTIFICATIONS_SEND_ON_COMMIT`` off). The months
before the last were mailed back then: ``settle_history`` marks their messages
sent at the time they were queued. The last day's messages stay queued, and
``cambill demo-serve`` delivers them to its SMTP sink, so the outbox page shows
both what was delivered long ago and what goes out now.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Max


def settle_history() -> int:
    from cambill.notifications.models import Message

    last = Message.objects.aggregate(m=Max("created_at"))["m"]
    if last is None:
        return 0
    older = Message.objects.filter(status="queued", created_at__lt=last - timedelta(days=1))
    return older.update(status="sent", attempts=1, sent_at=F("created_at"), next_attempt_at=None)

"""The one clock of the domain.

Verbs that rate, bill, remind or stamp take ``now`` from their caller when they
have it and otherwise ask here once, at their entry, and pass that one instant down
(to the audit row too), so a verb's writes all carry the same time and a test can
fix it (``time_machine.travel``, or by passing ``now``).

It reads ``django.utils.timezone.now`` at each call rather than binding it at import,
so the demo's replay clock, which patches that function, still drives every verb.
Model field defaults (``default=timezone.now``) are not the domain's clock.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return timezone.now()


def given(value: datetime | None) -> datetime:
    """The caller's ``now`` when it gave one, else the clock's."""
    return value if value is not None else timezone.now()

"""Suspension of accounts in the rating: the tariff time an account spends suspended.

A suspension is a half-open instant range ``[start, end)`` (``end`` None: still
suspended) of an account, from the account's suspension history. Cutting the
suspended time out of a camera's tariff intervals gives exactly the ARCHITECTURE
rule for ``suspended_days = skip``:

* ``day`` proration: an interval ``[s, e)`` covers local day D iff
  ``s < end(D) <= e``. Removing ``[S, E)`` from it leaves ``[s, S)`` and
  ``[E, e)``, which cover the days with ``s < end(D) <= S`` or
  ``E < end(D) <= e``: every day it covered except those with
  ``S < end(D) <= E``, i.e. the days on which the account is suspended at the
  END of the day (the same interval rule as tariffs);
* ``second`` proration: the suspended seconds are not charged.

Wholesale keeps the suspended pieces and charges only the services flagged
``billed_while_suspended`` on them (:func:`suspended_tariffs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from .errors import BadInterval
from .proration import require_aware
from .types import Interval, Tariff

Suspension = tuple[datetime, datetime | None]
"""``[start, end)`` of one suspension of an account; ``end`` None: still suspended."""

SUSPENDED_SUFFIX = "\x00suspended"
"""Appended to a tariff key for the pieces rated while the account is suspended."""


def check_suspensions(suspensions: Mapping[str, Sequence[Suspension]]) -> None:
    """Raise :class:`BadInterval` for a naive, inverted or overlapping suspension."""
    for account, spans in suspensions.items():
        prev_end: datetime | None = None
        first = True
        for start, end in sorted(spans, key=lambda s: s[0]):
            require_aware(start, f"suspension start of account {account}")
            if end is not None:
                require_aware(end, f"suspension end of account {account}")
                if end <= start:
                    raise BadInterval(f"account {account}: a suspension ends before it starts")
            if not first and (prev_end is None or prev_end > start):
                raise BadInterval(f"account {account}: suspensions overlap")
            prev_end, first = end, False


def split_suspended(
    intervals: Iterable[Interval], suspensions: Mapping[str, Sequence[Suspension]]
) -> tuple[list[Interval], list[Interval]]:
    """The intervals cut by their account's suspensions: (active pieces, suspended pieces).

    Intervals of accounts without suspensions pass through unchanged (same
    objects, same order), so a cloud with no suspension rates exactly as before.
    """
    active: list[Interval] = []
    suspended: list[Interval] = []
    for iv in intervals:
        spans = suspensions.get(iv.account)
        if not spans:
            active.append(iv)
            continue
        cursor: datetime = iv.start
        open_end = iv.end
        for s_start, s_end in sorted(spans, key=lambda s: s[0]):
            if open_end is not None and s_start >= open_end:
                break
            if s_end is not None and s_end <= cursor:
                continue
            lo = s_start if s_start > cursor else cursor
            hi = (
                s_end if open_end is None else (open_end if s_end is None else min(s_end, open_end))
            )
            if lo > cursor:
                active.append(replace(iv, start=cursor, end=lo))
            suspended.append(replace(iv, start=lo, end=hi))
            if hi is None:
                cursor = None  # type: ignore[assignment]
                break
            cursor = hi
        if cursor is not None and (open_end is None or cursor < open_end):
            active.append(replace(iv, start=cursor, end=open_end))
    return active, suspended


def suspended_tariffs(
    tariffs: Mapping[str, Tariff], billed_while_suspended: Iterable[str]
) -> dict[str, Tariff]:
    """Per tariff, the tariff a suspended piece consumes: only the flagged services.

    Keyed ``key + SUSPENDED_SUFFIX``; wholesale prices services, never tariffs,
    so these keys never reach an invoice line.
    """
    kept = frozenset(billed_while_suspended)
    return {
        key + SUSPENDED_SUFFIX: replace(
            t, components=tuple(c for c in t.components if c.service in kept)
        )
        for key, t in tariffs.items()
    }


def as_suspended(pieces: Iterable[Interval]) -> list[Interval]:
    """Suspended pieces pointing at their tariff's ``suspended_tariffs`` entry."""
    return [replace(iv, tariff=iv.tariff + SUSPENDED_SUFFIX) for iv in pieces]

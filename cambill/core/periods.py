"""Billing periods and local days.

Periods are calendar months in the cloud's time zone, stored as half-open UTC
instants ``[start, end)``. Day boundaries are local midnights, so a month in a
DST zone has one 23-hour and one 25-hour day and rating must never assume
86,400 seconds per day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class BadPeriod(ValueError):
    """Raised for a period string that is not YYYY-MM."""


def is_timezone(name: str) -> bool:
    if not name or name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: set[str] | None = None


def _zones() -> set[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = set(available_timezones())
    return _ZONES


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant (UTC) at which local ``day`` begins."""
    return datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar month in a time zone: ``[start, end)`` as UTC instants."""

    year: int
    month: int
    tz_name: str

    @classmethod
    def parse(cls, text: str, tz_name: str) -> Period:
        m = _PERIOD_RE.match(text or "")
        if not m:
            raise BadPeriod(f"'{text}' is not a period; use YYYY-MM, e.g. 2026-03")
        return cls(int(m.group(1)), int(m.group(2)), tz_name)

    @classmethod
    def containing(cls, instant: datetime, tz_name: str) -> Period:
        local = instant.astimezone(ZoneInfo(tz_name))
        return cls(local.year, local.month, tz_name)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> date:
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def days_in_month(self) -> int:
        return (self.next_first_day - self.first_day).days

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day, self.tz)

    @property
    def end(self) -> datetime:
        return local_midnight(self.next_first_day, self.tz)

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())

    def next(self) -> Period:
        d = self.next_first_day
        return Period(d.year, d.month, self.tz_name)

    def previous(self) -> Period:
        d = self.first_day - timedelta(days=1)
        return Period(d.year, d.month, self.tz_name)

    def days(self) -> Iterator[tuple[date, datetime, datetime]]:
        """Each local day of the period with its UTC ``[start, end)``."""
        tz = self.tz
        d = self.first_day
        start = local_midnight(d, tz)
        while d < self.next_first_day:
            nxt = d + timedelta(days=1)
            end = local_midnight(nxt, tz)
            yield d, start, end
            d, start = nxt, end

    def __str__(self) -> str:
        return self.key

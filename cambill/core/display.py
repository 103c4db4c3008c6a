"""How times, billing periods and people read, the same on pages, PDFs and e-mails.

One rule for time (issue #14, point 5): an instant is shown in the zone of the
page (the cloud's; the provider's on provider pages) with that zone named, in the
reader's language; a billing period is its month's name ("March 2026", "marzo de
2026"), and a span that is not a whole month its dates ("Mar 1 - 15, 2026");
exports carry ISO 8601 with the offset and no microseconds. People are shown by
their names, the login only when there is no name.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_interval, format_skeleton

from cambill.core import languages

_ABBREVIATION = re.compile(r"^[A-Z]{2,5}$")
_PERIOD_KEY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


Zone = tzinfo | str | None


def _zone(tz: Zone) -> tzinfo:
    if isinstance(tz, tzinfo):
        return tz
    return ZoneInfo(tz or "UTC")


def provider_zone() -> ZoneInfo:
    """The provider's time zone (``CAMBILL_PROVIDER_TIME_ZONE``, UTC by default):
    the zone of the provider's own pages, documents and periods."""
    from django.conf import settings

    name = str(getattr(settings, "CAMBILL_PROVIDER_TIME_ZONE", "") or "UTC")
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def zone_of(obj: Any) -> ZoneInfo | None:
    """The zone of a cloud's object (its ``cloud.timezone``), or of a cloud; None
    for anything else."""
    cloud = obj if hasattr(obj, "timezone") else getattr(obj, "cloud", None)
    name = getattr(cloud, "timezone", None)
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):
        return None


def zone_label(local: datetime) -> str:
    """The zone of an aware local time as a reader names it: its abbreviation when
    the zone has a real one ("CET", "EST", "UTC"), else the zone's name in
    parentheses ("(America/Bogota)": CLDR's "-05" names nothing)."""
    abbreviation = local.tzname() or ""
    if _ABBREVIATION.match(abbreviation):
        return abbreviation
    key = getattr(local.tzinfo, "key", None) or abbreviation or "UTC"
    return f"({key})"


def datetime_text(value: datetime | None, tz: Zone, lang: str | None) -> str:
    """An instant in ``tz`` with the zone named, in ``lang``'s date format:
    "2026-03-05 08:00 (America/Bogota)", "05/03/2026 13:00 CET"."""
    if value is None:
        return ""
    code = languages.supported(lang)
    local = value.astimezone(_zone(tz))
    text = format_datetime(
        local, languages.DATETIME_PATTERNS[code], locale=languages.babel_locale(code)
    )
    return f"{text} {zone_label(local)}"


def date_text(value: date | None, lang: str | None) -> str:
    """A calendar date in ``lang``'s date format ("2026-03-05", "05/03/2026")."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    code = languages.supported(lang)
    return format_date(value, languages.DATE_PATTERNS[code], locale=languages.babel_locale(code))


# Prices and programmes "valid since always" are stored from a placeholder day
# (2000-01-01 for service prices, 1970-01-01 for tariffs and meters); a reader sees
# no date for them.
PLACEHOLDER_UNTIL = date(2000, 1, 1)


def is_placeholder_day(value: date | None) -> bool:
    """Whether ``value`` is a stand-in for "since always", not a real date."""
    if isinstance(value, datetime):
        value = value.date()
    return value is not None and value <= PLACEHOLDER_UNTIL


def month_text(year: int, month: int, lang: str | None) -> str:
    """A month by its name: "March 2026", "marzo de 2026", "março de 2026"."""
    return format_skeleton(
        "yMMMM", date(year, month, 1), locale=languages.babel_locale(lang), fuzzy=False
    )


def period_key_text(key: str | None, lang: str | None) -> str:
    """A stored period key ("2026-03") as its month's name; other text unchanged."""
    m = _PERIOD_KEY.match(key or "")
    if not m:
        return key or ""
    return month_text(int(m.group(1)), int(m.group(2)), lang)


def dates_text(first: date, last: date, lang: str | None) -> str:
    """An inclusive span of local days: "Mar 1 - 15, 2026", "1-15 mar 2026" (en dashes)."""
    loc = languages.babel_locale(lang)
    if first == last:
        return format_skeleton("yMMMd", first, locale=loc, fuzzy=False)
    return format_interval(first, last, "yMMMd", locale=loc)


def days_text(first: date, last: date, lang: str | None) -> str:
    """An inclusive range of days: the month's name when it is one whole month
    ("March 2026"), else its dates."""
    same_month = (first.year, first.month) == (last.year, last.month)
    if same_month and first.day == 1 and (last + timedelta(days=1)).day == 1:
        return month_text(first.year, first.month, lang)
    return dates_text(first, max(first, last), lang)


def period_text(start: datetime | None, end: datetime | None, tz: Zone, lang: str | None) -> str:
    """A billing period ``[start, end)`` read in ``tz``: the month's name when it is
    one whole local month ("March 2026"), else its first and last local days."""
    if start is None or end is None:
        return ""
    zone = _zone(tz)
    s, e = start.astimezone(zone), end.astimezone(zone)
    first = s.date()
    whole_month = (
        s.day == 1
        and s.time() == e.time() == datetime.min.time()
        and e.day == 1
        and (e.year * 12 + e.month) - (s.year * 12 + s.month) == 1
    )
    if whole_month:
        return month_text(first.year, first.month, lang)
    last = (e - timedelta(microseconds=1)).date()
    return dates_text(first, max(first, last), lang)


def iso_instant(value: datetime | None, tz: Zone = None) -> str:
    """An instant for exports and the API: ISO 8601 with its offset and no
    microseconds ("2026-03-05T08:00:00-05:00"), in ``tz`` when given."""
    if value is None:
        return ""
    if tz is not None:
        value = value.astimezone(_zone(tz))
    return value.isoformat(timespec="seconds")


def person_name(user: Any) -> str:
    """A person by name: the full name, the login only when no name is set."""
    if user is None:
        return ""
    full = " ".join(
        part.strip()
        for part in (getattr(user, "first_name", ""), getattr(user, "last_name", ""))
        if part and part.strip()
    )
    return full or str(getattr(user, "username", "") or "")

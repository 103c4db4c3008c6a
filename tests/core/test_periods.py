from datetime import UTC, date, datetime

import pytest

from cambill.core.periods import BadPeriod, Period


def test_month_in_bogota_is_stored_as_utc_half_open() -> None:
    p = Period.parse("2026-03", "America/Bogota")
    assert p.start == datetime(2026, 3, 1, 5, tzinfo=UTC)
    assert p.end == datetime(2026, 4, 1, 5, tzinfo=UTC)
    assert p.days_in_month == 31


def test_madrid_march_has_a_23_hour_day() -> None:
    p = Period.parse("2026-03", "Europe/Madrid")
    lengths = {d: (e - s).total_seconds() / 3600 for d, s, e in p.days()}
    assert lengths[date(2026, 3, 29)] == 23
    assert p.seconds == 31 * 86400 - 3600


def test_leap_february() -> None:
    assert Period.parse("2028-02", "UTC").days_in_month == 29


@pytest.mark.parametrize("text", ["2026-13", "2026-3", "26-03", "", "2026/03"])
def test_bad_period_text(text: str) -> None:
    with pytest.raises(BadPeriod):
        Period.parse(text, "UTC")

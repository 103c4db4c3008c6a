"""The rollup job's set-based fold (PostgreSQL; the generic path on SQLite):
exact figures, out-of-order samples equal to a rebuild, and the readings it
gives back to the generic path."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.usage import setfold
from cambill.usage.models import UniqueValue, UsageEvent, UsageRollup
from cambill.usage.rollups import rollup_catch_up, rollup_rebuild, rollup_refresh
from cambill.usage.services import events_ingest
from tests.conftest import utc

from .conftest import event

NOW = utc(2026, 4, 2)


@pytest.fixture
def deferred(settings):  # type: ignore[no-untyped-def]
    settings.CAMBILL_USAGE_ROLLUP_INLINE = False


@pytest.fixture
def calls(monkeypatch):  # type: ignore[no-untyped-def]
    """What ``fold_range`` answered each time (None: given back to the generic path)."""
    seen: list[int | None] = []
    real = setfold.fold_range

    def spy(*a, **k):  # type: ignore[no-untyped-def]
        out = real(*a, **k)
        seen.append(out)
        return out

    monkeypatch.setattr(setfold, "fold_range", spy)
    return seen


def ingest(uw, events):  # type: ignore[no-untyped-def]
    return events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=NOW)


def buckets(uw) -> dict[tuple[str, str, int], tuple]:  # type: ignore[no-untyped-def,type-arg]
    codes = {m.pk: m.code for m in uw.meters.values()}
    cams = {c.pk: c.code for c in uw.cameras.values()}
    return {
        (cams[r.camera_id], codes[r.meter_id], r.hour.hour): (
            r.count,
            r.sum,
            r.max,
            r.first_time,
            r.last_time,
            r.last_value,
            r.integral,
        )
        for r in UsageRollup.objects.filter(cloud=uw.telenet)
    }


@pytest.mark.django_db
def test_exact_buckets_in_order_then_out_of_order_equal_to_rebuild(uw, deferred, calls) -> None:  # type: ignore[no-untyped-def]
    first = [
        event(1, bytes=100),
        event(2, time="2026-03-10T10:30:00Z", bytes=300),
        event(
            3,
            subject="camB",
            type="recording",
            time="2026-03-10T10:05:00Z",
            stats={"dvr": {"seconds": 60}},
        ),
        event(
            4,
            subject="camB",
            type="recording",
            time="2026-03-10T10:10:00Z",
            stats={"dvr": {"seconds": 30.5}},
        ),
        event(5, type="plate.read", time="2026-03-10T10:20:00Z", plate="AB123"),
        event(6, subject="camX", time="2026-03-10T10:20:00Z", bytes=7),  # unmatched
    ]
    ingest(uw, first)
    assert rollup_catch_up(uw.telenet) == 6
    # After the stored samples: merged arithmetically.
    ingest(
        uw,
        [
            event(7, time="2026-03-10T10:45:00Z", bytes=50),
            event(8, time="2026-03-10T11:15:00Z", bytes=1.5),
        ],
    )
    assert rollup_catch_up(uw.telenet) == 2
    t = utc(2026, 3, 10, 10)
    got = buckets(uw)
    assert got[("camA", "archive_gb", 10)] == (
        3,
        Decimal(450),
        Decimal(300),
        t,
        t.replace(minute=45),
        Decimal(50),
        Decimal(495000),
    )
    assert got[("camA", "archive_gb", 11)] == (
        1,
        Decimal("1.5"),
        Decimal("1.5"),
        t.replace(hour=11, minute=15),
        t.replace(hour=11, minute=15),
        Decimal("1.5"),
        Decimal(4050),
    )
    assert got[("camA", "archive_max", 10)][:3] == (3, Decimal(450), Decimal(300))
    assert got[("camA", "archive_latest", 10)][5] == Decimal(50)
    assert got[("camB", "rec_seconds", 10)] == (
        2,
        Decimal("90.5"),
        Decimal(60),
        t.replace(minute=5),
        t.replace(minute=10),
        Decimal("30.5"),
        Decimal(0),
    )
    assert got[("camA", "plates", 10)][0] == 1  # unique_count: the generic path
    assert list(UniqueValue.objects.values_list("value", flat=True)) == ["AB123"]
    assert len(got) == 8  # three camA meters in two hours, camB, the plates
    # Interleaved with the stored samples: stale, then recomputed exactly.
    ingest(uw, [event(9, time="2026-03-10T10:15:00Z", bytes=200)])
    assert rollup_catch_up(uw.telenet) == 1
    assert UsageRollup.objects.get(meter=uw.meters["archive"], hour=t).integral is None
    rollup_refresh(uw.telenet)
    got = buckets(uw)
    assert got[("camA", "archive_gb", 10)] == (
        4,
        Decimal(650),
        Decimal(300),
        t,
        t.replace(minute=45),
        Decimal(50),
        Decimal(585000),
    )
    rollup_rebuild(uw.telenet, utc(2026, 3, 10), utc(2026, 3, 11))
    assert buckets(uw) == got
    if connection.vendor == "postgresql":
        assert calls == [6, 2, 1]  # every range folded by the statement
    else:
        assert calls == []


@pytest.mark.django_db
def test_numeric_string_reading_goes_to_the_generic_path(uw, deferred, calls) -> None:  # type: ignore[no-untyped-def]
    ingest(uw, [event(1, bytes="250"), event(2, time="2026-03-10T10:30:00Z", bytes=50)])
    assert rollup_catch_up(uw.telenet) == 2
    got = buckets(uw)
    t = utc(2026, 3, 10, 10)
    assert got[("camA", "archive_gb", 10)] == (
        2,
        Decimal(300),
        Decimal(250),
        t,
        t.replace(minute=30),
        Decimal(50),
        Decimal(540000),
    )
    assert calls == ([None] if connection.vendor == "postgresql" else [])


@pytest.mark.django_db
def test_a_reading_refused_today_is_quarantined_and_the_rest_counted(uw, deferred, calls) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.models import Meter

    Meter.objects.filter(pk=uw.meters["seconds"].pk).update(allow_negative=True)
    ingest(
        uw,
        [
            event(1, subject="camB", type="recording", stats={"dvr": {"seconds": -5}}),
            event(
                2,
                subject="camB",
                type="recording",
                time="2026-03-10T10:10:00Z",
                stats={"dvr": {"seconds": 20}},
            ),
        ],
    )
    Meter.objects.filter(pk=uw.meters["seconds"].pk).update(allow_negative=False)
    assert rollup_catch_up(uw.telenet) == 2
    bad = UsageEvent.objects.get(event_id="1")
    assert bad.quarantined_at is not None and "negative" in bad.quarantine_reason
    roll = UsageRollup.objects.get(meter=uw.meters["seconds"])
    assert (roll.count, roll.sum) == (1, Decimal(20))
    assert calls == ([None] if connection.vendor == "postgresql" else [])


def test_which_meters_the_statement_reads() -> None:
    from cambill.usage.models import Meter

    assert setfold.simple(Meter(aggregation="sum", value_path="stats.dvr.bytes"))
    assert setfold.simple(Meter(aggregation="count", value_path=""))
    assert not setfold.simple(Meter(aggregation="unique_count", value_path="plate"))
    assert not setfold.simple(Meter(aggregation="sum", value_path="disks.0.bytes"))

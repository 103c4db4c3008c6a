"""PostgreSQL: raw events partitioned by month; dedup exact across partitions."""

from __future__ import annotations

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.usage import partitions
from cambill.usage.models import UsageEvent, UsageEventKey, UsageRollup
from cambill.usage.rollups import rollup_rebuild
from cambill.usage.services import events_ingest
from tests.conftest import utc

from .conftest import event

pytestmark = pytest.mark.django_db
NOW = utc(2026, 6, 2)


@pytest.fixture(autouse=True)
def pg_only():  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("partitions exist on PostgreSQL only")
    partitions.forget()  # partitions made by an earlier test were rolled back
    yield
    partitions.forget()


def counts_by_partition() -> dict[str, int]:
    with connection.cursor() as cur:
        cur.execute("SELECT tableoid::regclass::text, count(*) FROM usage_usageevent GROUP BY 1")
        return dict(cur.fetchall())


def ingest(uw, events):  # type: ignore[no-untyped-def]
    return events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=NOW)


def test_three_months_land_in_three_partitions_and_replays_dedup(uw) -> None:  # type: ignore[no-untyped-def]
    assert partitions.is_partitioned()
    batch = [
        event("jan", time="2026-01-31T23:59:59Z", bytes=10),
        event("feb", time="2026-02-01T00:00:00Z", bytes=20),
        event("mar", time="2026-03-15T12:00:00Z", bytes=30),
        event("mar2", subject="camB", time="2026-03-31T23:00:00Z", bytes=40),
    ]
    r = ingest(uw, batch)
    assert r.inserted == 4
    assert counts_by_partition() == {
        "usage_usageevent_p2026_01": 1,
        "usage_usageevent_p2026_02": 1,
        "usage_usageevent_p2026_03": 2,
    }
    # The same (source, id) sent again with a time in another month is the
    # same event: it counts once, in its first month.
    replay = [
        event("jan", time="2026-03-01T00:00:00Z", bytes=99),
        event("feb", time="2026-01-05T00:00:00Z", bytes=99),
        event("mar", time="2026-03-15T12:00:00Z", bytes=30),
        event("apr", time="2026-04-02T00:00:00Z", bytes=50),
    ]
    r = ingest(uw, replay)
    assert (r.inserted, r.duplicates) == (1, 3)
    assert UsageEvent.objects.count() == 5 == UsageEventKey.objects.count()
    assert counts_by_partition()["usage_usageevent_p2026_04"] == 1
    assert UsageEvent.objects.get(event_id="jan").data == {"bytes": 10}
    assert (
        UsageRollup.objects.get(meter=uw.meters["archive_max"], hour=utc(2026, 3, 15, 12)).count
        == 1
    )
    assert not UsageRollup.objects.filter(meter=uw.meters["archive_max"], sum=99).exists()


def test_default_partition_catches_then_maintain_moves(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.tasks import maintain

    # A process that believes the month exists (e.g. a DBA dropped it) still stores.
    partitions._known.add(partitions.month_of(utc(1999, 5, 1)))
    ingest(uw, [event("old", time="1999-05-10T00:00:00Z", bytes=1)])
    assert counts_by_partition() == {"usage_usageevent_default": 1}
    partitions.forget()
    result = maintain("telenet", now=NOW)
    assert "usage_usageevent_p1999_05" in result["partitions"]
    # this month and the next two are made ahead
    assert {"usage_usageevent_p2026_06", "usage_usageevent_p2026_08"} <= set(
        partitions.partitions().values()
    )
    assert counts_by_partition() == {"usage_usageevent_p1999_05": 1}
    assert ingest(uw, [event("old", time="1999-05-10T00:00:00Z", bytes=1)]).inserted == 0


def test_rollup_rebuild_equals_across_partitions(uw) -> None:  # type: ignore[no-untyped-def]
    from .test_aggregates import _snapshot

    ingest(
        uw,
        [
            event(
                f"x{i}",
                subject=("camA", "camB", "camC")[i % 3],
                time=f"2026-{1 + i % 3:02d}-{1 + i % 27:02d}T{i % 24:02d}:{(13 * i) % 60:02d}:00Z",
                bytes=i * 7,
            )
            for i in range(90)
        ],
    )
    ingest(uw, [event("late-in-jan", time="2026-01-03T05:30:00Z", bytes=5)])
    assert len(counts_by_partition()) == 3
    before = _snapshot(uw.telenet)
    rollup_rebuild(uw.telenet, utc(2026, 1, 1), utc(2026, 4, 1))
    assert _snapshot(uw.telenet) == before

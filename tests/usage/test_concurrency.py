"""Concurrent replays on PostgreSQL: each event is stored and counted once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.usage.models import UsageEvent, UsageRollup
from cambill.usage.services import events_ingest
from tests.conftest import utc

from .conftest import event


@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_count_once(uw) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    from django.db import connections

    batch = [
        event(
            i,
            subject="camA" if i % 2 else "camB",
            time=f"2026-03-10T{10 + i % 4:02d}:{i % 60:02d}:{i % 7:02d}Z",
            bytes=i,
        )
        for i in range(400)
    ]
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def replay(seed: int) -> None:
        try:
            mine = batch[seed * 37 :] + batch[: seed * 37]  # different orders, same events
            barrier.wait()
            events_ingest(actor=SYSTEM, cloud=uw.telenet, events=mine, now=utc(2026, 4, 2))
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=replay, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert UsageEvent.objects.count() == 400
    m = uw.meters["archive_max"]
    rolled = UsageRollup.objects.filter(meter=m)
    assert sum(r.count for r in rolled) == 400
    assert sum(r.sum for r in rolled) == sum(range(400))
    # and the concurrent result (stale buckets refreshed) equals a rebuild
    from cambill.usage.rollups import rollup_refresh

    rollup_refresh(uw.telenet)
    before = sorted(
        rolled.values_list("camera_id", "hour", "count", "sum", "integral", "last_value")
    )
    from cambill.usage.rollups import rollup_rebuild

    rollup_rebuild(uw.telenet, utc(2026, 3, 10), utc(2026, 3, 11))
    after = sorted(
        UsageRollup.objects.filter(meter=m).values_list(
            "camera_id", "hour", "count", "sum", "integral", "last_value"
        )
    )
    assert after == before

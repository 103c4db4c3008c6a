"""Rollups out of the ingest path: the watermark job counts every event once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.core.access import SYSTEM
from cambill.usage.models import RollupWatermark, UsageRollup
from cambill.usage.rollups import rollup_catch_up, rollup_rebuild
from cambill.usage.services import events_ingest, usage_rematch
from tests.conftest import utc

from .conftest import event

NOW = utc(2026, 4, 2)


@pytest.fixture
def deferred(settings):  # type: ignore[no-untyped-def]
    settings.CAMBILL_USAGE_ROLLUP_INLINE = False


def ingest(uw, events):  # type: ignore[no-untyped-def]
    return events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=NOW)


@pytest.mark.django_db
def test_ingest_only_inserts_then_the_job_rolls_up_once(uw, deferred) -> None:  # type: ignore[no-untyped-def]
    r = ingest(uw, [event(1, bytes=100), event(2, time="2026-03-10T10:30:00Z", bytes=300)])
    assert r.inserted == 2 and not UsageRollup.objects.exists()
    assert rollup_catch_up(uw.telenet) == 2
    assert rollup_catch_up(uw.telenet) == 0  # nothing above the mark
    ingest(uw, [event(3, time="2026-03-10T10:45:00Z", bytes=50)])
    assert rollup_catch_up(uw.telenet) == 1
    roll = UsageRollup.objects.get(meter=uw.meters["archive_max"])
    assert (roll.count, roll.sum, roll.max) == (3, Decimal(450), Decimal(300))
    wm = RollupWatermark.objects.get(cloud=uw.telenet)
    assert wm.last_event_id == max(UsageRollup.objects.values_list("last_event_id", flat=True))


@pytest.mark.django_db
def test_aggregates_catch_up_before_reading(uw, deferred) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.aggregates import meter_aggregate

    ingest(uw, [event(1, bytes=100), event(2, time="2026-03-10T10:30:00Z", bytes=300)])
    window = (utc(2026, 3, 10, 10), utc(2026, 3, 10, 11))
    assert meter_aggregate(uw.telenet, uw.meters["archive_max"], window) == {"camA": 300}


@pytest.mark.django_db
def test_rematch_counts_passed_events_once(uw, deferred) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from cambill.clouds.models import Camera

    ingest(uw, [event(1, subject="camX", bytes=10)])
    rollup_catch_up(uw.telenet)  # passes the unmatched event
    ingest(uw, [event(2, subject="camX", time="2026-03-10T10:30:00Z", bytes=20)])
    Camera.objects.create(cloud=uw.telenet, code="camX", created_at=timezone.now())
    assert usage_rematch(uw.telenet) == 2
    # event 1 was counted by the rematch, event 2 (above the mark) by the job
    assert UsageRollup.objects.get(meter=uw.meters["archive_max"]).count == 1
    assert rollup_catch_up(uw.telenet) == 1
    roll = UsageRollup.objects.get(meter=uw.meters["archive_max"])
    assert (roll.count, roll.sum) == (2, Decimal(30))
    before = list(UsageRollup.objects.order_by("pk").values_list("meter_id", "count", "sum"))
    rollup_rebuild(uw.telenet, utc(2026, 3, 1), utc(2026, 4, 1))
    after = list(UsageRollup.objects.order_by("meter_id").values_list("meter_id", "count", "sum"))
    assert sorted(before) == sorted(after)


@pytest.mark.django_db
def test_bill_run_prices_events_not_yet_rolled_up(world, deferred) -> None:  # type: ignore[no-untyped-def]
    from tests.invoicing.test_late_usage import setup_metered

    # 150 h ingested, no job ran, March billed: the run caught the rollups up
    # first (setup_metered asserts the 5.00 metered line).
    t = setup_metered(world)
    assert RollupWatermark.objects.get(cloud=t).last_event_id > 0

"""Aggregations from rollups (exact), their scopes, rebuilds, metered charges."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import Forbidden
from cambill.core.periods import Period
from cambill.usage.aggregates import meter_aggregate, meter_aggregate_exact, metered_charges
from cambill.usage.models import UniqueValue, UsageRollup
from cambill.usage.rollups import rollup_rebuild
from cambill.usage.services import events_ingest
from tests.conftest import utc

from .conftest import event

NOW = utc(2026, 4, 2)
WINDOW = (utc(2026, 3, 10, 10), utc(2026, 3, 10, 13))


def ingest(uw, events):  # type: ignore[no-untyped-def]
    return events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=NOW)


def archive_samples(uw):  # type: ignore[no-untyped-def]
    # Arrives out of order on purpose: the 11:15 sample lands in an hour after
    # 12:45 was stored, and 10:30 after both.
    ingest(uw, [event("b1", subject="camB", time="2026-03-09T00:00:00Z", bytes=500)])
    ingest(uw, [event("a3", time="2026-03-10T12:45:00Z", bytes=2000)])
    ingest(uw, [event("a2", time="2026-03-10T11:15:00Z", bytes=4000)])
    ingest(uw, [event("a1", time="2026-03-10T10:30:00Z", bytes=1000)])


@pytest.mark.django_db
def test_time_weighted_average_across_hours(uw) -> None:  # type: ignore[no-untyped-def]
    archive_samples(uw)
    m = uw.meters["archive"]
    got = meter_aggregate_exact(uw.telenet, m, WINDOW, "camera")
    # 0 before the first sample, then each value until the next sample:
    # 1000 x 2700 s + 4000 x 5400 s + 2000 x 900 s over 10800 s, in GB.
    assert got["camA"] == Fraction(26_100_000, 10_800) / 10**9
    # camB's only sample is a day earlier: it holds through the whole window.
    assert got["camB"] == Fraction(500, 10**9)
    # A window starting at 11:00 carries 1000 in from the 10:00 hour.
    later = meter_aggregate_exact(uw.telenet, m, (utc(2026, 3, 10, 11), WINDOW[1]), "camera")
    assert later["camA"] == Fraction(900 * 1000 + 5400 * 4000 + 900 * 2000, 7200) / 10**9
    assert meter_aggregate(uw.telenet, m, WINDOW, "account") == {
        "acme": Decimal("0.0000029166666666666666667").quantize(Decimal("1e-20")).normalize(),
    }


@pytest.mark.django_db
def test_max_and_latest(uw) -> None:  # type: ignore[no-untyped-def]
    archive_samples(uw)
    ingest(uw, [event("c1", subject="camC", time="2026-03-10T10:05:00Z", bytes=7)])
    mx = meter_aggregate(uw.telenet, uw.meters["archive_max"], WINDOW, "camera")
    assert mx == {"camA": 4000, "camC": 7}
    assert meter_aggregate(uw.telenet, uw.meters["archive_max"], WINDOW, "account") == {
        "acme": 4000,
        "beta": 7,
    }
    assert meter_aggregate(uw.telenet, uw.meters["archive_max"], WINDOW, "cloud") == {
        "telenet": 4000
    }
    latest = meter_aggregate(uw.telenet, uw.meters["archive_latest"], WINDOW, "camera")
    assert latest == {"camA": 2000, "camC": 7}
    # account/cloud latest: the sum of each camera's latest value
    assert meter_aggregate(uw.telenet, uw.meters["archive_latest"], WINDOW, "cloud") == {
        "telenet": 2007
    }
    # same time: the later arrival is the latest
    ingest(uw, [event("c2", subject="camC", time="2026-03-10T10:05:00Z", bytes=9)])
    latest = meter_aggregate(uw.telenet, uw.meters["archive_latest"], WINDOW, "camera")
    assert latest["camC"] == 9


@pytest.mark.django_db
def test_sum_and_unique_count_per_scope(uw) -> None:  # type: ignore[no-untyped-def]
    def rec(i, cam, secs, t="2026-03-10T10:00:00Z"):  # type: ignore[no-untyped-def]
        return event(i, subject=cam, type="recording", time=t, stats={"dvr": {"seconds": secs}})

    def plate(i, cam, p, t="2026-03-10T11:00:00Z"):  # type: ignore[no-untyped-def]
        return event(f"p{i}", subject=cam, type="plate.read", time=t, plate=p)

    ingest(
        uw,
        [
            rec(1, "camA", 100),
            rec(2, "camA", 50, "2026-03-10T12:59:59.999999Z"),
            rec(3, "camB", 30),
            rec(4, "camC", 7),
            rec(5, "camC", 1000, "2026-03-10T13:00:00Z"),
        ],
    )
    ingest(
        uw,
        [
            plate(1, "camA", "ABC"),
            plate(2, "camA", "XYZ"),
            plate(3, "camA", "ABC"),
            plate(4, "camB", "ABC"),
            plate(5, "camC", "QQQ"),
            plate(6, "camC", "ABC"),
            plate(7, "camC", "ZZZ", "2026-03-10T13:00:00Z"),
        ],
    )
    s = uw.meters["seconds"]
    assert meter_aggregate(uw.telenet, s, WINDOW, "camera") == {"camA": 150, "camB": 30, "camC": 7}
    assert meter_aggregate(uw.telenet, s, WINDOW, "account") == {"acme": 180, "beta": 7}
    assert meter_aggregate(uw.telenet, s, WINDOW, "cloud") == {"telenet": 187}
    p = uw.meters["plates"]
    assert meter_aggregate(uw.telenet, p, WINDOW, "camera") == {"camA": 2, "camB": 1, "camC": 2}
    assert meter_aggregate(uw.telenet, p, WINDOW, "account") == {"acme": 2, "beta": 2}
    assert meter_aggregate(uw.telenet, p, WINDOW, "cloud") == {"telenet": 3}
    with pytest.raises(ValueError):
        meter_aggregate(uw.telenet, s, WINDOW, "galaxy")


def _snapshot(cloud):  # type: ignore[no-untyped-def]
    rows = UsageRollup.objects.filter(cloud=cloud).order_by("camera_id", "meter_id", "hour")
    fields = [
        "camera_id",
        "meter_id",
        "hour",
        "count",
        "sum",
        "max",
        "first_time",
        "last_time",
        "last_value",
        "last_event_id",
        "integral",
    ]
    uv = sorted(
        UniqueValue.objects.filter(cloud=cloud).values_list(
            "camera_id", "meter_id", "hour", "value"
        )
    )
    return [tuple(r) for r in rows.values_list(*fields)], uv


@pytest.mark.django_db
def test_rebuild_equals_incremental(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create

    archive_samples(uw)
    ingest(
        uw,
        [
            event(
                f"x{i}",
                subject="camC" if i % 2 else "camLATER",
                time=f"2026-03-10T{10 + i % 3:02d}:{(37 * i) % 60:02d}:00Z",
                bytes=i * 11,
            )
            for i in range(30)
        ],
    )
    ingest(
        uw, [event("p1", type="plate.read", plate="AAA"), event("p2", type="plate.read", plate=42)]
    )
    camera_create(actor=SYSTEM, cloud=uw.telenet, code="camLATER")
    from cambill.usage.services import usage_rematch

    usage_rematch(uw.telenet)
    before = _snapshot(uw.telenet)
    assert len(before[0]) > 10
    rollup_rebuild(uw.telenet, utc(2026, 3, 1), utc(2026, 4, 1))
    assert _snapshot(uw.telenet) == before


@pytest.mark.django_db
def test_metered_charge_graduated_gb_months(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.services import tariff_metered_charge_set

    w = uw.world
    tariff_metered_charge_set(
        actor=w.actor("cadmin"),
        cloud=uw.telenet,
        tariff=w.tariffs["TRAFFIC7"],
        meter=uw.meters["archive"],
        description="Event archive above 10 GB",
        pricing={
            "kind": "graduated",
            "tiers": [{"up_to": "10", "unit_price": "0"}, {"up_to": None, "unit_price": "0.05"}],
        },
    )
    march = Period(2026, 3, "America/Bogota")  # [03-01T05:00Z, 04-01T05:00Z), 31 days
    ingest(
        uw,
        [
            event("a0", time="2026-02-15T00:00:00Z", bytes=20 * 10**9),
            event("a1", time="2026-03-16T17:00:00Z", bytes=50 * 10**9),  # exactly half-way
            event("b0", subject="camB", time="2026-03-02T00:00:00Z", bytes=99 * 10**9),
        ],
    )
    assert meter_aggregate(uw.telenet, uw.meters["archive"], march, "camera")["camA"] == 35
    lines = metered_charges(uw.telenet, march)
    assert len(lines) == 1  # camB's HOME3 has no metered extra
    line = lines[0]
    assert (line.account_code, line.camera_code, line.tariff_code) == ("acme", "camA", "TRAFFIC7")
    assert line.quantity == 35
    assert line.amount == Decimal("1.25") and line.currency == "USD"


@pytest.mark.django_db
def test_interleaved_samples_go_stale_then_refresh_exactly(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.rollups import rollup_refresh

    ingest(
        uw,
        [
            event("s1", time="2026-03-10T10:10:00Z", bytes=600),
            event("s3", time="2026-03-10T10:50:00Z", bytes=1200),
        ],
    )
    ingest(uw, [event("s2", time="2026-03-10T10:30:00Z", bytes=0)])  # between the two
    m = uw.meters["archive"]
    roll = UsageRollup.objects.get(meter=m)
    assert roll.integral is None and roll.count == 3  # counts stay exact while stale
    assert UsageRollup.objects.get(meter=uw.meters["archive_latest"]).last_value == 1200
    got = meter_aggregate_exact(uw.telenet, m, (utc(2026, 3, 10, 10), utc(2026, 3, 10, 11)))
    # 0 x 600 s + 600 x 1200 s + 0 x 1200 s + 1200 x 600 s over 3600 s
    assert got["camA"] == Fraction(600 * 1200 + 1200 * 600, 3600) / 10**9
    assert UsageRollup.objects.get(meter=m).integral == 600 * 1200 + 1200 * 600
    assert rollup_refresh(uw.telenet) == 0
    # a batch entirely before the stored samples merges without going stale
    ingest(uw, [event("s0", time="2026-03-10T10:00:00Z", bytes=60)])
    assert UsageRollup.objects.get(meter=m).integral == 60 * 600 + 600 * 1200 + 1200 * 600
    before = _snapshot(uw.telenet)
    rollup_rebuild(uw.telenet, utc(2026, 3, 10), utc(2026, 3, 11))
    assert _snapshot(uw.telenet) == before


@pytest.mark.django_db
def test_metered_wholesale_service_prices_cloud_aggregate(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.catalog.services import service_create
    from cambill.usage.aggregates import metered_wholesale_charges
    from cambill.usage.services import metered_service_set

    svc = service_create(
        actor=SYSTEM,
        code="ARCHIVE_GB",
        name="Archive per GB-month",
        prices=[{"currency": "USD", "amount": "0.02", "valid_from": "2020-01-01"}],
    )
    metered_service_set(
        actor=SYSTEM,
        service=svc,
        meter=uw.meters["archive"],
        prices=[{"currency": "USD", "pricing": {"kind": "per_unit", "unit_price": "0.02"}}],
    )
    ingest(
        uw,
        [
            event("a", time="2026-02-01T00:00:00Z", bytes=30 * 10**9),
            event("b", subject="camC", time="2026-02-01T00:00:00Z", bytes=12 * 10**9),
        ],
    )
    lines = metered_wholesale_charges(uw.telenet, Period(2026, 3, "America/Bogota"))
    assert [(x.service_code, x.quantity, x.amount) for x in lines] == [
        ("ARCHIVE_GB", 42, Decimal("0.84"))
    ]
    with pytest.raises(Forbidden):
        metered_service_set(
            actor=uw.world.actor("cadmin"),
            service=svc,
            meter=uw.meters["archive"],
            prices=[{"currency": "USD", "pricing": {"kind": "per_unit", "unit_price": "0.02"}}],
        )

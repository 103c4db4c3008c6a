"""Retention: raw months dropped after their invoices are issued, hourly rollups
folded into daily rows, and not one figure of an invoice or an aggregate moves.

The world: telenet (America/Bogota) with the worked example's cameras A (acme,
TRAFFIC7) and D (beta, HOME3). Events from Feb 10 to Apr 30 2026: A's archive
(time-weighted, priced on TRAFFIC7 at 0.10 per GB-month), recorded hours on A
and D (sum, the provider's metered service at 0.01 per hour), plates (unique
count), archive peak (max) and archive now (latest). February and March are
billed and issued; April is billed and left in draft. The raw retention is 1
month and ``now`` is 2026-06-10: UTC February, March and April have expired.
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from cambill.core.periods import Period
from cambill.invoicing.models import Invoice
from cambill.usage import partitions
from cambill.usage.aggregates import meter_aggregate, metered_charges, metered_wholesale_charges
from cambill.usage.models import (
    UniqueValue,
    UsageEvent,
    UsageEventKey,
    UsageRollup,
    UsageRollupDaily,
)
from cambill.usage.retention import retention_run
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, local, retail, totals, wholesale

pytestmark = pytest.mark.django_db
BOG = "America/Bogota"
NOW = utc(2026, 6, 10, 4)
PERIODS = ("2026-02", "2026-03", "2026-04")


@pytest.fixture(autouse=True)
def retention_settings(settings):  # type: ignore[no-untyped-def]
    settings.CAMBILL_USAGE_RAW_RETENTION_MONTHS = 1
    partitions.forget()
    yield settings
    partitions.forget()


def ev(i: str, type: str, subject: str, time: datetime, **data: Any) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": i,
        "source": "watcher",
        "type": type,
        "subject": subject,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data": data,
    }


def ingest(cloud: Any, events: list[dict[str, Any]], now: datetime) -> Any:
    from cambill.usage.services import events_ingest

    r = None
    for i in range(0, len(events), 500):
        r = events_ingest(actor=SYSTEM, cloud=cloud, events=events[i : i + 500], now=now)
    return r


def issue_all(cloud: Any, period: str, now: datetime) -> None:
    from cambill.invoicing.services import invoice_issue

    for inv in Invoice.objects.filter(cloud=cloud, period=period, status="draft"):
        invoice_issue(actor=SYSTEM, invoice=inv, now=now)


def build(world: Any) -> tuple[Any, dict[str, Any]]:
    from cambill.catalog.services import service_create
    from cambill.usage.services import meter_create, metered_service_set, tariff_metered_charge_set

    t = world.clouds["telenet"]
    camera(t, "A", world.accounts["acme"], "TRAFFIC7", local(BOG, 2026, 2, 10))
    camera(t, "D", world.accounts["beta"], "HOME3", local(BOG, 2026, 1, 1))

    def meter(code: str, type: str, path: str, agg: str, divisor: int = 1) -> Any:
        return meter_create(
            actor=SYSTEM,
            code=code,
            name=code,
            unit="unit",
            event_type=type,
            value_path=path,
            aggregation=agg,
            unit_divisor=divisor,
        )

    meters = {
        "archive": meter("archive_gb", "archive.stats", "bytes", "time_weighted_avg", 10**9),
        "peak": meter("archive_peak", "archive.stats", "bytes", "max"),
        "now": meter("archive_now", "archive.stats", "bytes", "latest"),
        "hours": meter("rec_hours", "recording", "hours", "sum"),
        "plates": meter("plates", "plate.read", "plate", "unique_count"),
    }
    tariff_metered_charge_set(
        actor=SYSTEM,
        cloud=t,
        tariff=world.tariffs["TRAFFIC7"],
        meter=meters["archive"],
        description="Archive",
        pricing={"kind": "per_unit", "unit_price": "0.10"},
    )
    tariff_metered_charge_set(
        actor=SYSTEM,
        cloud=t,
        tariff=world.tariffs["TRAFFIC7"],
        meter=meters["hours"],
        description="Recording above 100 h",
        pricing={
            "kind": "graduated",
            "tiers": [{"up_to": "100", "unit_price": "0"}, {"up_to": None, "unit_price": "0.10"}],
        },
    )
    svc = service_create(
        actor=SYSTEM,
        code="REC_HOUR",
        name="Recorded hour",
        prices=[{"currency": "USD", "amount": "0.01", "valid_from": "2020-01-01"}],
    )
    metered_service_set(
        actor=SYSTEM,
        service=svc,
        meter=meters["hours"],
        prices=[{"currency": "USD", "pricing": {"kind": "per_unit", "unit_price": "0.01"}}],
    )
    events = []
    day = utc(2026, 2, 10, 12)
    n = 0
    while day < utc(2026, 5, 1):
        n += 1
        # The archive grows 1 GB a day, sampled at 12:00 and 18:30 UTC.
        events.append(ev(f"a{n}", "archive.stats", "A", day, bytes=n * 10**9))
        events.append(
            ev(
                f"b{n}",
                "archive.stats",
                "A",
                day + timedelta(hours=6, minutes=30),
                bytes=n * 10**9 + 5 * 10**8,
            )
        )
        events.append(ev(f"h{n}", "recording", "A", day + timedelta(hours=1), hours=2))
        events.append(ev(f"d{n}", "recording", "D", day + timedelta(hours=3), hours=n % 5))
        events.append(ev(f"p{n}", "plate.read", "A", day, plate=f"P{n % 7}"))
        events.append(ev(f"q{n}", "plate.read", "D", day + timedelta(hours=2), plate=f"P{n % 3}"))
        # The same plate again later that day: one distinct value per day once folded.
        events.append(ev(f"r{n}", "plate.read", "A", day + timedelta(hours=5), plate=f"P{n % 7}"))
        day += timedelta(days=1)
    # Late evening of March 31 in Bogota is April in UTC: UTC April holds local March too.
    events.append(ev("eom", "recording", "A", utc(2026, 4, 1, 2), hours=7))
    ingest(t, events, now=utc(2026, 5, 1))
    for period, run_at in (("2026-02", utc(2026, 3, 5)), ("2026-03", utc(2026, 4, 5))):
        run = bill(t, period, run_at)
        assert run.status == "completed", run.error
        issue_all(t, period, run_at + timedelta(days=1))
    run = bill(t, "2026-04", utc(2026, 5, 5))
    assert run.status == "completed", run.error
    return t, meters


def figures(t: Any, meters: dict[str, Any]) -> dict[str, Any]:
    """Every number billing reads: aggregates at each scope, priced lines, invoices."""
    out: dict[str, Any] = {}
    for key in PERIODS:
        p = Period.parse(key, t.timezone)
        for name, m in meters.items():
            for scope in ("camera", "account", "cloud"):
                out[f"{key} {name} {scope}"] = meter_aggregate(t, m, p, scope)
        out[f"{key} retail lines"] = [
            (x.camera_code, x.meter_code, x.quantity, x.amount) for x in metered_charges(t, p)
        ]
        out[f"{key} wholesale lines"] = [
            (x.service_code, x.quantity, x.amount) for x in metered_wholesale_charges(t, p)
        ]
        for inv in Invoice.objects.filter(cloud=t, period=key).order_by("kind", "account_id"):
            out[f"{key} {inv.kind} {inv.account_id}"] = (amounts(inv), totals(inv))
    return out


def partition_names() -> set[str]:
    return set(partitions.partitions().values())


def test_invoices_and_aggregates_do_not_change_when_old_months_go(world) -> None:  # type: ignore[no-untyped-def]
    t, meters = build(world)
    before = figures(t, meters)
    # Pinned: March of A's archive (time-weighted: 35.07 GB-months at 0.10),
    # the recorded hours (A 62 + 7 on the evening of March 31, D 60) and plates.
    assert before["2026-03 retail lines"] == [
        ("A", "archive_gb", Decimal("35.072917"), Decimal("3.51"))
    ]
    assert before["2026-03 wholesale lines"] == [("REC_HOUR", Decimal("129"), Decimal("1.29"))]
    assert before["2026-03 archive camera"] == {"A": Decimal("35.07291666666666666667")}
    assert before["2026-03 hours account"] == {"acme": Decimal("69"), "beta": Decimal("60")}
    assert before["2026-03 plates cloud"] == {"telenet": Decimal("7")}
    assert before["2026-03 peak camera"] == {"A": Decimal("50500000000")}
    assert before["2026-04 retail lines"] == [
        ("A", "archive_gb", Decimal("65.572917"), Decimal("6.56"))
    ]
    march_retail = amounts(retail(t, "2026-03", "acme"), "metered")
    march_wholesale = amounts(wholesale(t, "2026-03"), "metered")
    events_before = UsageEvent.objects.count()
    assert UsageRollup.objects.count() > 0

    result = retention_run(now=NOW)

    # UTC February and March go; April stays: local April's invoices are drafts.
    assert sorted(result["raw"]["dropped"]) == ["2026-02", "2026-03"]
    assert list(result["raw"]["kept"]) == ["2026-04"]
    assert result["raw"]["kept"]["2026-04"] == ["telenet 2026-04: 3 draft invoices"]
    assert result["raw"]["summary"] == (
        "dropped 2026-02, 2026-03 / kept 2026-04: telenet 2026-04: 3 draft invoices"
    )
    assert not UsageEvent.objects.filter(time__lt=utc(2026, 4, 1)).exists()
    assert UsageEvent.objects.filter(time__gte=utc(2026, 4, 1)).count() == 211
    assert UsageEventKey.objects.count() == UsageEvent.objects.count()
    drops = AuditEntry.objects.filter(verb="usage_raw_month_drop").order_by("id")
    assert [(a.cloud_id, a.after["month"]) for a in drops] == [(t.pk, "2026-02"), (t.pk, "2026-03")]
    assert result["raw"]["dropped"]["2026-02"] + result["raw"]["dropped"]["2026-03"] == (
        events_before - 211
    )
    if connection.vendor == "postgresql":
        names = partition_names()
        assert "usage_usageevent_p2026_02" not in names
        assert "usage_usageevent_p2026_03" not in names
        assert "usage_usageevent_p2026_04" in names
    # Every local day that ended before June 7 (3 days before June 10) is folded.
    folded = result["rollups"]["telenet"]
    assert folded["days"] == 80  # Feb 10 .. Apr 30, local days
    assert not UsageRollup.objects.filter(cloud=t).exists()
    assert UsageRollupDaily.objects.filter(cloud=t).count() == folded["daily"] == 560
    # Plates: two reads of A a day at two hours (and one of D) -> 3 rows a day, 2 once folded.
    assert (folded["unique_hourly"], folded["unique_daily"]) == (240, 160)
    assert not UniqueValue.objects.filter(cloud=t).exclude(hour__in=_day_starts()).exists()

    after = figures(t, meters)
    assert after == before
    assert amounts(retail(t, "2026-03", "acme"), "metered") == march_retail
    assert amounts(wholesale(t, "2026-03"), "metered") == march_wholesale

    # April's drafts rated again from the folded rollups: the same invoices.
    run = bill(t, "2026-04", utc(2026, 6, 10, 5))
    assert run.status == "completed", run.error
    assert figures(t, meters) == before

    # A replay of a dropped month's event is refused (its key is gone: it would count
    # twice) and nothing of its batch is stored; April, still kept, takes events.
    from cambill.core.errors import DomainError

    kept = UsageEvent.objects.count()
    dropped_time = utc(2026, 3, 15, 12)
    with pytest.raises(DomainError) as refused:
        ingest(
            t,
            [
                ev("late-1", "archive.stats", "A", utc(2026, 4, 20, 12), bytes=1),
                ev("replay-1", "archive.stats", "A", dropped_time, bytes=1),
            ],
            NOW,
        )
    assert list(refused.value.fields) == ["1"], refused.value.fields
    assert "2026-04" in refused.value.fields["1"][0]
    assert UsageEvent.objects.count() == kept

    # A second run finds nothing to do.
    again = retention_run(now=NOW)
    assert again["raw"]["dropped"] == {}
    assert again["raw"]["kept"] == result["raw"]["kept"]
    assert again["rollups"]["telenet"]["days"] == 0
    assert figures(t, meters) == before

    # Once April's invoices are issued, its raw events go too.
    issue_all(t, "2026-04", utc(2026, 6, 10, 6))
    third = retention_run(now=NOW)
    assert third["raw"]["dropped"] == {"2026-04": 211}
    assert third["raw"]["kept"] == {}
    assert not UsageEvent.objects.exists()
    assert not UsageEventKey.objects.exists()
    assert figures(t, meters) == before


def _day_starts() -> list[datetime]:
    out = []
    d = local(BOG, 2026, 2, 1)
    while d < local(BOG, 2026, 5, 2):
        out.append(d.astimezone(utc(2026, 1, 1).tzinfo))
        d = local(BOG, d.year, d.month, d.day) + timedelta(days=1)
        d = local(BOG, d.year, d.month, d.day)
    return out


def test_late_events_not_billed_keep_their_month(world) -> None:  # type: ignore[no-untyped-def]
    t, _meters = build(world)
    issue_all(t, "2026-04", utc(2026, 5, 6))
    # Late: March is issued. Not billed until a later bill run carries it.
    r = ingest(
        t,
        [ev("late1", "recording", "A", utc(2026, 3, 20, 15), hours=30)],
        now=utc(2026, 5, 7),
    )
    assert r.late == 1
    # The operator's check lists the expired months and why one is kept; it drops nothing.
    out = io.StringIO()
    call_command("usage_retention", "--check", "--at", NOW.isoformat(), stdout=out)
    assert json.loads(out.getvalue()) == {
        "horizon": "2026-05",
        "expired": {
            "2026-02": [],
            "2026-03": ["telenet: 1 late events not billed yet"],
            "2026-04": [],
        },
    }
    assert UsageEvent.objects.filter(time__lt=utc(2026, 3, 1)).exists()
    result = retention_run(now=NOW)
    assert sorted(result["raw"]["dropped"]) == ["2026-02", "2026-04"]
    assert result["raw"]["kept"] == {"2026-03": ["telenet: 1 late events not billed yet"]}
    assert UsageEvent.objects.filter(event_id="late1").exists()


def test_an_hour_arriving_in_a_folded_day_is_folded_in_from_the_raw_events(
    world, retention_settings
) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.rollups import rollup_rebuild

    retention_settings.CAMBILL_USAGE_RAW_RETENTION_MONTHS = 13  # raw events all kept
    t, meters = build(world)
    march = Period.parse("2026-03", t.timezone)
    was = meter_aggregate(t, meters["archive"], march)
    result = retention_run(now=NOW)
    assert result["raw"]["dropped"] == {} and result["rollups"]["telenet"]["days"] == 80
    assert meter_aggregate(t, meters["archive"], march) == was
    # March 15 (day 34): 34 GB at 12:00, 34.5 GB at 18:30; 40 GB at 13:00 arrives late.
    ingest(
        t,
        [ev("x1", "archive.stats", "A", utc(2026, 3, 15, 13), bytes=40 * 10**9)],
        now=utc(2026, 6, 10),
    )
    now_ = meter_aggregate(t, meters["archive"], march)
    # 6 GB more for 5.5 hours of a 31-day month: + 6 * 5.5 / 744 GB-months.
    assert now_["A"] - was["A"] == Decimal("0.04435483870967741935")
    day = UsageRollupDaily.objects.get(
        cloud=t, meter=meters["archive"], day=local(BOG, 2026, 3, 15)
    )
    assert (day.count, day.max) == (3, Decimal(40 * 10**9))
    assert not UsageRollup.objects.filter(hour__lt=utc(2026, 5, 1)).exists()
    # The same figure as hourly rollups rebuilt from the raw events, never folded.
    UsageRollupDaily.objects.all().delete()
    rollup_rebuild(t, utc(2026, 2, 1), utc(2026, 5, 2))
    assert meter_aggregate(t, meters["archive"], march) == now_


def test_hours_without_raw_events_are_merged_into_a_folded_day_never_lost(
    world, retention_settings
) -> None:  # type: ignore[no-untyped-def]
    retention_settings.CAMBILL_USAGE_RAW_RETENTION_MONTHS = 13
    t, meters = build(world)
    retention_run(now=NOW)
    m = meters["archive"]
    cam = UsageRollupDaily.objects.get(cloud=t, meter=m, day=local(BOG, 2026, 3, 15)).camera_id
    day = UsageRollupDaily.objects.get(cloud=t, meter=m, day=local(BOG, 2026, 3, 15))
    assert (day.count, day.last_value) == (2, Decimal(34_500_000_000))

    def poll_hour(hour: datetime, at: datetime, value: int) -> None:
        # As the Watcher poll writes them (decision 0025): no raw event, last_event_id 0.
        UsageRollup.objects.create(
            cloud=t,
            camera_id=cam,
            meter=m,
            hour=hour,
            count=1,
            sum=Decimal(value),
            max=Decimal(value),
            first_time=at,
            last_time=at,
            last_value=Decimal(value),
            last_event_id=0,
            integral=Decimal(value) * Decimal((hour + timedelta(hours=1) - at).seconds),
        )

    # After the day's samples (22:15 UTC, 36 GB): merged exactly. The tail from
    # 22:15 to the day's end (05:00 UTC) now holds 1.5 GB more for 6.75 hours.
    poll_hour(utc(2026, 3, 15, 22), utc(2026, 3, 15, 22, 15), 36 * 10**9)
    r = retention_run(now=NOW)["rollups"]["telenet"]
    assert (r["days"], r["rebuilt"], r["inexact"]) == (1, 0, 0)
    merged = UsageRollupDaily.objects.get(pk=day.pk)
    assert merged.count == 3 and merged.last_value == Decimal(36 * 10**9)
    assert merged.integral - day.integral == Decimal(1_500_000_000) * 24300
    # Interleaved with them (15:00 UTC) and not a raw event: merged, counted, never lost.
    poll_hour(utc(2026, 3, 15, 15), utc(2026, 3, 15, 15), 35 * 10**9)
    r = retention_run(now=NOW)["rollups"]["telenet"]
    assert (r["days"], r["rebuilt"], r["inexact"]) == (1, 0, 1)
    again = UsageRollupDaily.objects.get(pk=day.pk)
    assert (again.count, again.max) == (4, Decimal(36 * 10**9))
    assert not UsageRollup.objects.filter(hour__lt=utc(2026, 5, 1)).exists()

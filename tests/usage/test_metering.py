"""Usage prices the operator sets (issue #17, point 2), through the verbs:
the ``count`` aggregation on every aggregate path, meter edits and the live
check, metered provider services with effective-dated prices per currency,
and a tariff's metered extras with an allowance per camera."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, Forbidden
from cambill.core.periods import Period
from cambill.rating.errors import MissingPrice
from cambill.usage.aggregates import (
    meter_aggregate,
    meter_aggregate_exact,
    metered_charges,
    metered_wholesale_charges,
)
from cambill.usage.metering import (
    meter_check,
    meter_create,
    meter_draft,
    meter_update,
    metered_service_create,
    metered_service_update,
    tariff_metered_set,
)
from cambill.usage.models import UsageRollup
from cambill.usage.rollups import rollup_rebuild
from cambill.usage.selectors import metered_pricing_of, tariff_extras
from cambill.usage.services import events_ingest
from tests.conftest import utc

from .conftest import event

NOW = utc(2026, 4, 2)
MARCH = Period(2026, 3, "America/Bogota")
GRADUATED = {
    "kind": "graduated",
    "tiers": [
        {"up_to": "100", "unit_price": "0.05"},
        {"up_to": "200", "unit_price": "0.03"},
        {"up_to": None, "unit_price": "0.011"},
    ],
}


def ingest(uw: Any, events: list[Any]) -> Any:
    return events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=NOW)


def reads(prefix: str, n: int, subject: str = "camA", day: int = 10) -> list[Any]:
    """``n`` plate reads of one camera on one March day (Bogota noon)."""
    return [
        event(
            f"{prefix}{i}",
            subject=subject,
            type="lpr.read",
            time=f"2026-03-{day:02d}T17:{i // 60 % 60:02d}:{i % 60:02d}Z",
            plate=f"P{i % 7}",
        )
        for i in range(n)
    ]


@pytest.fixture
def reads_meter(uw: Any) -> Any:
    return meter_create(
        actor=SYSTEM,
        code="plate_reads",
        name="Plate reads",
        unit="read",
        event_type="lpr.read",
        aggregation="count",
    )


# --- count -------------------------------------------------------------------


@pytest.mark.django_db
def test_count_counts_each_event_in_every_scope_and_rebuilds_the_same(
    uw: Any, reads_meter: Any
) -> None:
    ingest(uw, reads("a", 350))
    ingest(uw, reads("b", 40, subject="camB", day=20))
    ingest(uw, reads("c", 7, subject="camC", day=31))
    ingest(uw, reads("a", 350))  # a replay counts once
    # An event of April (Bogota) is not March's.
    ingest(uw, [event("late", subject="camA", type="lpr.read", time="2026-04-01T05:00:00Z")])
    m = reads_meter
    assert meter_aggregate(uw.telenet, m, MARCH, "camera") == {"camA": 350, "camB": 40, "camC": 7}
    assert meter_aggregate(uw.telenet, m, MARCH, "account") == {"acme": 390, "beta": 7}
    assert meter_aggregate(uw.telenet, m, MARCH, "cloud") == {"telenet": 397}
    before = sorted(
        UsageRollup.objects.filter(meter=m).values_list("camera_id", "hour", "count", "sum")
    )
    assert sum(r[2] for r in before) == 398
    rollup_rebuild(uw.telenet, utc(2026, 3, 1), utc(2026, 4, 2))
    after = sorted(
        UsageRollup.objects.filter(meter=m).values_list("camera_id", "hour", "count", "sum")
    )
    assert after == before
    assert meter_aggregate_exact(uw.telenet, m, MARCH, "cloud") == {"telenet": Fraction(397)}


@pytest.mark.django_db
def test_a_count_meter_takes_no_value_path(uw: Any) -> None:
    with pytest.raises(DomainError) as e:
        meter_create(
            actor=SYSTEM,
            code="alarms",
            name="Alarms",
            unit="alarm",
            event_type="alarm",
            aggregation="count",
            value_path="n",
        )
    assert list(e.value.fields) == ["value_path"]


# --- meter edits and the live check -----------------------------------------------


@pytest.mark.django_db
def test_meter_update_changes_what_it_reads_only_before_usage(uw: Any, reads_meter: Any) -> None:
    padmin = uw.world.actor("padmin")
    m = meter_update(actor=padmin, meter=reads_meter, name="LPR reads", event_type="lpr.plate")
    assert (m.name, m.event_type) == ("LPR reads", "lpr.plate")
    with pytest.raises(Forbidden):
        meter_update(actor=uw.world.actor("cadmin"), meter=m, name="x")
    m = meter_update(actor=padmin, meter=m, event_type="lpr.read")
    ingest(uw, reads("a", 3))
    with pytest.raises(DomainError) as e:
        meter_update(actor=padmin, meter=m, aggregation="sum")
    assert e.value.http_status == 409 and list(e.value.fields) == ["aggregation"]
    # Names and units stay editable; the same definition is no change.
    m = meter_update(actor=padmin, meter=m, unit="plate read", aggregation="count")
    assert m.unit == "plate read"
    with pytest.raises(DomainError) as e:
        meter_update(actor=padmin, meter=m, value_path="plate")
    assert list(e.value.fields) == ["value_path"]


@pytest.mark.django_db
def test_meter_check_reads_an_event_as_ingestion_does(uw: Any, reads_meter: Any) -> None:
    archive = uw.meters["archive"]  # bytes, time-weighted, / 1e9
    ok = meter_check(archive, event(1, bytes=2_500_000_000))
    assert ok.ok and ok.reading == "2500000000" and ok.value == Decimal("2.5")
    text = '{"specversion": "1.0", "id": "1", "source": "w", "type": "lpr.read",'
    text += ' "subject": "camA", "time": "2026-03-10T10:00:00Z", "data": {}}'
    counted = meter_check(reads_meter, text)
    assert counted.ok and counted.value == 1
    nested = meter_draft(
        event_type="recording", aggregation="sum", value_path="stats.dvr.seconds", unit_divisor=60
    )
    got = meter_check(nested, event(1, type="recording", stats={"dvr": {"seconds": 90}}))
    assert (got.reading, got.value) == ("90", Decimal("1.5"))
    assert not meter_check(archive, event(1, bytes=-5)).ok
    missing = meter_check(archive, event(1, other=5))
    assert not missing.ok and "data.bytes" in missing.problem
    wrong = meter_check(archive, event(1, type="recording", bytes=5))
    assert not wrong.ok and "archive.stats" in wrong.problem
    assert not meter_check(archive, "{not json").ok
    plates = meter_check(uw.meters["plates"], event(1, type="plate.read", plate="ABC123"))
    assert plates.ok and plates.reading == "ABC123"


# --- a tariff's metered extras -------------------------------------------------------


@pytest.mark.django_db
def test_plate_reads_beyond_100_per_camera_at_one_cent_is_2_50(uw: Any, reads_meter: Any) -> None:
    w = uw.world
    tariff_metered_set(
        actor=w.actor("cadmin"),
        cloud=uw.telenet,
        tariff=w.tariffs["TRAFFIC7"],
        metered=[
            {
                "meter": "plate_reads",
                "description": "Plate reads beyond 100 per camera",
                "included_per_camera": "100",
                "pricing": {"kind": "per_unit", "unit_price": "0.01"},
            }
        ],
    )
    ingest(uw, reads("a", 350))
    ingest(uw, reads("b", 90, subject="camB"))  # HOME3: no extra
    (line,) = metered_charges(uw.telenet, MARCH)
    assert (line.camera_code, line.quantity, line.amount) == ("camA", 250, Decimal("2.50"))
    assert line.used == 350 and line.included == 100
    extras = tariff_extras(cloud=uw.telenet, tariffs=[w.tariffs["TRAFFIC7"]])
    assert extras[w.tariffs["TRAFFIC7"].pk][0]["included_per_camera"] == 100


@pytest.mark.django_db
def test_tariff_metered_set_replaces_the_list_and_refuses_bad_extras(
    uw: Any, reads_meter: Any
) -> None:
    w = uw.world
    t = w.tariffs["TRAFFIC7"]
    cadmin = w.actor("cadmin")
    per_read = {"kind": "per_unit", "unit_price": "0.01"}
    tariff_metered_set(
        actor=cadmin,
        cloud=uw.telenet,
        tariff=t,
        metered=[
            {"meter": "plate_reads", "pricing": per_read},
            {"meter": "archive_gb", "description": "Archive", "pricing": per_read},
        ],
    )
    got = tariff_extras(cloud=uw.telenet, tariffs=[t])[t.pk]
    assert [(x["meter"], x["description"]) for x in got] == [
        ("archive_gb", "Archive"),
        ("plate_reads", "Plate reads"),  # the meter's name by default
    ]
    tariff_metered_set(
        actor=cadmin,
        cloud=uw.telenet,
        tariff=t,
        metered=[{"meter": "archive_gb", "pricing": per_read}],
    )
    assert [x["meter"] for x in tariff_extras(cloud=uw.telenet, tariffs=[t])[t.pk]] == [
        "archive_gb"
    ]
    bad: list[Any] = [
        [{"meter": "nope", "pricing": per_read}],
        [{"meter": "plate_reads", "pricing": {"kind": "per_unit"}}],
        [{"meter": "plate_reads", "pricing": {"kind": "stairs"}}],
        [{"meter": "plate_reads", "pricing": per_read, "included_per_camera": "-1"}],
        [{"meter": "plate_reads", "pricing": per_read, "colour": "red"}],
        [
            {"meter": "plate_reads", "pricing": per_read},
            {"meter": "plate_reads", "pricing": per_read},
        ],
        {"meter": "plate_reads"},
    ]
    for metered in bad:
        with pytest.raises(DomainError) as e:
            tariff_metered_set(actor=cadmin, cloud=uw.telenet, tariff=t, metered=metered)
        assert e.value.http_status == 400 and list(e.value.fields) == ["metered"], metered
    # nothing changed
    assert [x["meter"] for x in tariff_extras(cloud=uw.telenet, tariffs=[t])[t.pk]] == [
        "archive_gb"
    ]
    with pytest.raises(Forbidden):
        tariff_metered_set(actor=w.actor("subscriber"), cloud=uw.telenet, tariff=t, metered=[])


# --- metered provider services ----------------------------------------------------


def _lpr_service(uw: Any, **kwargs: Any) -> Any:
    return metered_service_create(
        actor=uw.world.actor("padmin"),
        code="LPR_READ",
        name="Plate read",
        meter="plate_reads",
        prices=[
            {"currency": "USD", "valid_from": "2026-01-01", "pricing": GRADUATED},
            {"currency": "EUR", "pricing": {"kind": "per_unit", "unit_price": "0.04"}},
        ],
        **kwargs,
    )


@pytest.mark.django_db
def test_metered_service_graduated_on_the_wholesale_invoice_to_the_cent(
    uw: Any, reads_meter: Any
) -> None:
    svc = _lpr_service(uw)
    assert (svc.kind, svc.unit) == ("metered", "read")
    ingest(uw, reads("a", 350))
    ingest(uw, reads("c", 37, subject="camC"))
    (line,) = metered_wholesale_charges(uw.telenet, MARCH)
    # 387 reads: 100 x 0.05 + 100 x 0.03 + 187 x 0.011 = 5 + 3 + 2.057 = 10.057 -> 10.06
    assert (line.service_code, line.quantity) == ("LPR_READ", 387)
    assert line.amount_exact == Fraction(10057, 1000) and line.amount == Decimal("10.06")


@pytest.mark.django_db
def test_metered_service_prices_are_effective_dated_and_allow_per_camera(
    uw: Any, reads_meter: Any
) -> None:
    padmin = uw.world.actor("padmin")
    svc = _lpr_service(uw)
    # From April: the first 300 reads of each camera included, then 0.02 each.
    metered_service_update(
        actor=padmin,
        service=svc,
        name="Plate read (LPR)",
        prices=[
            {
                "currency": "USD",
                "valid_from": "2026-04-01",
                "pricing": {"kind": "per_unit", "unit_price": "0.02"},
                "included_per_camera": "300",
            }
        ],
    )
    ingest(uw, reads("a", 350))
    ingest(uw, reads("c", 37, subject="camC"))
    march = metered_wholesale_charges(uw.telenet, MARCH)
    assert [x.amount for x in march] == [Decimal("10.06")]  # March keeps its price
    events_ingest(
        actor=SYSTEM,
        cloud=uw.telenet,
        events=[
            {**e, "time": e["time"].replace("2026-03-10", "2026-04-10")}
            for e in reads("x", 350) + reads("y", 37, subject="camC")
        ],
        now=utc(2026, 5, 2),
    )
    (april,) = metered_wholesale_charges(uw.telenet, Period(2026, 4, "America/Bogota"))
    # camA 350 - 300 = 50, camC 37 - 300 -> 0: 50 x 0.02 = 1.00
    assert (april.quantity, april.amount, april.included) == (50, Decimal("1.00"), 300)
    info = metered_pricing_of([svc])[svc.pk]
    assert info["meter"] == "plate_reads"
    assert [(p["currency"], str(p["valid_from"])) for p in info["prices"]] == [
        ("EUR", "1970-01-01"),
        ("USD", "2026-01-01"),
        ("USD", "2026-04-01"),
    ]


@pytest.mark.django_db
def test_usage_of_a_metered_service_without_a_price_in_the_currency_stops_the_rating(
    uw: Any, reads_meter: Any
) -> None:
    metered_service_create(
        actor=uw.world.actor("padmin"),
        code="LPR_READ",
        name="Plate read",
        meter="plate_reads",
        prices=[{"currency": "EUR", "pricing": {"kind": "per_unit", "unit_price": "0.04"}}],
    )
    assert metered_wholesale_charges(uw.telenet, MARCH) == []  # no usage: nothing to price
    ingest(uw, reads("a", 3))
    with pytest.raises(MissingPrice):
        metered_wholesale_charges(uw.telenet, MARCH)


@pytest.mark.django_db
def test_metered_service_refusals_change_nothing(uw: Any, reads_meter: Any) -> None:
    from cambill.catalog.models import Service

    padmin = uw.world.actor("padmin")
    per = {"kind": "per_unit", "unit_price": "0.01"}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"meter": "nope", "prices": [{"currency": "USD", "pricing": per}]}, "meter"),
        ({"meter": "plate_reads", "prices": []}, "prices"),
        ({"meter": "plate_reads", "prices": [{"currency": "USD"}]}, "prices"),
        ({"meter": "plate_reads", "prices": [{"currency": "XXQ", "pricing": per}]}, "prices"),
        (
            {
                "meter": "plate_reads",
                "prices": [{"currency": "USD", "pricing": {"kind": "volume"}}],
            },
            "prices",
        ),
        (
            {
                "meter": "plate_reads",
                "prices": [{"currency": "USD", "pricing": per, "included_per_camera": "x"}],
            },
            "prices",
        ),
        (
            {
                "meter": "plate_reads",
                "prices": [
                    {"currency": "USD", "pricing": per, "valid_from": "2026-01-01"},
                    {"currency": "USD", "pricing": per, "valid_from": "2026-01-01"},
                ],
            },
            "prices",
        ),
    ]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as e:
            metered_service_create(actor=padmin, code="LPR_READ", name="Plate read", **kwargs)
        assert e.value.http_status == 400 and list(e.value.fields) == [field], kwargs
    assert not Service.objects.filter(code="LPR_READ").exists()
    with pytest.raises(Forbidden):
        metered_service_create(
            actor=uw.world.actor("cadmin"),
            code="LPR_READ",
            name="Plate read",
            meter="plate_reads",
            prices=[{"currency": "USD", "pricing": per}],
        )
    svc = _lpr_service(uw)
    with pytest.raises(DomainError) as e:
        metered_service_update(actor=padmin, service=svc, kind="fixed")
    assert list(e.value.fields) == ["kind"]

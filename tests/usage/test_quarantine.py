"""Issue #11 point 3: one bad usage value never stops a cloud's metering.

Values are checked at ingestion on every path (API, CSV, Watcher poll: all go
through ``validate_event``); an event that still reaches the rollup with a value
it cannot count (inserted before the rules, or by other means) is quarantined
with its reason and skipped, and later valid batches succeed and bill.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from cambill.core.access import SYSTEM
from cambill.core.periods import Period
from cambill.usage.aggregates import meter_aggregate, metered_charges
from cambill.usage.models import UsageEvent
from cambill.usage.services import events_ingest, meter_create, tariff_metered_charge_set
from tests.api.helpers import bearer
from tests.conftest import utc

from .conftest import event

pytestmark = pytest.mark.django_db
BATCH = "application/cloudevents-batch+json"
T = "2026-03-10T10:00:00Z"


def rec(i: int | str, seconds: object, subject: str = "camB", time: str = T) -> dict:
    return event(
        i, subject=subject, type="recording", time=time, stats={"dvr": {"seconds": seconds}}
    )


def post(client, body, ctype=BATCH):  # type: ignore[no-untyped-def]
    raw = body if isinstance(body, bytes) else json.dumps(body)
    return client.generic("POST", "/api/v1/events", raw, content_type=ctype)


def poison(uw, value: object, i: str = "poison") -> UsageEvent:  # type: ignore[no-untyped-def]
    """A bad event already in the table (written before the rules existed)."""
    cam = uw.cameras["camB"]
    return UsageEvent.objects.create(
        cloud=uw.telenet,
        source="old-emitter",
        event_id=i,
        type="recording",
        subject="camB",
        time=utc(2026, 3, 10, 9),
        data={"stats": {"dvr": {"seconds": value}}},
        camera=cam,
        received_at=timezone.now(),
    )


@pytest.mark.parametrize(
    "value",
    ["1e999999999", "-5", -5, "1e19", 10**19, "NaN", "Infinity", "١٢", "1_000", 1e300],
    ids=[
        "huge-exp",
        "neg-str",
        "neg",
        "over-max",
        "over-max-int",
        "nan",
        "inf",
        "arabic",
        "underscore",
        "float-huge",
    ],
)
def test_bad_values_are_refused_at_the_api_and_nothing_is_stored(uw, value) -> None:  # type: ignore[no-untyped-def]
    r = post(bearer("cadmin"), [rec(1, 5), rec(2, value)])
    body = r.json()
    assert r.status_code == 400, body
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "validation_error"
    assert list(body["fields"]) == ["1"]
    assert UsageEvent.objects.count() == 0
    # The cloud's metering goes on.
    assert post(bearer("cadmin"), [rec(3, 5)]).status_code == 204


def test_the_documented_maximum_is_accepted(uw) -> None:  # type: ignore[no-untyped-def]
    assert (
        post(bearer("cadmin"), [rec(1, "1e18"), rec(2, -0), rec(3, "0.000001")]).status_code == 204
    )


def test_csv_path_refuses_the_same_values(uw) -> None:  # type: ignore[no-untyped-def]
    csv = (
        "id,source,type,subject,time,stats.dvr.seconds\n"
        f"1,s,recording,camB,{T},5\n"
        f"2,s,recording,camB,{T},1e999999999\n"
        f"3,s,recording,camB,{T},-1\n"
    )
    r = bearer("cadmin").generic(
        "POST", "/api/v1/clouds/telenet/usage/csv", csv, content_type="text/csv"
    )
    assert r.status_code == 400, r.json()
    # The error shape of every CSV import (cambill.core.csvin); it was {"line 3": [...]}.
    assert [e["line"] for e in r.json()["fields"]["lines"]] == [3, 4]
    assert UsageEvent.objects.count() == 0


def test_watcher_poll_path_refuses_the_same_values(uw) -> None:  # type: ignore[no-untyped-def]
    """The Watcher poll hands its events to ``events_ingest`` like the API."""
    from cambill.core.errors import DomainError

    with pytest.raises(DomainError) as e:
        events_ingest(actor=SYSTEM, cloud=uw.telenet, events=[rec(1, "-3"), rec(2, "1e999999999")])
    assert set(e.value.fields) == {"0", "1"}
    assert UsageEvent.objects.count() == 0


def test_a_meter_may_allow_negative_values(uw) -> None:  # type: ignore[no-untyped-def]
    meter_create(
        actor=SYSTEM,
        code="net_change",
        name="Net change",
        unit="byte",
        event_type="net.change",
        value_path="delta",
        aggregation="sum",
        allow_negative=True,
    )
    ev = event(1, subject="camB", type="net.change", time=T, delta=-7)
    assert post(bearer("cadmin"), [ev]).status_code == 204
    m = bearer("padmin").get("/api/v1/meters/").json()
    rows = m["results"] if isinstance(m, dict) else m
    flags = {x["code"]: x["allow_negative"] for x in rows}
    assert flags["net_change"] is True and flags["rec_seconds"] is False


def _bill(uw) -> list:  # type: ignore[no-untyped-def]
    tariff_metered_charge_set(
        actor=SYSTEM,
        cloud=uw.telenet,
        tariff=uw.world.tariffs["HOME3"],
        meter=uw.meters["seconds"],
        pricing={"kind": "per_unit", "unit_price": "0.001"},
        description="Recorded seconds",
    )
    return metered_charges(uw.telenet, Period.parse("2026-03", uw.telenet.timezone))


@pytest.mark.parametrize(
    "value",
    ["1e999999999", "-1000", "NaN", "1e30", "abc"],
    ids=["huge", "neg", "nan", "big", "text"],
)
def test_a_poisoned_event_in_the_table_is_quarantined_and_later_batches_bill(uw, value) -> None:  # type: ignore[no-untyped-def]
    bad = poison(uw, value)
    c = bearer("cadmin")
    assert post(c, [rec(1, 1000), rec(2, 500, time="2026-03-10T11:00:00Z")]).status_code == 204
    assert post(c, [rec(3, 250, time="2026-03-11T11:00:00Z")]).status_code == 204
    bad.refresh_from_db()
    assert bad.quarantined_at is not None
    assert "meter rec_seconds" in bad.quarantine_reason
    march = Period.parse("2026-03", uw.telenet.timezone)
    assert meter_aggregate(uw.telenet, uw.meters["seconds"], march, "camera") == {"camB": 1750}
    lines = _bill(uw)
    assert [(x.camera_code, x.quantity, x.amount) for x in lines] == [
        ("camB", Decimal(1750), Decimal("1.75"))
    ]
    # Listed with its reason, in the API (two ways) and on the page.
    q = c.get("/api/v1/clouds/telenet/usage/quarantine/").json()
    assert [(x["id"], x["quarantine_reason"]) for x in q["results"]] == [
        ("poison", bad.quarantine_reason)
    ]
    f = c.get("/api/v1/clouds/telenet/usage/events/?quarantined=true").json()
    assert [x["id"] for x in f["results"]] == ["poison"]
    others = c.get("/api/v1/clouds/telenet/usage/events/?quarantined=false").json()
    assert sorted(x["id"] for x in others["results"]) == ["1", "2", "3"]


def test_a_rebuild_skips_quarantined_events(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.rollups import rollup_rebuild
    from tests.conftest import utc

    poison(uw, "1e999999999")
    assert post(bearer("cadmin"), [rec(1, 10)]).status_code == 204
    rollup_rebuild(uw.telenet, utc(2026, 3, 1), utc(2026, 4, 1))
    march = Period.parse("2026-03", uw.telenet.timezone)
    assert meter_aggregate(uw.telenet, uw.meters["seconds"], march, "camera") == {"camB": 10}


def test_an_unmatched_poisoned_event_is_quarantined_when_its_camera_appears(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create
    from cambill.usage.rollups import rollup_catch_up
    from tests.conftest import utc

    UsageEvent.objects.create(
        cloud=uw.telenet,
        source="old",
        event_id="p2",
        type="recording",
        subject="camNEW",
        time=utc(2026, 3, 10, 9),
        data={"stats": {"dvr": {"seconds": "1e999999999"}}},
        received_at=timezone.now(),
    )
    rollup_catch_up(uw.telenet)  # passes it: unmatched then
    camera_create(
        actor=SYSTEM,
        cloud=uw.telenet,
        code="camNEW",
        account=uw.world.accounts["acme"],
        tariff=uw.world.tariffs["HOME3"],
        at=utc(2026, 1, 1),
    )
    assert UsageEvent.objects.get(event_id="p2").quarantined_at is not None
    assert post(bearer("cadmin"), [rec(1, 10, subject="camNEW")]).status_code == 204


@pytest.mark.parametrize(
    "user,status",
    [
        ("cadmin", 200),
        ("caccountant", 200),
        ("padmin", 200),
        ("subscriber", 403),
        ("otheradmin", 404),
    ],
)
def test_quarantine_list_uses_the_usage_permissions(uw, user, status) -> None:  # type: ignore[no-untyped-def]
    poison(uw, "-1")
    post(bearer("cadmin"), [rec(1, 10)])
    assert bearer(user).get("/api/v1/clouds/telenet/usage/quarantine/").status_code == status


def test_quarantine_page(uw, client) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import PASSWORD

    poison(uw, "-1")
    post(bearer("cadmin"), [rec(1, 10)])
    assert client.login(username="cadmin", password=PASSWORD)
    html = client.get("/clouds/telenet/usage/quarantine/").content.decode()
    assert "poison" in html and "must not be negative" in html
    assert client.get("/clouds/telenet/usage/").status_code == 200

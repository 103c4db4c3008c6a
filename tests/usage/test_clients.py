"""Emitters from PyPI work unchanged against a live server: the OpenMeter
Python SDK and the CloudEvents SDK (2.x core API and its legacy v1 API).

The OpenMeter SDK requires cloudevents<2, so its tests (marked ``openmeter``)
run in their own virtualenv with cloudevents 1.x (``make test-openmeter``,
docs/decisions/0010); elsewhere they skip."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from cambill.usage.models import UsageEvent


@pytest.fixture
def token(uw) -> str:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import api_token_create
    from cambill.core.access import SYSTEM

    _, secret = api_token_create(actor=SYSTEM, user=uw.world.users["cadmin"], name="emitter")
    return secret


@pytest.mark.openmeter
@pytest.mark.django_db(transaction=True)
def test_openmeter_sdk(uw, token, live_server) -> None:  # type: ignore[no-untyped-def]
    openmeter = pytest.importorskip("openmeter")
    from openmeter.models import Event

    client = openmeter.Client(endpoint=live_server.url, token=token)
    client.events.ingest_event(
        Event(
            id="om-1",
            source="om-test",
            specversion="1.0",
            type="archive.stats",
            subject="camA",
            time=datetime(2026, 3, 10, 10, tzinfo=UTC),
            data={"bytes": 100},
        )
    )
    client.events.ingest_events(
        [
            Event(
                id="om-2",
                source="om-test",
                specversion="1.0",
                type="recording",
                subject="camB",
                time=datetime(2026, 3, 10, 11, tzinfo=UTC),
                data={"stats": {"dvr": {"seconds": 60}}},
            ),
            Event(
                id="om-3",
                source="om-test",
                specversion="1.0",
                type="archive.stats",
                subject="ghost",
                time=datetime(2026, 3, 10, 11, tzinfo=UTC),
                data={"bytes": 1},
            ),
        ]
    )
    # the JSON operation and a replay
    client.events.ingest_events_json(
        Event(
            id="om-1",
            source="om-test",
            specversion="1.0",
            type="archive.stats",
            subject="camA",
            time=datetime(2026, 3, 10, 10, tzinfo=UTC),
            data={"bytes": 100},
        )
    )
    assert sorted(UsageEvent.objects.values_list("event_id", flat=True)) == ["om-1", "om-2", "om-3"]
    from corehttp.exceptions import HttpResponseError

    with pytest.raises(HttpResponseError) as e:
        client.events.ingest_event(
            Event(
                id="om-4",
                source="om-test",
                specversion="1.0",
                type="unknown.type",
                subject="camA",
                data={},
            )
        )
    assert e.value.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_cloudevents_sdk_core_api(uw, token, live_server) -> None:  # type: ignore[no-untyped-def]
    from cloudevents.core.bindings.http import to_structured_event
    from cloudevents.core.v1.event import CloudEvent

    ev = CloudEvent(
        attributes={
            "type": "archive.stats",
            "source": "ce-core",
            "subject": "camA",
            "id": "ce-1",
            "time": datetime(2026, 3, 10, 10, 5, tzinfo=UTC),
        },
        data={"bytes": 42},
    )
    msg = to_structured_event(ev)
    r = httpx.post(
        f"{live_server.url}/api/v1/events",
        content=msg.body,
        headers={**msg.headers, "Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 204, r.text
    e = UsageEvent.objects.get(event_id="ce-1")
    assert (e.source, e.data, e.camera.code) == ("ce-core", {"bytes": 42}, "camA")


@pytest.mark.django_db(transaction=True)
def test_cloudevents_sdk_legacy_v1_api(uw, token, live_server) -> None:  # type: ignore[no-untyped-def]
    from cloudevents.v1.http import CloudEvent, to_structured

    ev = CloudEvent(
        {
            "type": "recording",
            "source": "ce-v1",
            "subject": "camB",
            "id": "ce-2",
            "time": "2026-03-10T10:05:00+02:00",
        },
        {"stats": {"dvr": {"seconds": 7}}},
    )
    headers, body = to_structured(ev)
    r = httpx.post(
        f"{live_server.url}/api/v1/events",
        content=body,
        headers={**headers, "Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 204, r.text
    e = UsageEvent.objects.get(event_id="ce-2")
    assert e.time == datetime(2026, 3, 10, 8, 5, tzinfo=UTC)


@pytest.mark.openmeter
@pytest.mark.django_db(transaction=True)
def test_events_sent_by_both_sdks_end_up_in_the_invoice(uw, token, live_server) -> None:  # type: ignore[no-untyped-def]
    """OpenMeter's SDK and the CloudEvents SDK report recorded seconds of camB;
    the March bill run prices their sum on acme's retail invoice (HOME3 carries
    a metered extra of 0.001 USD per recorded second)."""
    openmeter = pytest.importorskip("openmeter")
    from openmeter.models import Event

    try:  # cloudevents 2.x keeps the 1.x API here
        from cloudevents.v1.http import CloudEvent, to_structured
    except ImportError:  # cloudevents 1.x, next to the OpenMeter SDK
        from cloudevents.http import CloudEvent, to_structured  # type: ignore[no-redef]

    from cambill.core.access import SYSTEM
    from cambill.usage.services import tariff_metered_charge_set
    from tests.conftest import utc
    from tests.invoicing.helpers import amounts, bill, retail

    telenet = uw.world.clouds["telenet"]
    tariff_metered_charge_set(
        actor=SYSTEM,
        cloud=telenet,
        tariff=uw.world.tariffs["HOME3"],
        meter=uw.meters["seconds"],
        pricing={"kind": "per_unit", "unit_price": "0.001"},
        description="Recorded seconds",
    )
    openmeter.Client(endpoint=live_server.url, token=token).events.ingest_events(
        [
            Event(
                id=f"om-rec-{i}",
                source="om-test",
                specversion="1.0",
                type="recording",
                subject="camB",
                time=datetime(2026, 3, 10 + i, 10, tzinfo=UTC),
                data={"stats": {"dvr": {"seconds": 1800}}},
            )
            for i in range(2)
        ]
    )
    headers, body = to_structured(
        CloudEvent(
            {
                "type": "recording",
                "source": "ce-v1",
                "subject": "camB",
                "id": "ce-rec-1",
                "time": "2026-03-20T10:00:00Z",
            },
            {"stats": {"dvr": {"seconds": 1500}}},
        )
    )
    r = httpx.post(
        f"{live_server.url}/api/v1/events",
        content=body,
        headers={**headers, "Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 204, r.text

    run = bill(telenet, "2026-03", utc(2026, 4, 5))
    assert run.status == "completed", run.error
    # 1800 + 1800 + 1500 = 5100 s x 0.001 = 5.10 USD on the metered line.
    assert amounts(retail(telenet, "2026-03", "acme"), "metered") == ["5.10"]

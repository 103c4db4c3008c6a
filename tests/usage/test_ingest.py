"""Ingestion: idempotency, whole-batch refusal, unmatched and late events."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.usage.models import UsageEvent, UsageRollup
from cambill.usage.services import events_ingest, usage_camera_appeared, usage_rematch
from tests.conftest import utc

from .conftest import event

NOW = utc(2026, 4, 2)


def ingest(uw, events, now=NOW):  # type: ignore[no-untyped-def]
    return events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=now)


@pytest.mark.django_db
def test_replay_counts_once(uw) -> None:  # type: ignore[no-untyped-def]
    batch = [event(1, bytes=100), event(2, time="2026-03-10T10:30:00Z", bytes=300)]
    r1 = ingest(uw, batch)
    r2 = ingest(uw, [*batch, event(2, bytes=999)])
    assert (r1.inserted, r1.duplicates) == (2, 0)
    assert (r2.inserted, r2.duplicates) == (0, 3)
    assert UsageEvent.objects.count() == 2
    roll = UsageRollup.objects.get(meter=uw.meters["archive_max"])
    assert (roll.count, roll.sum, roll.max) == (2, Decimal(400), Decimal(300))


@pytest.mark.django_db
def test_same_id_other_source_is_another_event(uw) -> None:  # type: ignore[no-untyped-def]
    r = ingest(uw, [event(1, bytes=1), event(1, source="other", bytes=2)])
    assert r.inserted == 2


@pytest.mark.django_db
def test_bad_batch_refused_whole_with_indexes(uw) -> None:  # type: ignore[no-untyped-def]
    good = event(1, bytes=5)
    batch = [
        good,
        {**event(2, bytes=5), "specversion": "0.3"},
        event(3, type="nope", bytes=5),
        event(4, time="2026-03-10T10:00:00", bytes=5),
        event(5, bytes="lots"),
        {**event(6, bytes=5), "data": [1]},
        "not an object",
        {k: v for k, v in event(8, bytes=5).items() if k != "subject"},
        event(9, type="recording", stats={"dvr": {}}),
    ]
    with pytest.raises(DomainError) as e:
        ingest(uw, batch)
    assert set(e.value.fields) == {"1", "2", "3", "4", "5", "6", "7", "8"}
    assert "specversion" in e.value.fields["1"][0]
    assert "no meter" in e.value.fields["2"][0]
    assert "offset" in e.value.fields["3"][0]
    assert "stats.dvr.seconds" in e.value.fields["8"][0]
    assert UsageEvent.objects.count() == 0 and UsageRollup.objects.count() == 0


@pytest.mark.django_db
def test_numeric_strings_and_nested_paths(uw) -> None:  # type: ignore[no-untyped-def]
    ingest(
        uw,
        [
            event(1, type="recording", stats={"dvr": {"seconds": "60.5"}}),
            event(2, type="recording", stats={"dvr": {"seconds": 3600}}),
        ],
    )
    assert UsageRollup.objects.get(meter=uw.meters["seconds"]).sum == Decimal("3660.5")


@pytest.mark.django_db
def test_unmatched_then_matched_when_camera_appears(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create

    r = ingest(uw, [event(1, subject="camNEW", bytes=10), event(2, subject="camNEW", bytes=20)])
    assert r.unmatched == 2
    assert UsageEvent.objects.filter(camera__isnull=True).count() == 2
    assert not UsageRollup.objects.exists()
    assert usage_rematch(uw.telenet) == 0  # still no such camera
    # The camera verb matches the waiting events itself, in its transaction.
    cam = camera_create(actor=SYSTEM, cloud=uw.telenet, code="camNEW")
    assert UsageEvent.objects.filter(camera=cam).count() == 2
    assert usage_camera_appeared(cam) == 0  # counted once
    assert usage_rematch(uw.telenet) == 0
    roll = UsageRollup.objects.get(meter=uw.meters["archive_max"], camera=cam)
    assert (roll.count, roll.sum) == (2, Decimal(30))


@pytest.mark.django_db
def test_late_events_flagged(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.models import Invoice

    # telenet's wholesale invoice of March 2026 (Bogota: until 04-01T05:00Z) is issued.
    Invoice.objects.create(
        cloud=uw.telenet,
        kind="wholesale",
        status="issued",
        number="PRV-2026-000001",
        period="2026-03",
        period_start=utc(2026, 3, 1, 5),
        period_end=utc(2026, 4, 1, 5),
        currency="USD",
        issuer_name="p",
        customer_name="c",
        created_at=NOW,
        updated_at=NOW,
    )
    r = ingest(
        uw,
        [
            event(1, time="2026-03-31T23:00:00Z", bytes=1),
            event(2, time="2026-04-01T06:00:00Z", bytes=1),
        ],
    )
    assert r.late == 1
    assert list(UsageEvent.objects.order_by("event_id").values_list("late", flat=True)) == [
        True,
        False,
    ]


@pytest.mark.django_db
def test_late_uses_issued_invoices(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.selectors import billed_until

    assert billed_until(uw.telenet) is None
    r = ingest(uw, [event(1, bytes=1)])
    assert r.late == 0


@pytest.mark.django_db
def test_only_cloud_admin_or_provider_admin_ingest(uw) -> None:  # type: ignore[no-untyped-def]
    w = uw.world
    for name in ("cadmin", "padmin"):
        events_ingest(actor=w.actor(name), cloud=uw.telenet, events=[event(name, bytes=1)], now=NOW)
    for name in ("otheradmin", "subscriber", "caccountant", "amanager"):
        with pytest.raises(DomainError):
            events_ingest(
                actor=w.actor(name), cloud=uw.telenet, events=[event(name, bytes=1)], now=NOW
            )
    assert UsageEvent.objects.count() == 2


@pytest.mark.django_db
def test_maintain_job_rematches(uw) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from cambill.clouds.models import Camera
    from cambill.usage.tasks import maintain

    ingest(uw, [event(1, subject="late-cam", bytes=3)])
    # A camera written without the verb (a bulk import) is matched by the job.
    Camera.objects.create(cloud=uw.telenet, code="late-cam", created_at=timezone.now())
    # Rollups were folded in at ingestion (inline, the embedded default): nothing to catch up.
    assert maintain("telenet")["telenet"] == {"matched": 1, "rolled_up": 0, "refreshed": 0}
    assert maintain()["telenet"] == {"matched": 0, "rolled_up": 0, "refreshed": 0}

"""Camera tariff history: half-open intervals that never overlap.

The service refuses overlaps on every database (under the write lock); on
PostgreSQL the exclusion constraint refuses them even from raw SQL and from
concurrent writers.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from cambill.clouds.models import CameraTariffPeriod
from cambill.clouds.services import (
    camera_add_tariff_period,
    camera_change_tariff,
    camera_create,
    camera_move,
)
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.models import AuditEntry

T0 = datetime(2026, 3, 1, 5, tzinfo=UTC)  # 1 March 00:00 in Bogota


def history(camera):  # type: ignore[no-untyped-def]
    return [
        (p.tariff.code, p.account.code, p.valid_from, p.valid_to)
        for p in CameraTariffPeriod.objects.filter(camera=camera)
        .select_related("tariff", "account")
        .order_by("valid_from")
    ]


@pytest.fixture
def cam(world):  # type: ignore[no-untyped-def]
    return camera_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        code="C",
        title="Camera C",
        account=world.accounts["acme"],
        tariff="HOME3",
        at=T0,
    )


def test_worked_example_camera_c_history(world, cam) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 3, 16, 17, tzinfo=UTC)  # 16 March 12:00 Bogota
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff="TRAFFIC7", at=at)
    assert history(cam) == [("HOME3", "acme", T0, at), ("TRAFFIC7", "acme", at, None)]


def test_change_to_none_closes_the_open_interval(world, cam) -> None:  # type: ignore[no-untyped-def]
    end = T0 + timedelta(days=5)
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff=None, at=end)
    assert history(cam) == [("HOME3", "acme", T0, end)]


def test_change_before_a_scheduled_change_replaces_it(world, cam) -> None:  # type: ignore[no-untyped-def]
    later = T0 + timedelta(days=10)
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff="TRAFFIC7", at=later)
    earlier = T0 + timedelta(days=3)
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff="PROV1", at=earlier)
    assert history(cam) == [("HOME3", "acme", T0, earlier), ("PROV1", "acme", earlier, None)]


def test_same_tariff_again_changes_nothing(world, cam) -> None:  # type: ignore[no-untyped-def]
    n = AuditEntry.objects.count()
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff="HOME3", at=T0 + timedelta(days=2))
    assert history(cam) == [("HOME3", "acme", T0, None)]
    assert AuditEntry.objects.count() == n


def test_move_keeps_history_and_tariff(world, cam) -> None:  # type: ignore[no-untyped-def]
    at = T0 + timedelta(days=14, hours=3)
    camera_move(actor=SYSTEM, camera=cam, account=world.accounts["beta"], at=at)
    cam.refresh_from_db()
    assert cam.account.code == "beta"
    assert history(cam) == [("HOME3", "acme", T0, at), ("HOME3", "beta", at, None)]


def test_tariff_of_another_cloud_is_refused(world, cam) -> None:  # type: ignore[no-untyped-def]
    other = world.tariffs["OTHER"]  # othercloud's HOME3
    with pytest.raises(DomainError) as exc:
        camera_change_tariff(actor=SYSTEM, camera=cam, tariff=other, at=T0 + timedelta(days=1))
    assert exc.value.code == ErrorCode.TARIFF_NOT_ALLOWED
    assert history(cam) == [("HOME3", "acme", T0, None)]


def test_provider_tariff_not_allowed_is_refused(world, cam) -> None:  # type: ignore[no-untyped-def]
    from cambill.catalog.services import cloud_set_allowed_tariffs

    cloud_set_allowed_tariffs(actor=SYSTEM, cloud=world.clouds["telenet"], tariffs=[])
    with pytest.raises(DomainError) as exc:
        camera_change_tariff(actor=SYSTEM, camera=cam, tariff="PROV1", at=T0 + timedelta(days=1))
    assert exc.value.code == ErrorCode.TARIFF_NOT_ALLOWED


@pytest.mark.parametrize(
    ("start_days", "end_days"),
    [(-3, 1), (-3, None), (2, 4), (0, 40)],
)
def test_overlapping_explicit_interval_is_refused(world, cam, start_days, end_days) -> None:  # type: ignore[no-untyped-def]
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff=None, at=T0 + timedelta(days=30))
    before = history(cam)
    with pytest.raises(DomainError) as exc:
        camera_add_tariff_period(
            actor=SYSTEM,
            camera=cam,
            tariff="TRAFFIC7",
            valid_from=T0 + timedelta(days=start_days),
            valid_to=None if end_days is None else T0 + timedelta(days=end_days),
        )
    assert exc.value.code == ErrorCode.OVERLAPPING_INTERVAL
    assert history(cam) == before


def test_adjacent_explicit_interval_is_accepted(world, cam) -> None:  # type: ignore[no-untyped-def]
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff=None, at=T0 + timedelta(days=30))
    camera_add_tariff_period(
        actor=SYSTEM, camera=cam, tariff="TRAFFIC7", valid_from=T0 - timedelta(days=10), valid_to=T0
    )
    assert [h[0] for h in history(cam)] == ["TRAFFIC7", "HOME3"]


def test_naive_time_is_refused(world, cam) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        camera_change_tariff(actor=SYSTEM, camera=cam, tariff="TRAFFIC7", at=datetime(2026, 3, 5))
    assert exc.value.fields.keys() == {"at"}


def test_tariff_needs_an_account(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError):
        camera_create(
            actor=SYSTEM, cloud=world.clouds["telenet"], code="loose", tariff="HOME3", at=T0
        )
    from cambill.clouds.models import Camera

    assert not Camera.objects.filter(code="loose").exists()  # all or nothing


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="exclusion constraint is PostgreSQL's"
)


@postgres_only
def test_exclusion_constraint_refuses_raw_overlap(world, cam) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        CameraTariffPeriod.objects.create(
            cloud=cam.cloud,
            camera=cam,
            account=cam.account,
            tariff=world.tariffs["TRAFFIC7"],
            valid_from=T0 - timedelta(days=2),
            valid_to=T0 + timedelta(days=1),
        )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_explicit_intervals_leave_no_overlap(world) -> None:  # type: ignore[no-untyped-def]
    cam = camera_create(
        actor=SYSTEM, cloud=world.clouds["telenet"], code="race", account=world.accounts["acme"]
    )
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def add(i: int) -> None:
        from django.db import connection as conn

        try:
            barrier.wait()
            camera_add_tariff_period(
                actor=SYSTEM,
                camera=cam,
                tariff="HOME3",
                valid_from=T0 + timedelta(hours=i),
                valid_to=T0 + timedelta(days=3, hours=i),
            )
            outcomes.append("ok")
        except DomainError as e:
            outcomes.append(str(e.code))
        finally:
            conn.close()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert outcomes.count(str(ErrorCode.OVERLAPPING_INTERVAL)) == 3
    assert CameraTariffPeriod.objects.filter(camera=cam).count() == 1

"""The subscriber's own tariff change (issue #17, point 7): the preview with exact
amounts, the change as a tariff interval at that instant, the Watcher push
through the outbox (fake Watcher over HTTP), and who may do it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from cambill.catalog.services import tariff_update
from cambill.clouds.models import CameraTariffPeriod
from cambill.clouds.self_service import (
    preview_as_dict,
    self_service_tariffs_for_camera,
    tariff_change_preview,
)
from cambill.clouds.services import camera_self_service_change_tariff
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, NotFound
from cambill.core.models import AuditEntry
from cambill.watcher.models import PushStatus, WatcherPresetLink, WatcherPush
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.services.push import sync_push_process
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.invoicing.helpers import amounts, bill, camera, local, retail

BOG = "America/Bogota"
D = Decimal
# 16 March 12:00 in Bogota: the rest of March is days 16-31 (16 of 31 days)
WHEN = local(BOG, 2026, 3, 16, 12)


@pytest.fixture
def selfservice(world: Any) -> Any:
    for code in ("HOME3", "TRAFFIC7"):
        tariff_update(actor=SYSTEM, tariff=world.tariffs[code], self_service=True)
    return camera(
        world.clouds["telenet"], "acme-c", world.accounts["acme"], "HOME3", local(BOG, 2026, 3, 1)
    )


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture(autouse=True)
def _fast_client(settings: Any) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 0
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    settings.CAMBILL_WATCHER_PUSH_ON_COMMIT = False


def test_choices_are_the_clouds_self_service_tariffs(world: Any, selfservice: Any) -> None:
    codes = [
        t.code
        for t in self_service_tariffs_for_camera(
            actor=world.actor("subscriber"), camera=selfservice
        )
    ]
    assert codes == ["HOME3", "TRAFFIC7"]  # PROV1 is allowed but not self-service
    tariff_update(actor=SYSTEM, tariff=world.tariffs["TRAFFIC7"], active=False)
    codes = [
        t.code
        for t in self_service_tariffs_for_camera(
            actor=world.actor("subscriber"), camera=selfservice
        )
    ]
    assert codes == ["HOME3"]


def test_preview_exact_amounts(world: Any, selfservice: Any) -> None:
    got = tariff_change_preview(
        actor=world.actor("subscriber"), camera=selfservice, tariff="TRAFFIC7", now=WHEN
    )
    assert (got["old_tariff"].code, got["new_tariff"].code, got["unchanged"]) == (
        "HOME3",
        "TRAFFIC7",
        False,
    )
    body = preview_as_dict(got["preview"])
    rest = body["rest_of_period"]
    assert (rest["period"], rest["first_day"], rest["last_day"]) == (
        "2026-03",
        "2026-03-16",
        "2026-03-31",
    )
    # HOME3 3.00 x 16/31 = 1.55, TRAFFIC7 12.00 x 16/31 = 6.19
    assert (rest["old"]["amount"], rest["new"]["amount"], rest["difference"]) == (
        "1.55",
        "6.19",
        "4.64",
    )
    assert (rest["old"]["days"], rest["new"]["unit_price"]) == ("16", "12.000000")
    month = body["next_month"]
    assert (
        month["period"],
        month["old"]["amount"],
        month["new"]["amount"],
        month["difference"],
    ) == (
        "2026-04",
        "3.00",
        "12.00",
        "9.00",
    )
    assert body["currency"] == "USD"
    # a preview writes nothing
    assert CameraTariffPeriod.objects.filter(camera=selfservice).count() == 1


def test_change_then_invoice_matches_the_preview(world: Any, selfservice: Any) -> None:
    subscriber = world.actor("subscriber")
    camera_self_service_change_tariff(
        actor=subscriber, camera=selfservice, tariff="TRAFFIC7", now=WHEN
    )
    periods = list(CameraTariffPeriod.objects.filter(camera=selfservice).order_by("valid_from"))
    assert [(p.tariff.code, p.valid_to) for p in periods] == [("HOME3", WHEN), ("TRAFFIC7", None)]
    assert periods[1].valid_from == WHEN
    entry = AuditEntry.objects.filter(verb="camera_self_service_change_tariff").get()
    assert entry.actor_id == world.users["subscriber"].pk
    # the March invoice: HOME3 days 1-15, TRAFFIC7 days 16-31 (the preview's 6.19)
    telenet = world.clouds["telenet"]
    bill(telenet, "2026-03", local(BOG, 2026, 4, 5))
    assert amounts(retail(telenet, "2026-03", "acme")) == ["1.45", "6.19"]


def test_change_is_pushed_to_watcher_at_once(
    world: Any, selfservice: Any, fake: FakeWatcher
) -> None:
    telenet = world.clouds["telenet"]
    watcher_connection_set(
        actor=world.actor("cadmin"),
        cloud=telenet,
        base_url=fake.url,
        username="admin",
        password="secret",
    )
    sync_push_process(cloud=telenet)  # the stream as it was (HOME3)
    WatcherPush.objects.all().delete()
    camera_self_service_change_tariff(
        actor=world.actor("subscriber"), camera=selfservice, tariff="TRAFFIC7", now=WHEN
    )
    push = WatcherPush.objects.get(kind="camera_tariff", object_ref="acme-c")
    assert push.status == PushStatus.PENDING
    assert sync_push_process(cloud=telenet).done >= 1
    preset = WatcherPresetLink.objects.get(cloud=telenet, tariff=world.tariffs["TRAFFIC7"])
    assert fake.state.get_stream("acme-c")["preset_id"] == preset.preset_id
    assert WatcherPush.objects.get(pk=push.pk).status == PushStatus.DONE


def _refused(fn: Any) -> DomainError:
    with pytest.raises(DomainError) as exc:
        fn()
    return exc.value


def test_only_the_cameras_subscriber_and_only_self_service_tariffs(
    world: Any, selfservice: Any
) -> None:
    def change(user: str, tariff: str) -> Any:
        return lambda: camera_self_service_change_tariff(
            actor=world.actor(user), camera=selfservice, tariff=tariff, now=WHEN
        )

    assert isinstance(_refused(change("subscriber2", "TRAFFIC7")), NotFound)
    for staff in ("cadmin", "amanager", "caccountant", "padmin", "agent"):
        assert _refused(change(staff, "TRAFFIC7")).code == "forbidden", staff
    err = _refused(change("subscriber", "PROV1"))
    assert (err.code, err.http_status, list(err.fields)) == (
        "tariff_not_self_service",
        400,
        ["tariff"],
    )
    assert _refused(change("subscriber", "NOPE")).code == "tariff_not_self_service"
    assert _refused(change("subscriber", "HOME3")).code == "validation_error"  # already on it
    preview = lambda: tariff_change_preview(  # noqa: E731
        actor=world.actor("subscriber2"), camera=selfservice, tariff="TRAFFIC7", now=WHEN
    )
    assert isinstance(_refused(preview), NotFound)
    # nothing changed
    assert CameraTariffPeriod.objects.filter(camera=selfservice).count() == 1
    assert not AuditEntry.objects.filter(verb="camera_self_service_change_tariff").exists()


def test_other_clouds_tariff_is_not_a_choice(world: Any, selfservice: Any) -> None:
    tariff_update(actor=SYSTEM, tariff=world.tariffs["OTHER"], self_service=True)
    err = _refused(
        lambda: camera_self_service_change_tariff(
            actor=world.actor("subscriber"),
            camera=selfservice,
            tariff=world.tariffs["OTHER"],
            now=WHEN,
        )
    )
    assert err.code == "tariff_not_self_service"

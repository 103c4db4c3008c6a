"""The self-service tariff change through the public API with the subscriber's
token (issue #17, point 7): tariffs marked self-service by the cloud admin, the
choices, the preview with exact amounts, the change pushed to the fake Watcher
at once, and every refusal with its code and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from cambill.clouds.models import CameraTariffPeriod
from cambill.watcher.models import PushStatus, WatcherPresetLink, WatcherPush
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.invoicing.helpers import camera, local

from .helpers import bearer, err, unchanged

BOG = "America/Bogota"
WHEN = local(BOG, 2026, 3, 16, 12)
CAM = "/api/v1/clouds/telenet/cameras/acme-c/"


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(WHEN, tick=False):
        yield


@pytest.fixture
def marked(world: Any, frozen: None) -> Any:
    admin = bearer("cadmin")
    for code in ("HOME3", "TRAFFIC7"):
        resp = admin.patch(
            f"/api/v1/clouds/telenet/tariffs/{code}/", {"self_service": True}, format="json"
        )
        assert resp.status_code == 200, resp.content
        assert resp.json()["self_service"] is True
    return camera(
        world.clouds["telenet"], "acme-c", world.accounts["acme"], "HOME3", local(BOG, 2026, 3, 1)
    )


def test_tariff_create_and_update_carry_self_service(world: Any) -> None:
    admin = bearer("cadmin")
    body = {
        "code": "SELF5",
        "name": "Self 5",
        "price": "5.00",
        "self_service": True,
        "components": [{"service": "REC_DAY", "quantity": "1"}],
    }
    resp = admin.post("/api/v1/clouds/telenet/tariffs/", body, format="json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["self_service"] is True
    assert admin.get("/api/v1/clouds/telenet/tariffs/HOME3/").json()["self_service"] is False
    with unchanged():
        err(
            admin.patch(
                "/api/v1/clouds/telenet/tariffs/HOME3/", {"self_service": "maybe"}, format="json"
            ),
            400,
            "validation_error",
        )


def test_choices_preview_and_change(
    world: Any,
    marked: Any,
    fake: FakeWatcher,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 0
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    resp = bearer("cadmin").put(
        "/api/v1/clouds/telenet/watcher/connection/",
        {"base_url": fake.url, "username": "admin", "password": "secret"},
        format="json",
    )
    assert resp.status_code == 200, resp.content
    sub = bearer("subscriber")
    choices = sub.get(CAM + "tariff-changes/choices/")
    assert choices.status_code == 200, choices.content
    assert [(t["code"], t["price"], t["current"]) for t in choices.json()] == [
        ("HOME3", "3.00", True),
        ("TRAFFIC7", "12.00", False),
    ]
    with unchanged():
        prev = sub.get(CAM + "tariff-changes/preview/", {"tariff": "TRAFFIC7"})
    assert prev.status_code == 200, prev.content
    p = prev.json()
    assert (p["old_tariff"], p["new_tariff"], p["currency"], p["billing_timing"]) == (
        "HOME3",
        "TRAFFIC7",
        "USD",
        "arrears",
    )
    rest, month = p["rest_of_period"], p["next_month"]
    assert (rest["period"], rest["first_day"], rest["last_day"]) == (
        "2026-03",
        "2026-03-16",
        "2026-03-31",
    )
    assert (rest["old"]["amount"], rest["new"]["amount"], rest["difference"]) == (
        "1.55",
        "6.19",
        "4.64",
    )
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
    settings.CAMBILL_WATCHER_PUSH_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        done = sub.post(CAM + "tariff-changes/self-service/", {"tariff": "TRAFFIC7"}, format="json")
    assert done.status_code == 201, done.content
    assert [(h["tariff"], h["valid_to"]) for h in done.json()["history"]][-1] == ("TRAFFIC7", None)
    periods = CameraTariffPeriod.objects.filter(camera=marked).order_by("valid_from")
    assert [p.valid_from for p in periods][-1] == WHEN
    # pushed at once: the stream in the fake Watcher now has TRAFFIC7's preset
    push = WatcherPush.objects.get(kind="camera_tariff", object_ref="acme-c")
    assert push.status == PushStatus.DONE
    preset = WatcherPresetLink.objects.get(tariff=world.tariffs["TRAFFIC7"])
    assert fake.state.get_stream("acme-c")["preset_id"] == preset.preset_id


def test_refusals_with_codes_and_nothing_written(world: Any, marked: Any) -> None:
    clients = {
        u: bearer(u) for u in ("subscriber2", "cadmin", "amanager", "caccountant", "otheradmin")
    }
    sub = bearer("subscriber")
    with unchanged():
        err(
            sub.post(CAM + "tariff-changes/self-service/", {"tariff": "PROV1"}, format="json"),
            400,
            "tariff_not_self_service",
        )
        err(
            sub.get(CAM + "tariff-changes/preview/", {"tariff": "PROV1"}),
            400,
            "tariff_not_self_service",
        )
        err(sub.get(CAM + "tariff-changes/preview/"), 400, "validation_error")
        err(
            sub.post(CAM + "tariff-changes/self-service/", {"tariff": "HOME3"}, format="json"),
            400,
            "validation_error",
        )
        body = err(
            sub.post(
                CAM + "tariff-changes/self-service/",
                {"tariff": "TRAFFIC7", "at": "2026-03-01T00:00:00Z"},
                format="json",
            ),
            400,
            "validation_error",
        )
        assert "at" in body["fields"]
        # another account's subscriber: the camera does not exist for it
        err(
            clients["subscriber2"].get(CAM + "tariff-changes/preview/", {"tariff": "TRAFFIC7"}),
            404,
            "not_found",
        )
        err(
            clients["subscriber2"].post(
                CAM + "tariff-changes/self-service/", {"tariff": "TRAFFIC7"}, format="json"
            ),
            404,
            "not_found",
        )
        # staff change tariffs with POST .../tariff-changes/, not the subscriber's endpoints
        for user in ("cadmin", "amanager", "caccountant"):
            err(
                clients[user].post(
                    CAM + "tariff-changes/self-service/", {"tariff": "TRAFFIC7"}, format="json"
                ),
                403,
                "forbidden",
            )
            err(clients[user].get(CAM + "tariff-changes/choices/"), 403, "forbidden")
        err(clients["otheradmin"].get(CAM + "tariff-changes/choices/"), 404, "not_found")

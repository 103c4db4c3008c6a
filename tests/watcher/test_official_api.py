"""cambill and its fake Watcher against Flussonic's own API definitions, both ways.

Loads ``<repo>/../shared/watcher-official/*.json``; every request the client sends
while billing runs its Watcher jobs (check, push, suspension, reconciliation,
import, poll, adoption) and every reply of the fake is checked against them
(``tests/watcher/official.py``), then schemathesis generates requests from the
official documents for the operations cambill uses and checks the fake's replies.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cambill.clouds.services import account_update, camera_create
from cambill.core.access import SYSTEM
from cambill.watcher.errors import WatcherError
from cambill.watcher.models import WatcherConnection, WatcherOrgLink
from cambill.watcher.services.connection import (
    client_for,
    watcher_connection_check,
    watcher_connection_set,
)
from cambill.watcher.services.outbox import (
    watcher_enqueue_account_state,
    watcher_enqueue_camera_tariff,
)
from cambill.watcher.services.push import sync_push_process
from cambill.watcher.services.suspension import sync_reconcile
from cambill.watcher.sync import (
    install_watcher_meters,
    sync_import_apply,
    sync_import_plan,
    sync_poll,
)
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.conftest import utc

from . import official
from .official import Exchange, OfficialAPI

pytestmark = pytest.mark.skipif(
    not official.available(),
    reason=f"Flussonic's API definitions are not at {official.OFFICIAL_DIR}",
)

T0 = utc(2026, 3, 10, 12, 0, 0)

# Every operation billing uses, in the API that has it.
USED = {
    "admin POST /login",
    "client POST /login",
    "admin GET /streams",
    "admin GET /streams/{name}",
    "admin PUT /streams/{name}",
    "admin GET /presets",
    "admin POST /presets",
    "admin PUT /presets/{id}",
    "admin PUT /organizations/{organization_id}/presets",
    "admin GET /users",
    "client GET /organizations",
    "client POST /organizations",
    "client PUT /organizations/{organization_id}/users/{user_id}",
}


@pytest.fixture(scope="module")
def api() -> OfficialAPI:
    return OfficialAPI()


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture(autouse=True)
def _fast_client(settings: Any) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 1
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    settings.CAMBILL_WATCHER_PUSH_ON_COMMIT = False


def _problems(api: OfficialAPI, exchanges: list[Exchange]) -> tuple[set[str], list[str]]:
    seen, problems = set(), []
    for ex in exchanges:
        op, found = api.check(ex)
        if op is not None:
            seen.add(op.key)
        problems += found
    return seen, problems


def test_the_checker_catches_what_cambill_used_to_send_and_the_fake_used_to_answer(
    api: OfficialAPI,
) -> None:
    stream = {"name": "cam", "stats": {"status": "running"}}
    old = [
        # suspension through multiedit items that carry ``disabled``
        Exchange(
            "POST",
            "/watcher/admin-api/v3/streams/multiedit",
            {"streams": [{"name": "cam", "disabled": True}]},
            200,
            {},
        ),
        # the membership body wrapped in {"organization": ...}
        Exchange(
            "PUT",
            "/watcher/client-api/v3/organizations/2/users/3",
            {"organization": {"is_member": True}},
            200,
            {"id": 3},
        ),
        Exchange("DELETE", "/watcher/admin-api/v3/presets/4", None, 204, None),
        Exchange("GET", "/watcher/admin-api/v3/organizations", None, 200, {}),
        # replies: a users list under "users", statuses and nulls Watcher does not have
        Exchange("GET", "/watcher/admin-api/v3/users", None, 200, {"users": 1}),
        Exchange(
            "GET",
            "/watcher/admin-api/v3/streams/cam",
            None,
            200,
            {**stream, "stats": {"status": "disabled"}},
        ),
        Exchange(
            "GET",
            "/watcher/admin-api/v3/streams/cam",
            None,
            200,
            {**stream, "stats": {"dvr_info": {"bytes": 0, "depth": 0, "from": 1773000000}}},
        ),
        Exchange("GET", "/watcher/admin-api/v3/users/1", None, 200, {"id": 1, "email": None}),
        Exchange("DELETE", "/watcher/client-api/v3/organizations/2", None, 409, None),
        Exchange("GET", "/watcher/admin-api/v3/streams?limit=x", None, 200, {"streams": []}),
    ]
    found = [api.check(ex)[1] for ex in old]
    assert all(found), [ex.target for ex, f in zip(old, found, strict=True) if not f]
    joined = "\n".join(p for f in found for p in f)
    for expected in (
        "'disabled' was unexpected",
        "'organization' was unexpected",
        "no such operation",
        "'users' was unexpected",
        "'disabled' is not one of ['running', 'waiting', 'error']",
        "'ranges' is a required property",
        "None is not of type 'string'",
        "status 409 is not documented",
        "is not an integer",
    ):
        assert expected in joined, (expected, joined)


def test_every_exchange_of_billing_with_the_fake_conforms(
    world: Any, fake: FakeWatcher, api: OfficialAPI
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    exchanges = official.record(fake)
    install_watcher_meters(actor=SYSTEM)
    watcher_connection_set(
        actor=world.actor("cadmin"),
        cloud=telenet,
        base_url=fake.url,
        username="admin",
        password="secret",
    )
    assert watcher_connection_check(actor=SYSTEM, cloud=telenet)["ok"] is True
    cams = [
        camera_create(
            actor=SYSTEM, cloud=telenet, code=f"acme-c{i}", account=acme, tariff="TRAFFIC7", at=T0
        )
        for i in range(2)
    ]
    for cam in cams:
        watcher_enqueue_camera_tariff(cam)
    assert sync_push_process(cloud=telenet).failed == 0
    fake.advance(3600)
    sync_poll(cloud=telenet)

    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    assert sync_push_process(cloud=telenet).failed == 0
    fake.state.save_stream("acme-c1", {"disabled": False})  # drifted in Watcher
    assert sync_reconcile(cloud=telenet).repairs == ["acme-c1"]
    assert sync_push_process(cloud=telenet).failed == 0

    # An organization billing did not create: found through its users, adopted, joined.
    other = fake.state.create_user({"name": "owner", "password": "pw"})
    fake.state.create_organization({"title": "Walk-in Shop"}, owner_id=other["id"])
    plan = sync_import_plan(actor=SYSTEM, cloud=telenet)
    sync_import_apply(actor=SYSTEM, cloud=telenet, plan=plan)
    assert sync_push_process(cloud=telenet).failed == 0

    conn = WatcherConnection.objects.get(cloud=telenet)
    with client_for(conn) as client:
        with pytest.raises(WatcherError) as missing:
            client.get_stream("no-such-camera")
        assert missing.value.status == 404
        with pytest.raises(WatcherError) as refused:
            client.create_preset({"title": ""})
        assert refused.value.status == 400
        org_id = WatcherOrgLink.objects.get(cloud=telenet, account=acme).org_id
        client.get_organization(org_id)
        list(client.iter_organization_users(org_id))
        client.get_preset(1)
        client.update_preset(1, {"title": "Default, renamed"})
        assert [p["id"] for p in client.iter_presets(organization_id=org_id)]
        client.get_user(1)

    seen, problems = _problems(api, exchanges)
    assert problems == []
    assert seen >= USED, sorted(USED - seen)


def test_schemathesis_with_the_official_documents_finds_nothing(fake: FakeWatcher) -> None:
    from click.testing import CliRunner
    from schemathesis.cli import schemathesis as cli

    fake.seed(organizations=2, streams_per_org=3)
    reads = {
        "admin": [
            "admin_streams_list",
            "stream_get",
            "presets_list",
            "preset_get",
            "users_list",
            "user_get",
            "presets_create",
            "preset_save",
            "stream_save",
            "organization_preset_save",
        ],
        "client": [
            "organizations_list",
            "organization_get",
            "organization_create",
            "organization_users_list",
            "organization_user_save",
        ],
    }
    for api, operation_ids in reads.items():
        args = [
            "run",
            str(official.OFFICIAL_DIR / official.FILES[api]),
            "--url",
            fake.url + official.PREFIXES[api],
            "--auth",
            "admin:secret",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance",
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            "5",
            "--seed",
            "1",
            "--workers",
            "1",
            "--no-color",
        ]
        for op_id in operation_ids:
            args += ["--include-operation-id", op_id]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output[-8000:]
        assert f"{len(operation_ids)} selected" in result.output, result.output[-2000:]

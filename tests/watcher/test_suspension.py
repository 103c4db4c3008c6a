"""Suspension and resumption reach every stream of a real-API-shaped fake Watcher,
one idempotent push per stream, and a lost push is repaired by the reconciliation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cambill.clouds.services import account_update, camera_create
from cambill.core.access import SYSTEM
from cambill.watcher.models import PushStatus, WatcherOrgLink, WatcherPush
from cambill.watcher.selectors import account_stream_states
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.services.links import watcher_links_adopt
from cambill.watcher.services.outbox import (
    watcher_enqueue_account_state,
    watcher_enqueue_camera_tariff,
)
from cambill.watcher.services.push import sync_push_process
from cambill.watcher.services.suspension import sync_reconcile
from cambill.watcher.sync import sync_import_apply, sync_import_plan
from cambill.watcher.tasks import watcher_reconcile_cloud
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.conftest import utc

T0 = utc(2026, 3, 10, 12, 0, 0)


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture(autouse=True)
def _fast_client(settings: Any) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 0
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    settings.CAMBILL_WATCHER_PUSH_ON_COMMIT = False


@pytest.fixture
def acme_streams(world: Any, fake: FakeWatcher) -> list[str]:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    watcher_connection_set(
        actor=SYSTEM, cloud=telenet, base_url=fake.url, username="admin", password="secret"
    )
    names = [f"acme-s{i}" for i in range(3)]
    for name in names:
        cam = camera_create(
            actor=SYSTEM, cloud=telenet, code=name, account=acme, tariff="HOME3", at=T0
        )
        watcher_enqueue_camera_tariff(cam)
    assert sync_push_process(cloud=telenet).failed == 0
    return names


def _disabled(fake: FakeWatcher, names: list[str]) -> dict[str, bool]:
    return {n: fake.state.get_stream(n)["disabled"] for n in names}


def test_a_failed_stream_push_is_retried_alone_and_shown_until_done(
    world: Any, fake: FakeWatcher, acme_streams: list[str]
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    fake.fail_next(1, status=503, match="/streams/acme-s1")
    result = sync_push_process(cloud=telenet)
    assert (result.done, result.failed) == (3, 1)  # the account and two streams
    assert _disabled(fake, acme_streams) == {"acme-s0": True, "acme-s1": False, "acme-s2": True}
    states = account_stream_states(account=acme)
    assert [(s.code, s.status, s.wanted_disabled) for s in states] == [
        ("acme-s1", PushStatus.FAILED, True)
    ]
    assert "503" in states[0].last_error

    later = utc(2030, 1, 1)  # past the backoff
    assert sync_push_process(cloud=telenet, now=later).done == 1
    assert _disabled(fake, acme_streams) == dict.fromkeys(acme_streams, True)
    assert account_stream_states(account=acme) == []

    # Resumption: each stream again, and a second run changes nothing (idempotent).
    account_update(actor=SYSTEM, account=acme, status="active")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)
    assert _disabled(fake, acme_streams) == dict.fromkeys(acme_streams, False)
    watcher_enqueue_account_state(acme)
    writes = sum(1 for m, _, _ in fake.state.requests if m == "PUT")
    sync_push_process(cloud=telenet)
    assert sum(1 for m, _, _ in fake.state.requests if m == "PUT") == writes


def test_reconciliation_repairs_a_stream_whose_push_was_lost(
    world: Any, fake: FakeWatcher, acme_streams: list[str]
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)
    assert _disabled(fake, acme_streams) == dict.fromkeys(acme_streams, True)
    # The push said done, but Watcher lost it (restored from a backup, edited by hand).
    fake.state.save_stream("acme-s2", {"disabled": False})

    found = sync_reconcile(cloud=telenet)
    assert (found.checked, found.repairs) == (3, ["acme-s2"])
    assert [s.code for s in account_stream_states(account=acme)] == ["acme-s2"]
    sync_push_process(cloud=telenet)
    assert _disabled(fake, acme_streams) == dict.fromkeys(acme_streams, True)
    assert sync_reconcile(cloud=telenet).repairs == []

    # The scheduled job does both steps.
    fake.state.save_stream("acme-s0", {"disabled": False})
    out = watcher_reconcile_cloud(telenet.pk)
    assert out["repairs"] == ["acme-s0"] and out["pushed"]["done"] == 1
    assert _disabled(fake, acme_streams) == dict.fromkeys(acme_streams, True)


def test_import_finds_organizations_billing_is_not_a_member_of_and_joins_them(
    world: Any, fake: FakeWatcher
) -> None:
    telenet = world.clouds["telenet"]
    watcher_connection_set(
        actor=SYSTEM, cloud=telenet, base_url=fake.url, username="admin", password="secret"
    )
    owner = fake.state.create_user({"name": "shop-owner", "password": "pw"})
    org = fake.state.create_organization({"title": "Corner Shop"}, owner_id=owner["id"])
    fake.create_stream("shop-cam", organization_id=org["id"])
    # The member-only list does not show it to billing ...
    assert org["id"] not in {
        o["id"] for o in fake.state.list_page("organizations", {}, scope=1)["organizations"]
    }
    plan = sync_import_plan(actor=SYSTEM, cloud=telenet)
    item = next(i for i in plan.items if i.kind == "account")
    assert (item.action, item.key, item.changes) == (
        "create",
        "corner-shop",
        {"name": "Corner Shop", "join": True},
    )
    sync_import_apply(actor=SYSTEM, cloud=telenet, plan=plan)
    link = WatcherOrgLink.objects.get(cloud=telenet, org_id=org["id"])
    assert link.billing_member is False
    sync_push_process(cloud=telenet)
    # ... until billing joined it; then it is an ordinary member organization.
    assert WatcherOrgLink.objects.get(pk=link.pk).billing_member is True
    assert fake.state.memberships[org["id"]][1]["is_member"] is True
    assert org["id"] in {
        o["id"] for o in fake.state.list_page("organizations", {}, scope=1)["organizations"]
    }
    again = sync_import_plan(actor=SYSTEM, cloud=telenet)
    assert [i.action for i in again.items if i.kind == "account"] == ["unchanged"]


def test_adopting_an_existing_organization_makes_billing_a_member(
    world: Any, fake: FakeWatcher
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    watcher_connection_set(
        actor=SYSTEM, cloud=telenet, base_url=fake.url, username="admin", password="secret"
    )
    owner = fake.state.create_user({"name": "acme-it", "password": "pw"})
    org = fake.state.create_organization({"title": "ACME (old)"}, owner_id=owner["id"])
    watcher_links_adopt(actor=SYSTEM, cloud=telenet, organizations={acme: org["id"]}, presets={})
    push = WatcherPush.objects.get(kind="account_state", object_ref=acme.code)
    assert push.status == PushStatus.PENDING
    sync_push_process(cloud=telenet)
    assert WatcherOrgLink.objects.get(cloud=telenet, account=acme).billing_member is True
    assert 1 in fake.state.memberships[org["id"]]
    # No second organization was created for the account.
    assert [o["title"] for o in fake.state.organizations.values()].count("ACME Logistics") == 0


def test_the_account_page_shows_streams_not_yet_in_the_wanted_state(
    world: Any, fake: FakeWatcher, acme_streams: list[str]
) -> None:
    from django.test import Client

    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    client = Client()
    client.force_login(world.users["cadmin"])
    page = client.get("/clouds/telenet/accounts/acme/").content.decode()
    assert "watcher-streams" not in page
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    fake.fail_next(1, status=503, match="/streams/acme-s1")
    sync_push_process(cloud=telenet)
    page = client.get("/clouds/telenet/accounts/acme/").content.decode()
    assert 'id="watcher-streams"' in page
    assert "<td>acme-s1</td><td>disabled</td><td>failed, will retry</td><td>1</td>" in page
    assert "acme-s0" not in page.split('id="watcher-streams"')[1].split("</section>")[0]
    # Subscribers do not see the operator's sync internals.
    sub = Client()
    sub.force_login(world.users["subscriber"])
    assert 'id="watcher-streams"' not in sub.get("/clouds/telenet/accounts/acme/").content.decode()

"""Suspension by disabling users (``suspend_mode = disable_users``) works like the
stream mode: one idempotent push per user, read back, retried alone when it
fails, and the reconciliation repairs a user whose state drifted in Watcher."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cambill.clouds.services import account_update
from cambill.core.access import SYSTEM
from cambill.watcher.models import PushKind, PushStatus, WatcherOrgLink, WatcherPush
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.services.outbox import watcher_enqueue_account_state
from cambill.watcher.services.push import sync_push_process
from cambill.watcher.services.suspension import sync_reconcile
from cambill.watcher.tasks import watcher_reconcile_cloud
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.conftest import utc

from . import official


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
def users(world: Any, fake: FakeWatcher) -> dict[str, int]:
    """acme's and beta's organizations in Watcher, with: a viewer of acme, an
    administrator in acme, and a user of both acme and beta."""
    telenet = world.clouds["telenet"]
    watcher_connection_set(
        actor=SYSTEM,
        cloud=telenet,
        base_url=fake.url,
        username="admin",
        password="secret",
        suspend_mode="disable_users",
    )
    for code in ("acme", "beta"):
        watcher_enqueue_account_state(world.accounts[code])
    sync_push_process(cloud=telenet)  # creates and links both organizations
    acme_org = WatcherOrgLink.objects.get(cloud=telenet, account=world.accounts["acme"]).org_id
    beta_org = WatcherOrgLink.objects.get(cloud=telenet, account=world.accounts["beta"]).org_id
    make = fake.state.create_user
    return {
        "viewer": make({"name": "acme-viewer", "organizations": [{"id": acme_org}]})["id"],
        "boss": make(
            {"name": "boss", "access_level": "admin", "organizations": [{"id": acme_org}]}
        )["id"],
        "both": make({"name": "both", "organizations": [{"id": acme_org}, {"id": beta_org}]})["id"],
        "billing": fake.state.admin_id,
    }


def _disabled(fake: FakeWatcher, users: dict[str, int]) -> dict[str, bool]:
    return {k: fake.state.get_user(uid)["disabled"] for k, uid in users.items()}


def _writes(fake: FakeWatcher) -> int:
    return sum(1 for m, _, _ in fake.state.requests if m == "PUT")


def test_suspension_disables_each_user_once_and_a_failed_one_is_retried_alone(
    world: Any, fake: FakeWatcher, users: dict[str, int]
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    fake.fail_next(1, status=503, match=f"/users/{users['viewer']}")
    result = sync_push_process(cloud=telenet)
    assert (result.done, result.failed) == (3, 1)  # the account, boss and both; viewer failed
    assert _disabled(fake, users) == {
        "viewer": False,
        "boss": False,  # Watcher's administrators are never locked out
        "both": False,  # still a user of beta, which is active
        "billing": False,
    }
    failed = WatcherPush.objects.get(kind=PushKind.USER_STATE, status=PushStatus.FAILED)
    assert (failed.object_ref, failed.attempts) == (str(users["viewer"]), 1)
    assert "503" in failed.last_error

    assert sync_push_process(cloud=telenet, now=utc(2030, 1, 1)).done == 1  # past the backoff
    assert _disabled(fake, users)["viewer"] is True
    assert not WatcherPush.objects.exclude(status=PushStatus.DONE).exists()

    # Beta suspended too: the user of both loses access now.
    account_update(actor=SYSTEM, account=world.accounts["beta"], status="suspended")
    watcher_enqueue_account_state(world.accounts["beta"])
    sync_push_process(cloud=telenet)
    assert _disabled(fake, users)["both"] is True

    # Resumption of acme: each user again; a second run writes nothing.
    account_update(actor=SYSTEM, account=acme, status="active")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)
    assert _disabled(fake, users) == dict.fromkeys(users, False)
    watcher_enqueue_account_state(acme)
    writes = _writes(fake)
    sync_push_process(cloud=telenet)
    assert _writes(fake) == writes


def test_reconciliation_repairs_a_user_whose_push_was_lost(
    world: Any, fake: FakeWatcher, users: dict[str, int]
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)
    assert _disabled(fake, users)["viewer"] is True
    # Watcher lost it (restored from a backup, re-enabled by hand).
    fake.state.update_user(users["viewer"], {"disabled": False})

    found = sync_reconcile(cloud=telenet)
    # viewer and both are billing's to switch; boss (admin) and billing itself are not.
    assert (found.users_checked, found.user_repairs, found.repairs) == (2, [users["viewer"]], [])
    open_ = WatcherPush.objects.exclude(status=PushStatus.DONE)
    assert [(p.kind, p.object_ref) for p in open_] == [(PushKind.USER_STATE, str(users["viewer"]))]
    sync_push_process(cloud=telenet)
    assert _disabled(fake, users)["viewer"] is True
    assert sync_reconcile(cloud=telenet).user_repairs == []

    # A user disabled by hand while its account is active is enabled again.
    fake.state.update_user(users["both"], {"disabled": True})
    out = watcher_reconcile_cloud(telenet.pk)
    assert out["user_repairs"] == [users["both"]] and out["pushed"]["done"] == 1
    assert _disabled(fake, users)["both"] is False

    # Never written: Watcher's administrator and billing's own user (the push
    # queued for the administrator as a member of acme read it and stopped).
    def puts(uid: int) -> list[str]:
        return [p for m, p, _ in fake.state.requests if m == "PUT" and p.endswith(f"/users/{uid}")]

    assert puts(users["viewer"])  # the filter sees user writes
    for uid in (users["boss"], users["billing"]):
        assert not puts(uid)
    boss = WatcherPush.objects.get(kind=PushKind.USER_STATE, object_ref=str(users["boss"]))
    assert "not billing's to switch" in boss.payload["skipped"]


def test_a_user_deleted_in_watcher_is_skipped_not_retried_forever(
    world: Any, fake: FakeWatcher, users: dict[str, int]
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    fake.fail_next(1, status=503, match=f"/users/{users['viewer']}")
    sync_push_process(cloud=telenet)
    fake.state.delete_user(users["viewer"])
    sync_push_process(cloud=telenet, now=utc(2030, 1, 1))
    push = WatcherPush.objects.get(kind=PushKind.USER_STATE, object_ref=str(users["viewer"]))
    assert push.status == PushStatus.DONE and "no longer in Watcher" in push.payload["skipped"]


@pytest.mark.skipif(
    not official.available(), reason="Flussonic's API definitions are not available"
)
def test_the_user_mode_exchanges_conform_to_the_official_api(
    world: Any, fake: FakeWatcher, users: dict[str, int]
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    exchanges = official.record(fake)
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    assert sync_push_process(cloud=telenet).failed == 0
    fake.state.update_user(users["viewer"], {"disabled": False})
    assert sync_reconcile(cloud=telenet).user_repairs == [users["viewer"]]
    assert sync_push_process(cloud=telenet).failed == 0
    api = official.OfficialAPI()
    seen, problems = set(), []
    for ex in exchanges:
        op, found = api.check(ex)
        if op is not None:
            seen.add(op.key)
        problems += found
    assert problems == []
    assert {
        "client GET /organizations/{organization_id}/users",
        "admin GET /users",
        "admin GET /users/{user_id}",
        "admin PUT /users/{user_id}",
    } <= seen, sorted(seen)

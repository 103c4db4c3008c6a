"""Adopting organizations that already exist in Watcher, through the API and the
Watcher page: found as Watcher really lists them (member-only list plus the admin
users list), linked to an existing account or to a new one, idempotent, audited,
with the error shape for every refusal and nothing written on a refusal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cambill.clouds.models import Account
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from cambill.watcher.models import PushKind, WatcherOrgLink, WatcherPush
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.services.push import sync_push_process
from cambill.watcher.sync import sync_import_apply, sync_import_plan
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.api.helpers import bearer

BASE = "/api/v1/clouds/telenet/watcher/"


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
def orgs(world: Any, fake: FakeWatcher) -> dict[str, int]:
    """Three organizations made in Watcher before billing: one billing's user is a
    member of, one it is not (only the admin users list reveals it), one already
    linked to ``acme``."""
    watcher_connection_set(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        base_url=fake.url,
        username="admin",
        password="secret",
    )
    member = fake.state.create_organization({"title": "Zeta Corp"})["id"]
    owner = fake.state.create_user({"name": "shop-owner", "password": "pw"})
    hidden = fake.state.create_organization({"title": "Corner Shop"}, owner_id=owner["id"])["id"]
    linked = fake.state.create_organization({"title": "ACME (old)"})["id"]
    WatcherOrgLink.objects.create(
        cloud=world.clouds["telenet"],
        account=world.accounts["acme"],
        org_id=linked,
        billing_member=True,
        created_at=world.clouds["telenet"].created_at,
    )
    fake.create_stream("shop-cam", organization_id=hidden)
    return {"member": member, "hidden": hidden, "linked": linked}


def _state() -> tuple[Any, ...]:
    """Everything an adoption may write."""
    return (
        sorted(WatcherOrgLink.objects.values_list("org_id", "account__code", "billing_member")),
        sorted(Account.objects.values_list("code", flat=True)),
        AuditEntry.objects.exclude(verb="api_token_create").count(),  # bearer() makes tokens
        sorted(WatcherPush.objects.values_list("kind", "object_ref", "version")),
    )


def test_api_lists_the_organizations_no_account_stands_for(
    world: Any, fake: FakeWatcher, orgs: dict[str, int]
) -> None:
    # The member-only list alone does not show the shop's organization.
    assert orgs["hidden"] not in {
        o["id"] for o in fake.state.list_page("organizations", {}, scope=1)["organizations"]
    }
    resp = bearer("cadmin").get(BASE + "adoptable/")
    assert resp.status_code == 200, resp.content
    assert resp.json() == [
        {
            "id": orgs["member"],
            "title": "Zeta Corp",
            "billing_member": True,
            "suggested_code": "zeta-corp",
            "account": None,
        },
        {
            "id": orgs["hidden"],
            "title": "Corner Shop",
            "billing_member": False,
            "suggested_code": "corner-shop",
            "account": None,
        },
    ]


def test_api_adopt_links_creates_joins_and_adopting_twice_changes_nothing(
    world: Any, fake: FakeWatcher, orgs: dict[str, int]
) -> None:
    telenet = world.clouds["telenet"]
    other = next(a for a in Account.objects.filter(cloud=telenet) if a.code != "acme")
    body = {
        "organizations": [
            {"id": orgs["hidden"], "create_account": {}},
            {"id": orgs["member"], "account": other.code},
        ]
    }
    client = bearer("cadmin")
    audits = AuditEntry.objects.count()
    resp = client.post(BASE + "adopt/", body, format="json")
    assert resp.status_code == 200, resp.content
    assert resp.json() == {
        "adopted": [
            {
                "organization_id": orgs["hidden"],
                "account": "corner-shop",
                "created": True,
                "join": True,
            },
            {
                "organization_id": orgs["member"],
                "account": other.code,
                "created": False,
                "join": False,
            },
        ],
        "unchanged": [],
    }
    shop = Account.objects.get(cloud=telenet, code="corner-shop")
    assert shop.name == "Corner Shop"
    assert {
        (lk.org_id, lk.account.code, lk.billing_member)
        for lk in WatcherOrgLink.objects.filter(cloud=telenet).exclude(org_id=orgs["linked"])
    } == {(orgs["hidden"], "corner-shop", False), (orgs["member"], other.code, True)}
    verbs = list(
        AuditEntry.objects.order_by("id").values_list("verb", flat=True)[audits:]  # type: ignore[misc]
    )
    assert verbs == ["account_create", "watcher_orgs_adopt"]
    assert set(
        WatcherPush.objects.filter(kind=PushKind.ACCOUNT_STATE).values_list("object_ref", flat=True)
    ) >= {"corner-shop", other.code}

    before = _state()
    again = bearer("cadmin").post(BASE + "adopt/", body, format="json")
    assert again.status_code == 200, again.content
    assert again.json() == {
        "adopted": [],
        "unchanged": [
            {"organization_id": orgs["hidden"], "account": "corner-shop"},
            {"organization_id": orgs["member"], "account": other.code},
        ],
    }
    assert _state() == before

    # The push makes billing's user a member; the import then brings the shop's camera.
    sync_push_process(cloud=telenet)
    assert WatcherOrgLink.objects.get(org_id=orgs["hidden"]).billing_member is True
    assert 1 in fake.state.memberships[orgs["hidden"]]
    plan = sync_import_plan(actor=SYSTEM, cloud=telenet)
    assert [(i.kind, i.action, i.key, i.changes) for i in plan.items if i.kind == "camera"] == [
        ("camera", "create", "shop-cam", {"title": "", "account": "corner-shop"})
    ]
    sync_import_apply(actor=SYSTEM, cloud=telenet, plan=plan)
    assert bearer("cadmin").get(BASE + "adoptable/").json() == []


@pytest.mark.parametrize(
    ("item", "status", "code", "field"),
    [
        ({"id": 9999, "create_account": {}}, 400, "validation_error", "organizations"),
        ({"id": 1, "create_account": {}}, 400, "validation_error", "organizations"),
        ({"id": "x", "create_account": {}}, 400, "validation_error", "organizations"),
        ({"id": "HIDDEN"}, 400, "validation_error", "organizations"),
        ({"id": "HIDDEN", "account": "beta", "create_account": {}}, 400, "validation_error", None),
        ({"id": "HIDDEN", "account": "nope"}, 400, "validation_error", None),
        ({"id": "HIDDEN", "account": "acme"}, 409, "conflict", None),
        ({"id": "LINKED", "create_account": {"code": "fresh"}}, 409, "conflict", None),
        ({"id": "HIDDEN", "create_account": {"code": "acme"}}, 409, "duplicate", None),
        ({"id": "HIDDEN", "create_account": {"code": "bad code!"}}, 400, "validation_error", None),
        ({"id": "HIDDEN", "bogus": 1, "create_account": {}}, 400, "validation_error", None),
    ],
)
def test_api_refusals_have_the_error_shape_and_write_nothing(
    world: Any,
    orgs: dict[str, int],
    item: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    ids = {"HIDDEN": orgs["hidden"], "LINKED": orgs["linked"]}
    item = {**item, "id": ids.get(item["id"], item["id"])}
    before = _state()
    resp = bearer("cadmin").post(BASE + "adopt/", {"organizations": [item]}, format="json")
    assert resp.status_code == status, resp.content
    body = resp.json()
    assert body["code"] == code and body["message"]
    if field:
        assert field in body.get("fields", {}) or any(
            k.startswith(field) for k in body.get("fields", {})
        ), body
    assert _state() == before


def test_api_refuses_an_empty_or_repeated_list_and_a_bad_body(
    world: Any, orgs: dict[str, int]
) -> None:
    before = _state()
    client = bearer("cadmin")
    for body in (
        {"organizations": []},
        {},
        {"organizations": "all"},
        {
            "organizations": [
                {"id": orgs["hidden"], "create_account": {}},
                {"id": orgs["hidden"], "create_account": {"code": "other"}},
            ]
        },
    ):
        resp = client.post(BASE + "adopt/", body, format="json")
        assert resp.status_code == 400, (body, resp.content)
        assert resp.json()["code"] == "validation_error"
    assert _state() == before


def test_an_account_linked_meanwhile_is_a_conflict(world: Any, orgs: dict[str, int]) -> None:
    # acme is linked to another organization: linking it again is refused.
    before = _state()
    resp = bearer("cadmin").post(
        BASE + "adopt/",
        {"organizations": [{"id": orgs["member"], "account": "acme"}]},
        format="json",
    )
    assert resp.status_code == 409 and resp.json()["code"] == "conflict"
    assert _state() == before


def test_watcher_down_is_a_502_and_nothing_is_written(
    world: Any, fake: FakeWatcher, orgs: dict[str, int]
) -> None:
    before = _state()
    fake.fail_next(20, status=503)
    client = bearer("cadmin")
    assert client.get(BASE + "adoptable/").json()["code"] == "watcher_error"
    resp = client.post(
        BASE + "adopt/",
        {"organizations": [{"id": orgs["hidden"], "create_account": {}}]},
        format="json",
    )
    assert resp.status_code == 502 and resp.json()["code"] == "watcher_error"
    assert _state()[:3] == before[:3]


@pytest.mark.parametrize(
    ("user", "status"),
    [("caccountant", 403), ("amanager", 403), ("subscriber", 403), ("otheradmin", 404)],
)
def test_only_those_who_import_may_adopt(
    world: Any, orgs: dict[str, int], user: str, status: int
) -> None:
    before = _state()
    client = bearer(user)
    assert client.get(BASE + "adoptable/").status_code == status
    resp = client.post(
        BASE + "adopt/",
        {"organizations": [{"id": orgs["hidden"], "create_account": {}}]},
        format="json",
    )
    assert resp.status_code == status and resp.json()["code"] in ("forbidden", "not_found")
    assert _state() == before


def test_provider_admin_adopts_too(world: Any, orgs: dict[str, int]) -> None:
    resp = bearer("padmin").post(
        BASE + "adopt/",
        {
            "organizations": [
                {"id": orgs["member"], "create_account": {"code": "zeta", "name": "Z"}}
            ]
        },
        format="json",
    )
    assert resp.status_code == 200, resp.content
    assert Account.objects.get(cloud=world.clouds["telenet"], code="zeta").name == "Z"


def test_the_watcher_page_lists_and_adopts(
    world: Any, fake: FakeWatcher, orgs: dict[str, int], client: Any
) -> None:
    client.force_login(world.users["cadmin"])
    page = client.get("/clouds/telenet/watcher/").content.decode()
    section = page.split('id="watcher-adoptable"')[1].split("</section>")[0]
    assert "Zeta Corp" in section and "Corner Shop" in section and "ACME (old)" not in section
    assert f'name="org{orgs["hidden"]}-code"' in section and 'value="corner-shop"' in section

    prefix = f"org{orgs['hidden']}"
    form = {
        "prefix": prefix,
        f"{prefix}-organization": str(orgs["hidden"]),
        f"{prefix}-account": "",
        f"{prefix}-code": "shop",
        f"{prefix}-name": "The Corner Shop",
    }
    resp = client.post("/clouds/telenet/watcher/adopt/", form, follow=True)
    assert resp.status_code == 200
    assert f"Organization {orgs['hidden']} is now account shop." in resp.content.decode()
    link = WatcherOrgLink.objects.get(org_id=orgs["hidden"])
    assert (link.account.code, link.account.name, link.billing_member) == (
        "shop",
        "The Corner Shop",
        False,
    )
    section = resp.content.decode().split('id="watcher-adoptable"')[1].split("</section>")[0]
    assert "Corner Shop" not in section

    before = _state()
    again = client.post("/clouds/telenet/watcher/adopt/", form, follow=True).content.decode()
    assert f"Organization {orgs['hidden']} was linked to account shop already." in again
    assert _state() == before

    # Linking to an existing account from the list of unlinked accounts.
    other = next(
        a
        for a in Account.objects.filter(cloud=world.clouds["telenet"])
        if a.code not in ("acme", "shop")
    )
    p2 = f"org{orgs['member']}"
    done = client.post(
        "/clouds/telenet/watcher/adopt/",
        {"prefix": p2, f"{p2}-organization": str(orgs["member"]), f"{p2}-account": other.code},
        follow=True,
    ).content.decode()
    assert f"Organization {orgs['member']} is now account {other.code}." in done
    assert WatcherOrgLink.objects.get(org_id=orgs["member"]).account == other


def test_the_page_refuses_bad_forms_and_other_roles(
    world: Any, orgs: dict[str, int], client: Any
) -> None:
    before = _state()
    client.force_login(world.users["cadmin"])
    prefix = f"org{orgs['hidden']}"
    cases = [
        ({"prefix": "nope"}, "Choose an organization to adopt."),
        ({"prefix": prefix, f"{prefix}-organization": "x"}, "Enter a whole number."),
        (
            {
                "prefix": prefix,
                f"{prefix}-organization": str(orgs["hidden"]),
                f"{prefix}-account": "acme",  # linked already: not among the choices
            },
            "Select a valid choice.",
        ),
        (
            {"prefix": prefix, f"{prefix}-organization": "9999"},
            "Watcher has no organization 9999 to adopt.",
        ),
    ]
    for form, message in cases:
        resp = client.post("/clouds/telenet/watcher/adopt/", form, follow=True)
        assert resp.status_code == 200
        flashes = resp.content.decode().split('class="flash flash-error"')
        assert len(flashes) == 2 and message in flashes[1].split("</li>")[0], (form, flashes)
    assert _state() == before

    client.force_login(world.users["caccountant"])
    page = client.get("/clouds/telenet/watcher/").content.decode()
    assert "watcher-adoptable" not in page
    form = {"prefix": prefix, f"{prefix}-organization": str(orgs["hidden"])}
    assert client.post("/clouds/telenet/watcher/adopt/", form).status_code == 403
    assert _state() == before

"""Per-role scoping through the API: every role x every resource x list /
detail / another tenant's detail / create (and a camera's tariff change).

Allowed calls work and show exactly the rows in scope; forbidden calls get a
403 (the role may not do it at all) or a 404 (the object is not its own, told
apart from nothing) and the database is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from .helpers import bearer, err, unchanged

pytestmark = pytest.mark.django_db

ROLES = [
    "padmin",
    "paccountant",
    "pmanager",
    "cadmin",
    "amanager",
    "caccountant",
    "subscriber",
    "agent",
]
PROVIDER = {"padmin", "paccountant", "pmanager"}
T = "/api/v1/clouds/telenet"
OTHER = "/api/v1/clouds/othercloud"
AT = "2026-03-01T00:00:00-05:00"

Expect = list[str] | int  # the keys listed, or an error status


def roles(default: Any, **override: Any) -> dict[str, Any]:
    return {r: override.get(r, default) for r in ROLES}


@dataclass
class Resource:
    name: str
    list_url: str
    key: str
    listed: dict[str, Expect]
    detail_url: str | None = None
    detail: dict[str, int] = field(default_factory=dict)
    foreign_url: str | None = None
    foreign: dict[str, int] = field(default_factory=dict)
    create_url: str | None = None
    create_body: Callable[[str], Any] | None = None
    creators: set[str] = field(default_factory=set)


BOTH_ACCOUNTS = ["acme", "beta"]
BOTH_CAMERAS = ["cam-acme", "cam-beta"]
TELENET_USERS = [
    "agent",
    "amanager",
    "amanager2",
    "caccountant",
    "cadmin",
    "subscriber",
    "subscriber2",
]
ALL_USERS = sorted([*TELENET_USERS, "otheradmin", "padmin", "paccountant", "pmanager", "pmanager2"])
CATALOG_VIEW = roles(403, padmin=200, paccountant=200, pmanager=200, cadmin=200)

RESOURCES = [
    Resource(
        "services",
        "/api/v1/services/",
        "code",
        listed={r: (["LPR", "REC_DAY"] if s == 200 else s) for r, s in CATALOG_VIEW.items()},
        detail_url="/api/v1/services/LPR/",
        detail=CATALOG_VIEW,
        create_url="/api/v1/services/",
        creators={"padmin"},
        create_body=lambda r: {
            "code": f"S_{r}",
            "name": "svc",
            "prices": [{"currency": "USD", "amount": "1"}],
        },
    ),
    Resource(
        "provider-tariffs",
        "/api/v1/tariffs/",
        "code",
        listed={r: (["PROV1"] if s == 200 else s) for r, s in CATALOG_VIEW.items()},
        detail_url="/api/v1/tariffs/PROV1/",
        detail=CATALOG_VIEW,
        create_url="/api/v1/tariffs/",
        creators={"padmin"},
        create_body=lambda r: {
            "code": f"P_{r}",
            "name": "t",
            "currency": "USD",
            "price": "1",
            "components": [{"service": "LPR"}],
        },
    ),
    Resource(
        "clouds",
        "/api/v1/clouds/",
        "slug",
        listed=roles(
            ["telenet"],
            padmin=["othercloud", "telenet"],
            paccountant=["othercloud", "telenet"],
            subscriber=403,
            agent=403,
        ),
        detail_url=f"{T}/",
        detail=roles(200, subscriber=403, agent=403),
        foreign_url=f"{OTHER}/",
        foreign=roles(404, padmin=200, paccountant=200, subscriber=403, agent=403),
        create_url="/api/v1/clouds/",
        creators={"padmin"},
        create_body=lambda r: {"slug": f"c-{r}", "name": "c", "currency": "USD", "timezone": "UTC"},
    ),
    Resource(
        "cloud-tariffs",
        f"{T}/tariffs/",
        "code",
        listed=roles(["HOME3", "PROV1", "TRAFFIC7"], subscriber=403),
        detail_url=f"{T}/tariffs/HOME3/",
        detail=roles(200, subscriber=403),
        foreign_url=f"{OTHER}/tariffs/HOME3/",
        foreign=roles(404, padmin=200, paccountant=200),
        create_url=f"{T}/tariffs/",
        creators={"padmin", "cadmin"},
        create_body=lambda r: {
            "code": f"T_{r}",
            "name": "t",
            "price": "1",
            "components": [{"service": "LPR"}],
        },
    ),
    Resource(
        "accounts",
        f"{T}/accounts/",
        "code",
        listed=roles(BOTH_ACCOUNTS, amanager=["acme"], subscriber=["acme"], agent=["acme"]),
        detail_url=f"{T}/accounts/acme/",
        detail=roles(200),
        foreign_url=f"{T}/accounts/beta/",
        foreign=roles(200, amanager=404, subscriber=404, agent=404),
        create_url=f"{T}/accounts/",
        creators={"padmin", "cadmin", "amanager", "agent"},
        create_body=lambda r: {"code": f"a-{r}", "name": "acc"},
    ),
    Resource(
        "other-cloud-accounts",
        f"{OTHER}/accounts/",
        "code",
        listed=roles(404, padmin=["gamma"], paccountant=["gamma"]),
        detail_url=f"{OTHER}/accounts/gamma/",
        detail=roles(404, padmin=200, paccountant=200),
        create_url=f"{OTHER}/accounts/",
        creators={"padmin"},
        create_body=lambda r: {"code": f"a-{r}", "name": "acc"},
    ),
    Resource(
        "discounts",
        f"{T}/accounts/acme/discounts/",
        "kind",
        listed=roles(["fixed"]),
        foreign_url=f"{T}/accounts/beta/discounts/",
        foreign=roles(200, amanager=404, subscriber=404, agent=404),
        create_url=f"{T}/accounts/acme/discounts/",
        creators={"padmin", "cadmin", "amanager"},
        create_body=lambda r: {"kind": "percent", "value": "5"},
    ),
    Resource(
        "cameras",
        f"{T}/cameras/",
        "code",
        listed=roles(
            BOTH_CAMERAS, amanager=["cam-acme"], subscriber=["cam-acme"], agent=["cam-acme"]
        ),
        detail_url=f"{T}/cameras/cam-acme/",
        detail=roles(200),
        foreign_url=f"{T}/cameras/cam-beta/",
        foreign=roles(200, amanager=404, subscriber=404, agent=404),
        create_url=f"{T}/cameras/",
        creators={"padmin", "cadmin", "amanager"},
        create_body=lambda r: {"code": f"cam-{r}", "account": "acme", "tariff": "HOME3", "at": AT},
    ),
    Resource(
        "camera-tariff-changes",
        f"{T}/cameras/cam-acme/history/",
        "tariff",
        listed=roles(["HOME3"]),
        foreign_url=f"{T}/cameras/cam-beta/history/",
        foreign=roles(200, amanager=404, subscriber=404, agent=404),
        create_url=f"{T}/cameras/cam-acme/tariff-changes/",
        creators={"padmin", "cadmin", "amanager"},
        create_body=lambda r: {"tariff": "TRAFFIC7", "at": "2026-03-16T12:00:00-05:00"},
    ),
    Resource(
        "agents",
        f"{T}/agents/",
        "code",
        listed=roles(["agent1", "agent2"], amanager=403, subscriber=403, agent=["agent1"]),
        detail_url=f"{T}/agents/agent1/",
        detail=roles(200, amanager=403, subscriber=403),
        foreign_url=f"{T}/agents/agent2/",
        foreign=roles(200, amanager=403, subscriber=403, agent=404),
        create_url=f"{T}/agents/",
        creators={"padmin", "cadmin"},
        create_body=lambda r: {"code": f"ag-{r}", "name": "agent"},
    ),
    Resource(
        "users",
        "/api/v1/users/",
        "username",
        listed={**{r: [r] for r in ROLES}, "padmin": ALL_USERS, "cadmin": TELENET_USERS},
        foreign_url="/api/v1/users/otheradmin/",
        foreign=roles(404, padmin=200),
        create_url="/api/v1/users/",
        creators={"padmin", "cadmin"},
        create_body=lambda r: {
            "username": f"u-{r}",
            "password": "a-long-password",
            "role": "account_manager",
            "cloud": "telenet",
        },
    ),
    Resource("audit", "/api/v1/audit/", "verb", listed=roles(403, padmin=None)),
]


@pytest.fixture
def scoped_world(world):  # type: ignore[no-untyped-def]
    from datetime import datetime

    from cambill.catalog.services import account_discount_create
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    telenet = world.clouds["telenet"]
    for code, acc in [("cam-acme", "acme"), ("cam-beta", "beta")]:
        camera_create(
            actor=SYSTEM,
            cloud=telenet,
            code=code,
            account=world.accounts[acc],
            tariff=world.tariffs["HOME3"],
            at=datetime.fromisoformat(AT),
        )
    for acc in ("acme", "beta"):
        account_discount_create(actor=SYSTEM, account=world.accounts[acc], kind="fixed", value="1")
    return world


def _check_read(client: Any, url: str, expected: Any, key: str | None = None) -> None:
    resp = client.get(url)
    if isinstance(expected, int) and expected >= 400:
        err(resp, expected, "forbidden" if expected == 403 else "not_found")
        return
    assert resp.status_code == 200, (url, resp.json())
    if key is None or expected is None or isinstance(expected, int):
        return
    body = resp.json()
    rows = body["results"] if isinstance(body, dict) else body
    assert sorted(row[key] for row in rows) == sorted(expected), url


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("res", RESOURCES, ids=[r.name for r in RESOURCES])
def test_role_scope(scoped_world, res: Resource, role: str) -> None:  # type: ignore[no-untyped-def]
    client = bearer(role)
    with unchanged():
        _check_read(client, res.list_url, res.listed[role], res.key)
        if res.detail_url:
            _check_read(client, res.detail_url, res.detail[role])
        if res.foreign_url:
            _check_read(client, res.foreign_url, res.foreign[role])
    if not res.create_url or res.create_body is None:
        return
    body = res.create_body(role)
    if role in res.creators:
        resp = client.post(res.create_url, body, format="json")
        assert resp.status_code == 201, (role, resp.json())
    else:
        with unchanged():
            resp = client.post(res.create_url, body, format="json")
            assert resp.status_code in (403, 404), (role, resp.status_code, resp.json())
            err(resp, resp.status_code, "forbidden" if resp.status_code == 403 else "not_found")


@pytest.mark.parametrize("role", ROLES)
def test_role_patch(scoped_world, role: str) -> None:  # type: ignore[no-untyped-def]
    """Updates follow the same matrix: who may edit what, and nothing else moves."""
    patches = [
        ("/api/v1/services/LPR/", {"name": "LPR 2"}, {"padmin"}),
        ("/api/v1/tariffs/PROV1/", {"name": "P 2"}, {"padmin"}),
        (f"{T}/", {"legal_name": "Telenet SA"}, {"padmin"}),
        (f"{T}/tariffs/HOME3/", {"name": "Home 3"}, {"padmin", "cadmin"}),
        (f"{T}/accounts/acme/", {"legal_name": "ACME SA"}, {"padmin", "cadmin", "amanager"}),
        (f"{T}/cameras/cam-acme/", {"title": "Door"}, {"padmin", "cadmin", "amanager"}),
        (f"{T}/agents/agent1/", {"email": "a@x.test"}, {"padmin", "cadmin"}),
        ("/api/v1/users/subscriber/", {"first_name": "Sam"}, {"padmin", "cadmin", "subscriber"}),
        ("/api/v1/users/subscriber/", {"is_active": False}, {"padmin", "cadmin"}),
    ]
    client = bearer(role)
    for url, body, editors in patches:
        if role in editors:
            resp = client.patch(url, body, format="json")
            assert resp.status_code == 200, (role, url, resp.json())
        else:
            with unchanged():
                resp = client.patch(url, body, format="json")
                assert resp.status_code in (403, 404), (role, url, resp.status_code)
                err(resp, resp.status_code, "forbidden" if resp.status_code == 403 else "not_found")


def test_other_cloud_admin_sees_nothing_of_telenet(scoped_world) -> None:  # type: ignore[no-untyped-def]
    c = bearer("otheradmin")
    with unchanged():
        for url in (
            f"{T}/",
            f"{T}/accounts/",
            f"{T}/accounts/acme/",
            f"{T}/cameras/",
            f"{T}/cameras/cam-acme/",
            f"{T}/cameras/cam-acme/history/",
            f"{T}/tariffs/",
            f"{T}/agents/",
            "/api/v1/users/cadmin/",
        ):
            err(c.get(url), 404, "not_found")
        for url, body in [
            (f"{T}/accounts/", {"code": "x", "name": "x"}),
            (f"{T}/cameras/", {"code": "x"}),
            (f"{T}/cameras/cam-acme/tariff-changes/", {"tariff": None, "at": AT}),
            (f"{T}/cameras/cam-acme/moves/", {"account": None, "at": AT}),
        ]:
            err(c.post(url, body, format="json"), 404, "not_found")
        err(c.patch(f"{T}/accounts/acme/", {"name": "mine"}, format="json"), 404, "not_found")
    assert [a["code"] for a in c.get(f"{OTHER}/accounts/").json()["results"]] == ["gamma"]

"""A new cloud shows what it needs (tariffs, accounts, cameras, a Watcher connection,
branding), each done or not as its data says, with its link; the list goes once all
is done."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cambill.core.access import SYSTEM, actor_for
from cambill.web.provider.first_steps import checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(world: Any) -> Any:
    from cambill.clouds.services import cloud_create

    return cloud_create(
        actor=SYSTEM,
        slug="freshnet",
        name="Freshnet",
        currency="EUR",
        timezone_name="Europe/Madrid",
        discount_percent=Decimal("0"),
        tax_percent=Decimal("21"),
        wholesale_tax_percent=Decimal("0"),
    )


def _steps(world: Any, user: str, cloud: Any) -> dict[str, Any]:
    data = checklist(actor_for(world.users[user]), cloud)
    assert data is not None
    return {s["key"]: s for s in data["steps"]}


def test_a_new_cloud_lists_every_step_undone_with_its_link(world: Any, fresh: Any) -> None:
    steps = _steps(world, "padmin", fresh)
    assert list(steps) == ["tariffs", "accounts", "cameras", "watcher", "branding"]
    assert not any(s["done"] for s in steps.values())
    assert steps["tariffs"]["url"] == "/clouds/freshnet/tariffs/new/"
    assert steps["accounts"]["url"] == "/clouds/freshnet/accounts/new/"
    assert steps["cameras"]["url"] == "/clouds/freshnet/cameras/new/"
    assert steps["watcher"]["url"] == "/clouds/freshnet/watcher/connection/"
    assert steps["branding"]["url"] == "/clouds/freshnet/branding/"


def test_the_overview_shows_the_checklist(world: Any, fresh: Any, as_user: Any) -> None:
    html = as_user("padmin").get("/clouds/freshnet/").content.decode()
    assert "First steps" in html and "0 of 5 done" in html
    assert 'href="/clouds/freshnet/accounts/new/"' in html


def test_steps_are_done_from_data_and_the_list_goes_when_all_are(
    world: Any, fresh: Any, as_user: Any
) -> None:
    from cambill.branding.services import branding_update
    from cambill.catalog.services import tariff_create
    from cambill.clouds.services import account_create, camera_create
    from cambill.watcher.services.connection import watcher_connection_set

    padmin = actor_for(world.users["padmin"])
    account = account_create(actor=SYSTEM, cloud=fresh, code="first", name="First SL")
    steps = _steps(world, "padmin", fresh)
    assert steps["accounts"]["done"] and not steps["cameras"]["done"]
    tariff_create(
        actor=SYSTEM,
        cloud=fresh,
        code="BASIC1",
        name="Basic",
        price="5.00",
        components=[{"service": "REC_DAY", "quantity": 1}],
    )
    camera_create(actor=SYSTEM, cloud=fresh, code="cam-1", account=account)
    watcher_connection_set(
        actor=padmin, cloud=fresh, base_url="http://127.0.0.1:9/", username="u", password="p"
    )
    steps = _steps(world, "padmin", fresh)
    assert [k for k, s in steps.items() if not s["done"]] == ["branding"]
    assert "4 of 5 done" in as_user("padmin").get("/clouds/freshnet/").content.decode()
    branding_update(actor=padmin, cloud=fresh, footer_text="Freshnet S.L.")
    assert checklist(padmin, fresh) is None
    assert "First steps" not in as_user("padmin").get("/clouds/freshnet/").content.decode()


def test_a_role_sees_only_its_steps_and_links_to_what_it_may_do(world: Any) -> None:
    telenet = world.clouds["telenet"]
    # telenet has accounts but no cameras in the bare world: the accountant sees
    # the steps it may see, linked to the lists (it may not create).
    steps = _steps(world, "caccountant", telenet)
    assert steps["accounts"]["done"] and not steps["cameras"]["done"]
    assert steps["cameras"]["url"] == "/clouds/telenet/cameras/"
    # An account manager may not see the Watcher sync.
    keys = list(_steps(world, "amanager", telenet))
    assert keys == ["tariffs", "accounts", "cameras", "branding"]

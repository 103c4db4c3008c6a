"""The pages read through the domains' selectors (issue #12, point 1).

The reads the web layer used to make itself now live in the owning domain's
``selectors.py``; these pin their scoping, and the import graph pins that no
module of ``cambill.web`` names a ``models`` module any more.
"""

from __future__ import annotations

import grimp
import pytest

from cambill.accounts.selectors import token_get, token_list
from cambill.accounts.services import api_token_create
from cambill.clouds.models import Account
from cambill.clouds.selectors import (
    account_field_max_length,
    cloud_timezones,
    own_account_code,
    provider_camera_list,
)
from cambill.core.errors import Forbidden, NotFound
from cambill.invoicing.selectors import provider_invoice_list
from cambill.referrals.selectors import own_agent_code


def test_no_web_module_imports_a_models_module() -> None:
    graph = grimp.build_graph("cambill", cache_dir=None)
    direct = sorted(
        (importer, imported)
        for importer in graph.find_descendants("cambill.web") | {"cambill.web"}
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("cambill.") and imported.rsplit(".", 1)[-1] == "models"
    )
    assert direct == []


def test_token_get_is_the_actors_own_token_only(world) -> None:  # type: ignore[no-untyped-def]
    mine, _ = api_token_create(actor=world.actor("cadmin"), user=world.users["cadmin"])
    theirs, _ = api_token_create(actor=world.actor("subscriber"), user=world.users["subscriber"])
    actor = world.actor("cadmin")
    assert list(token_list(actor=actor)) == [mine]
    assert token_get(actor=actor, pk=mine.pk) == mine
    with pytest.raises(NotFound) as not_yours:
        token_get(actor=actor, pk=theirs.pk)
    with pytest.raises(NotFound) as missing:
        token_get(actor=actor, pk=theirs.pk + 1000)
    assert str(not_yours.value) == str(missing.value)


def test_own_codes(world) -> None:  # type: ignore[no-untyped-def]
    assert own_account_code(actor=world.actor("subscriber")) == "acme"
    assert own_account_code(actor=world.actor("cadmin")) is None
    assert own_agent_code(actor=world.actor("agent")) == "agent1"
    assert own_agent_code(actor=world.actor("subscriber")) == ""


def test_cloud_timezones_of_a_scoped_queryset(world) -> None:  # type: ignore[no-untyped-def]
    assert cloud_timezones(Account.objects.all()) == ["America/Bogota", "Europe/Madrid"]
    telenet = Account.objects.filter(cloud=world.clouds["telenet"])
    assert cloud_timezones(telenet) == ["America/Bogota"]
    assert cloud_timezones(Account.objects.none()) == []


def test_provider_wide_lists_are_for_provider_staff(world) -> None:  # type: ignore[no-untyped-def]
    for name in ("cadmin", "subscriber"):
        with pytest.raises(Forbidden):
            provider_camera_list(actor=world.actor(name))
        with pytest.raises(Forbidden):
            provider_invoice_list(actor=world.actor(name))
    assert list(provider_camera_list(actor=world.actor("padmin"))) == []


def test_account_field_max_length_is_the_models() -> None:
    assert account_field_max_length("code") == Account._meta.get_field("code").max_length

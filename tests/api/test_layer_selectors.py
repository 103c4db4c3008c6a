"""The API reads through the domains' selectors (issue #12, point 1).

The reads ``cambill.api`` used to make itself now live in the owning domain's
``selectors.py``; these pin the ones that moved, and the import graph pins
that no module of ``cambill.api`` names a ``models`` module any more.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import grimp
import pytest

from cambill.catalog.models import Service, TariffPlan
from cambill.catalog.selectors import (
    account_discounts,
    allowed_tariff_codes,
    latest_service_prices,
)
from cambill.catalog.selectors import field_max_length as catalog_max_length
from cambill.clouds.models import Camera
from cambill.clouds.selectors import (
    camera_none,
    own_cloud,
    with_open_period_tariff,
)
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.core.access import SYSTEM
from cambill.core.errors import NotFound
from cambill.payments.selectors import bank_import_get, payment_get
from cambill.payments.services import payment_record
from cambill.webhooks.models import WebhookEndpoint
from cambill.webhooks.selectors import field_max_length as webhooks_max_length


def test_no_api_module_imports_a_models_module() -> None:
    graph = grimp.build_graph("cambill", cache_dir=None)
    direct = sorted(
        (importer, imported)
        for importer in graph.find_descendants("cambill.api") | {"cambill.api"}
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("cambill.") and imported.rsplit(".", 1)[-1] == "models"
    )
    assert direct == []


def test_field_max_length_is_the_models() -> None:
    assert clouds_max_length("Camera", "code") == Camera._meta.get_field("code").max_length
    assert catalog_max_length("TariffPlan", "name") == TariffPlan._meta.get_field("name").max_length
    assert (
        webhooks_max_length("WebhookEndpoint", "description")
        == WebhookEndpoint._meta.get_field("description").max_length
    )
    with pytest.raises(AttributeError):
        catalog_max_length("Account", "code")  # another domain's model: ask that domain


def test_none_helpers_are_empty_querysets_of_their_model() -> None:
    qs = camera_none()
    assert qs.model is Camera
    assert list(qs) == []


def _pay(world):  # type: ignore[no-untyped-def]
    return payment_record(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        account=world.accounts["acme"],
        amount=Decimal("10.00"),
        received_at=datetime(2026, 1, 5, tzinfo=UTC),
        reference="T-1",
    )


def test_payment_get_not_yours_is_missing_is_malformed(world) -> None:  # type: ignore[no-untyped-def]
    p = _pay(world)
    telenet = world.clouds["telenet"]
    assert payment_get(actor=world.actor("caccountant"), cloud=telenet, pk=str(p.pk)) == p
    assert payment_get(actor=world.actor("subscriber"), cloud=telenet, pk=p.pk) == p
    errors = []
    for actor, cloud, pk in [
        (world.actor("subscriber2"), telenet, p.pk),  # another account's payment
        (world.actor("otheradmin"), world.clouds["othercloud"], p.pk),  # another cloud's
        (world.actor("caccountant"), telenet, p.pk + 1000),  # missing
        (world.actor("caccountant"), telenet, "abc"),  # malformed
    ]:
        with pytest.raises(NotFound) as caught:
            payment_get(actor=actor, cloud=cloud, pk=pk)
        errors.append(str(caught.value))
    assert len(set(errors)) == 1


def test_bank_import_get_missing_or_malformed_is_not_found(world) -> None:  # type: ignore[no-untyped-def]
    for pk in (1, "x1"):
        with pytest.raises(NotFound):
            bank_import_get(cloud=world.clouds["telenet"], pk=pk)


def test_own_cloud(world) -> None:  # type: ignore[no-untyped-def]
    assert own_cloud(actor=world.actor("cadmin")) == world.clouds["telenet"]
    assert own_cloud(actor=world.actor("otheradmin")) == world.clouds["othercloud"]
    with pytest.raises(NotFound):
        own_cloud(actor=world.actor("padmin"))  # provider staff belong to no cloud


def test_cloud_terms_by_cloud_id(world) -> None:  # type: ignore[no-untyped-def]
    telenet, other = world.clouds["telenet"], world.clouds["othercloud"]
    assert allowed_tariff_codes([telenet.pk, other.pk]) == {telenet.pk: ["PROV1"], other.pk: []}
    assert latest_service_prices([other.pk]) == {other.pk: []}
    assert list(account_discounts(world.accounts["acme"])) == []
    assert Service.objects.count() == 2  # the world's catalogue, untouched by the reads


def test_open_period_tariff_is_the_latest_change_even_ahead(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.selectors import with_current_tariff
    from cambill.clouds.services import camera_change_tariff, camera_create

    telenet = world.clouds["telenet"]
    camera = camera_create(
        actor=SYSTEM,
        cloud=telenet,
        code="cam-1",
        account=world.accounts["acme"],
        tariff=world.tariffs["TRAFFIC7"],
        at=datetime(2020, 1, 1, tzinfo=UTC),
    )
    camera_change_tariff(
        actor=SYSTEM,
        camera=camera,
        tariff=world.tariffs["HOME3"],
        at=datetime(2099, 1, 1, tzinfo=UTC),
    )
    cameras = Camera.objects.filter(pk=camera.pk)
    assert with_open_period_tariff(cameras).get().current_tariff == "HOME3"  # type: ignore[attr-defined]
    assert with_current_tariff(cameras).get().current_tariff == "TRAFFIC7"  # type: ignore[attr-defined]

"""Invoice numbers are unique across clouds, so each cloud's prefix must be."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.clouds.models import Cloud
from cambill.clouds.services import cloud_create, cloud_update
from cambill.core.errors import DomainError, ErrorCode


def _create(world: Any, slug: str, **fields: Any) -> Cloud:
    return cloud_create(
        actor=world.actor("padmin"),
        slug=slug,
        name=slug.title(),
        currency="USD",
        timezone_name="UTC",
        **fields,
    )


def test_clouds_whose_slugs_share_ten_letters_get_different_default_prefixes(world: Any) -> None:
    first = _create(world, "metrotel-bogota")
    second = _create(world, "metrotel-bogota2")
    third = _create(world, "metrotel-bogota3")
    assert first.invoice_prefix == "METROTEL-B-"
    assert second.invoice_prefix == "METROTEL-B2-"
    assert third.invoice_prefix == "METROTEL-B3-"


def test_a_prefix_taken_by_another_cloud_is_refused_and_nothing_is_written(world: Any) -> None:
    _create(world, "alpha", invoice_prefix="ACME-")
    before = Cloud.objects.count()
    with pytest.raises(DomainError) as exc:
        _create(world, "beta-cloud", invoice_prefix="acme-")
    assert exc.value.code == ErrorCode.DUPLICATE
    assert "invoice_prefix" in exc.value.fields
    assert Cloud.objects.count() == before


def test_changing_to_a_taken_prefix_is_refused_but_keeping_ones_own_is_fine(world: Any) -> None:
    _create(world, "alpha", invoice_prefix="ACME-")
    beta = _create(world, "beta-cloud", invoice_prefix="BETA-")
    with pytest.raises(DomainError):
        cloud_update(actor=world.actor("padmin"), cloud=beta, invoice_prefix="ACME-")
    beta.refresh_from_db()
    assert beta.invoice_prefix == "BETA-"
    cloud_update(actor=world.actor("padmin"), cloud=beta, invoice_prefix="BETA-")
    beta.refresh_from_db()
    assert beta.invoice_prefix == "BETA-"

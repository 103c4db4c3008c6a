"""Every verb writes its audit row in its own transaction: a refused write
leaves neither the change nor the row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.clouds.models import Cloud
from cambill.clouds.services import cloud_update
from cambill.core.errors import DomainError
from cambill.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_update_records_actor_before_and_after(world) -> None:  # type: ignore[no-untyped-def]
    cloud_update(
        actor=world.actor("padmin"), cloud=world.clouds["telenet"], discount_percent="12.5"
    )
    row = AuditEntry.objects.filter(verb="cloud_update").get()
    assert row.actor == world.users["padmin"]
    assert row.before["discount_percent"] == "10.0000"
    assert Decimal(row.after["discount_percent"]) == Decimal("12.5")
    assert row.cloud_id == world.clouds["telenet"].pk


def test_refused_update_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    n = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        cloud_update(
            actor=world.actor("padmin"),
            cloud=world.clouds["telenet"],
            discount_percent="10",
            timezone="Mars/Base",
        )
    assert AuditEntry.objects.count() == n
    assert Cloud.objects.get(slug="telenet").discount_percent == Decimal("10")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("currency", "XXY", "unknown_currency"),
        ("timezone", "Nowhere/City", "unknown_timezone"),
        ("discount_percent", "-1", "validation_error"),
        ("proration", "hour", "validation_error"),
    ],
)
def test_bad_cloud_settings_get_a_code(world, field, value, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        cloud_update(
            actor=world.actor("padmin"), cloud=world.clouds["othercloud"], **{field: value}
        )
    assert str(exc.value.code) == code
    assert field in exc.value.fields

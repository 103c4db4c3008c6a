"""The cloud's billing timing (issue #17, point 1) on the cloud's pages."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.core.models import AuditEntry
from tests.web.test_flows import cloud_form, errors_of

pytestmark = pytest.mark.django_db


def form(**overrides: Any) -> dict[str, Any]:
    """The edit form as the page fills it, with the test's values."""
    from cambill.web.provider.forms import CloudForm

    data = {
        name: "" if f.initial is None else f.initial
        for name, f in CloudForm.base_fields.items()
        if name != "slug" and not isinstance(f.initial, bool)
    }
    data.update(cloud_form(currency="USD", timezone="America/Bogota", status="active"))
    del data["slug"]
    data.update(overrides)
    return data


def test_provider_admin_sets_billing_in_advance(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    page = client.get("/clouds/telenet/edit/").content.decode()
    assert 'name="billing_timing"' in page and "In advance: a month is invoiced" in page
    response = client.post("/clouds/telenet/edit/", form(billing_timing="advance"))
    assert response.status_code == 302, errors_of(response)
    telenet = world.clouds["telenet"]
    telenet.refresh_from_db()
    assert telenet.billing_timing == "advance"
    entry = AuditEntry.objects.filter(verb="cloud_update").latest("id")
    assert entry.after["billing_timing"] == "advance"
    detail = client.get("/clouds/telenet/").content.decode()
    assert "In advance, with the true-up of the month before" in detail
    # Left empty: arrears, the default.
    response = client.post("/clouds/telenet/edit/", form(billing_timing=""))
    assert response.status_code == 302, errors_of(response)
    telenet.refresh_from_db()
    assert telenet.billing_timing == "arrears"


def test_unknown_billing_timing_is_refused_and_nothing_written(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    before = AuditEntry.objects.count()
    response = client.post("/clouds/telenet/edit/", form(billing_timing="weekly"))
    assert response.status_code == 200
    assert "billing_timing" in response.context["form"].errors
    assert AuditEntry.objects.count() == before
    world.clouds["telenet"].refresh_from_db()
    assert world.clouds["telenet"].billing_timing == "arrears"

"""``/api/v1/meters/{code}/``: read, edit (what it reads only before usage) and
the live check (an event read as ingestion would, nothing stored)."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.usage.models import UsageEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db: Any) -> Any:
    from tests.api.helpers import bearer

    return bearer


EVENT = {
    "specversion": "1.0",
    "id": "e1",
    "source": "w",
    "type": "archive.stats",
    "subject": "camA",
    "time": "2026-03-10T10:00:00Z",
    "data": {"bytes": 2_500_000_000},
}


def test_meter_detail_patch_and_check(uw: Any, api: Any) -> None:
    c = api("padmin")
    got = c.get("/api/v1/meters/archive_gb/").json()
    assert (got["aggregation"], got["unit_divisor"]) == ("time_weighted_avg", "1000000000.00")
    resp = c.patch("/api/v1/meters/archive_gb/", {"name": "Archive (GB)"}, format="json")
    assert resp.status_code == 200 and resp.json()["name"] == "Archive (GB)"
    resp = c.post("/api/v1/meters/archive_gb/check/", {"event": EVENT}, format="json")
    assert resp.json() == {"ok": True, "problem": "", "reading": "2500000000", "value": "2.50"}
    bad = EVENT | {"data": {"bytes": -1}}
    resp = c.post("/api/v1/meters/archive_gb/check/", {"event": bad}, format="json")
    assert resp.json()["ok"] is False and "negative" in resp.json()["problem"]
    assert not UsageEvent.objects.exists()
    # Once it has counted usage, what it reads is fixed.
    resp = c.post("/api/v1/events?cloud=telenet", [EVENT], format="json")
    assert resp.status_code == 204, resp.content
    resp = c.patch("/api/v1/meters/archive_gb/", {"aggregation": "max"}, format="json")
    assert resp.status_code == 409 and "aggregation" in resp.json()["fields"]
    resp = c.patch("/api/v1/meters/archive_gb/", {"code": "x"}, format="json")
    assert resp.status_code == 400 and "code" in resp.json()["fields"]
    assert c.get("/api/v1/meters/nope/").status_code == 404
    cadmin = api("cadmin")
    assert (
        cadmin.patch("/api/v1/meters/archive_gb/", {"name": "x"}, format="json").status_code == 403
    )

"""The audit log through the API: provider admins only, filterable, read-only."""

from __future__ import annotations

import pytest

from .helpers import err

pytestmark = pytest.mark.django_db


def test_audit_list_and_filters(world, api) -> None:  # type: ignore[no-untyped-def]
    admin = api("cadmin")
    admin.post(
        "/api/v1/clouds/telenet/cameras/",
        {"code": "cam1", "account": "acme", "tariff": "HOME3", "at": "2026-03-01T00:00:00-05:00"},
        format="json",
    )
    c = api("padmin")
    body = c.get("/api/v1/audit/?verb=camera_change_tariff").json()
    assert body["count"] == 1
    (row,) = body["results"]
    assert (row["actor"], row["verb"], row["object_type"], row["object_repr"], row["cloud"]) == (
        "cadmin",
        "camera_change_tariff",
        "clouds.camera",
        "cam1",
        "telenet",
    )
    assert row["after"]["tariff"] == "HOME3"
    assert row["at"].endswith("Z")
    assert c.get("/api/v1/audit/?actor=cadmin").json()["count"] == 2  # camera_create + change
    assert c.get("/api/v1/audit/?cloud=othercloud&object_type=clouds.account").json()["count"] == 1
    assert c.get("/api/v1/audit/?actor=system&verb=user_create").json()["count"] >= 12
    rows = c.get("/api/v1/audit/?ordering=at").json()["results"]
    assert rows[0]["verb"] == "service_create"
    # Read-only.
    assert c.post("/api/v1/audit/", {}, format="json").status_code == 405
    for name in ("paccountant", "pmanager", "cadmin", "subscriber"):
        err(api(name).get("/api/v1/audit/"), 403, "forbidden")

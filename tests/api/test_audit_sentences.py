"""The audit log through the API also reads as sentences, the person by name
(issue #14, point 4); the login and the verb stay for machines."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_audit_rows_carry_the_actor_by_name_and_a_sentence(world, api) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_update
    from cambill.core.access import SYSTEM

    user_update(actor=SYSTEM, user=world.users["cadmin"], first_name="María", last_name="López")
    api("cadmin").post(
        "/api/v1/clouds/telenet/cameras/",
        {"code": "cam1", "account": "acme", "tariff": "HOME3", "at": "2026-03-01T00:00:00-05:00"},
        format="json",
    )
    (row,) = api("padmin").get("/api/v1/audit/?verb=camera_create").json()["results"]
    assert row["actor"] == "cadmin"
    assert row["actor_name"] == "María López"
    assert row["sentence"] == "María López added camera cam1"
    (row,) = (
        api("padmin").get("/api/v1/audit/?verb=service_create&search=REC_DAY").json()["results"]
    )
    assert row["actor_name"] == "System" and row["sentence"].startswith("System created service ")

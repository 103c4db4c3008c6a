"""Managing users through the API (issue #13, point 6): PATCH (role within its
family), deactivate, reactivate, password-reset; scope and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.accounts.models import User
from cambill.core.audit import AuditEntry
from cambill.notifications.models import Message

from .helpers import err, unchanged

pytestmark = pytest.mark.django_db


def test_patch_changes_profile_and_role_in_scope(world: Any, api: Any) -> None:
    c = api("cadmin")
    resp = c.patch(
        "/api/v1/users/caccountant/",
        {"first_name": "Carla", "email": "carla@t.test", "language": "es", "role": "cloud_admin"},
        format="json",
    )
    assert resp.status_code == 200, resp.json()
    body = resp.json()
    assert (body["first_name"], body["email"], body["language"], body["role"]) == (
        "Carla",
        "carla@t.test",
        "es",
        "cloud_admin",
    )
    row = AuditEntry.objects.get(verb="user_update", object_id=str(world.users["caccountant"].pk))
    assert (row.before["role"], row.after["role"]) == ("cloud_accountant", "cloud_admin")


def test_patch_refusals(world: Any, api: Any) -> None:
    c, cc = api("cadmin"), api("caccountant")
    with unchanged():
        err(
            c.patch("/api/v1/users/amanager2/", {"role": "provider_admin"}, format="json"),
            403,
            "forbidden",
        )
        err(
            c.patch("/api/v1/users/subscriber/", {"role": "cloud_admin"}, format="json"),
            400,
            "validation_error",
        )
        err(
            c.patch("/api/v1/users/cadmin/", {"role": "account_manager"}, format="json"),
            400,
            "validation_error",
        )
        err(
            c.patch("/api/v1/users/otheradmin/", {"first_name": "X"}, format="json"),
            404,
            "not_found",
        )
        err(c.patch("/api/v1/users/padmin/", {"first_name": "X"}, format="json"), 404, "not_found")
        err(
            c.patch("/api/v1/users/cadmin/", {"password": "new-password-77"}, format="json"),
            400,
            "validation_error",
        )
        err(
            cc.patch("/api/v1/users/amanager/", {"first_name": "X"}, format="json"),
            404,
            "not_found",
        )


def test_deactivate_and_reactivate(world: Any, api: Any) -> None:
    victim = api("amanager")
    assert victim.get("/api/v1/users/me/").status_code == 200
    c = api("cadmin")
    resp = c.post("/api/v1/users/amanager/deactivate")
    assert resp.status_code == 200, resp.json()
    assert resp.json()["is_active"] is False
    # Its token stops at once, and stays revoked after a reactivation.
    err(victim.get("/api/v1/users/me/"), 401, "not_authenticated")
    err(c.post("/api/v1/users/amanager/deactivate/"), 409, "invalid_state")
    resp = c.post("/api/v1/users/amanager/reactivate/")
    assert (resp.status_code, resp.json()["is_active"]) == (200, True)
    err(victim.get("/api/v1/users/me/"), 401, "not_authenticated")
    assert api("amanager").get("/api/v1/users/me/").status_code == 200
    err(c.post("/api/v1/users/amanager/reactivate"), 409, "invalid_state")
    verbs = list(
        AuditEntry.objects.filter(object_id=str(world.users["amanager"].pk))
        .exclude(verb__in=["user_create", "api_token_create"])
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["user_deactivate", "user_reactivate"]


def test_deactivate_refusals(world: Any, api: Any) -> None:
    ca, cc, su, pa = api("cadmin"), api("caccountant"), api("subscriber"), api("padmin")
    with unchanged():
        err(ca.post("/api/v1/users/cadmin/deactivate"), 400, "validation_error")
        err(ca.post("/api/v1/users/otheradmin/deactivate"), 404, "not_found")
        err(cc.post("/api/v1/users/amanager/deactivate"), 404, "not_found")
        err(cc.post("/api/v1/users/caccountant/deactivate"), 403, "forbidden")
        err(su.post("/api/v1/users/subscriber/reactivate"), 403, "forbidden")
        err(pa.post("/api/v1/users/nobody/deactivate"), 404, "not_found")
    assert User.objects.filter(is_active=False).count() == 0


def test_password_reset(world: Any, api: Any) -> None:
    c = api("padmin")
    with unchanged():
        err(c.post("/api/v1/users/pmanager/password-reset"), 400, "validation_error")
    c.patch("/api/v1/users/pmanager/", {"email": "pm@p.test"}, format="json")
    resp = c.post("/api/v1/users/pmanager/password-reset")
    assert resp.status_code == 200, resp.json()
    assert resp.json() == {"username": "pmanager", "sent_to": "pm@p.test"}
    msg = Message.objects.get(kind="password_reset")
    assert (msg.to, msg.user_id, msg.cloud_id) == (["pm@p.test"], world.users["pmanager"].pk, None)
    err(api("cadmin").post("/api/v1/users/pmanager/password-reset"), 404, "not_found")
    err(api("amanager").post("/api/v1/users/amanager/password-reset"), 403, "forbidden")
    assert Message.objects.count() == 1


def test_the_schema_documents_the_user_routes(world: Any) -> None:
    from .test_schema import load_schema

    paths = load_schema()["paths"]
    for tail in ("deactivate", "reactivate", "password-reset"):
        op = paths[f"/api/v1/users/{{username}}/{tail}/"]["post"]
        assert op["description"], tail
    reset = paths["/api/v1/users/{username}/password-reset/"]["post"]
    assert reset["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PasswordResetOut"
    }
    patch = load_schema()["components"]["schemas"]["PatchedUserPatchInRequest"]["properties"]
    assert {"role", "current_password", "is_active"} <= set(patch)

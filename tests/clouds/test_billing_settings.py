"""The cloud admin owns its cloud's retail billing settings (issue #17, #13):
``cloud.billing_settings``, the verb, ``/api/v1/clouds/{slug}/billing-settings/``
and the "Billing settings" page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from cambill.clouds.models import Cloud
from cambill.clouds.services import cloud_billing_settings_update
from cambill.core.access import actor_for
from cambill.core.errors import DomainError, Forbidden, NotFound
from cambill.core.models import AuditEntry
from tests.api.helpers import bearer

URL = "/api/v1/clouds/telenet/billing-settings/"
PAGE = "/clouds/telenet/billing-settings/"

CHANGES: list[tuple[str, Any, Any]] = [
    ("billing_timing", "advance", "advance"),
    ("suspended_days", "skip", "skip"),
    ("offline_credit_hours", 4, 4),
    ("review_threshold_percent", "35.5", Decimal("35.5")),
    ("auto_issue", True, True),
    ("late_usage_policy", "credit_note_report", "credit_note_report"),
    ("suspension_mode", "confirm", "confirm"),
]


def _telenet() -> Cloud:
    return Cloud.objects.get(slug="telenet")


def _settings(cloud: Cloud) -> dict[str, Any]:
    return {name: getattr(cloud, name) for name, _v, _s in CHANGES}


# --- the verb ---------------------------------------------------------------


def test_verb_changes_only_the_billing_settings_with_one_audit_row(world) -> None:  # type: ignore[no-untyped-def]
    actor = actor_for(world.users["cadmin"])
    cloud = cloud_billing_settings_update(
        actor=actor, cloud=_telenet(), billing_timing="advance", offline_credit_hours=6
    )
    assert (cloud.billing_timing, cloud.offline_credit_hours) == ("advance", 6)
    entry = AuditEntry.objects.filter(verb="cloud_billing_settings_update").get()
    assert entry.cloud_id == cloud.pk
    assert entry.before["billing_timing"] == "arrears"
    assert entry.after["billing_timing"] == "advance"


def test_verb_refuses_any_other_field_and_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    actor = actor_for(world.users["cadmin"])
    with pytest.raises(DomainError) as e:
        cloud_billing_settings_update(
            actor=actor, cloud=_telenet(), billing_timing="advance", discount_percent="0"
        )
    assert list(e.value.fields) == ["discount_percent"]
    assert _telenet().billing_timing == "arrears"
    assert _telenet().discount_percent == Decimal("10")
    assert not AuditEntry.objects.filter(verb="cloud_billing_settings_update").exists()


def test_verb_refuses_other_roles_and_other_clouds(world) -> None:  # type: ignore[no-untyped-def]
    for name in ("caccountant", "amanager", "subscriber", "pmanager", "paccountant"):
        with pytest.raises(Forbidden):
            cloud_billing_settings_update(
                actor=actor_for(world.users[name]), cloud=_telenet(), suspended_days="skip"
            )
    with pytest.raises(NotFound):
        cloud_billing_settings_update(
            actor=actor_for(world.users["otheradmin"]), cloud=_telenet(), suspended_days="skip"
        )
    assert _telenet().suspended_days == "bill"


# --- the API ----------------------------------------------------------------


@pytest.mark.parametrize(("field", "sent", "stored"), CHANGES)
def test_cloud_admin_changes_each_setting_through_the_api(world, field, sent, stored) -> None:  # type: ignore[no-untyped-def]
    resp = bearer("cadmin").patch(URL, {field: sent}, format="json")
    assert resp.status_code == 200, resp.content
    assert getattr(_telenet(), field) == stored
    body = resp.json()
    assert set(body) == {name for name, _v, _s in CHANGES}
    assert AuditEntry.objects.filter(verb="cloud_billing_settings_update").count() == 1


def test_get_shows_the_settings(world) -> None:  # type: ignore[no-untyped-def]
    resp = bearer("cadmin").get(URL)
    assert resp.status_code == 200
    assert resp.json() == {
        "billing_timing": "arrears",
        "suspended_days": "bill",
        "offline_credit_hours": None,
        "review_threshold_percent": "20.00",
        "auto_issue": False,
        "late_usage_policy": "next_period",
        "suspension_mode": "auto",
    }


def test_provider_admin_uses_the_same_endpoint_and_keeps_the_cloud_patch(world) -> None:  # type: ignore[no-untyped-def]
    assert bearer("padmin").patch(URL, {"suspended_days": "skip"}, format="json").status_code == 200
    resp = bearer("padmin").patch(
        "/api/v1/clouds/telenet/", {"billing_timing": "advance"}, format="json"
    )
    assert resp.status_code == 200
    assert (_telenet().suspended_days, _telenet().billing_timing) == ("skip", "advance")


def test_cloud_admin_may_not_patch_the_cloud_itself(world) -> None:  # type: ignore[no-untyped-def]
    resp = bearer("cadmin").patch(
        "/api/v1/clouds/telenet/", {"billing_timing": "advance"}, format="json"
    )
    assert resp.status_code == 403
    assert _telenet().billing_timing == "arrears"


def test_other_fields_are_refused_naming_the_field(world) -> None:  # type: ignore[no-untyped-def]
    resp = bearer("cadmin").patch(
        URL, {"billing_timing": "advance", "discount_percent": "0"}, format="json"
    )
    assert resp.status_code == 400
    assert resp.json()["code"] == "validation_error"
    assert "discount_percent" in resp.json()["fields"]
    assert _telenet().billing_timing == "arrears"


@pytest.mark.parametrize(
    "body",
    [
        {"billing_timing": "yearly"},
        {"suspended_days": "maybe"},
        {"offline_credit_hours": 0},
        {"offline_credit_hours": 25},
        {"offline_credit_hours": "x"},
        {"review_threshold_percent": "101"},
        {"review_threshold_percent": "-1"},
        {"late_usage_policy": "ignore"},
        {"auto_issue": "perhaps"},
        {"suspension_mode": "never"},
    ],
)
def test_bad_values_are_400_with_field_messages_and_nothing_written(world, body) -> None:  # type: ignore[no-untyped-def]
    before = _settings(_telenet())
    resp = bearer("cadmin").patch(URL, {"suspended_days": "skip", **body}, format="json")
    assert resp.status_code == 400, resp.content
    err = resp.json()
    assert err["code"] == "validation_error"
    assert list(err["fields"]) == list(body)
    assert err["fields"][next(iter(body))][0]
    assert _settings(_telenet()) == before
    assert not AuditEntry.objects.filter(verb="cloud_billing_settings_update").exists()


def test_other_clouds_admin_gets_404(world) -> None:  # type: ignore[no-untyped-def]
    assert bearer("otheradmin").get(URL).status_code == 404
    resp = bearer("otheradmin").patch(URL, {"suspended_days": "skip"}, format="json")
    assert resp.status_code == 404
    assert _telenet().suspended_days == "bill"


@pytest.mark.parametrize("name", ["caccountant", "amanager", "subscriber", "pmanager"])
def test_other_roles_are_refused(world, name) -> None:  # type: ignore[no-untyped-def]
    assert bearer(name).get(URL).status_code in (403, 404)
    resp = bearer(name).patch(URL, {"suspended_days": "skip"}, format="json")
    assert resp.status_code in (403, 404)
    assert resp.json()["code"] in ("forbidden", "not_found")
    assert _telenet().suspended_days == "bill"


# --- the page ---------------------------------------------------------------


def _login(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


FORM = {
    "billing_timing": "arrears",
    "suspended_days": "bill",
    "offline_credit_hours": "",
    "review_threshold_percent": "20",
    "late_usage_policy": "next_period",
}


def test_cloud_admin_page_is_in_the_navigation_and_shows_the_form(world) -> None:  # type: ignore[no-untyped-def]
    c = _login(world, "cadmin")
    home = c.get("/clouds/telenet/invoices/")
    assert PAGE.encode() in home.content
    page = c.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Billing settings" in html
    assert '<select name="billing_timing"' in html and '<select name="suspended_days"' in html
    assert "Wholesale stays in arrears" in html  # a help text
    assert '<select name="suspension_mode"' in html


@pytest.mark.parametrize(
    ("field", "posted", "stored"),
    [
        ("billing_timing", "advance", "advance"),
        ("suspended_days", "skip", "skip"),
        ("offline_credit_hours", "4", 4),
        ("review_threshold_percent", "35.5", Decimal("35.5")),
        ("auto_issue", "on", True),
        ("late_usage_policy", "credit_note_report", "credit_note_report"),
        ("suspension_mode", "confirm", "confirm"),
    ],
)
def test_cloud_admin_changes_each_setting_on_the_page(world, field, posted, stored) -> None:  # type: ignore[no-untyped-def]
    resp = _login(world, "cadmin").post(PAGE, {**FORM, field: posted})
    assert resp.status_code == 302, resp.content
    assert getattr(_telenet(), field) == stored
    assert AuditEntry.objects.filter(verb="cloud_billing_settings_update").count() == 1


def test_page_shows_field_errors_and_writes_nothing(world) -> None:  # type: ignore[no-untyped-def]
    before = _settings(_telenet())
    resp = _login(world, "cadmin").post(
        PAGE, {**FORM, "suspended_days": "skip", "review_threshold_percent": "150"}
    )
    assert resp.status_code == 200
    form = resp.context["form"]
    assert "review_threshold_percent" in form.errors
    assert _settings(_telenet()) == before
    resp = _login(world, "cadmin").post(PAGE, {**FORM, "offline_credit_hours": "30"})
    assert "offline_credit_hours" in resp.context["form"].errors
    assert _settings(_telenet()) == before


def test_provider_admin_sees_the_same_form_on_the_cloud(world) -> None:  # type: ignore[no-untyped-def]
    c = _login(world, "padmin")
    detail = c.get("/clouds/telenet/")
    assert detail.status_code == 200
    assert PAGE.encode() in detail.content  # among the cloud's tabs
    assert c.get(PAGE).status_code == 200
    resp = c.post(PAGE, {**FORM, "suspended_days": "skip"})
    assert resp.status_code == 302, resp.content
    assert _telenet().suspended_days == "skip"


@pytest.mark.parametrize(
    ("name", "status"),
    [("otheradmin", 404), ("caccountant", 403), ("amanager", 403), ("subscriber", 403)],
)
def test_page_refuses_others(world, name, status) -> None:  # type: ignore[no-untyped-def]
    c = _login(world, name)
    assert c.get(PAGE).status_code == status
    assert c.post(PAGE, {**FORM, "suspended_days": "skip"}).status_code == status
    assert _telenet().suspended_days == "bill"
    if name != "otheradmin":
        assert PAGE.encode() not in c.get("/").content

"""Suspension from the account page, the cloud's settings and the service flag on their pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cambill.clouds.models import AccountSuspension
from tests.conftest import utc

pytestmark = pytest.mark.django_db
T = "/clouds/telenet"


def web(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def test_suspend_and_resume_from_the_account_page(world: Any, time_machine: Any) -> None:
    time_machine.move_to(utc(2026, 5, 5, 12), tick=False)
    c = web(world, "cadmin")
    page = c.get(f"{T}/accounts/acme/").content.decode()
    assert f'href="{T}/accounts/acme/suspend/"' in page and "Never suspended." in page
    # Local time in Bogota (UTC-5).
    r = c.post(f"{T}/accounts/acme/suspend/", {"at": "2026-04-11 00:00", "reason": "By phone"})
    assert r.status_code == 302, r.content.decode()[:3000]
    page = c.get(f"{T}/accounts/acme/").content.decode()
    assert f'href="{T}/accounts/acme/resume/"' in page and "By phone" in page
    r = c.post(f"{T}/accounts/acme/resume/", {"reason": "Paid"})
    assert r.status_code == 302
    assert list(
        AccountSuspension.objects.values_list("start", "end", "reason", "resume_reason")
    ) == [(utc(2026, 4, 11, 5), utc(2026, 5, 5, 12), "By phone", "Paid")]
    # A refusal comes back on the form, nothing written.
    r = c.post(f"{T}/accounts/acme/resume/", {})
    assert r.status_code == 200 and "The account is not suspended." in r.content.decode()
    # A subscriber sees the history but may not suspend.
    assert web(world, "subscriber").post(f"{T}/accounts/acme/suspend/", {}).status_code == 403
    assert AccountSuspension.objects.count() == 1


def test_cloud_settings_and_service_flag_pages(world: Any) -> None:
    c = web(world, "padmin")
    page = c.get(f"{T}/edit/").content.decode()
    assert 'name="suspended_days"' in page and 'name="offline_credit_hours"' in page
    r = c.get("/services/REC_DAY/edit/")
    assert r.status_code == 200 and 'name="billed_while_suspended"' in r.content.decode()
    r = c.post(
        "/services/REC_DAY/edit/",
        {
            "name": "1 day of continuous recording",
            "kind": "fixed",
            "unit": "camera-month",
            "preset_settings": '{"dvr_days": 1}',
            "active": "on",
            "billed_while_suspended": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    world.services["REC_DAY"].refresh_from_db()
    assert world.services["REC_DAY"].billed_while_suspended is True

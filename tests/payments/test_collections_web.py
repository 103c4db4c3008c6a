"""The collections page (issue #13, point 5): buckets and accounts with exact
amounts and dates, the bulk reminder, the suspension queue's buttons, who sees
the page and its menu entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from cambill.clouds.models import Account
from cambill.clouds.services import cloud_billing_settings_update
from cambill.notifications.models import Message
from cambill.payments.models import DunningEvent
from tests.conftest import utc
from tests.payments.test_collections import chase  # noqa: F401 (the fixture)

PAGE = "/clouds/telenet/collections/"


def _login(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


@pytest.fixture
def at_day_20():  # type: ignore[no-untyped-def]
    with time_machine.travel(utc(2026, 5, 10, 13), tick=False):
        yield


def test_page_shows_buckets_accounts_and_queue(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = _login(chase, "caccountant")
    resp = c.get(PAGE)
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Collections" in html
    assert 'id="bucket-days_1_30"' in html
    data = resp.context["data"]
    assert [(b.key, b.amount) for b in data.buckets][1] == ("days_1_30", Decimal("29.48"))
    assert "29.48" in html and "25.91" in html and "3.57" in html
    # The oldest due date and the next step, in Bogota time.
    assert "Reminder (day 10)" in html
    assert 'id="account-acme"' in html and 'id="account-beta"' in html
    assert 'name="account" value="acme"' in html  # the accountant may remind
    assert 'id="queue-acme"' in html
    assert "Confirm suspension" not in html  # but not suspend
    # A bucket filter keeps the totals whole and lists nobody of another age.
    other = c.get(PAGE, {"bucket": "days_61_90"})
    assert other.status_code == 200
    assert 'id="account-acme"' not in other.content.decode()
    assert "No account of this age." in other.content.decode()


def test_page_is_in_the_menu_of_who_may_see_it(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for name in ("cadmin", "caccountant", "amanager"):
        assert PAGE.encode() in _login(chase, name).get("/clouds/telenet/accounts/").content, name
    for name in ("subscriber", "agent"):
        assert PAGE.encode() not in _login(chase, name).get("/").content, name
    assert PAGE.encode() in _login(chase, "padmin").get("/clouds/telenet/").content


@pytest.mark.parametrize("name", ["subscriber", "agent", "otheradmin"])
def test_others_get_404(chase, at_day_20, name) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = _login(chase, name)
    assert c.get(PAGE).status_code == 404
    assert c.post(PAGE + "remind/", {"account": ["acme"]}).status_code == 404
    assert c.post(PAGE + "suspension-queue/acme/confirm/").status_code == 404
    assert not DunningEvent.objects.exists()


def test_account_manager_sees_only_its_accounts(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    html = _login(chase, "amanager").get(PAGE).content.decode()
    assert 'id="account-acme"' in html and 'id="account-beta"' not in html
    assert 'id="queue-acme"' in html and 'id="queue-beta"' not in html
    assert "Confirm suspension" in html


def test_bulk_reminder_from_the_page(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = _login(chase, "caccountant")
    resp = c.post(PAGE + "remind/", {"account": ["acme", "beta"], "back": "?bucket=days_1_30"})
    assert resp.status_code == 302 and resp["Location"] == PAGE + "?bucket=days_1_30"
    assert Message.objects.filter(kind="dunning_reminder").count() == 2
    page = c.get(PAGE).content.decode()
    assert "Reminders sent to 2 accounts: acme, beta." in page
    c.post(PAGE + "remind/", {"account": ["acme"]})
    assert "acme (already reminded today)" in c.get(PAGE).content.decode()
    assert Message.objects.filter(kind="dunning_reminder").count() == 2
    # Nothing selected, or an account that is not the cloud's: a message, nothing sent.
    c.post(PAGE + "remind/", {})
    assert "Select the accounts to remind first." in c.get(PAGE).content.decode()
    c.post(PAGE + "remind/", {"account": ["gamma"]})
    assert "No such account: gamma." in c.get(PAGE).content.decode()
    assert Message.objects.filter(kind="dunning_reminder").count() == 2


def test_confirm_and_dismiss_from_the_page(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    cloud_billing_settings_update(
        actor=chase.actor("cadmin"), cloud=chase.clouds["telenet"], suspension_mode="confirm"
    )
    c = _login(chase, "cadmin")
    html = c.get(PAGE).content.decode()
    assert "once a person confirms it" in html and "Confirm suspension" in html
    assert c.post(PAGE + "suspension-queue/beta/confirm/").status_code == 302
    assert Account.objects.get(code="beta").status == "suspended"
    assert "Account beta is suspended." in c.get(PAGE).content.decode()
    c.post(PAGE + "suspension-queue/acme/dismiss/", {"reason": "x" * 301})
    assert "A reason of at most 300 characters." in c.get(PAGE).content.decode()
    c.post(PAGE + "suspension-queue/acme/dismiss/", {"reason": "Pays on Friday"})
    html = c.get(PAGE).content.decode()
    assert "Account acme stays active" in html
    assert "No account waits for suspension." in html
    # Again: it is not in the queue any more.
    c.post(PAGE + "suspension-queue/acme/confirm/")
    assert "Account acme is not in the suspension queue." in c.get(PAGE).content.decode()
    assert Account.objects.get(code="acme").status == "active"
    # The cloud accountant may not confirm.
    assert (
        _login(chase, "caccountant").post(PAGE + "suspension-queue/acme/confirm/").status_code
        == 403
    )


def test_empty_cloud_renders(world) -> None:  # type: ignore[no-untyped-def]
    html = _login(world, "cadmin").get(PAGE).content.decode()
    assert "No open money: every issued invoice is paid." in html
    assert "This cloud has no dunning policy" in html

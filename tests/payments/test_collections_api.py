"""Collections through the API (issue #13, point 5): the buckets and accounts,
reminders by hand, the suspension queue with confirm and dismiss; the error
shape on bad input; an account manager's and a subscriber's view.

The world of ``test_collections``: acme owes 25.91 USD and beta 3.57 USD, due
2026-04-20 12:00 UTC (07:00 in Bogota); reminders on days 3 and 10, suspension
on day 20.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from cambill.clouds.models import Account
from cambill.clouds.services import cloud_billing_settings_update
from cambill.core.audit import AuditEntry
from cambill.notifications.models import Message
from cambill.payments.models import DunningEvent
from tests.api.helpers import bearer, err
from tests.conftest import utc
from tests.payments.test_collections import chase  # noqa: F401 (the fixture)

BASE = "/api/v1/clouds/telenet/collections/"
REMIND = BASE + "reminders/"
QUEUE = BASE + "suspension-queue/"


@pytest.fixture
def at_day_20():  # type: ignore[no-untyped-def]
    with time_machine.travel(utc(2026, 5, 10, 13), tick=False):
        yield


def test_buckets_and_accounts(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = bearer("caccountant").get(BASE).json()
    assert body["currency"] == "USD"
    assert body["today"] == "2026-05-10"
    assert body["total"] == "29.48"
    assert body["suspension_mode"] == "auto"
    assert [(b["bucket"], b["amount"], b["accounts"]) for b in body["buckets"]] == [
        ("current", "0.00", 0),
        ("days_1_30", "29.48", 2),
        ("days_31_60", "0.00", 0),
        ("days_61_90", "0.00", 0),
        ("days_over_90", "0.00", 0),
    ]
    assert body["count"] == 2
    acme = body["results"][0]
    assert acme == {
        "account": "acme",
        "name": "ACME Logistics",
        "status": "active",
        "account_manager": "amanager",
        "bucket": "days_1_30",
        "days_overdue": 20,
        "oldest_due_at": "2026-04-20T07:00:00-05:00",
        "open_amount": "25.91",
        "overdue_amount": "25.91",
        "next_step": {
            "kind": "reminder",
            "day": 10,
            "at": "2026-04-30T07:00:00-05:00",
            "invoice": chase.inv["acme"].number,
        },
        "last_reminder_at": None,
        "suspension_due": True,
    }
    assert [r["account"] for r in body["results"]] == ["acme", "beta"]


def test_filter_and_pages(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = bearer("cadmin")
    assert c.get(BASE, {"bucket": "days_31_60"}).json()["results"] == []
    assert c.get(BASE, {"bucket": "days_31_60"}).json()["total"] == "29.48"  # buckets stay whole
    page = c.get(BASE, {"page_size": 1, "page": 2}).json()
    assert [r["account"] for r in page["results"]] == ["beta"] and page["count"] == 2
    assert page["next"] is None and page["previous"]
    assert [r["account"] for r in c.get(BASE, {"search": "acm"}).json()["results"]] == ["acme"]
    body = err(c.get(BASE, {"bucket": "90+"}), 400, "validation_error")
    assert "bucket" in body["fields"]
    err(c.get(BASE, {"page": 0}), 400, "validation_error")


def test_account_manager_sees_its_own_and_a_subscriber_nothing(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = bearer("amanager").get(BASE).json()
    assert [r["account"] for r in body["results"]] == ["acme"]
    assert body["total"] == "25.91"
    assert [r["account"] for r in bearer("amanager").get(QUEUE).json()["results"]] == ["acme"]
    for name in ("subscriber", "agent", "otheradmin"):
        err(bearer(name).get(BASE), 404, "not_found")
        err(bearer(name).get(QUEUE), 404, "not_found")
        err(bearer(name).post(REMIND, {"accounts": ["acme"]}, format="json"), 404, "not_found")
        err(bearer(name).post(QUEUE + "acme/confirm", format="json"), 404, "not_found")
    assert not DunningEvent.objects.exists()


def test_bulk_reminder_is_idempotent_per_day(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = bearer("caccountant")
    resp = c.post(REMIND, {"accounts": ["acme", "beta"]}, format="json")
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["sent"] == 2
    assert [(r["account"], r["status"], r["amount"]) for r in body["results"]] == [
        ("acme", "sent", "25.91"),
        ("beta", "sent", "3.57"),
    ]
    again = c.post(REMIND, {"accounts": ["beta", "acme"]}, format="json").json()
    assert again["sent"] == 0
    assert [r["status"] for r in again["results"]] == ["already_sent", "already_sent"]
    msgs = Message.objects.filter(kind="dunning_reminder").order_by("id")
    assert [(m.account.code, m.language) for m in msgs] == [("acme", "en"), ("beta", "es")]
    assert "20 días de retraso" in msgs[1].body
    assert AuditEntry.objects.filter(verb="collections_remind").count() == 2
    rows = c.get(BASE).json()["results"]
    assert [r["last_reminder_at"] for r in rows] == ["2026-05-10T08:00:00-05:00"] * 2


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"accounts": []},
        {"accounts": "acme"},
        {"accounts": [5]},
        {"accounts": ["acme", "nope"]},
        {"accounts": ["a" * 65]},
        {"accounts": ["acme"], "now": "2026-01-01"},
    ],
)
def test_bad_reminder_bodies_are_400_and_write_nothing(chase, at_day_20, body) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    resp = bearer("cadmin").post(REMIND, body, format="json")
    out = err(resp, 400, "validation_error")
    assert out["fields"]
    assert not Message.objects.filter(kind="dunning_reminder").exists()
    assert not DunningEvent.objects.exists()


def test_account_manager_may_not_remind_anothers_account(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    body = err(
        bearer("amanager").post(REMIND, {"accounts": ["beta"]}, format="json"),
        400,
        "validation_error",
    )
    assert body["fields"]["accounts"] == ["No such account: beta."]


def _mode(world: Any, mode: str) -> None:
    cloud_billing_settings_update(
        actor=world.actor("cadmin"), cloud=world.clouds["telenet"], suspension_mode=mode
    )


def test_queue_confirm_and_dismiss(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _mode(chase, "confirm")
    c = bearer("cadmin")
    queue = c.get(QUEUE).json()
    assert queue["count"] == 2
    assert queue["results"][1] == {
        "account": "beta",
        "name": "Beta Shops",
        "invoice": chase.inv["beta"].number,
        "days_overdue": 20,
        "amount": "3.57",
        "due_since": "2026-05-10T07:00:00-05:00",
    }
    resp = c.post(QUEUE + "beta/confirm", format="json")
    assert resp.status_code == 201, resp.content
    assert resp.json() == {"account": "beta", "status": "suspended"}
    err(c.post(QUEUE + "beta/confirm", format="json"), 409, "invalid_state")
    err(
        c.post(QUEUE + "acme/dismiss", {"reason": "x" * 301}, format="json"),
        400,
        "validation_error",
    )
    err(c.post(QUEUE + "acme/dismiss", {"why": "x"}, format="json"), 400, "validation_error")
    resp = c.post(QUEUE + "acme/dismiss", {"reason": "Pays on Friday"}, format="json")
    assert resp.status_code == 200 and resp.json() == {"account": "acme", "status": "active"}
    assert c.get(QUEUE).json()["count"] == 0
    err(c.post(QUEUE + "nope/confirm", format="json"), 404, "not_found")
    assert Account.objects.get(code="acme").status == "active"
    assert [e.verb for e in AuditEntry.objects.filter(verb__startswith="suspension_")] == [
        "suspension_dismiss",
        "suspension_confirm",
    ]


def test_who_may_confirm(chase, at_day_20) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _mode(chase, "confirm")
    err(bearer("caccountant").post(QUEUE + "beta/confirm", format="json"), 403, "forbidden")
    err(bearer("amanager").post(QUEUE + "beta/confirm", format="json"), 404, "not_found")
    err(bearer("subscriber2").post(QUEUE + "beta/dismiss", format="json"), 404, "not_found")
    resp = bearer("amanager2").post(QUEUE + "beta/confirm", format="json")
    assert resp.status_code == 201
    assert Account.objects.get(code="beta").status == "suspended"

"""Collections (issue #13, point 5): the overdue accounts of a cloud by age bucket
in its time zone, each account's next dunning step, reminders sent by hand (once
per account and local day, in the account's language, through the outbox), and
the suspension queue with the cloud's automatic or confirmed suspension.

The world: telenet (America/Bogota, UTC-5), acme owes 25.91 USD and beta 3.57 USD,
both due 2026-04-20 12:00 UTC (07:00 in Bogota); dunning reminds on days 3 and 10
and suspends on day 20.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from cambill.clouds.models import AccountSuspension
from cambill.clouds.services import account_update, cloud_billing_settings_update
from cambill.core.access import SYSTEM
from cambill.core.audit import AuditEntry
from cambill.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from cambill.notifications.models import Message
from cambill.payments.collections.selectors import collections_overview, suspension_queue
from cambill.payments.collections.services import (
    collections_remind,
    suspension_confirm,
    suspension_dismiss,
)
from cambill.payments.dunning import dunning_policy_set, dunning_run
from cambill.payments.models import DunningEvent
from cambill.payments.services import payment_record
from tests.conftest import utc

D = Decimal


@pytest.fixture
def chase(billed):  # type: ignore[no-untyped-def]
    dunning_policy_set(
        actor=billed.actor("cadmin"),
        cloud=billed.clouds["telenet"],
        reminder_days=[3, 10],
        suspend_after_days=20,
    )
    account_update(
        actor=SYSTEM, account=billed.accounts["beta"], email="pay@beta.test", language="es"
    )
    return billed


def _overview(world, name="caccountant", **kw):  # type: ignore[no-untyped-def]
    return collections_overview(actor=world.actor(name), cloud=world.clouds["telenet"], **kw)


def _buckets(c) -> dict[str, tuple[Decimal, int]]:  # type: ignore[no-untyped-def]
    return {b.key: (b.amount, b.accounts) for b in c.buckets}


# --- buckets, in the cloud's time zone ----------------------------------------


@pytest.mark.parametrize(
    ("now", "bucket", "days"),
    [
        (utc(2026, 4, 20, 11), "current", 0),  # due today
        (utc(2026, 4, 21, 4, 59), "current", 0),  # still 20 April in Bogota
        (utc(2026, 4, 21, 5), "days_1_30", 1),  # local midnight: 1 day overdue
        (utc(2026, 5, 21, 4, 59), "days_1_30", 30),
        (utc(2026, 5, 21, 5), "days_31_60", 31),
        (utc(2026, 6, 20, 5), "days_61_90", 61),
        (utc(2026, 7, 20, 5), "days_over_90", 91),
    ],
)
def test_accounts_sit_in_the_bucket_of_their_age_in_local_days(chase, now, bucket, days) -> None:  # type: ignore[no-untyped-def]
    c = _overview(chase, now=now)
    assert c.currency == "USD"
    expected = {k: (D(0), 0) for k in _buckets(c)}
    expected[bucket] = (D("29.48"), 2)
    assert _buckets(c) == expected
    assert c.total == D("29.48")
    rows = {r.account.code: r for r in c.rows}
    assert {code: (r.bucket, r.days_overdue, r.open_amount) for code, r in rows.items()} == {
        "acme": (bucket, days, D("25.91")),
        "beta": (bucket, days, D("3.57")),
    }
    overdue = D(0) if bucket == "current" else None
    assert rows["acme"].overdue_amount == (overdue if overdue is not None else D("25.91"))
    assert rows["acme"].oldest_due_at == utc(2026, 4, 20, 12)


def test_a_part_payment_leaves_its_open_amount_and_the_filter_picks_a_bucket(chase) -> None:  # type: ignore[no-untyped-def]
    payment_record(
        actor=chase.actor("caccountant"),
        cloud=chase.clouds["telenet"],
        account=chase.accounts["acme"],
        amount="10.00",
        received_at=utc(2026, 4, 25),
    )
    c = _overview(chase, now=utc(2026, 5, 1, 13))
    assert _buckets(c)["days_1_30"] == (D("19.48"), 2)
    assert [(r.account.code, r.overdue_amount) for r in c.rows] == [
        ("acme", D("15.91")),
        ("beta", D("3.57")),
    ]
    assert _overview(chase, now=utc(2026, 5, 1, 13), bucket="days_31_60").rows == []
    assert [
        r.account.code for r in _overview(chase, now=utc(2026, 5, 1, 13), search="bet").rows
    ] == ["beta"]
    with pytest.raises(DomainError) as e:
        _overview(chase, now=utc(2026, 5, 1, 13), bucket="1-30")
    assert e.value.code == ErrorCode.VALIDATION and "bucket" in e.value.fields


def test_a_paid_account_leaves_the_page(chase) -> None:  # type: ignore[no-untyped-def]
    payment_record(
        actor=chase.actor("caccountant"),
        cloud=chase.clouds["telenet"],
        account=chase.accounts["acme"],
        amount="25.91",
        received_at=utc(2026, 4, 25),
    )
    c = _overview(chase, now=utc(2026, 5, 1, 13))
    assert [r.account.code for r in c.rows] == ["beta"]
    assert c.total == D("3.57")


# --- next dunning step and last reminder ---------------------------------------


def test_next_step_and_last_reminder_follow_the_dunning_run(
    chase, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    def step(now):  # type: ignore[no-untyped-def]
        row = next(r for r in _overview(chase, now=now).rows if r.account.code == "beta")
        s = row.next_step
        return (s.kind, s.day, s.at) if s else None, row.last_reminder_at

    assert step(utc(2026, 4, 22, 13)) == (("reminder", 3, utc(2026, 4, 23, 12)), None)
    with django_capture_on_commit_callbacks(execute=True):
        dunning_run(cloud=chase.clouds["telenet"], now=utc(2026, 4, 23, 13))
    assert step(utc(2026, 4, 23, 14)) == (
        ("reminder", 10, utc(2026, 4, 30, 12)),
        utc(2026, 4, 23, 13),
    )
    # A run that has not happened yet: the day-10 reminder is due now.
    assert step(utc(2026, 5, 2, 9))[0] == ("reminder", 10, utc(2026, 4, 30, 12))
    with django_capture_on_commit_callbacks(execute=True):
        dunning_run(cloud=chase.clouds["telenet"], now=utc(2026, 5, 2, 10))
    assert step(utc(2026, 5, 2, 11)) == (
        ("suspension", 20, utc(2026, 5, 10, 12)),
        utc(2026, 5, 2, 10),
    )


def test_a_reminder_sent_by_hand_counts_as_the_reminders_reached(
    chase, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    t = chase.clouds["telenet"]
    now = utc(2026, 4, 23, 13)  # day 3 of beta's debt: the policy's first reminder is due
    with django_capture_on_commit_callbacks(execute=True):
        out = collections_remind(
            actor=chase.actor("caccountant"), cloud=t, accounts=["beta"], now=now
        )
    assert [r.status for r in out] == ["sent"]
    assert len(mail.outbox) == 1
    # The dunning run of the same day does not mail beta the day-3 reminder again
    # (acme, not reminded by hand, gets its own).
    with django_capture_on_commit_callbacks(execute=True):
        stats = dunning_run(cloud=t, now=utc(2026, 4, 23, 14))
    assert stats["reminders"] == 1
    assert [m.to for m in mail.outbox] == [["pay@beta.test"], ["billing@acme.test"]]
    row = next(
        r for r in _overview(chase, now=utc(2026, 4, 23, 15)).rows if r.account.code == "beta"
    )
    assert row.next_step is not None
    assert (row.next_step.kind, row.next_step.day) == ("reminder", 10)
    assert row.last_reminder_at == now


def test_without_a_policy_there_is_no_next_step(billed) -> None:  # type: ignore[no-untyped-def]
    c = _overview(billed, now=utc(2026, 5, 2))
    assert [r.next_step for r in c.rows] == [None, None]
    assert suspension_queue(actor=billed.actor("cadmin"), cloud=billed.clouds["telenet"]) == []


# --- who sees what ------------------------------------------------------------


def test_an_account_manager_sees_only_its_accounts(chase) -> None:  # type: ignore[no-untyped-def]
    now = utc(2026, 5, 1, 13)
    c = _overview(chase, "amanager", now=now)
    assert [r.account.code for r in c.rows] == ["acme"]
    assert _buckets(c)["days_1_30"] == (D("25.91"), 1)
    c2 = _overview(chase, "amanager2", now=now)
    assert [r.account.code for r in c2.rows] == ["beta"]
    assert c2.total == D("3.57")


@pytest.mark.parametrize("name", ["subscriber", "agent", "otheradmin"])
def test_others_get_not_found(chase, name) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        _overview(chase, name)
    with pytest.raises(NotFound):
        suspension_queue(actor=chase.actor(name), cloud=chase.clouds["telenet"])
    with pytest.raises(NotFound):
        collections_remind(
            actor=chase.actor(name), cloud=chase.clouds["telenet"], accounts=["acme"]
        )
    assert not DunningEvent.objects.exists()


# --- reminders by hand --------------------------------------------------------


def test_bulk_reminder_once_per_account_and_local_day_in_its_language(
    chase, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    t = chase.clouds["telenet"]

    def remind(now, names=("acme", "beta")):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            out = collections_remind(
                actor=chase.actor("caccountant"), cloud=t, accounts=list(names), now=now
            )
        return [(r.account.code, r.status) for r in out]

    assert remind(utc(2026, 4, 22, 13)) == [("acme", "sent"), ("beta", "sent")]
    assert len(mail.outbox) == 2
    es = next(m for m in mail.outbox if m.to == ["pay@beta.test"])
    assert "está vencida" in es.subject and "3,57" in es.subject and "2 días de retraso" in es.body
    en = next(m for m in mail.outbox if m.to == ["billing@acme.test"])
    assert "is overdue" in en.subject and "25.91 USD" in en.body and "2 days overdue" in en.body
    # Again the same local day (23:30 in Bogota is 04:30 UTC the next day): nothing more.
    assert remind(utc(2026, 4, 23, 4, 30)) == [("acme", "already_sent"), ("beta", "already_sent")]
    assert len(mail.outbox) == 2
    assert Message.objects.filter(kind="dunning_reminder").count() == 2
    # The next local day, one more each.
    assert remind(utc(2026, 4, 23, 5), ["beta"]) == [("beta", "sent")]
    assert len(mail.outbox) == 3
    assert (
        Message.objects.filter(kind="dunning_reminder", account=chase.accounts["beta"]).count() == 2
    )
    rows = AuditEntry.objects.filter(verb="collections_remind").order_by("id")
    assert [(r.after["invoice"], r.after["days_overdue"], r.after["amount"]) for r in rows] == [
        (chase.inv["acme"].number, 2, "25.9100"),
        (chase.inv["beta"].number, 2, "3.5700"),
        (chase.inv["beta"].number, 3, "3.5700"),
    ]
    assert {r.actor_id for r in rows} == {chase.users["caccountant"].pk}
    # The page's "last reminder" reads them.
    c = _overview(chase, now=utc(2026, 4, 23, 6))
    assert {r.account.code: r.last_reminder_at for r in c.rows} == {
        "acme": utc(2026, 4, 22, 13),
        "beta": utc(2026, 4, 23, 5),
    }


def test_nothing_overdue_and_no_contact_send_nothing(chase) -> None:  # type: ignore[no-untyped-def]
    account_update(actor=SYSTEM, account=chase.accounts["acme"], email="")
    out = collections_remind(
        actor=chase.actor("cadmin"),
        cloud=chase.clouds["telenet"],
        accounts=["acme", "beta"],
        now=utc(2026, 4, 20, 20),  # due today in Bogota: not overdue yet
    )
    assert [r.status for r in out] == ["nothing_overdue", "nothing_overdue"]
    out = collections_remind(
        actor=chase.actor("cadmin"),
        cloud=chase.clouds["telenet"],
        accounts=["acme"],
        now=utc(2026, 4, 22, 13),
    )
    assert [r.status for r in out] == ["no_contact"]
    assert not Message.objects.filter(kind="dunning_reminder").exists()
    assert not DunningEvent.objects.exists()


@pytest.mark.parametrize(
    ("name", "accounts"),
    [
        ("cadmin", []),
        ("cadmin", "acme"),
        ("cadmin", [1]),
        ("cadmin", ["acme", "nope"]),
        ("cadmin", ["gamma"]),  # another cloud's account
        ("amanager", ["acme", "beta"]),  # beta is not its account
    ],
)
def test_bad_account_lists_are_refused_and_nothing_is_sent(chase, name, accounts) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as e:
        collections_remind(
            actor=chase.actor(name),
            cloud=chase.clouds["telenet"],
            accounts=accounts,
            now=utc(2026, 4, 22, 13),
        )
    assert e.value.code == ErrorCode.VALIDATION and list(e.value.fields) == ["accounts"]
    assert not Message.objects.filter(kind="dunning_reminder").exists()
    assert not DunningEvent.objects.exists()
    assert not AuditEntry.objects.filter(verb="collections_remind").exists()


def test_an_account_manager_reminds_its_own_account(chase) -> None:  # type: ignore[no-untyped-def]
    out = collections_remind(
        actor=chase.actor("amanager"),
        cloud=chase.clouds["telenet"],
        accounts=["acme"],
        now=utc(2026, 4, 22, 13),
    )
    assert [r.status for r in out] == ["sent"]


# --- the suspension queue: automatic or confirmed -----------------------------


def _queue(world, name="cadmin", now=None):  # type: ignore[no-untyped-def]
    rows = suspension_queue(actor=world.actor(name), cloud=world.clouds["telenet"], now=now)
    return [(r.account.code, r.amount, r.days_overdue, r.due_since) for r in rows]


def test_auto_mode_the_run_suspends(chase, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    now = utc(2026, 5, 10, 13)
    assert _queue(chase, now=now) == [
        ("acme", D("25.91"), 20, utc(2026, 5, 10, 12)),
        ("beta", D("3.57"), 20, utc(2026, 5, 10, 12)),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert dunning_run(cloud=chase.clouds["telenet"], now=now)["suspended"] == 2
    assert _queue(chase, now=now) == []


def test_confirm_mode_waits_for_a_person(chase, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    t = cloud_billing_settings_update(
        actor=chase.actor("cadmin"), cloud=chase.clouds["telenet"], suspension_mode="confirm"
    )
    chase.clouds["telenet"] = t
    acme, beta = chase.accounts["acme"], chase.accounts["beta"]
    now = utc(2026, 5, 10, 13)
    with django_capture_on_commit_callbacks(execute=True):
        assert dunning_run(cloud=t, now=now)["suspended"] == 0
    acme.refresh_from_db()
    beta.refresh_from_db()
    assert (acme.status, beta.status) == ("active", "active")
    assert [code for code, *_ in _queue(chase, now=now)] == ["acme", "beta"]
    # Each account manager sees its own account in the queue.
    assert [code for code, *_ in _queue(chase, "amanager", now=now)] == ["acme"]
    assert [code for code, *_ in _queue(chase, "caccountant", now=now)] == ["acme", "beta"]
    c = _overview(chase, now=now)
    assert [r.suspension_due for r in c.rows] == [True, True]

    # beta: confirmed by its cloud admin.
    with time_machine.travel(utc(2026, 5, 10, 14), tick=False):
        suspension_confirm(actor=chase.actor("cadmin"), account=beta, now=now)
    beta.refresh_from_db()
    assert beta.status == "suspended"
    s = AccountSuspension.objects.get(account=beta)
    assert (s.start, s.end, s.suspended_by) == (now, None, chase.users["cadmin"])
    assert s.reason == f"{chase.inv['beta'].number} 20 days overdue"
    entry = AuditEntry.objects.get(verb="suspension_confirm")
    assert (entry.actor_id, entry.object_id) == (chase.users["cadmin"].pk, str(beta.pk))
    assert AuditEntry.objects.filter(verb="account_suspend", object_id=str(beta.pk)).exists()

    # acme: dismissed by its account manager; it never comes back for this invoice.
    suspension_dismiss(
        actor=chase.actor("amanager"), account=acme, reason="Promised to pay Friday", now=now
    )
    assert _queue(chase, now=now) == []
    assert AuditEntry.objects.get(verb="suspension_dismiss").after == {
        "invoices": [chase.inv["acme"].number],
        "reason": "Promised to pay Friday",
    }
    cloud_billing_settings_update(actor=chase.actor("cadmin"), cloud=t, suspension_mode="auto")
    t.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert dunning_run(cloud=t, now=utc(2026, 5, 12, 13))["suspended"] == 0
    acme.refresh_from_db()
    assert acme.status == "active"

    # beta pays what it owes: dunning resumes the suspension a person confirmed.
    payment_record(
        actor=chase.actor("caccountant"),
        cloud=t,
        account=beta,
        amount="3.57",
        received_at=utc(2026, 5, 12),
    )
    beta.refresh_from_db()
    assert beta.status == "active"


def test_who_may_confirm_or_dismiss(chase) -> None:  # type: ignore[no-untyped-def]
    cloud_billing_settings_update(
        actor=chase.actor("cadmin"), cloud=chase.clouds["telenet"], suspension_mode="confirm"
    )
    now = utc(2026, 5, 10, 13)
    beta = chase.accounts["beta"]
    with pytest.raises(Forbidden):
        suspension_confirm(actor=chase.actor("caccountant"), account=beta, now=now)
    with pytest.raises(NotFound):  # not its account
        suspension_dismiss(actor=chase.actor("amanager"), account=beta, now=now)
    with pytest.raises(NotFound):
        suspension_confirm(actor=chase.actor("subscriber2"), account=beta, now=now)
    beta.refresh_from_db()
    assert beta.status == "active"
    assert not DunningEvent.objects.exists()
    # Not (yet) in the queue: a conflict, nothing written.
    with pytest.raises(DomainError) as e:
        suspension_confirm(actor=chase.actor("cadmin"), account=beta, now=utc(2026, 5, 9, 13))
    assert e.value.code == ErrorCode.INVALID_STATE
    with pytest.raises(DomainError) as e:
        suspension_dismiss(actor=chase.actor("cadmin"), account=beta, reason="x" * 301, now=now)
    assert "reason" in e.value.fields
    assert not DunningEvent.objects.exists()
    assert not AccountSuspension.objects.exists()

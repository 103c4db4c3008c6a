"""Dunning: reminders once at the chosen days (in the subscriber's language),
suspension at the chosen day through account_update, resumption when paid."""

from __future__ import annotations

import pytest
from django.core import mail

from cambill.clouds.services import account_update
from cambill.core.access import SYSTEM
from cambill.core.audit import AuditEntry
from cambill.core.errors import DomainError
from cambill.payments.dunning import dunning_policy_set, dunning_run
from cambill.payments.models import DunningEvent
from cambill.payments.services import payment_record
from tests.conftest import utc


@pytest.fixture
def dun(billed):  # type: ignore[no-untyped-def]
    t = billed.clouds["telenet"]
    dunning_policy_set(
        actor=billed.actor("cadmin"), cloud=t, reminder_days=[3, 10], suspend_after_days=20
    )
    account_update(
        actor=SYSTEM, account=billed.accounts["beta"], email="pay@beta.test", language="es"
    )
    return billed


def run(world, *args: int, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return dunning_run(cloud=world.clouds["telenet"], now=utc(*args))


def test_reminders_suspension_and_resumption(dun, django_capture_on_commit_callbacks) -> None:
    cap = django_capture_on_commit_callbacks
    t = dun.clouds["telenet"]
    acme, beta = dun.accounts["acme"], dun.accounts["beta"]
    # Due 2026-04-20 12:00 UTC. Two days later: nothing yet.
    assert run(dun, 2026, 4, 22, 13, capture=cap)["reminders"] == 0
    assert run(dun, 2026, 4, 23, 13, capture=cap)["reminders"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["billing@acme.test", "pay@beta.test"]
    es = next(m for m in mail.outbox if m.to == ["pay@beta.test"])
    assert "está vencida" in es.subject and "3,57" in es.body
    en = next(m for m in mail.outbox if m.to == ["billing@acme.test"])
    assert "is overdue" in en.subject and "25.91 USD" in en.body
    assert run(dun, 2026, 4, 24, 13, capture=cap)["reminders"] == 0  # once per day reached
    # acme pays; beta does not.
    payment_record(
        actor=dun.actor("caccountant"),
        cloud=t,
        account=acme,
        amount="25.91",
        received_at=utc(2026, 4, 25),
    )
    assert run(dun, 2026, 5, 1, 13, capture=cap) == {
        "reminders": 1,
        "retries": 0,
        "suspended": 0,
        "resumed": 0,
    }
    stats = run(dun, 2026, 5, 10, 13, capture=cap)
    assert stats["suspended"] == 1
    beta.refresh_from_db()
    acme.refresh_from_db()
    assert (beta.status, acme.status) == ("suspended", "active")
    assert run(dun, 2026, 5, 11, 13, capture=cap)["suspended"] == 0
    assert AuditEntry.objects.filter(verb="account_update", object_id=str(beta.pk)).exists()
    # Paying the balance resumes the account at once.
    payment_record(
        actor=dun.actor("caccountant"),
        cloud=t,
        account=beta,
        amount="3.57",
        received_at=utc(2026, 5, 12),
    )
    beta.refresh_from_db()
    assert beta.status == "active"
    kinds = list(
        DunningEvent.objects.filter(account=beta).order_by("id").values_list("kind", "day")
    )
    assert kinds == [("reminder", 3), ("reminder", 10), ("suspended", 20), ("resumed", None)]


def test_late_run_sends_only_the_latest_reminder(dun, django_capture_on_commit_callbacks) -> None:
    run(dun, 2026, 5, 1, 13, capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # day 10 for acme and beta; day 3 recorded as skipped
    assert DunningEvent.objects.filter(day=3, detail__startswith="skipped").count() == 2


def test_manual_suspension_is_not_resumed_by_dunning(
    dun, django_capture_on_commit_callbacks
) -> None:
    acme = dun.accounts["acme"]
    account_update(actor=SYSTEM, account=acme, status="suspended")
    payment_record(
        actor=dun.actor("caccountant"),
        cloud=dun.clouds["telenet"],
        account=acme,
        amount="25.91",
        received_at=utc(2026, 4, 25),
    )
    acme.refresh_from_db()
    assert acme.status == "suspended"


def test_no_policy_no_dunning(billed, django_capture_on_commit_callbacks) -> None:
    assert run(billed, 2026, 6, 1, capture=django_capture_on_commit_callbacks)["suspended"] == 0
    assert DunningEvent.objects.count() == 0


@pytest.mark.parametrize(
    "days,suspend",
    [([-1], 20), (["3"], 20), ([3], 0), ([3], "x")],
)
def test_bad_policies(billed, days, suspend) -> None:
    with pytest.raises(DomainError):
        dunning_policy_set(
            actor=billed.actor("cadmin"),
            cloud=billed.clouds["telenet"],
            reminder_days=days,
            suspend_after_days=suspend,
        )


@pytest.mark.parametrize("name", ["caccountant", "amanager", "subscriber", "otheradmin"])
def test_who_may_not_set_the_policy(billed, name) -> None:
    with pytest.raises(DomainError):
        dunning_policy_set(
            actor=billed.actor(name),
            cloud=billed.clouds["telenet"],
            reminder_days=[3],
            suspend_after_days=20,
        )


def test_a_reminder_in_portuguese(billed, django_capture_on_commit_callbacks) -> None:
    dunning_policy_set(
        actor=billed.actor("cadmin"),
        cloud=billed.clouds["telenet"],
        reminder_days=[3],
        suspend_after_days=None,
    )
    account_update(
        actor=SYSTEM, account=billed.accounts["beta"], email="pay@beta.test", language="pt-br"
    )
    with django_capture_on_commit_callbacks(execute=True):
        dunning_run(cloud=billed.clouds["telenet"], now=utc(2026, 4, 23, 13))
    pt = next(m for m in mail.outbox if m.to == ["pay@beta.test"])
    assert "a fatura" in pt.subject and "está vencida" in pt.subject
    assert "3,57 USD" in pt.subject and "Olá" in pt.body and "dias de atraso" in pt.body

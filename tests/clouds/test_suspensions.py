"""Suspension and resumption as dated facts: the verbs, their history and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.clouds.models import AccountSuspension
from cambill.clouds.services import (
    account_resume,
    account_suspend,
    account_update,
    cloud_update,
)
from cambill.core.access import SYSTEM
from cambill.core.audit import AuditEntry
from cambill.core.errors import DomainError, ErrorCode, Forbidden
from tests.conftest import utc

pytestmark = pytest.mark.django_db
NOW = utc(2026, 5, 5)


@pytest.fixture
def acme(world, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW, tick=False)
    return world.accounts["acme"]


def history(account) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(
        AccountSuspension.objects.filter(account=account)
        .order_by("start")
        .values_list("start", "end", "reason", "resume_reason")
    )


def test_suspend_and_resume_keep_a_history(world, acme):
    cadmin = world.actor("cadmin")
    account_suspend(actor=cadmin, account=acme, at=utc(2026, 4, 11), reason="Asked by phone")
    acme.refresh_from_db()
    assert acme.status == "suspended"
    account_resume(actor=cadmin, account=acme, at=utc(2026, 4, 21), reason="Paid")
    account_suspend(actor=cadmin, account=acme, reason="Again")  # at = now
    acme.refresh_from_db()
    assert acme.status == "suspended"
    assert history(acme) == [
        (utc(2026, 4, 11), utc(2026, 4, 21), "Asked by phone", "Paid"),
        (NOW, None, "Again", ""),
    ]
    verbs = list(
        AuditEntry.objects.filter(verb__in=["account_suspend", "account_resume"]).values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["account_suspend", "account_resume", "account_suspend"]


@pytest.mark.parametrize(
    ("first", "at", "code"),
    [
        (None, utc(2026, 6, 1), ErrorCode.VALIDATION),  # in the future
        ((utc(2026, 4, 1), utc(2026, 4, 20)), utc(2026, 4, 10), ErrorCode.OVERLAPPING_INTERVAL),
        ((utc(2026, 4, 1), None), utc(2026, 4, 25), ErrorCode.INVALID_STATE),  # already
    ],
)
def test_suspend_refusals_change_nothing(world, acme, first, at, code):
    if first is not None:
        account_suspend(actor=SYSTEM, account=acme, at=first[0])
        if first[1] is not None:
            account_resume(actor=SYSTEM, account=acme, at=first[1])
    before = history(acme)
    with pytest.raises(DomainError) as exc:
        account_suspend(actor=SYSTEM, account=acme, at=at)
    assert exc.value.code == code
    assert history(acme) == before


def test_resume_refusals(world, acme):
    with pytest.raises(DomainError) as exc:
        account_resume(actor=SYSTEM, account=acme)
    assert exc.value.code == ErrorCode.INVALID_STATE
    account_suspend(actor=SYSTEM, account=acme, at=utc(2026, 4, 11))
    with pytest.raises(DomainError) as exc:
        account_resume(actor=SYSTEM, account=acme, at=utc(2026, 4, 11))
    assert exc.value.code == ErrorCode.VALIDATION
    assert history(acme)[0][1] is None


def test_not_inside_an_invoiced_period(world, acme):
    from tests.invoicing.helpers import bill, camera

    t = cloud_update(actor=SYSTEM, cloud=world.clouds["telenet"], auto_issue=True)
    camera(t, "K1", acme, "HOME3", utc(2026, 3, 1))
    bill(t, "2026-04", NOW)
    with pytest.raises(DomainError) as exc:
        account_suspend(actor=SYSTEM, account=acme, at=utc(2026, 4, 30))
    assert exc.value.code == ErrorCode.CONFLICT
    account_suspend(actor=SYSTEM, account=acme, at=utc(2026, 5, 1, 5))


def test_roles(world, acme):
    with pytest.raises(Forbidden):
        account_suspend(actor=world.actor("subscriber"), account=acme)
    with pytest.raises(Forbidden):  # not one of its accounts
        account_suspend(actor=world.actor("amanager2"), account=acme)
    with pytest.raises(Forbidden):
        account_suspend(actor=world.actor("otheradmin"), account=acme)
    assert history(acme) == []
    account_suspend(actor=world.actor("amanager"), account=acme)
    assert len(history(acme)) == 1


def test_account_update_status_goes_through_the_verbs(world, acme, time_machine):
    account_update(actor=SYSTEM, account=acme, status="suspended")
    assert history(acme) == [(NOW, None, "", "")]
    time_machine.move_to(utc(2026, 5, 6), tick=False)
    account_update(actor=SYSTEM, account=acme, status="active", name="ACME")
    acme.refresh_from_db()
    assert (acme.status, acme.name) == ("active", "ACME")
    assert history(acme) == [(NOW, utc(2026, 5, 6), "", "")]


def test_cloud_settings(world, acme):
    t = world.clouds["telenet"]
    t = cloud_update(actor=SYSTEM, cloud=t, suspended_days="skip", offline_credit_hours=4)
    assert (t.suspended_days, t.offline_credit_hours) == ("skip", 4)
    t = cloud_update(actor=SYSTEM, cloud=t, offline_credit_hours=None)
    assert t.offline_credit_hours is None
    for bad in [
        {"suspended_days": "never"},
        {"offline_credit_hours": 0},
        {"offline_credit_hours": 25},
        {"offline_credit_hours": True},
        {"offline_credit_hours": "4"},
    ]:
        with pytest.raises(DomainError) as exc:
            cloud_update(actor=SYSTEM, cloud=t, **bad)
        assert exc.value.code == ErrorCode.VALIDATION


@pytest.mark.postgres
def test_postgres_exclusion_constraint(world, acme):
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's exclusion constraint")
    account_suspend(actor=SYSTEM, account=acme, at=utc(2026, 4, 1))
    account_resume(actor=SYSTEM, account=acme, at=utc(2026, 4, 10))
    # A writer that skipped the verb's checks still cannot overlap the history.
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountSuspension.objects.create(
            cloud_id=acme.cloud_id,
            account=acme,
            start=utc(2026, 4, 5),
            end=utc(2026, 4, 6),
            created_at=NOW,
        )


def test_usage_report_agrees_with_the_invoice(world, acme):
    from datetime import date

    from cambill.reports.usage import usage_report
    from tests.invoicing.helpers import camera

    t = cloud_update(actor=SYSTEM, cloud=world.clouds["telenet"], suspended_days="skip")
    camera(t, "K1", acme, "HOME3", utc(2026, 3, 1))
    # Bogota: 11 April 00:00 to 21 April 00:00 local; HOME3 = 3.00 over 30 days.
    account_suspend(actor=SYSTEM, account=acme, at=utc(2026, 4, 11, 5))
    account_resume(actor=SYSTEM, account=acme, at=utc(2026, 4, 21, 5))
    rep = usage_report(
        actor=world.actor("cadmin"), cloud=t, date_from=date(2026, 4, 1), date_to=date(2026, 4, 30)
    )
    [acc] = [a for a in rep["accounts"] if a["code"] == "acme"]
    [cam] = [c for c in acc["cameras"] if c["camera"] == "K1"]
    assert cam["billed_days"] == 20
    assert cam["retail"] == Decimal("2.00")
    # REC_DAY x3 stops while suspended: 20 days x 3 unit-days.
    assert cam["services"]["REC_DAY"] == 60

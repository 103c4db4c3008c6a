"""Reads of money go through selectors scoped to the actor (payments.selectors)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import Forbidden
from cambill.payments.selectors import (
    account_ledger_lines,
    account_payment_list,
    cloud_payment_list,
    payments_in_scope,
)
from cambill.payments.services import payment_record

AT = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture
def paid(world):  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    for code, amount in (("acme", "10.00"), ("beta", "20.00")):
        payment_record(
            actor=SYSTEM,
            cloud=t,
            account=world.accounts[code],
            amount=amount,
            received_at=AT,
            now=AT,
        )
    payment_record(actor=SYSTEM, cloud=t, amount="5.00", received_at=AT, now=AT)  # wholesale
    return world


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "amounts"),
    [
        ("padmin", {"10.00", "20.00", "5.00"}),
        ("pmanager", {"10.00", "20.00", "5.00"}),
        ("cadmin", {"10.00", "20.00", "5.00"}),
        ("caccountant", {"10.00", "20.00", "5.00"}),
        ("amanager", {"10.00"}),
        ("amanager2", {"20.00"}),
        ("subscriber", {"10.00"}),
        ("subscriber2", {"20.00"}),
        ("agent", set()),
        ("pmanager2", set()),
        ("otheradmin", set()),
    ],
)
def test_payments_in_scope(paid, user: str, amounts: set[str]) -> None:  # type: ignore[no-untyped-def]
    qs = payments_in_scope(actor=paid.actor(user), cloud=paid.clouds["telenet"])
    assert {p.amount for p in qs} == {Decimal(a) for a in amounts}


@pytest.mark.django_db
def test_account_money_refuses_whom_it_is_not_for(paid) -> None:  # type: ignore[no-untyped-def]
    acme, t = paid.accounts["acme"], paid.clouds["telenet"]
    assert [
        p.amount for p in account_payment_list(actor=paid.actor("subscriber"), account=acme)
    ] == [Decimal("10.00")]
    assert account_ledger_lines(actor=paid.actor("amanager"), account=acme).exists()
    for user in ("subscriber2", "amanager2", "agent", "otheradmin"):
        with pytest.raises(Forbidden):
            account_payment_list(actor=paid.actor(user), account=acme)
    with pytest.raises(Forbidden):
        cloud_payment_list(actor=paid.actor("amanager"), cloud=t)
    assert cloud_payment_list(actor=paid.actor("caccountant"), cloud=t).count() == 3

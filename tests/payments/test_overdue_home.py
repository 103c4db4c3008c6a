"""The subscriber's home and the account's money page tell the truth about what is
overdue (issue #14, point 6): the same amounts and local-day ages as the
collections page, and the way to pay beside them. The bug was a "Nothing
overdue." printed under an overdue balance whenever no dunning step had run."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from cambill.core.errors import NotFound
from cambill.payments.collections.selectors import account_overdue, collections_overview
from cambill.payments.services import payment_record
from tests.conftest import utc

D = Decimal
HOME = "/clouds/telenet/accounts/acme/"
MONEY = "/clouds/telenet/accounts/acme/money/"
# acme's March invoice: 25.91 USD, due 2026-04-20 12:00 UTC (07:00 in Bogota).
DAY_20 = utc(2026, 5, 10, 13)


def login(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, name
    return found.group(1).replace("\xa0", " ")


def test_the_selector_counts_overdue_as_the_collections_page_does(billed) -> None:  # type: ignore[no-untyped-def]
    acme = billed.accounts["acme"]
    for now, overdue, days in [
        (utc(2026, 4, 21, 4, 59), D("0"), 0),  # still 20 April in Bogota: due today
        (utc(2026, 4, 21, 5), D("25.91"), 1),  # local midnight: one day overdue
        (DAY_20, D("25.91"), 20),
    ]:
        mine = account_overdue(actor=billed.actor("subscriber"), account=acme, now=now)
        assert (mine.open_amount, mine.overdue_amount, mine.days_overdue) == (
            D("25.91"),
            overdue,
            days,
        )
        row = next(
            r
            for r in collections_overview(
                actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], now=now
            ).rows
            if r.account.pk == acme.pk
        )
        assert (row.open_amount, row.overdue_amount) == (mine.open_amount, mine.overdue_amount)


def test_another_subscriber_may_not_read_it(billed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        account_overdue(actor=billed.actor("subscriber2"), account=billed.accounts["acme"])


def test_home_and_money_page_show_the_overdue_amount_not_nothing_overdue(billed) -> None:  # type: ignore[no-untyped-def]
    c = login(billed, "subscriber")
    inv = billed.inv["acme"]
    with time_machine.travel(DAY_20, tick=False):
        home = c.get(HOME).content.decode()
        money = c.get(MONEY).content.decode()
    assert "25.91" in figure(home, "overdue")
    assert "25.91" in figure(home, f"overdue-{inv.pk}")
    assert 'id="overdue"' in home and inv.number in home
    assert "Nothing is overdue" not in home
    # The money page: the overdue amount beside the balance, and no "Nothing overdue."
    assert "25.91" in figure(money, "overdue")
    assert "25.91" in money.split('id="balance">')[1].split("<")[0]
    assert "Nothing overdue" not in money and "Nothing is overdue" not in money
    assert "<td>20</td>" in money  # days overdue, counted in Bogota days
    # Without card payments the page says how to pay instead of a button.
    assert "bank transfer quoting the invoice number" in home


def test_a_part_payment_leaves_the_rest_overdue(billed) -> None:  # type: ignore[no-untyped-def]
    payment_record(
        actor=billed.actor("caccountant"),
        cloud=billed.clouds["telenet"],
        account=billed.accounts["acme"],
        amount="10.00",
        received_at=utc(2026, 4, 25),
    )
    with time_machine.travel(DAY_20, tick=False):
        home = login(billed, "subscriber").get(HOME).content.decode()
    assert "15.91" in figure(home, "overdue")


def test_not_due_yet_says_so_with_the_open_amount(billed) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(utc(2026, 4, 20, 11), tick=False):
        home = login(billed, "subscriber").get(HOME).content.decode()
    assert "0.00" in figure(home, "overdue")
    assert "Nothing is overdue;" in home and "is open and not due yet." in home
    assert "25.91" in home.split("Nothing is overdue;")[1].split("</p>")[0]


def test_the_home_offers_pay_now_beside_what_is_overdue(stripe_on) -> None:  # type: ignore[no-untyped-def]
    inv = stripe_on.inv["acme"]
    with time_machine.travel(DAY_20, tick=False):
        home = login(stripe_on, "subscriber").get(HOME).content.decode()
    section = home.split('id="overdue"')[1].split("</section>")[0]
    assert f'href="/clouds/telenet/accounts/acme/pay/?invoice={inv.pk}"' in section
    assert 'href="/clouds/telenet/accounts/acme/pay/">' in section  # the whole balance

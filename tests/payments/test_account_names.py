"""Ledger accounts by what they are, not their codes (issue #14, point 4): on the
pages, also the subscriber's, and as a ``name`` beside the code in the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from cambill.payments import ledger as L
from cambill.payments.account_names import ledger_account_name, ledger_account_names

pytestmark = pytest.mark.django_db


def client(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def test_names_of_every_kind_of_ledger_account(world: Any) -> None:
    t = world.clouds["telenet"]
    acme, agent = world.accounts["acme"], world.agents["agent1"]
    gamma = world.accounts["gamma"]  # othercloud's
    codes = [
        L.receivable(acme.pk),
        L.credit_code(acme.pk),
        L.commission_payable(agent.pk),
        L.commission_payable(None),
        L.CASH,
        L.REVENUE_RETAIL,
        L.TAX_RETAIL,
        L.PAYABLE_PROVIDER,
        L.PREPAID_PROVIDER,
        L.COST_WHOLESALE,
        L.TAX_WHOLESALE,
        L.COMMISSION_EXPENSE,
        L.receivable(gamma.pk),
        "something:new",
    ]
    with translation.override("en"):
        names = ledger_account_names(codes, cloud_id=t.pk)
    assert names == {
        L.receivable(acme.pk): "Receivable - ACME Logistics",
        L.credit_code(acme.pk): "Unapplied credit - ACME Logistics",
        L.commission_payable(agent.pk): "Commission payable - Agent Agent One",
        "commission:payable": "Commission payable",
        "cash": "Cash",
        "revenue:retail": "Retail revenue",
        "tax:retail": "Retail tax collected",
        "payable:provider": "Payable to the provider",
        "prepaid:provider": "Prepaid to the provider",
        "cost:wholesale": "Wholesale cost",
        "tax:wholesale": "Wholesale input tax",
        "commission:expense": "Commission expense",
        # Another cloud's account is never named here.
        L.receivable(gamma.pk): f"Receivable - account #{gamma.pk}",
        "something:new": "something:new",
    }
    with translation.override("en"):
        assert ledger_account_name(L.CASH, cloud_id=t.pk) == "Cash"


def test_pages_show_ledger_accounts_by_name_also_to_the_subscriber(billed: Any) -> None:
    acme = billed.accounts["acme"]
    code = L.receivable(acme.pk)
    html = client(billed, "subscriber").get("/clouds/telenet/accounts/acme/money/").content
    page = html.decode()
    assert "Receivable - ACME Logistics" in page
    assert code not in page and "receivable:account:" not in page
    page = client(billed, "cadmin").get("/clouds/telenet/payments/").content.decode()
    assert "Receivable - ACME Logistics" in page and "Retail revenue" in page
    assert "receivable:account:" not in page and "revenue:retail" not in page


def test_the_api_keeps_the_code_and_adds_the_name(billed: Any) -> None:
    acme = billed.accounts["acme"]
    c = client(billed, "cadmin")
    body = c.get("/api/v1/clouds/telenet/accounts/acme/balance/").json()
    line = next(x for x in body["lines"] if x["code"] == L.receivable(acme.pk))
    assert line["name"] == "Receivable - ACME Logistics"
    ledger = c.get("/api/v1/clouds/telenet/ledger/").json()
    row = next(x for x in ledger["accounts"] if x["code"] == L.receivable(acme.pk))
    assert row == {
        "code": L.receivable(acme.pk),
        "name": "Receivable - ACME Logistics",
        "balance": ledger["balances"][L.receivable(acme.pk)],
    }

"""The payments API: recording, listing in scope, balances, bank import, refunds."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cambill.payments.models import Payment


def client(world, name: str) -> APIClient:  # type: ignore[no-untyped-def]
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


def test_record_list_balance_and_refund(billed) -> None:
    c = client(billed, "caccountant")
    resp = c.post(
        "/api/v1/clouds/telenet/payments",
        {
            "account": "acme",
            "amount": "30.00",
            "received_at": "2026-04-10T10:00:00-05:00",
            "reference": "TR-77",
            "invoices": [billed.inv["acme"].number],
        },
        format="json",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["unapplied"] == "4.09"
    assert body["allocations"] == [{"invoice": billed.inv["acme"].number, "amount": "25.91"}]
    bal = c.get("/api/v1/clouds/telenet/accounts/acme/balance").json()
    assert (bal["balance"], bal["credit"]) == ("-4.09", "4.09")
    r = c.post(
        f"/api/v1/clouds/telenet/payments/{body['id']}/refunds", {"reason": "x"}, format="json"
    )
    assert r.status_code == 201 and r.json()["unapplied"] == "0.00"
    ledger = c.get("/api/v1/clouds/telenet/ledger").json()
    assert ledger["balances"]["cash"] == "25.91"


def test_scopes(billed) -> None:
    client(billed, "caccountant").post(
        "/api/v1/clouds/telenet/payments",
        {"account": "beta", "amount": "1.00", "received_at": "2026-04-10T10:00:00Z"},
        format="json",
    )
    assert (
        client(billed, "subscriber").get("/api/v1/clouds/telenet/payments").json()["results"] == []
    )
    assert (
        len(client(billed, "subscriber2").get("/api/v1/clouds/telenet/payments").json()["results"])
        == 1
    )
    assert (
        client(billed, "subscriber").get("/api/v1/clouds/telenet/accounts/beta/balance").status_code
        == 404
    )
    assert client(billed, "otheradmin").get("/api/v1/clouds/telenet/payments").status_code == 404
    assert client(billed, "subscriber").get("/api/v1/clouds/telenet/ledger").status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"account": "acme", "amount": "-1", "received_at": "2026-04-10T10:00:00Z"},
        {"account": "acme", "amount": "1.00", "received_at": "2026-04-10T10:00:00"},
        {"account": "nope", "amount": "1.00", "received_at": "2026-04-10T10:00:00Z"},
        {"account": "acme", "amount": "1.00", "received_at": "2026-04-10T10:00:00Z", "x": 1},
    ],
)
def test_bad_requests_are_4xx_and_change_nothing(billed, body) -> None:
    resp = client(billed, "caccountant").post(
        "/api/v1/clouds/telenet/payments", body, format="json"
    )
    assert 400 <= resp.status_code < 500
    assert Payment.objects.count() == 0


def test_bank_import_api(billed) -> None:
    c = client(billed, "caccountant")
    content = f"date,amount,reference,description\n2026-04-08,25.91,{billed.inv['acme'].number},x\n"
    resp = c.post("/api/v1/clouds/telenet/bank-imports", {"content": content}, format="json")
    assert resp.status_code == 201
    assert len(resp.json()["matched"]) == 1
    again = c.post("/api/v1/clouds/telenet/bank-imports", {"content": content}, format="json")
    assert again.json()["skipped"] == 1 and again.json()["matched"] == []
    assert c.get(f"/api/v1/clouds/telenet/bank-imports/{resp.json()['id']}").status_code == 200

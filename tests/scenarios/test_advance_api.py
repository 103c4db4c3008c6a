"""Issue #17's worked example of billing in advance, to the cent, entirely
through the public API: a cloud in UTC, ``day`` proration, tax 0, tariffs
T10 = 10.00 and T20 = 20.00; c1 on T10 from 2026-04-01, on T20 from
2026-04-11; c2 on T10 from 2026-04-16. April's invoice: c1 10.00 ahead.
May's: 20.00 and 10.00 ahead, April's true-up 3.33 + 13.33 + 5.00 less
c1's April advance -10.00: 41.66."""

from __future__ import annotations

import pytest

from cambill.accounts.services import user_create
from cambill.core.access import SYSTEM
from tests.api.helpers import bearer
from tests.conftest import utc

pytestmark = pytest.mark.django_db
CLOUD = "/api/v1/clouds/vsaas"


def post(c, url, body, status=201):  # type: ignore[no-untyped-def]
    resp = c.post(url, body, format="json")
    assert resp.status_code == status, resp.json()
    return resp.json()


@pytest.fixture
def padmin(db):  # type: ignore[no-untyped-def]
    user_create(actor=SYSTEM, username="padmin", password="demo-pass-123", role="provider_admin")
    return bearer("padmin")


def build(c) -> None:  # type: ignore[no-untyped-def]
    post(
        c,
        "/api/v1/services/",
        {
            "code": "REC_DAY",
            "name": "1 day of continuous recording",
            "preset_settings": {"dvr_days": 1},
            "prices": [{"currency": "USD", "amount": "0.30", "valid_from": "2020-01-01"}],
        },
    )
    cloud = post(
        c,
        "/api/v1/clouds/",
        {
            "slug": "vsaas",
            "name": "VSaaS",
            "currency": "USD",
            "timezone": "UTC",
            "proration": "day",
            "tax_percent": "0",
            "wholesale_tax_percent": "0",
            "billing_timing": "advance",
        },
    )
    assert cloud["billing_timing"] == "advance"
    for code, price in (("T10", "10.00"), ("T20", "20.00")):
        post(
            c,
            f"{CLOUD}/tariffs/",
            {
                "code": code,
                "name": code,
                "price": price,
                "components": [{"service": "REC_DAY", "quantity": "1"}],
            },
        )
    post(c, f"{CLOUD}/accounts/", {"code": "acme", "name": "ACME"})
    for code in ("c1", "c2"):
        post(c, f"{CLOUD}/cameras/", {"code": code, "title": code, "account": "acme"})
    cams = f"{CLOUD}/cameras"
    post(c, f"{cams}/c1/tariff-changes/", {"tariff": "T10", "at": "2026-04-01T00:00:00Z"})
    post(c, f"{cams}/c1/tariff-changes/", {"tariff": "T20", "at": "2026-04-11T00:00:00Z"})
    post(c, f"{cams}/c2/tariff-changes/", {"tariff": "T10", "at": "2026-04-16T00:00:00Z"})


def invoice(c, period: str, kind: str = "retail") -> dict:  # type: ignore[type-arg,no-untyped-def]
    found = c.get(f"{CLOUD}/invoices/", {"period": period, "kind": kind}).json()["results"]
    assert len(found) == 1, found
    return c.get(f"{CLOUD}/invoices/{found[0]['id']}/").json()


def lines(inv) -> list[tuple[str, str, str, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (
            ln["kind"],
            ln["camera"],
            ln["tariff"],
            f"{ln['date_from']}..{ln['date_to']}",
            ln["amount"],
        )
        for ln in inv["lines"]
    ]


def test_worked_example_through_the_public_api(padmin, freeze) -> None:  # type: ignore[no-untyped-def]
    c = padmin
    freeze(utc(2026, 3, 20))
    build(c)

    # Too early: April cannot be billed before it begins.
    resp = c.post(f"{CLOUD}/bill-runs/", {"period": "2026-04"}, format="json")
    assert resp.status_code == 409 or resp.status_code == 400, resp.json()

    freeze(utc(2026, 4, 4, 2))
    run = post(c, f"{CLOUD}/bill-runs/", {"period": "2026-04"})
    assert run["status"] == "completed", run
    april = invoice(c, "2026-04")
    assert lines(april) == [("advance", "c1", "T10", "2026-04-01..2026-04-30", "10.00")]
    assert april["total"] == "10.00"
    assert c.post(f"{CLOUD}/invoices/{april['id']}/issue/").status_code == 200

    freeze(utc(2026, 5, 4, 2))
    run = post(c, f"{CLOUD}/bill-runs/", {"period": "2026-05"})
    assert run["status"] == "completed", run
    may = invoice(c, "2026-05")
    assert lines(may) == [
        ("advance", "c1", "T20", "2026-05-01..2026-05-31", "20.00"),
        ("advance", "c2", "T10", "2026-05-01..2026-05-31", "10.00"),
        ("tariff", "c1", "T10", "2026-04-01..2026-04-10", "3.33"),
        ("tariff", "c1", "T20", "2026-04-11..2026-04-30", "13.33"),
        ("tariff", "c2", "T10", "2026-04-16..2026-04-30", "5.00"),
        ("true_up", "c1", "T10", "2026-04-01..2026-04-30", "-10.00"),
    ]
    assert [ln["description"] for ln in may["lines"]][2:] == [
        "True-up of April 2026: Camera c1, tariff T10 (T10), Apr 1\u2009\u2013\u200910, 2026",
        "True-up of April 2026: Camera c1, tariff T20 (T20), Apr 11\u2009\u2013\u200930, 2026",
        "True-up of April 2026: Camera c2, tariff T10 (T10), Apr 16\u2009\u2013\u200930, 2026",
        "True-up of April 2026: Camera c1, less charged in advance",
    ]
    assert {k: may[k] for k in ("subtotal", "discount", "net", "tax", "total")} == {
        "subtotal": "41.66",
        "discount": "0.00",
        "net": "41.66",
        "tax": "0.00",
        "total": "41.66",
    }
    # Wholesale stays in arrears: May's run made April's (45 REC_DAY unit-days / 30 x 0.30).
    assert invoice(c, "2026-04", "wholesale")["total"] == "0.45"
    assert (
        c.get(f"{CLOUD}/invoices/", {"period": "2026-05", "kind": "wholesale"}).json()["results"]
        == []
    )


def test_billing_timing_through_the_api(padmin, freeze) -> None:  # type: ignore[no-untyped-def]
    c = padmin
    freeze(utc(2026, 3, 20))
    build(c)
    resp = c.patch(f"{CLOUD}/", {"billing_timing": "arrears"}, format="json")
    assert resp.status_code == 200 and resp.json()["billing_timing"] == "arrears"
    resp = c.patch(f"{CLOUD}/", {"billing_timing": "monthly"}, format="json")
    assert resp.status_code == 400
    assert "billing_timing" in str(resp.json())
    assert c.get(f"{CLOUD}/").json()["billing_timing"] == "arrears"
    schema = c.get("/api/v1/schema/", {"format": "json"}).json()
    schemas = schema["components"]["schemas"]
    field = schemas["PatchedCloudPatchInRequest"]["properties"]["billing_timing"]
    assert field["allOf"] == [{"$ref": "#/components/schemas/BillingTimingEnum"}]
    assert "true-up" in field["description"]
    assert schemas["BillingTimingEnum"]["enum"] == ["arrears", "advance"]
    assert "billing_timing" in schemas["CloudOut"]["properties"]


def test_offline_days_of_a_month_billed_ahead_are_credited_in_its_true_up(padmin, freeze) -> None:  # type: ignore[no-untyped-def]
    """Arrears would credit c1's two offline days of April (on T20: 2/30 x 20.00 =
    1.33); billed ahead, May's true-up of April credits them, so April finally
    costs what arrears charges."""
    c = padmin
    freeze(utc(2026, 3, 20))
    build(c)
    assert c.patch(f"{CLOUD}/", {"offline_credit_hours": 6}, format="json").status_code == 200
    freeze(utc(2026, 4, 4, 2))
    post(c, f"{CLOUD}/bill-runs/", {"period": "2026-04"})
    assert c.post(f"{CLOUD}/invoices/{invoice(c, '2026-04')['id']}/issue/").status_code == 200
    freeze(utc(2026, 4, 25))
    events = [
        {
            "specversion": "1.0",
            "id": f"off-{day}",
            "source": "monitor",
            "type": "camera.offline",
            "subject": "c1",
            "time": f"2026-04-{day}T10:00:00Z",
            "data": {"seconds": 86400},
        }
        for day in (20, 21)
    ]
    assert c.post("/api/v1/events?cloud=vsaas", events, format="json").status_code == 204
    freeze(utc(2026, 5, 4, 2))
    post(c, f"{CLOUD}/bill-runs/", {"period": "2026-05"})
    may = invoice(c, "2026-05")
    credit = [ln for ln in may["lines"] if ln["kind"] == "offline_credit"]
    assert [(ln["camera"], ln["days"], ln["amount"], ln["description"]) for ln in credit] == [
        ("c1", "2.00", "-1.33", "True-up of April 2026: Offline credit: 2 days, Camera c1")
    ]
    assert may["total"] == "40.33"  # 41.66 of the worked example, less the credit

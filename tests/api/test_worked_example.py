"""The worked example of ARCHITECTURE.md, built entirely through the API.

Services REC_DAY 0.30 and LPR 4.00 USD; cloud telenet (USD, America/Bogota,
day proration, 10 % wholesale discount, 19 % VAT, 0 % wholesale tax); tariffs
TRAFFIC7 and HOME3; account acme; cameras A, B, C with the tariff changes of
the example given at local times (-05:00). The resulting history is asserted
exactly, and its day counts (31, 22, 15 + 16) with the rating helpers.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from cambill.accounts.services import user_create
from cambill.core.access import SYSTEM

from .helpers import bearer

pytestmark = pytest.mark.django_db


def post(client, url, body, status=201):  # type: ignore[no-untyped-def]
    resp = client.post(url, body, format="json")
    assert resp.status_code == status, resp.json()
    return resp.json()


@pytest.fixture
def padmin(db):  # type: ignore[no-untyped-def]
    user_create(actor=SYSTEM, username="padmin", password="demo-pass-123", role="provider_admin")
    return bearer("padmin")


def build_example(c) -> None:  # type: ignore[no-untyped-def]
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
    post(
        c,
        "/api/v1/services/",
        {
            "code": "LPR",
            "name": "Plate recognition, 1 channel",
            "preset_settings": {"vision_alg": "plates"},
            "prices": [{"currency": "USD", "amount": "4.00", "valid_from": "2020-01-01"}],
        },
    )
    post(
        c,
        "/api/v1/clouds/",
        {
            "slug": "telenet",
            "name": "Telenet",
            "currency": "USD",
            "timezone": "America/Bogota",
            "proration": "day",
            "discount_percent": "10",
            "tax_percent": "19",
            "wholesale_tax_percent": "0",
        },
    )
    post(
        c,
        "/api/v1/clouds/telenet/tariffs/",
        {
            "code": "TRAFFIC7",
            "name": "Traffic 7 + plates",
            "price": "12.00",
            "components": [
                {"service": "REC_DAY", "quantity": "7"},
                {"service": "LPR", "quantity": "1"},
            ],
        },
    )
    post(
        c,
        "/api/v1/clouds/telenet/tariffs/",
        {
            "code": "HOME3",
            "name": "Home 3 days",
            "price": "3.00",
            "components": [{"service": "REC_DAY", "quantity": "3"}],
        },
    )
    post(c, "/api/v1/clouds/telenet/accounts/", {"code": "acme", "name": "ACME Logistics"})
    for code in ("A", "B", "C"):
        post(
            c,
            "/api/v1/clouds/telenet/cameras/",
            {"code": code, "title": f"Camera {code}", "account": "acme"},
        )
    cams = "/api/v1/clouds/telenet/cameras"
    # A: on TRAFFIC7 from before March to after it.
    post(c, f"{cams}/A/tariff-changes/", {"tariff": "TRAFFIC7", "at": "2026-02-01T00:00:00-05:00"})
    # B: HOME3 from 10 March 00:00 local.
    post(c, f"{cams}/B/tariff-changes/", {"tariff": "HOME3", "at": "2026-03-10T00:00:00-05:00"})
    # C: HOME3 from 1 March, TRAFFIC7 from 16 March 12:00 local.
    post(c, f"{cams}/C/tariff-changes/", {"tariff": "HOME3", "at": "2026-03-01T00:00:00-05:00"})
    post(c, f"{cams}/C/tariff-changes/", {"tariff": "TRAFFIC7", "at": "2026-03-16T12:00:00-05:00"})


EXPECTED_HISTORY = {
    "A": [
        {
            "tariff": "TRAFFIC7",
            "account": "acme",
            "valid_from": "2026-02-01T00:00:00-05:00",
            "valid_to": None,
        }
    ],
    "B": [
        {
            "tariff": "HOME3",
            "account": "acme",
            "valid_from": "2026-03-10T00:00:00-05:00",
            "valid_to": None,
        }
    ],
    "C": [
        {
            "tariff": "HOME3",
            "account": "acme",
            "valid_from": "2026-03-01T00:00:00-05:00",
            "valid_to": "2026-03-16T12:00:00-05:00",
        },
        {
            "tariff": "TRAFFIC7",
            "account": "acme",
            "valid_from": "2026-03-16T12:00:00-05:00",
            "valid_to": None,
        },
    ],
}


# A fixed service's price has no pricing model.
FIXED = {"pricing": None, "included_per_camera": None}


def test_worked_example_through_the_api(padmin) -> None:  # type: ignore[no-untyped-def]
    c = padmin
    build_example(c)

    services = c.get("/api/v1/services/").json()
    assert [(s["code"], s["prices"]) for s in services["results"]] == [
        ("LPR", [{"currency": "USD", "amount": "4.00", "valid_from": "2020-01-01"} | FIXED]),
        ("REC_DAY", [{"currency": "USD", "amount": "0.30", "valid_from": "2020-01-01"} | FIXED]),
    ]
    cloud = c.get("/api/v1/clouds/telenet/").json()
    assert {
        k: cloud[k]
        for k in (
            "currency",
            "timezone",
            "proration",
            "discount_percent",
            "tax_percent",
            "wholesale_tax_percent",
        )
    } == {
        "currency": "USD",
        "timezone": "America/Bogota",
        "proration": "day",
        "discount_percent": "10.00",
        "tax_percent": "19.00",
        "wholesale_tax_percent": "0.00",
    }
    tariffs = c.get("/api/v1/clouds/telenet/tariffs/").json()["results"]
    assert [
        (t["code"], t["price"], t["currency"], t["owner"], t["components"]) for t in tariffs
    ] == [
        ("HOME3", "3.00", "USD", "cloud", [{"service": "REC_DAY", "quantity": "3.00"}]),
        (
            "TRAFFIC7",
            "12.00",
            "USD",
            "cloud",
            [{"service": "REC_DAY", "quantity": "7.00"}, {"service": "LPR", "quantity": "1.00"}],
        ),
    ]

    for code, expected in EXPECTED_HISTORY.items():
        resp = c.get(f"/api/v1/clouds/telenet/cameras/{code}/history/")
        assert resp.status_code == 200
        assert resp.json() == expected, code

    cams = c.get("/api/v1/clouds/telenet/cameras/").json()["results"]
    assert [(x["code"], x["account"], x["tariff"]) for x in cams] == [
        ("A", "acme", "TRAFFIC7"),
        ("B", "acme", "HOME3"),
        ("C", "acme", "TRAFFIC7"),
    ]
    # The change answer is the camera with its history.
    detail = c.get("/api/v1/clouds/telenet/cameras/C/").json()
    assert detail == {
        "code": "C",
        "title": "Camera C",
        "account": "acme",
        "tariff": "TRAFFIC7",
        "status": "active",
        "created_at": detail["created_at"],
    }


def test_worked_example_day_counts(padmin) -> None:  # type: ignore[no-untyped-def]
    """The history the API stored bills 31, 22, 15 and 16 days in March 2026."""
    proration = pytest.importorskip("cambill.rating.proration")
    from cambill.core.periods import Period

    build_example(padmin)
    march = Period(2026, 3, "America/Bogota")
    days = {}
    for code in EXPECTED_HISTORY:
        for p in padmin.get(f"/api/v1/clouds/telenet/cameras/{code}/history/").json():
            start = datetime.fromisoformat(p["valid_from"])
            end = datetime.fromisoformat(p["valid_to"]) if p["valid_to"] else None
            days[(code, p["tariff"])] = len(proration.covered_days(start, end, march))
    assert days == {
        ("A", "TRAFFIC7"): 31,
        ("B", "HOME3"): 22,
        ("C", "HOME3"): 15,
        ("C", "TRAFFIC7"): 16,
    }

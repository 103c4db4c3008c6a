"""Suspension and offline credits, built and billed through the public API (issue #17, 5 and 6).

Worked example: tariff T30 = 30.00 a month (REC x1 + ARCH x1), April 2026 in UTC,
``day`` proration, tax 0; the account is suspended from 04-11 00:00 to 04-21 00:00.
With ``suspended_days = skip`` April costs 20.00 (days 1-10 and 21-30), with
``bill`` 30.00. Wholesale: ARCH (``billed_while_suspended``) is charged all
month, REC only on the 20 days the account was active. A DST month in Madrid
with ``second`` proration skips exactly the 240 suspended hours.
"""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from cambill.accounts.services import user_create
from cambill.core.access import SYSTEM
from tests.api.helpers import bearer, err, unchanged
from tests.conftest import utc

pytestmark = pytest.mark.django_db


def post(c: Any, url: str, body: dict[str, Any], status: int = 201) -> Any:
    r = c.post(url, body, format="json")
    assert r.status_code == status, r.content
    return r.json()


def patch(c: Any, url: str, body: dict[str, Any]) -> Any:
    r = c.patch(url, body, format="json")
    assert r.status_code == 200, r.content
    return r.json()


@pytest.fixture
def padmin(db: Any) -> Any:
    user_create(actor=SYSTEM, username="padmin", password="demo-pass-123", role="provider_admin")
    c = bearer("padmin")
    post(
        c,
        "/api/v1/services/",
        {
            "code": "REC",
            "name": "Recording",
            "prices": [{"currency": "USD", "amount": "3.00", "valid_from": "2020-01-01"}],
        },
    )
    svc = post(
        c,
        "/api/v1/services/",
        {
            "code": "ARCH",
            "name": "Archive kept",
            "billed_while_suspended": True,
            "prices": [{"currency": "USD", "amount": "1.50", "valid_from": "2020-01-01"}],
        },
    )
    assert svc["billed_while_suspended"] is True
    return c


def build(c: Any, slug: str, tz: str = "UTC", **settings: Any) -> str:
    post(
        c,
        "/api/v1/clouds/",
        {"slug": slug, "name": slug.title(), "currency": "USD", "timezone": tz, **settings},
    )
    t = f"/api/v1/clouds/{slug}"
    post(
        c,
        f"{t}/tariffs/",
        {
            "code": "T30",
            "name": "Thirty",
            "price": "30.00",
            "components": [
                {"service": "REC", "quantity": "1"},
                {"service": "ARCH", "quantity": "1"},
            ],
        },
    )
    post(c, f"{t}/accounts/", {"code": "shop", "name": "Shop"})
    post(
        c,
        f"{t}/cameras/",
        {"code": "c1", "account": "shop", "tariff": "T30", "at": "2026-02-01T00:00:00Z"},
    )
    return t


def invoices(c: Any, t: str, period: str) -> tuple[dict[str, Any], dict[str, Any]]:
    post(c, f"{t}/bill-runs/", {"period": period})
    out = []
    for kind in ("retail", "wholesale"):
        [row] = c.get(f"{t}/invoices/?period={period}&kind={kind}").json()["results"]
        out.append(c.get(f"{t}/invoices/{row['id']}/").json())
    return out[0], out[1]


def lines(inv: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(ln["kind"], ln["date_from"] or "", ln["amount"]) for ln in inv["lines"]]


@pytest.mark.parametrize(
    ("mode", "retail_lines", "net"),
    [
        (
            "skip",
            [("tariff", "2026-04-01", "10.00"), ("tariff", "2026-04-21", "10.00")],
            "20.00",
        ),
        ("bill", [("tariff", "2026-04-01", "30.00")], "30.00"),
    ],
)
def test_suspended_days_worked_example(
    padmin: Any, mode: str, retail_lines: list, net: str
) -> None:
    c = padmin
    with time_machine.travel(utc(2026, 4, 25), tick=False):
        t = build(c, "susp")
        r = patch(c, t + "/", {"suspended_days": mode})
        assert (r["suspended_days"], r["offline_credit_hours"]) == (mode, None)
        acc = f"{t}/accounts/shop"
        r = post(c, f"{acc}/suspend", {"at": "2026-04-11T00:00:00Z", "reason": "Asked by phone"})
        assert r["status"] == "suspended"
        r = post(c, f"{acc}/resume/", {"at": "2026-04-21T00:00:00Z", "reason": "Back"})
        assert r == {
            "account": "shop",
            "status": "active",
            "suspensions": [
                {
                    "start": "2026-04-11T00:00:00Z",
                    "end": "2026-04-21T00:00:00Z",
                    "reason": "Asked by phone",
                    "resume_reason": "Back",
                    "suspended_by": "padmin",
                    "resumed_by": "padmin",
                }
            ],
        }
        assert c.get(f"{acc}/suspensions/").json() == r
    with time_machine.travel(utc(2026, 5, 2), tick=False):
        retail, wholesale = invoices(c, t, "2026-04")
    assert lines(retail) == retail_lines
    assert (retail["net"], retail["total"]) == (net, net)
    # Wholesale, whatever the cloud charges: REC 3.00 x 20/30 = 2.00 (stopped while
    # suspended), ARCH 1.50 x 30/30 = 1.50 (the archive is still kept).
    assert [(ln["service"], ln["days"], ln["amount"]) for ln in wholesale["lines"]] == [
        ("REC", "20.00", "2.00"),
        ("ARCH", "30.00", "1.50"),
    ]
    assert wholesale["total"] == "3.50"


def test_second_proration_in_a_dst_month(padmin: Any) -> None:
    c = padmin
    with time_machine.travel(utc(2026, 3, 25), tick=False):
        t = build(c, "madrid", "Europe/Madrid", proration="second", suspended_days="skip")
        acc = f"{t}/accounts/shop"
        post(c, f"{acc}/suspend/", {"at": "2026-03-10T00:00:00+01:00"})
        post(c, f"{acc}/resume/", {"at": "2026-03-20T00:00:00+01:00"})
    with time_machine.travel(utc(2026, 4, 2), tick=False):
        retail, wholesale = invoices(c, t, "2026-03")
    # March 2026 in Madrid has 743 hours (DST on the 29th): 1-9 March 216 h,
    # 20-31 March 287 h charged; the 240 suspended hours are not.
    assert [ln["amount"] for ln in retail["lines"]] == ["8.72", "11.59"]
    assert retail["net"] == "20.31"
    # REC 3.00 x 503/743 = 2.03; ARCH all month 1.50.
    assert [(ln["service"], ln["amount"]) for ln in wholesale["lines"]] == [
        ("REC", "2.03"),
        ("ARCH", "1.50"),
    ]


def test_offline_credit_through_the_events_api(padmin: Any) -> None:
    c = padmin
    with time_machine.travel(utc(2026, 4, 25), tick=False):
        t = build(c, "offl", offline_credit_hours=6)
        assert c.get(t + "/").json()["offline_credit_hours"] == 6
        events = [
            {
                "specversion": "1.0",
                "id": f"off-{i}",
                "source": "monitor",
                "type": "camera.offline",
                "subject": "c1",
                "time": when,
                "data": {"seconds": seconds},
            }
            for i, (when, seconds) in enumerate(
                [
                    ("2026-04-03T10:00:00Z", 4 * 3600),
                    ("2026-04-03T20:00:00Z", 2 * 3600),  # 6 h on 3 April: credited
                    ("2026-04-07T10:00:00Z", 5 * 3600),  # 5 h: not
                    ("2026-04-08T10:00:00Z", 86400),  # credited
                    ("2026-04-09T10:00:00Z", 86400),  # credited
                ]
            )
        ]
        r = c.post("/api/v1/events?cloud=offl", events, format="json")
        assert r.status_code == 204, r.content
    with time_machine.travel(utc(2026, 5, 2), tick=False):
        retail, _ = invoices(c, t, "2026-04")
    assert [
        (ln["kind"], ln["description"], ln["days"], ln["amount"]) for ln in retail["lines"]
    ] == [
        ("tariff", "Camera c1, tariff T30 (Thirty), April 2026", "30.00", "30.00"),
        ("offline_credit", "Offline credit: 3 days, Camera c1", "3.00", "-3.00"),
    ]
    assert retail["net"] == "27.00"


def test_suspend_refusals_and_roles(padmin: Any) -> None:
    c = padmin
    with time_machine.travel(utc(2026, 4, 25), tick=False):
        t = build(c, "refuse")
        acc = f"{t}/accounts/shop"
        with unchanged():
            err(c.post(f"{acc}/resume/", {}, format="json"), 409, "invalid_state")
            err(
                c.post(f"{acc}/suspend/", {"at": "2026-05-01T00:00:00Z"}, format="json"),
                400,
                "validation_error",
            )
            err(
                c.post(f"{acc}/suspend/", {"at": "2026-04-01T00:00:00"}, format="json"),
                400,
                "validation_error",
            )
            err(c.post(f"{t}/accounts/nobody/suspend/", {}, format="json"), 404, "not_found")
            err(
                c.patch(t + "/", {"offline_credit_hours": 0}, format="json"),
                400,
                "validation_error",
            )
            err(
                c.patch(t + "/", {"suspended_days": "maybe"}, format="json"),
                400,
                "validation_error",
            )
        post(c, f"{acc}/suspend/", {})  # now
        with unchanged():
            err(c.post(f"{acc}/suspend/", {}, format="json"), 409, "invalid_state")

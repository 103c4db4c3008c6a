"""Usage prices the operator sets (issue #17, point 2), through the public API only.

The provider admin defines a ``count`` meter of plate reads and a metered
provider service ``LPR_READ`` (graduated, USD: 100 reads at 0.05, the next 100
at 0.03, then 0.011); the cloud's admin sells TRAFFIC7 with the extra "plate
reads beyond 100 per camera" at 0.01 per read. Cloud telenet: USD, UTC, ``day``
proration, no discount, no tax. In March 2026 camera A (TRAFFIC7) sends 350
plate reads and camera B (HOME3, no extra) 37.

Retail, acme: TRAFFIC7 12.00, HOME3 3.00, plate reads of A 250 x 0.01 = 2.50.
Wholesale: REC_DAY (7 + 3) x 0.30 = 3.00, LPR_READ 387 reads =
100 x 0.05 + 100 x 0.03 + 187 x 0.011 = 10.057 -> 10.06.
"""

from __future__ import annotations

from typing import Any

import pytest

from cambill.accounts.services import user_create
from cambill.core.access import SYSTEM
from tests.api.helpers import bearer
from tests.conftest import utc

pytestmark = pytest.mark.django_db
CLOUD = "/api/v1/clouds/telenet"
PER_READ = {"kind": "per_unit", "unit_price": "0.01"}
GRADUATED = {
    "kind": "graduated",
    "tiers": [
        {"up_to": "100", "unit_price": "0.05"},
        {"up_to": "200", "unit_price": "0.03"},
        {"up_to": None, "unit_price": "0.011"},
    ],
}
EXTRA = {
    "meter": "plate_reads",
    "description": "Plate reads beyond 100 per camera",
    "included_per_camera": "100",
    "pricing": PER_READ,
}


def send(client: Any, method: str, url: str, body: Any = None, status: int = 201) -> Any:
    resp = getattr(client, method)(url, body, format="json")
    assert resp.status_code == status, resp.content
    return resp.json() if resp.content else None


def reads(camera: str, n: int) -> list[dict[str, Any]]:
    return [
        {
            "specversion": "1.0",
            "id": f"{camera}-{i}",
            "source": "lpr-gateway",
            "type": "lpr.read",
            "subject": camera,
            "time": f"2026-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
            "data": {"plate": f"P{i}"},
        }
        for i in range(n)
    ]


@pytest.fixture
def clients(db: Any) -> tuple[Any, Any]:
    user_create(actor=SYSTEM, username="padmin", password="demo-pass-123", role="provider_admin")
    padmin = bearer("padmin")
    send(
        padmin,
        "post",
        "/api/v1/services/",
        {
            "code": "REC_DAY",
            "name": "1 day of continuous recording",
            "prices": [{"currency": "USD", "amount": "0.30", "valid_from": "2020-01-01"}],
        },
    )
    send(
        padmin,
        "post",
        "/api/v1/clouds/",
        {
            "slug": "telenet",
            "name": "Telenet",
            "currency": "USD",
            "timezone": "UTC",
            "proration": "day",
            "discount_percent": "0",
            "tax_percent": "0",
            "wholesale_tax_percent": "0",
        },
    )
    from cambill.clouds.models import Cloud

    user_create(
        actor=SYSTEM,
        username="cadmin",
        password="demo-pass-123",
        role="cloud_admin",
        cloud=Cloud.objects.get(slug="telenet"),
    )
    return padmin, bearer("cadmin")


def build(padmin: Any, cadmin: Any) -> None:
    meter = send(
        padmin,
        "post",
        "/api/v1/meters/",
        {
            "code": "plate_reads",
            "name": "Plate reads",
            "unit": "read",
            "event_type": "lpr.read",
            "aggregation": "count",
        },
    )
    assert meter["aggregation"] == "count" and meter["value_path"] == ""
    svc = send(
        padmin,
        "post",
        "/api/v1/services/",
        {
            "code": "LPR_READ",
            "name": "Plate reads",
            "kind": "metered",
            "meter": "plate_reads",
            "prices": [{"currency": "USD", "valid_from": "2026-01-01", "pricing": GRADUATED}],
        },
    )
    assert (svc["kind"], svc["meter"], svc["unit"]) == ("metered", "plate_reads", "read")
    assert svc["prices"] == [
        {
            "currency": "USD",
            "valid_from": "2026-01-01",
            "amount": None,
            "pricing": GRADUATED | {"tiers": [t | {"flat_fee": "0"} for t in GRADUATED["tiers"]]},
            "included_per_camera": None,
        }
    ]
    tariff = send(
        cadmin,
        "post",
        f"{CLOUD}/tariffs/",
        {
            "code": "TRAFFIC7",
            "name": "Traffic 7",
            "price": "12.00",
            "components": [{"service": "REC_DAY", "quantity": "7"}],
            "metered": [EXTRA],
        },
    )
    assert tariff["metered"] == [EXTRA | {"included_per_camera": "100.00"}]
    send(
        cadmin,
        "post",
        f"{CLOUD}/tariffs/",
        {
            "code": "HOME3",
            "name": "Home 3",
            "price": "3.00",
            "components": [{"service": "REC_DAY", "quantity": "3"}],
        },
    )
    send(cadmin, "post", f"{CLOUD}/accounts/", {"code": "acme", "name": "ACME"})
    for code, tariff_code in (("A", "TRAFFIC7"), ("B", "HOME3")):
        send(cadmin, "post", f"{CLOUD}/cameras/", {"code": code, "title": code, "account": "acme"})
        send(
            cadmin,
            "post",
            f"{CLOUD}/cameras/{code}/tariff-changes/",
            {"tariff": tariff_code, "at": "2026-02-01T00:00:00Z"},
        )
    for batch in (reads("A", 350), reads("B", 37)):
        send(cadmin, "post", "/api/v1/events", batch, status=204)


def invoice(client: Any, kind: str) -> dict[str, Any]:
    q = f"?period=2026-03&kind={kind}" + ("&account=acme" if kind == "retail" else "")
    (row,) = send(client, "get", f"{CLOUD}/invoices/{q}", status=200)["results"]
    return send(client, "get", f"{CLOUD}/invoices/{row['id']}/", status=200)


def test_plate_reads_beyond_100_per_camera_and_the_graduated_provider_service(
    clients: tuple[Any, Any], freeze: Any
) -> None:
    padmin, cadmin = clients
    freeze(utc(2026, 4, 3, 12))
    build(padmin, cadmin)
    run = send(cadmin, "post", f"{CLOUD}/bill-runs/", {"period": "2026-03"})
    assert run["status"] == "completed", run
    retail = invoice(cadmin, "retail")
    assert [(ln["kind"], ln["camera"], ln["quantity"], ln["amount"]) for ln in retail["lines"]] == [
        ("tariff", "A", "1.00", "12.00"),
        ("tariff", "B", "1.00", "3.00"),
        ("metered", "A", "250.00", "2.50"),
    ]
    assert retail["total"] == "17.50"
    wholesale = invoice(padmin, "wholesale")
    assert [(ln["kind"], ln["service"], ln["amount"]) for ln in wholesale["lines"]] == [
        ("service", "REC_DAY", "3.00"),
        ("metered", "LPR_READ", "10.06"),
    ]
    assert wholesale["total"] == "13.06"
    assert wholesale["lines"][1]["description"] == "Plate reads (LPR_READ), 387 read"


def test_tariff_extras_are_edited_through_patch(clients: tuple[Any, Any], freeze: Any) -> None:
    padmin, cadmin = clients
    freeze(utc(2026, 4, 3, 12))
    build(padmin, cadmin)
    # 200 included from now on, priced by packages of 100 reads at 0.50.
    package = {"kind": "package", "package_size": "100", "package_price": "0.50"}
    got = send(
        cadmin,
        "patch",
        f"{CLOUD}/tariffs/TRAFFIC7/",
        {"metered": [EXTRA | {"included_per_camera": "200", "pricing": package}]},
        status=200,
    )
    assert got["metered"][0]["included_per_camera"] == "200.00"
    assert got["metered"][0]["pricing"]["kind"] == "package"
    send(cadmin, "post", f"{CLOUD}/bill-runs/", {"period": "2026-03"})
    metered = [ln for ln in invoice(cadmin, "retail")["lines"] if ln["kind"] == "metered"]
    # 350 - 200 = 150 reads: two started packages, 1.00
    assert [(ln["quantity"], ln["amount"]) for ln in metered] == [("150.00", "1.00")]
    got = send(cadmin, "patch", f"{CLOUD}/tariffs/TRAFFIC7/", {"metered": []}, status=200)
    assert got["metered"] == []


def test_bad_usage_prices_are_400_with_field_messages(clients: tuple[Any, Any]) -> None:
    padmin, cadmin = clients
    send(
        padmin,
        "post",
        "/api/v1/meters/",
        {"code": "plate_reads", "name": "Reads", "unit": "read", "event_type": "lpr.read"}
        | {"aggregation": "count"},
    )
    tariff = {
        "code": "T",
        "name": "T",
        "price": "1.00",
        "components": [{"service": "REC_DAY", "quantity": "1"}],
    }
    cases = [
        (cadmin, f"{CLOUD}/tariffs/", tariff | {"metered": [EXTRA | {"meter": "nope"}]}, "metered"),
        (
            cadmin,
            f"{CLOUD}/tariffs/",
            tariff | {"metered": [EXTRA | {"pricing": {"kind": "per_unit"}}]},
            "metered",
        ),
        (
            cadmin,
            f"{CLOUD}/tariffs/",
            tariff | {"metered": [EXTRA | {"included_per_camera": "-1"}]},
            "metered",
        ),
        (
            padmin,
            "/api/v1/services/",
            {
                "code": "X",
                "name": "X",
                "kind": "metered",
                "meter": "nope",
                "prices": [{"currency": "USD", "pricing": PER_READ}],
            },
            "meter",
        ),
        (
            padmin,
            "/api/v1/services/",
            {
                "code": "X",
                "name": "X",
                "kind": "metered",
                "meter": "plate_reads",
                "prices": [{"currency": "USD", "pricing": {"kind": "stairs"}}],
            },
            "prices",
        ),
        (
            padmin,
            "/api/v1/services/",
            {"code": "X", "name": "X", "kind": "metered", "prices": []},
            "meter",
        ),
        (
            padmin,
            "/api/v1/meters/",
            {"code": "alarms", "name": "A", "unit": "a", "event_type": "alarm"}
            | {"aggregation": "count", "value_path": "n"},
            "value_path",
        ),
    ]
    for client, url, body, field in cases:
        resp = client.post(url, body, format="json")
        assert resp.status_code == 400, (body, resp.content)
        got = resp.json()
        assert got["code"] == "validation_error" and field in got["fields"], (body, got)
        assert all(isinstance(m, str) and m for m in got["fields"][field]), got
    assert send(padmin, "get", "/api/v1/services/?kind=metered", status=200)["results"] == []
    assert send(cadmin, "get", f"{CLOUD}/tariffs/", status=200)["results"] == []

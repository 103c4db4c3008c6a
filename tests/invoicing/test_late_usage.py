"""Late usage: events of an invoiced period are stored, flagged, and billed once
as an adjustment of the next period (or reported for a credit note), to the cent.

The world: the worked example's acme (A, B on TRAFFIC7/HOME3, C moved to
TRAFFIC7) and beta's D, in America/Bogota. A ``rec_hours`` meter (sum) is priced
on TRAFFIC7 graduated: the first 100 hours free, then 0.10 per hour (retail),
and as the provider's metered service ``REC_HOUR`` at 0.01 per hour (wholesale,
cloud scope, less telenet's 10 % discount).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from cambill.core.access import SYSTEM
from cambill.invoicing.models import Invoice
from cambill.usage.models import LateUsageSettlement, UsageEvent
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import amounts, bill, retail, totals, wholesale

MAR_RUN = utc(2026, 4, 5, 12)
APR_RUN = utc(2026, 5, 4, 12)
MAY_RUN = utc(2026, 6, 4, 12)


def hours(i: str, n: int, time: str, subject: str = "A") -> dict:  # type: ignore[type-arg]
    return {
        "specversion": "1.0",
        "id": i,
        "source": "watcher",
        "type": "recording",
        "subject": subject,
        "time": time,
        "data": {"hours": n},
    }


def ingest(cloud, events, now: datetime):  # type: ignore[no-untyped-def]
    from cambill.usage.services import events_ingest

    return events_ingest(actor=SYSTEM, cloud=cloud, events=events, now=now)


def issue_all(cloud, period: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import invoice_issue

    for inv in Invoice.objects.filter(cloud=cloud, period=period, status="draft"):
        invoice_issue(actor=SYSTEM, invoice=inv, now=now)


@pytest.fixture
def metered(world):  # type: ignore[no-untyped-def]
    return setup_metered(world)


def setup_metered(world):  # type: ignore[no-untyped-def]
    """Meter, prices, 150 h on A in March, and March billed (drafts)."""
    from cambill.catalog.services import service_create
    from cambill.usage.services import meter_create, metered_service_set, tariff_metered_charge_set

    t = add_cameras(world)
    meter = meter_create(
        actor=SYSTEM,
        code="rec_hours",
        name="Recorded hours",
        unit="hour",
        event_type="recording",
        value_path="hours",
        aggregation="sum",
    )
    tariff_metered_charge_set(
        actor=SYSTEM,
        cloud=t,
        tariff=world.tariffs["TRAFFIC7"],
        meter=meter,
        description="Recording above 100 h",
        pricing={
            "kind": "graduated",
            "tiers": [{"up_to": "100", "unit_price": "0"}, {"up_to": None, "unit_price": "0.10"}],
        },
    )
    svc = service_create(
        actor=SYSTEM,
        code="REC_HOUR",
        name="Recorded hour",
        prices=[{"currency": "USD", "amount": "0.01", "valid_from": "2020-01-01"}],
    )
    metered_service_set(
        actor=SYSTEM,
        service=svc,
        meter=meter,
        prices=[{"currency": "USD", "pricing": {"kind": "per_unit", "unit_price": "0.01"}}],
    )
    # March: 150 h on A -> retail 50 x 0.10 = 5.00, wholesale 150 x 0.01 = 1.50.
    ingest(t, [hours("m1", 150, "2026-03-10T15:00:00Z")], now=utc(2026, 3, 11))
    run = bill(t, "2026-03", MAR_RUN)
    assert run.status == "completed", run.error
    assert amounts(retail(t, "2026-03", "acme"), "metered") == ["5.00"]
    assert amounts(wholesale(t, "2026-03"), "metered") == ["1.50"]
    return t


@pytest.mark.django_db
def test_events_before_issue_are_not_late_after_issue_they_are(metered) -> None:  # type: ignore[no-untyped-def]
    t = metered
    # The March invoices are drafts: a rerun of the bill run would count this.
    r = ingest(t, [hours("d1", 1, "2026-03-20T15:00:00Z", subject="D")], now=utc(2026, 4, 6))
    assert r.late == 0
    issue_all(t, "2026-03", utc(2026, 4, 6))
    r = ingest(
        t,
        [
            hours("l1", 30, "2026-03-20T15:00:00Z"),  # March in Bogota: late
            hours("l2", 1, "2026-04-01T04:59:59Z"),  # still March 31 in Bogota: late
            hours("n1", 20, "2026-04-01T05:00:00Z"),  # April 1 in Bogota: on time
            hours("u1", 5, "2026-03-20T15:00:00Z", subject="NEW"),  # unknown camera, March
        ],
        now=utc(2026, 4, 10),
    )
    assert (r.inserted, r.late, r.unmatched) == (4, 3, 1)
    late = dict(UsageEvent.objects.values_list("event_id", "late"))
    assert late == {"m1": False, "d1": False, "l1": True, "l2": True, "n1": False, "u1": True}
    # A replay of a late event is still one event.
    assert ingest(t, [hours("l1", 30, "2026-03-20T15:00:00Z")], now=utc(2026, 4, 11)).inserted == 0


@pytest.mark.django_db
def test_rematched_event_of_an_invoiced_period_becomes_late(metered) -> None:  # type: ignore[no-untyped-def]
    from cambill.usage.services import usage_rematch

    t = metered
    # Only the retail invoice of acme is issued; no wholesale yet.
    from cambill.invoicing.services import invoice_issue

    invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=utc(2026, 4, 6))
    r = ingest(t, [hours("x1", 7, "2026-03-21T15:00:00Z", subject="E")], now=utc(2026, 4, 7))
    assert (r.unmatched, r.late) == (1, 0)  # no camera, no account, wholesale still a draft
    from django.utils import timezone

    from cambill.clouds.models import Account, Camera

    # Written without the verb (a bulk import): the rematch job counts it.
    Camera.objects.create(
        cloud=t, code="E", account=Account.objects.get(code="acme"), created_at=timezone.now()
    )
    assert usage_rematch(t) == 1
    assert UsageEvent.objects.get(event_id="x1").late is True


@pytest.mark.django_db
def test_next_period_adjustment_priced_as_march_and_idempotent(metered) -> None:  # type: ignore[no-untyped-def]
    t = metered
    issue_all(t, "2026-03", utc(2026, 4, 6))
    ingest(
        t,
        [hours("l1", 30, "2026-03-20T15:00:00Z"), hours("n1", 20, "2026-04-02T15:00:00Z")],
        now=utc(2026, 4, 10),
    )
    for _ in range(2):  # a rerun regenerates the same draft: nothing counted twice
        run = bill(t, "2026-04", APR_RUN)
        assert run.status == "completed", run.error
        inv = retail(t, "2026-04", "acme")
        # A, B, C whole April; April's 20 h are under the free 100 h (no line);
        # March had 150 h, now 180: 8.00 - 5.00 invoiced = 3.00, at March's tiers.
        assert amounts(inv) == ["12.00", "3.00", "12.00", "3.00"]
        adj = inv.lines.get(kind="adjustment")
        assert adj.description == (
            "Late usage of 2026-03: Camera A, Recording above 100 h (rec_hours)"
        )
        assert (adj.camera, adj.service, adj.tariff) == ("A", "rec_hours", "TRAFFIC7")
        assert (str(adj.date_from), str(adj.date_to)) == ("2026-03-01", "2026-03-31")
        assert (adj.quantity, adj.unit_price) == (Decimal(30), Decimal("0.1"))
        assert totals(inv) == {
            "subtotal": "30.00",
            "discount": "0.00",
            "net": "30.00",
            "tax": "5.70",
            "total": "35.70",
        }
        w = wholesale(t, "2026-04")
        # The late 30 h at 0.01 = 0.30 joins the lines under the 10 % discount.
        assert amounts(w, "adjustment") == ["0.30"]
        assert w.lines.get(kind="adjustment").description.startswith(
            "Late usage of 2026-03: Recorded hour (REC_HOUR), 30 hour"
        )
        assert amounts(w, "metered") == ["0.20"]  # April's own 20 h
        assert UsageEvent.objects.get(event_id="l1").billed_period == "2026-04"
        assert UsageEvent.objects.get(event_id="n1").billed_period is None
    # beta has no late usage: its April invoice has no adjustment.
    assert amounts(retail(t, "2026-04", "beta"), "adjustment") == []

    # April is issued; 10 more March hours arrive: May bills only their delta.
    issue_all(t, "2026-04", utc(2026, 5, 5))
    r = ingest(t, [hours("l2", 10, "2026-03-25T15:00:00Z")], now=utc(2026, 5, 10))
    assert r.late == 1
    run = bill(t, "2026-05", MAY_RUN)
    assert run.status == "completed", run.error
    # 190 h: 9.00 - (5.00 on March's invoice + 3.00 on April's) = 1.00
    assert amounts(retail(t, "2026-05", "acme"), "adjustment") == ["1.00"]
    assert amounts(wholesale(t, "2026-05"), "adjustment") == ["0.10"]
    assert UsageEvent.objects.get(event_id="l1").billed_period == "2026-04"
    assert UsageEvent.objects.get(event_id="l2").billed_period == "2026-05"


@pytest.mark.django_db
def test_credit_note_report_policy_lists_and_settles(metered, client) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import cloud_update
    from cambill.usage.late import late_usage_report, late_usage_settle

    t = metered
    cloud_update(actor=SYSTEM, cloud=t, late_usage_policy="credit_note_report")
    t.refresh_from_db()
    issue_all(t, "2026-03", utc(2026, 4, 6))
    ingest(t, [hours("l1", 30, "2026-03-20T15:00:00Z")], now=utc(2026, 4, 10))
    run = bill(t, "2026-04", APR_RUN)
    assert run.status == "completed", run.error
    assert amounts(retail(t, "2026-04", "acme"), "adjustment") == []
    assert not wholesale(t, "2026-04").lines.filter(kind="adjustment").exists()
    items = late_usage_report(actor=SYSTEM, cloud=t)
    assert [
        (
            i.level,
            i.period,
            i.account_code,
            i.camera_code,
            i.key,
            str(i.amount_billed),
            str(i.amount_now),
            str(i.amount),
            i.late_events,
        )
        for i in items
    ] == [
        ("retail", "2026-03", "acme", "A", "rec_hours", "5.0000", "8.00", "3.0000", 1),
        ("wholesale", "2026-03", "", "", "REC_HOUR", "1.5000", "1.80", "0.3000", 1),
    ]
    assert UsageEvent.objects.get(event_id="l1").billed_period is None  # never lost

    settled = late_usage_settle(
        actor=SYSTEM, cloud=t, period="2026-03", note="credit note TELENET-CN-1", now=APR_RUN
    )
    assert sorted(str(s.amount) for s in settled) == ["0.3000", "3.0000"]
    assert late_usage_report(actor=SYSTEM, cloud=t) == []
    assert UsageEvent.objects.get(event_id="l1").billed_period == "manual"
    # A later late event of March is reported for itself only.
    ingest(t, [hours("l2", 10, "2026-03-25T15:00:00Z")], now=utc(2026, 5, 10))
    items = late_usage_report(actor=SYSTEM, cloud=t)
    assert [(i.level, str(i.amount)) for i in items] == [
        ("retail", "1.0000"),
        ("wholesale", "0.1000"),
    ]
    assert LateUsageSettlement.objects.count() == 2


@pytest.mark.django_db
def test_late_usage_api_and_pages(metered) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from cambill.clouds.services import cloud_update
    from tests.api.helpers import bearer as token_client
    from tests.conftest import PASSWORD

    t = metered
    cloud_update(actor=SYSTEM, cloud=t, late_usage_policy="credit_note_report")
    issue_all(t, "2026-03", utc(2026, 4, 6))
    ingest(t, [hours("l1", 30, "2026-03-20T15:00:00Z")], now=utc(2026, 4, 10))

    api = token_client("caccountant")
    # A page like every list (issue #12 point 7: it was a bare list, the schema a page).
    body = api.get("/api/v1/clouds/telenet/usage/late/").json()
    assert body["count"] == 2 and body["next"] is None
    assert [
        (x["level"], x["camera"], x["key"], x["amount"], x["currency"]) for x in body["results"]
    ] == [
        ("retail", "A", "rec_hours", "3.00", "USD"),
        ("wholesale", "", "REC_HOUR", "0.30", "USD"),
    ]
    events = api.get("/api/v1/clouds/telenet/usage/events/?pending=true").json()["results"]
    assert [(e["id"], e["late"], e["billed_period"]) for e in events] == [("l1", True, None)]
    assert token_client("subscriber").get("/api/v1/clouds/telenet/usage/late/").status_code == 403
    assert token_client("otheradmin").get("/api/v1/clouds/telenet/usage/late/").status_code == 404
    # A manager may read but not settle; nothing changes when refused.
    r = token_client("pmanager").post(
        "/api/v1/clouds/telenet/usage/late/settle",
        {"period": "2026-03", "note": "x"},
        format="json",
    )
    assert r.status_code == 403 and not LateUsageSettlement.objects.exists()
    r = api.post("/api/v1/clouds/telenet/usage/late/settle", {"period": "2026-03"}, format="json")
    assert r.status_code == 400 and "note" in r.json()["fields"]
    r = api.post(
        "/api/v1/clouds/telenet/usage/late/settle",
        {"period": "2026-03", "note": "CN TELENET-C-1"},
        format="json",
    )
    assert r.status_code == 201 and [x["amount"] for x in r.json()] == ["3.00", "0.30"]
    assert api.get("/api/v1/clouds/telenet/usage/late/").json()["results"] == []

    ingest(t, [hours("l2", 10, "2026-03-25T15:00:00Z")], now=utc(2026, 5, 10))
    web = Client()
    assert web.login(username="cadmin", password=PASSWORD)
    html = web.get("/clouds/telenet/usage/late/").content.decode()
    assert "rec_hours" in html and "1.00" in html and "REC_HOUR" in html
    r = web.post(
        "/clouds/telenet/usage/late/settle/", {"period": "2026-03", "note": "CN TELENET-C-2"}
    )
    assert r.status_code == 302
    assert "No late usage waiting." in web.get("/clouds/telenet/usage/late/").content.decode()
    assert UsageEvent.objects.get(event_id="l2").billed_period == "manual"

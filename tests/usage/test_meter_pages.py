"""The meters page: provider admins create and edit meters with a live check
(a pasted CloudEvent read with the definition as typed, by ingestion's own
validation and extraction), nothing stored by the check."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cambill.usage.models import Meter, UsageEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

EVENT = json.dumps(
    {
        "specversion": "1.0",
        "id": "e1",
        "source": "w",
        "type": "recording",
        "subject": "camA",
        "time": "2026-03-10T10:00:00Z",
        "data": {"stats": {"dvr": {"seconds": 5400}}},
    }
)
DEFINITION = {
    "code": "rec_hours",
    "name": "Recorded hours",
    "unit": "hour",
    "event_type": "recording",
    "aggregation": "sum",
    "value_path": "stats.dvr.seconds",
    "unit_divisor": "3600",
}


def login(name: str) -> Client:
    c = Client()
    assert c.login(username=name, password=PASSWORD)
    return c


def test_live_check_reads_the_pasted_event_as_ingestion_would(uw: Any) -> None:
    c = login("padmin")
    page = c.get("/meters/new/")
    assert page.status_code == 200 and b'id="meter-check"' in page.content
    resp = c.post("/meters/new/check/", DEFINITION | {"sample_event": EVENT})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert 'data-check="ok"' in html and "5400" in html and ">1.5<" in html
    wrong = DEFINITION | {"value_path": "stats.dvr.bytes", "sample_event": EVENT}
    html = c.post("/meters/new/check/", wrong).content.decode()
    assert 'data-check="refused"' in html and "data.stats.dvr.bytes" in html
    count = DEFINITION | {"aggregation": "count", "sample_event": EVENT}
    html = c.post("/meters/new/check/", count).content.decode()
    assert 'data-check="definition"' in html  # a count takes no value path
    html = c.post("/meters/new/check/", count | {"value_path": ""}).content.decode()
    assert 'data-check="ok"' in html and ">1<" in html
    assert not UsageEvent.objects.exists() and not Meter.objects.filter(code="rec_hours").exists()
    assert login("cadmin").post("/meters/new/check/", count).status_code == 403


def test_create_and_edit_a_meter(uw: Any) -> None:
    c = login("padmin")
    resp = c.post("/meters/new/", DEFINITION | {"sample_event": EVENT})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    m = Meter.objects.get(code="rec_hours")
    assert (m.aggregation, m.unit_divisor, m.value_path) == ("sum", 3600, "stats.dvr.seconds")
    listing = c.get("/meters/").content.decode()
    assert "rec_hours" in listing and "/meters/rec_hours/" in listing
    page = c.get("/meters/rec_hours/")
    assert page.status_code == 200 and b"stats.dvr.seconds" in page.content
    edit = {k: v for k, v in DEFINITION.items() if k != "code"} | {"name": "Hours recorded"}
    resp = c.post("/meters/rec_hours/", edit)
    assert resp.status_code == 302
    assert Meter.objects.get(code="rec_hours").name == "Hours recorded"
    bad = c.post("/meters/new/", DEFINITION | {"code": "alarms", "aggregation": "count"})
    assert bad.status_code == 200 and "value path empty" in bad.content.decode()
    assert login("cadmin").get("/meters/new/").status_code == 403

"""Metered provider services on the service pages: created with a meter and a
first price (a price per unit or any pricing model, an allowance per camera),
shown with their pricing models, priced again from a date."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cambill.usage.models import MeteredServicePrice
from cambill.usage.selectors import metered_pricing_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(name: str) -> Client:
    c = Client()
    assert c.login(username=name, password=PASSWORD)
    return c


def test_create_show_and_price_a_metered_service(uw: Any) -> None:
    from cambill.catalog.models import Service

    c = login("padmin")
    assert b"/services/new/metered/" in c.get("/services/").content
    form = {
        "code": "ARCHIVE_GB",
        "name": "Archive per GB-month",
        "meter": uw.meters["archive"].pk,
        "currency": "USD",
        "unit_price": "0.02",
        "included_per_camera": "10",
    }
    resp = c.post("/services/new/metered/", form)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    svc = Service.objects.get(code="ARCHIVE_GB")
    assert (svc.kind, svc.unit) == ("metered", "GB-month")
    (price,) = metered_pricing_of([svc])[svc.pk]["prices"]
    assert price["pricing"] == {"kind": "per_unit", "unit_price": "0.02"}
    assert price["included_per_camera"] == 10
    page = c.get("/services/ARCHIVE_GB/").content.decode()
    assert 'id="metered-prices"' in page and "archive_gb" in page
    assert "/services/ARCHIVE_GB/metered-price/" in page
    graduated = {
        "kind": "graduated",
        "tiers": [{"up_to": "100", "unit_price": "0.02"}, {"up_to": None, "unit_price": "0.01"}],
    }
    resp = c.post(
        "/services/ARCHIVE_GB/metered-price/",
        {"currency": "EUR", "valid_from": "2026-05-01", "pricing": json.dumps(graduated)},
    )
    assert resp.status_code == 302
    assert MeteredServicePrice.objects.filter(currency="EUR", pricing__kind="graduated").exists()
    bad = c.post(
        "/services/ARCHIVE_GB/metered-price/",
        {"currency": "EUR", "valid_from": "2026-06-01", "pricing": '{"kind": "volume"}'},
    )
    assert bad.status_code == 200 and "volume pricing needs tiers" in bad.content.decode()
    missing = c.post("/services/new/metered/", form | {"code": "X", "unit_price": ""})
    assert missing.status_code == 200 and "Give a price per unit" in missing.content.decode()
    assert login("cadmin").get("/services/new/metered/").status_code == 403
    # A fixed service has no metered price page.
    assert c.get("/services/REC_DAY/metered-price/").status_code == 404

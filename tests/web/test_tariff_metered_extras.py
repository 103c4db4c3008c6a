"""The tariff builder edits a tariff's metered extras and shows, for a sample
quantity of one camera-month, what the subscriber pays for it, what that usage
costs the cloud (the provider's metered services on the same meter) and the
margin; saving calls the verb (issue #17, point 2)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.usage.metering import meter_create, metered_service_create
from cambill.usage.models import TariffMeteredCharge

from .test_flows import rows

pytestmark = pytest.mark.django_db
QUOTE = "/clouds/telenet/tariffs/new/quote/"


@pytest.fixture
def reads(world: Any) -> Any:
    meter = meter_create(
        actor=SYSTEM,
        code="plate_reads",
        name="Plate reads",
        unit="read",
        event_type="lpr.read",
        aggregation="count",
    )
    metered_service_create(
        actor=SYSTEM,
        code="LPR_READ",
        name="Plate read",
        meter="plate_reads",
        prices=[{"currency": "USD", "pricing": {"kind": "per_unit", "unit_price": "0.004"}}],
    )
    return meter


def extras(*items: dict[str, Any]) -> dict[str, str]:
    data = {"extras-TOTAL_FORMS": str(len(items)), "extras-INITIAL_FORMS": "0"}
    for i, item in enumerate(items):
        data.update({f"extras-{i}-{k}": str(v) for k, v in item.items()})
    return data


def cell(html: str, meter: str, name: str) -> str:
    row = html[html.index(f'data-extra="{meter}"') :]
    found = re.search(rf'data-figure="{name}">([^<]*)<', row)
    assert found, name
    return found.group(1).replace("\xa0", " ").strip()


def test_quote_shows_charge_cost_and_margin_at_a_sample_quantity(
    world: Any, reads: Any, as_user: Any
) -> None:
    rec = world.services["REC_DAY"]
    extra = {"meter": reads.pk, "included_per_camera": "100", "unit_price": "0.01"}
    data = {**rows((rec.pk, 7)), "price": "12.00"}
    html = as_user("cadmin").post(QUOTE, data | extras(extra | {"sample": "350"})).content.decode()
    # 350 reads, 100 included: 250 x 0.01 = 2.50; the provider charges 350 x 0.004 = 1.40.
    assert cell(html, "plate_reads", "charge") == "2.50 USD"
    assert cell(html, "plate_reads", "cost") == "1.40 USD"
    assert cell(html, "plate_reads", "margin") == "1.10 USD"
    graduated = {
        "kind": "graduated",
        "tiers": [{"up_to": "300", "unit_price": "0"}, {"up_to": None, "unit_price": "0.02"}],
    }
    other = {"meter": reads.pk, "pricing": json.dumps(graduated), "sample": "350"}
    html = as_user("cadmin").post(QUOTE, {**data, **extras(other)}).content.decode()
    assert cell(html, "plate_reads", "charge") == "1.00 USD"  # 50 x 0.02
    assert cell(html, "plate_reads", "margin") == "-0.40 USD"
    bad = {"meter": reads.pk, "pricing": '{"kind": "per_unit"}', "sample": "1"}
    html = as_user("cadmin").post(QUOTE, {**data, **extras(bad)}).content.decode()
    assert "Metered extra 1" in html and 'data-extra="' not in html


def test_saving_the_builder_sets_the_extras(world: Any, reads: Any, as_user: Any) -> None:
    rec = world.services["REC_DAY"]
    client = as_user("cadmin")
    extra = {
        "meter": reads.pk,
        "description": "Plate reads beyond 100 per camera",
        "included_per_camera": "100",
        "unit_price": "0.01",
        "sample": "350",
    }
    data = {"code": "LPR7", "name": "Plates 7", "price": "12.00", **rows((rec.pk, 7))}
    resp = client.post("/clouds/telenet/tariffs/new/", data | extras(extra))
    assert resp.status_code == 302, resp.content.decode()[:3000]
    (charge,) = TariffMeteredCharge.objects.filter(tariff__code="LPR7")
    assert (charge.description, charge.included_per_camera) == (extra["description"], 100)
    assert charge.pricing == {"kind": "per_unit", "unit_price": "0.01"}
    detail = client.get("/clouds/telenet/tariffs/LPR7/").content.decode()
    assert 'id="metered-extras"' in detail and "Plate reads beyond 100 per camera" in detail
    page = client.get("/clouds/telenet/tariffs/LPR7/edit/").content.decode()
    assert "Plate reads beyond 100 per camera" in page and 'id="metered-extras"' in page
    # A row priced without a meter is refused and nothing changes.
    broken = {"meter": "", "unit_price": "0.02"}
    edit = {"name": "Plates 7", "price": "12.00", "active": "on", **rows((rec.pk, 7), initial=1)}
    resp = client.post("/clouds/telenet/tariffs/LPR7/edit/", edit | extras(broken))
    assert resp.status_code == 200 and "Choose a meter for this price." in resp.content.decode()
    assert TariffMeteredCharge.objects.filter(tariff__code="LPR7").count() == 1
    # Blanking the meter removes the extra.
    resp = client.post("/clouds/telenet/tariffs/LPR7/edit/", edit | extras({"meter": ""}))
    assert resp.status_code == 302
    assert not TariffMeteredCharge.objects.filter(tariff__code="LPR7").exists()

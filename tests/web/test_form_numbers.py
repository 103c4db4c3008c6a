"""Edit forms show stored numbers as plain decimals: an amount with its
currency's places ("32000.00", never "3.2E+4" from ``Decimal.normalize``),
other numbers with the decimals they have; a JSON box with no value is empty,
not the word "null" (issue #14, point 6)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from cambill.catalog.services import cloud_set_service_prices, tariff_update
from cambill.core.access import SYSTEM
from cambill.referrals.services import agent_update
from cambill.usage.metering import meter_update, tariff_metered_set
from cambill.web.core.forms import decimal_input_text

from . import test_tariff_metered_extras
from .test_flows import rows

pytestmark = pytest.mark.django_db
reads = test_tariff_metered_extras.reads  # the meter "plate_reads" (a fixture)
EDIT = "/clouds/telenet/tariffs/TRAFFIC7/edit/"


def input_value(html: str, name: str) -> str | None:
    """The ``value`` of the input ``name`` (None: the box is empty)."""
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert tag, name
    value = re.search(r'\svalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, name
    return found.group(1).strip()


def selected(html: str, name: str) -> list[str]:
    """The labels of the chosen options of the select ``name``."""
    found = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return re.findall(r"<option[^>]*\sselected>([^<]*)</option>", found.group(1))


def test_tariff_edit_form_shows_the_price_with_the_currencys_places(
    world: Any, reads: Any, as_user: Any
) -> None:
    tariff = world.tariffs["TRAFFIC7"]
    tariff_update(actor=SYSTEM, tariff=tariff, price="32000")
    tariff_metered_set(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        tariff=tariff,
        metered=[
            {
                "meter": "plate_reads",
                "description": "",
                "included_per_camera": "100",
                "pricing": {"kind": "per_unit", "unit_price": "0.004"},
            }
        ],
    )
    html = as_user("cadmin").get(EDIT).content.decode()
    assert input_value(html, "price") == "32000.00"
    assert input_value(html, "rows-0-quantity") == "7"
    assert input_value(html, "rows-1-quantity") == "1"
    assert input_value(html, "extras-0-included_per_camera") == "100"
    assert input_value(html, "extras-0-unit_price") == "0.004"  # a price keeps its places
    assert selected(html, "extras-0-meter") == ["plate_reads - Plate reads"]
    # A per-unit price sits in its box: no pricing model, and no "null" in its place.
    assert textarea(html, "extras-0-pricing") == ""
    assert textarea(html, "extras-1-pricing") == ""  # a blank row
    assert "E+" not in html and ">null<" not in html.replace("\n", "")


def test_tariff_edit_form_shows_a_stored_pricing_model(
    world: Any, reads: Any, as_user: Any
) -> None:
    graduated = {
        "kind": "graduated",
        "tiers": [{"up_to": "300", "unit_price": "0"}, {"up_to": None, "unit_price": "0.02"}],
    }
    tariff_metered_set(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        tariff=world.tariffs["TRAFFIC7"],
        metered=[{"meter": "plate_reads", "description": "", "pricing": graduated}],
    )
    html = as_user("cadmin").get(EDIT).content.decode()
    assert selected(html, "extras-0-meter") == ["plate_reads - Plate reads"]
    shown = json.loads(textarea(html, "extras-0-pricing").replace("&quot;", '"'))
    assert shown["kind"] == "graduated"
    assert [t["up_to"] for t in shown["tiers"]] == ["300", None]
    assert input_value(html, "extras-0-unit_price") is None


def test_an_unchanged_edit_form_saves_the_same_price(world: Any, as_user: Any) -> None:
    tariff = world.tariffs["TRAFFIC7"]
    tariff_update(actor=SYSTEM, tariff=tariff, price="32000")
    html = as_user("cadmin").get(EDIT).content.decode()
    rec, lpr = world.services["REC_DAY"].pk, world.services["LPR"].pk
    quantities = input_value(html, "rows-0-quantity"), input_value(html, "rows-1-quantity")
    data = {
        "name": tariff.name,
        "price": input_value(html, "price"),
        "active": "on",
        **rows((rec, quantities[0]), (lpr, quantities[1]), total=5, initial=2),
    }
    response = as_user("cadmin").post(EDIT, data)
    assert response.status_code == 302
    tariff.refresh_from_db()
    assert tariff.price == Decimal("32000")
    assert sorted(tariff.components.values_list("service__code", "quantity")) == [
        ("LPR", Decimal("1")),
        ("REC_DAY", Decimal("7")),
    ]


def test_other_edit_forms_show_plain_numbers(world: Any, reads: Any, as_user: Any) -> None:
    telenet = world.clouds["telenet"]
    cloud_set_service_prices(
        actor=SYSTEM, cloud=telenet, prices=[{"service": "REC_DAY", "amount": "32000"}]
    )
    agent_update(actor=SYSTEM, agent=world.agents["agent1"], rate_percent="10")
    meter_update(actor=SYSTEM, meter=reads, unit_divisor="1000")
    rec = world.services["REC_DAY"].pk
    html = as_user("padmin").get("/clouds/telenet/service-prices/").content.decode()
    assert input_value(html, f"svc_{rec}") == "32000.00"
    html = as_user("cadmin").get("/clouds/telenet/agents/agent1/edit/").content.decode()
    assert input_value(html, "rate_percent") == "10"
    html = as_user("padmin").get("/meters/plate_reads/").content.decode()
    assert input_value(html, "unit_divisor") == "1000"


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [
        (Decimal("3.2E+4"), "COP", "32000.00"),
        (Decimal("32000.000000"), "USD", "32000.00"),
        (Decimal("0.305000"), "USD", "0.305"),
        (Decimal("1E+3"), "JPY", "1000"),
        (Decimal("12.5"), "KWD", "12.500"),
        (Decimal("1E+2"), None, "100"),
        (Decimal("7.000000"), None, "7"),
        (Decimal("1.5000"), None, "1.5"),
        (Decimal("1E-7"), None, "0.0000001"),
    ],
)
def test_decimal_input_text(value: Decimal, currency: str | None, text: str) -> None:
    assert decimal_input_text(value, currency) == text

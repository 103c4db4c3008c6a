"""The tariff builder: as a cloud admin types services, quantities and a price,
the panel beside the form shows what one camera-month costs THIS cloud at
wholesale (its individual prices, its discount), the retail price and the
margin, with exact amounts from the rating engine; saving still calls the verb."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cambill.catalog.models import TariffPlan
from cambill.catalog.services import cloud_set_service_prices
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry

from .test_flows import rows

QUOTE = "/clouds/telenet/tariffs/new/quote/"


@pytest.fixture
def individual(world: Any) -> None:
    """telenet pays 0.255 USD for REC_DAY (list price 0.30); LPR stays at its list 4.00."""
    cloud_set_service_prices(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        prices=[{"service": "REC_DAY", "amount": "0.255"}],
        valid_from=date(2020, 1, 1),
    )


def figure(html: str, name: str) -> str:
    found = re.search(rf'data-figure="{name}">([^<]*)<', html)
    assert found, f"no figure {name}"
    return found.group(1).replace("\xa0", " ").strip()


def test_quote_prices_components_at_the_clouds_individual_price_less_its_discount(
    world: Any, individual: None, as_user: Any
) -> None:
    rec, lpr = world.services["REC_DAY"], world.services["LPR"]
    response = as_user("cadmin").post(QUOTE, {**rows((rec.pk, 7), (lpr.pk, 1)), "price": "12.00"})
    assert response.status_code == 200
    html = response.content.decode()
    # REC_DAY 7 x 0.255 = 1.785 -> 1.79; LPR 1 x 4.00 = 4.00; lines 5.79;
    # discount 10 % of 5.79 = 0.579 -> -0.58; cost 5.21; margin 12.00 - 5.21 = 6.79 (56.58 %).
    assert figure(html, "lines") == "5.79 USD"
    assert figure(html, "discount") == "-0.58 USD"
    assert figure(html, "cost") == "5.21 USD"
    assert figure(html, "retail") == "12.00 USD"
    assert figure(html, "margin") == "6.79 USD"
    assert figure(html, "margin-percent") == "56.58 %"
    table = html[html.index('id="quote-components"') :]
    rec_row = table[table.index("REC_DAY") : table.index("</tr>", table.index("REC_DAY"))]
    assert "0.255 USD" in rec_row and "1.79 USD" in rec_row and "individual" in rec_row
    assert "14.92 %" in rec_row  # 1.79 / 12.00
    lpr_row = table[table.index("LPR") : table.index("</tr>", table.index("LPR"))]
    assert "4.00 USD" in lpr_row and "individual" not in lpr_row and "33.33 %" in lpr_row
    assert "Negative margin" not in html
    # The builder reads; it never writes.
    assert not AuditEntry.objects.filter(actor=world.users["cadmin"]).exists()


def test_quote_flags_a_negative_margin(world: Any, individual: None, as_user: Any) -> None:
    rec = world.services["REC_DAY"]
    html = as_user("cadmin").post(QUOTE, {**rows((rec.pk, 30)), "price": "3"}).content.decode()
    # 30 x 0.255 = 7.65; discount 0.765 -> -0.77; cost 6.88; margin 3.00 - 6.88 = -3.88.
    assert figure(html, "cost") == "6.88 USD"
    assert figure(html, "margin") == "-3.88 USD"
    assert figure(html, "margin-percent") == "-129.33 %"
    assert "Negative margin" in html


def test_quote_without_a_discount_or_individual_price_uses_the_list_price(
    world: Any, as_user: Any
) -> None:
    from cambill.clouds.services import cloud_update

    cloud_update(actor=SYSTEM, cloud=world.clouds["telenet"], discount_percent=Decimal(0))
    rec = world.services["REC_DAY"]
    html = as_user("cadmin").post(QUOTE, {**rows((rec.pk, "2.5")), "price": ""}).content.decode()
    assert figure(html, "cost") == "0.75 USD"  # 2.5 x 0.30, list price
    assert figure(html, "retail") == "—" and figure(html, "margin") == "—"


def test_quote_skips_rows_still_being_typed(world: Any, as_user: Any) -> None:
    rec, lpr = world.services["REC_DAY"], world.services["LPR"]
    data = {**rows((rec.pk, 7), (lpr.pk, "-1"), (rec.pk, 1)), "price": "abc"}
    response = as_user("cadmin").post(QUOTE, data)
    assert response.status_code == 200
    html = response.content.decode()
    # Only REC_DAY x 7 at 0.30: 2.10, less 10 % (0.21) = 1.89.
    assert figure(html, "cost") == "1.89 USD"
    assert "Row 2: the quantity must be positive" in html
    assert "Row 3: REC_DAY appears twice." in html
    assert "The monthly price is not a valid amount yet." in html


def test_quote_answers_only_its_clouds_tariff_managers(world: Any, as_user: Any) -> None:
    data = {**rows((world.services["REC_DAY"].pk, 1)), "price": "1"}
    assert as_user("otheradmin").post(QUOTE, data).status_code == 404
    assert as_user("amanager").post(QUOTE, data).status_code == 403
    assert as_user("caccountant").post(QUOTE, data).status_code == 403
    assert as_user("padmin").post(QUOTE, data).status_code == 200
    assert as_user("cadmin").get(QUOTE).status_code == 405


def test_builder_page_shows_figures_and_wires_htmx(
    world: Any, individual: None, as_user: Any
) -> None:
    client = as_user("cadmin")
    html = client.get("/clouds/telenet/tariffs/TRAFFIC7/edit/").content.decode()
    assert f'hx-post="{QUOTE}"' in html
    assert 'hx-trigger="input delay:300ms, change delay:300ms"' in html
    assert 'aria-live="polite"' in html
    # TRAFFIC7 as saved: the same 5.21 cost and 6.79 margin at 12.00.
    assert figure(html, "cost") == "5.21 USD"
    assert figure(html, "margin") == "6.79 USD"
    assert "<script>" not in html


def test_builder_form_post_creates_the_tariff_and_errors_keep_the_figures(
    world: Any, individual: None, as_user: Any
) -> None:
    client = as_user("cadmin")
    rec, lpr = world.services["REC_DAY"], world.services["LPR"]
    data = {"code": "CITY5", "name": "City 5", "price": "9.50", **rows((rec.pk, 5), (lpr.pk, 1))}
    response = client.post("/clouds/telenet/tariffs/new/", data)
    assert response.status_code == 302
    assert response["Location"] == "/clouds/telenet/tariffs/CITY5/"
    plan = TariffPlan.objects.get(cloud=world.clouds["telenet"], code="CITY5")
    assert plan.price == Decimal("9.50")
    assert sorted((c.service.code, c.quantity) for c in plan.components.all()) == [
        ("LPR", Decimal(1)),
        ("REC_DAY", Decimal(5)),
    ]
    assert AuditEntry.objects.filter(verb="tariff_create", object_id=str(plan.pk)).count() == 1
    # A refused save (duplicate code) comes back with the figures of what was typed:
    # 5 x 0.255 = 1.275 -> 1.28 + 4.00 = 5.28, less 0.53 = 4.75; margin 9.50 - 4.75 = 4.75.
    again = client.post("/clouds/telenet/tariffs/new/", data)
    assert again.status_code == 200
    html = again.content.decode()
    assert figure(html, "cost") == "4.75 USD"
    assert figure(html, "margin") == "4.75 USD"
    assert TariffPlan.objects.filter(code="CITY5").count() == 1


def test_tariff_page_shows_the_margin_to_cost_viewers_only(
    world: Any, individual: None, as_user: Any
) -> None:
    html = as_user("caccountant").get("/clouds/telenet/tariffs/TRAFFIC7/").content.decode()
    assert figure(html, "cost") == "5.21 USD" and figure(html, "margin") == "6.79 USD"
    for user in ("amanager", "agent"):
        page = as_user(user).get("/clouds/telenet/tariffs/TRAFFIC7/").content.decode()
        assert "data-figure" not in page and "Wholesale cost" not in page

"""Forms that help, in a real browser (issue #14, point 6): a money box follows
the currency chosen beside it, the time zone box suggests zones, one submit
marks every bad field, and the subscriber's home shows what is overdue with
the way to pay. Screenshots: ``test-artifacts/screenshots/forms-*.png``."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import utc
from tests.payments.conftest import billed, stripe_on  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cloud_form_lists_and_all_errors_at_once(world: Any, session: Any) -> None:
    s = session(width=1280)
    s.login("padmin")
    page = s.page
    page.goto("/services/REC_DAY/price/")
    addon = page.locator("#id_amount_currency")
    page.locator("#id_currency").select_option("EUR")
    expect(addon).to_have_text("EUR")  # cambill.js follows the chosen currency
    page.locator("#id_currency").select_option("COP")
    expect(addon).to_have_text("COP")
    s.shot("forms-service-price")

    page.goto("/clouds/new/")
    assert page.locator("#id_currency option").count() > 150
    expect(page.locator("#id_timezone")).to_have_attribute("list", "id_timezone-zones")
    page.locator("#id_slug").fill("andes")
    page.locator("#id_name").fill("Andes")
    page.locator("#id_currency").select_option("EUR")
    page.locator("#id_timezone").fill("Mars/Olympus")
    page.locator("#id_discount_percent").fill("120")
    page.locator("#id_tax_percent").fill("-3")
    with page.expect_navigation():
        page.locator("form.page-form button[type=submit]").click()
    # Three fields marked in one submit, and no banner above the form.
    expect(page.locator(".field.has-error")).to_have_count(3)
    expect(page.locator(".form-errors")).to_have_count(0)
    s.shot("forms-cloud-errors")


def test_the_subscriber_home_shows_what_is_overdue_and_how_to_pay(
    stripe_on: Any,  # noqa: F811 (the fixture)
    session: Any,
) -> None:
    inv = stripe_on.inv["acme"]
    with time_machine.travel(utc(2026, 5, 10, 13), tick=False):
        s = session(width=390, height=844)
        s.login("subscriber")
        page = s.page
        page.goto("/clouds/telenet/accounts/acme/")
        section = page.locator("#overdue")
        expect(section).to_be_visible()
        expect(section).to_contain_text(inv.number)
        expect(section.locator(f'a[href$="?invoice={inv.pk}"]')).to_be_visible()
        assert "25.91" in page.locator('[data-figure="overdue"]').inner_text()
        s.shot("forms-subscriber-overdue", full_page=True)

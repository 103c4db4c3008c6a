"""The cloud switcher in a real browser: provider staff open it from the header,
type part of a name, move to a cloud with the arrow keys and open the same page
of it; Escape closes it. Screenshot: ``test-artifacts/screenshots/cloud-switch.png``."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switch_clouds_from_the_keyboard(world: Any, session: Any) -> None:
    s = session()
    s.login("padmin")
    page = s.page
    page.goto("/clouds/telenet/invoices/")
    summary = page.locator("[data-cloud-switch] > summary")
    expect(summary).to_contain_text("Telenet")
    summary.focus()
    page.keyboard.press("Enter")  # opens the disclosure; the search field takes the cursor
    search = page.locator("#cloud-switch-q")
    expect(search).to_be_focused()
    search.press_sequentially("othe")
    results = page.locator("#cloud-switch-results a")
    expect(results).to_have_count(1)
    s.shot("cloud-switch", full_page=False)
    page.keyboard.press("ArrowDown")
    expect(results.first).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/clouds/othercloud/invoices/")
    summary = page.locator("[data-cloud-switch] > summary")
    summary.click()
    expect(page.locator("#cloud-switch-q")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("[data-cloud-switch]")).not_to_have_attribute("open", "")
    expect(summary).to_be_focused()

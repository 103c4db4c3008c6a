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


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_open_switcher_stays_inside_the_window(
    world: Any, session: Any, width: int, height: int
) -> None:
    """On a phone the panel opens under the top bar within the window's edges
    (it used to hang off the right edge); on a desktop too."""
    s = session(width=width, height=height)
    s.login("padmin")
    page = s.page
    page.goto("/clouds/telenet/invoices/")
    page.locator("[data-cloud-switch] > summary").click()
    panel = page.locator(".cloud-switch-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#cloud-switch-results a")).to_have_count(2)
    box = panel.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= width, box
    assert box["y"] + box["height"] <= height, box
    # Nothing in the page is wider than the window while it is open.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width < 600:
        s.shot("cloud-switch-phone", full_page=False)

"""Real-browser tests: Debian's Chromium driven by Playwright against
pytest-django's ``live_server``.

The browser is started once per session; each test gets a fresh context (no
cookies carried over) and a helper to sign in and to save a screenshot under
``test-artifacts/screenshots/``. Pages must not break the
Content-Security-Policy: a violation or a JavaScript error fails the test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make while it runs are still synchronous, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CAMBILL_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


class Session:
    """One browser context: a page, its errors, and shortcuts for the tests."""

    def __init__(self, browser: Any, base_url: str, width: int, height: int) -> None:
        self.base_url = base_url
        self.context = browser.new_context(
            base_url=base_url,
            viewport={"width": width, "height": height},
            locale="en-US",
            accept_downloads=True,
        )
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    def _console(self, message: Any) -> None:
        text = message.text
        # A page answered 404/403 on purpose is logged as a failed resource;
        # broken sub-resources are caught in _response instead.
        if text.startswith("Failed to load resource"):
            return
        if message.type == "error" or "Content Security Policy" in text:
            self.errors.append(f"console {message.type}: {text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} {response.request.resource_type} {response.url}")

    def login(self, username: str, password: str = PASSWORD) -> None:
        page = self.page
        page.goto("/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        with page.expect_navigation():
            page.locator("form.stack button[type=submit]").click()
        assert "/login/" not in page.url, f"still on the sign-in page as {username}"

    def shot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: Any, live_server: Any) -> Iterator[Any]:
    """``session(width=1280)`` opens a fresh browser context on the live server."""
    opened: list[Session] = []

    def make(width: int = 1280, height: int = 800) -> Session:
        s = Session(browser, live_server.url, width, height)
        opened.append(s)
        return s

    yield make
    errors = [e for s in opened for e in s.errors]
    for s in opened:
        s.close()
    assert errors == [], errors


# The month's test (test_month.py) takes the real SMTP server and the fake Stripe.
from tests.payments.conftest import fake_stripe  # noqa: E402, F401
from tests.smtp_sink import smtp  # noqa: E402, F401

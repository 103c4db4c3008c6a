"""Crawl the site as each role: every link a page offers opens (no dead or
forbidden links), and no page references an external URL or carries inline
script (a Content-Security-Policy without 'unsafe-inline' comes later)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings

SKIP_PREFIXES = ("/static/", "/api/", "/i18n/", "/logout/")


class PageParser(HTMLParser):
    """Collects links, URL-bearing attributes, scripts and inline handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.style_blocks = 0
        self._in_script = False
        self._script_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in (
                "href",
                "src",
                "action",
                "formaction",
                "data",
                "poster",
                "hx-get",
                "hx-post",
            ):
                self.urls.append(value)
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if value.strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}=javascript:>")
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag == "script":
            self._in_script = True
            self._script_src = bool(dict(attrs).get("src"))
        if tag == "style":
            self.style_blocks += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and not self._script_src and data.strip():
            self.inline_scripts.append(data.strip()[:80])


EXTERNAL = re.compile(r"""(?:https?:)?//[^\s"'<>]+""", re.I)


def check_page(url: str, html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    assert not parser.inline_scripts, f"{url}: inline <script>: {parser.inline_scripts}"
    assert not parser.handlers, f"{url}: inline handlers {parser.handlers}"
    assert parser.style_blocks == 0, f"{url}: inline <style>"
    for value in parser.urls:
        parts = urlsplit(value)
        assert not parts.scheme or parts.scheme not in ("http", "https"), f"{url}: external {value}"
        assert not parts.netloc, f"{url}: external {value}"
    # Anything URL-like anywhere in the text (CSS url(), srcset, JSON attributes...).
    # The product's own public address (the portal links in e-mail bodies) is not external.
    own = settings.CAMBILL_PUBLIC_URL.split(":", 1)[1].rstrip("/")
    found = [u for u in EXTERNAL.findall(html) if not u.split(":", 1)[-1].startswith(own)]
    assert not found, f"{url}: external URL(s) {found[:3]}"
    return parser


def crawl(client: Any, start: str = "/", limit: int = 250) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url, follow=True)
        seen[url] = response.status_code
        assert response.status_code == 200, f"link {url} answered {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = check_page(url, response.content.decode())
        for href in parser.links:
            href = urldefrag(href)[0]
            if not href.startswith("/") or href.startswith(SKIP_PREFIXES):
                continue
            # Sorting and paging links of the same list: one of each is enough.
            path, _, query = href.partition("?")
            if query and any(k in query for k in ("sort=", "page=")) and path in seen:
                continue
            if href not in seen:
                queue.append(href)
    return seen


@pytest.mark.parametrize(
    "user",
    [
        "padmin",
        "paccountant",
        "pmanager",
        "cadmin",
        "amanager",
        "caccountant",
        "agent",
        "subscriber",
    ],
)
def test_every_offered_link_opens_and_pages_are_self_contained(
    world: Any, cams: Any, as_user: Any, user: str
) -> None:
    seen = crawl(as_user(user))
    assert len(seen) > 3, seen


def test_login_page_is_self_contained(world: Any, client: Any) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    check_page("/login/", response.content.decode())


def test_error_pages_are_self_contained(world: Any, cams: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    for url, status in [("/clouds/othercloud/", 404), ("/audit/", 403)]:
        response = client.get(url)
        assert response.status_code == status
        check_page(url, response.content.decode())


def test_form_pages_after_errors_are_self_contained(world: Any, as_user: Any) -> None:
    response = as_user("padmin").post("/clouds/new/", {"slug": "", "name": ""})
    assert response.status_code == 200
    check_page("/clouds/new/", response.content.decode())

"""Every page each role can reach, checked for what the policy and the users
need: each POST form carries the CSRF token, no inline script or style (the
Content-Security-Policy would block it), every control has a label, a skip
link and a language attribute."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

ROLES = ["padmin", "paccountant", "pmanager", "cadmin", "amanager", "caccountant"]
ROLES += ["subscriber", "agent"]
SKIP = ("/logout/", "/api/", "/static/", "/i18n/", "/media/")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.problems: list[str] = []
        self.labels_for: set[str] = set()
        self.controls: list[tuple[str, dict[str, str | None]]] = []
        self.form: dict[str, Any] | None = None
        self.in_label = 0
        self.script_open = False
        self.skip_link = False
        self.has_nav = False
        self.lang = ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "nav" and attrs.get("id") == "sidebar":
            self.has_nav = True
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        if tag == "a":
            href = attrs.get("href") or ""
            if "skip-link" in (attrs.get("class") or ""):
                self.skip_link = True
            if href.startswith("/") and not href.startswith(SKIP) and "export=" not in href:
                self.links.append(href.split("#")[0])
        if "style" in attrs:
            self.problems.append(f"inline style on <{tag}>")
        if any(name.startswith("on") for name in attrs):
            self.problems.append(f"inline handler on <{tag}>")
        if tag == "script":
            self.script_open = "src" not in attrs
        if tag == "style":
            self.problems.append("inline <style>")
        if tag == "form":
            self.form = {"method": (attrs.get("method") or "get").lower(), "csrf": False}
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.labels_for.add(attrs["for"] or "")
        if tag in {"input", "select", "textarea"}:
            if self.form is not None and attrs.get("name") == "csrfmiddlewaretoken":
                self.form["csrf"] = True
            kind = (attrs.get("type") or "").lower()
            if kind not in {"hidden", "submit", "button", "reset"}:
                self.controls.append((tag, {**attrs, "_wrapped": "1" if self.in_label else ""}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1
        if tag == "form" and self.form is not None:
            if self.form["method"] == "post" and not self.form["csrf"]:
                self.problems.append("POST form without CSRF token")
            self.form = None

    def handle_data(self, data: str) -> None:
        if self.script_open and data.strip():
            self.problems.append("inline <script>")

    def unlabelled(self) -> list[str]:
        out = []
        for tag, attrs in self.controls:
            if attrs.get("aria-label") or attrs.get("aria-labelledby") or attrs.get("_wrapped"):
                continue
            if attrs.get("id") and attrs["id"] in self.labels_for:
                continue
            out.append(f"<{tag} name={attrs.get('name')}>")
        return out


def crawl(client: Any, start: str, limit: int = 45) -> dict[str, Page]:
    seen: dict[str, Page] = {}
    queue = [start, "/two-factor/setup/"]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.insert(0, response["Location"])
            continue
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(response.content.decode())
        seen[url] = page
        for link in page.links:
            # One of each kind of page is enough: skip query-string variants.
            if "?" not in link and link not in seen:
                queue.append(link)
    return seen


@pytest.mark.parametrize("name", ROLES)
def test_every_page_is_csrf_safe_csp_clean_and_labelled(
    world: Any, cams: Any, as_user: Any, name: str
) -> None:
    pages = crawl(as_user(name), "/")
    assert len(pages) >= 3, list(pages)
    problems = {}
    for url, page in pages.items():
        issues = page.problems + [f"unlabelled {c}" for c in page.unlabelled()]
        if page.has_nav and not page.skip_link:
            issues.append("no skip link")
        if page.lang not in {"en", "es"}:
            issues.append("no lang")
        if issues:
            problems[url] = sorted(set(issues))
    assert problems == {}

"""Every page of the crawl reads in Spanish and in Brazilian Portuguese.

A small demo (``cambill demo-data``: two clouds with invoices issued, paid and
void, payments, agents, e-mails...) is crawled as every role in each language:
the pages the navigation offers, then the pages they link to, one or two of
each kind (one detail page per kind of object is enough to see its words).
Each page's visible text nodes, and the attributes people read (placeholder,
title, aria-label, alt, button values), are compared with the catalogue: a
text that is exactly the English source of an entry whose translation differs
was not translated on that page (a label outside gettext, a choice without
``gettext_lazy``, a ``{% translate %}`` under the wrong language...).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = {"es": "es", "pt-br": "pt_BR"}  # language code -> catalogue
SKIP_PREFIXES = ("/static/", "/api/", "/i18n/", "/logout/", "/media/")
# Pages seen per role and language, and detail pages per kind (URL name).
PAGE_LIMIT = 160
PER_VIEW = 1
CSV_ROWS = 30  # the header and the first rows of a list's CSV
# Text read by people in attributes.
ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
# Views that answer a file (a PDF, a CSV): no page to read.
DOWNLOADS = re.compile(r"pdf|csv|xlsx|xml|download|export_file")
# Elements whose text is literal (a CSV column, a code typed as shown).
LITERAL = ("code", "kbd", "samp", "pre")
SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return SPACES.sub(" ", text).strip()


class Sources:
    """The English sources the catalogue translates: whole texts, and the
    sources with placeholders as one pattern of the texts they format into."""

    def __init__(self, exact: dict[str, str], formatted: re.Pattern[str]) -> None:
        self.exact = exact
        self.formatted = formatted
        self._seen: dict[str, bool] = {}  # the same texts recur on every page

    def english(self, text: str) -> bool:
        if text in self.exact:
            return True
        if text not in self._seen:
            self._seen[text] = self.formatted.fullmatch(text) is not None
        return self._seen[text]


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|\{\w*\}")


def english_sources(locale: str) -> Sources:
    """The entries translated differently, singular and plural forms alike (a
    rendered text has no context left)."""
    path = ROOT / "cambill" / "locale" / locale / "LC_MESSAGES" / "django.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=locale)
    exact: dict[str, str] = {}
    formatted: list[str] = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for source, target in zip(ids, strings, strict=False):
            source, target = _norm(source), _norm(target)
            if not target or target == source or not re.search(r"[A-Za-z]{2}", source):
                continue  # the same in both languages, or no word
            if not PLACEHOLDER.search(source):
                exact[source] = target
                continue
            # A source with placeholders is seen formatted: its words around
            # any values. Only a long enough sentence is told from data.
            words = PLACEHOLDER.sub("", source)
            if len(re.findall(r"[A-Za-z]{2,}", words)) >= 4:
                parts = PLACEHOLDER.split(source.replace("%%", "%"))
                formatted.append(".+?".join(re.escape(part) for part in parts))
    # A word of the language itself that is also an English source ("Data" is
    # Portuguese for "Date"; "Login" is a translation too) proves nothing.
    for target in list(exact.values()):
        exact.pop(target, None)
    return Sources(exact, re.compile("|".join(f"(?:{f})" for f in formatted)))


def visible_texts(page: str) -> list[tuple[str, str]]:
    """``(where, text)`` of every text node a reader sees or hears."""
    tree = lxml_html.fromstring(page)
    for bad in tree.xpath("//script | //style | //template | //noscript"):
        bad.drop_tree()
    # Text marked as in another language (an e-mail template of English
    # readers, shown to a Spanish admin) is that language's, on purpose.
    for other in tree.xpath("//body//*[@lang]"):
        if other.get("lang") != tree.get("lang"):
            other.drop_tree()
    out: list[tuple[str, str]] = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue  # comments
        if el.tail and _norm(el.tail) and el.getparent() is not None:
            out.append((f"after {el.tag}", _norm(el.tail)))
        if el.tag == "input" and (el.get("type") or "").lower() == "hidden":
            continue
        if el.text and _norm(el.text) and el.tag not in LITERAL:
            out.append((el.tag, _norm(el.text)))
        for name in ATTRIBUTES:
            value = el.get(name)
            if value and _norm(value):
                out.append((f"{el.tag}@{name}", _norm(value)))
        if el.tag == "input" and (el.get("type") or "").lower() in ("submit", "button", "reset"):
            value = el.get("value")
            if value and _norm(value):
                out.append(("input@value", _norm(value)))
    return out


def _view_of(path: str) -> str | None:
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return None
    return match.view_name


def crawl(
    client: Client, sources: Sources, data: set[str], read: set[str]
) -> tuple[int, dict[str, set[str]]]:
    """How many pages were read, and ``{url: {English texts}}`` of those that
    show an English source. A page another role already read in this language
    (``read``, which grows) is not read again: the roles share most pages (the
    same template with the same words), and their own pages have their own
    addresses; the start page, with the role's navigation, is always read."""
    found: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    per_view: dict[str, int] = defaultdict(int)
    queue = ["/"]
    while queue and len(seen) < PAGE_LIMIT:
        url = queue.pop(0)
        if url in seen or (url in read and url != "/"):
            continue
        seen.add(url)
        read.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        for where, text in visible_texts(page):
            if text not in data and sources.english(text):
                found[url].add(f"{text!r} ({where})")
        tree = lxml_html.fromstring(page)
        # A list's CSV download: its header row and its labels (statuses, kinds)
        # are read in the same language as the page.
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        view = _view_of(final)
        for href in tree.xpath("//a[@download]/@href")[:1]:
            if "csv" not in href or f"csv {view}" in read:
                continue
            read.add(f"csv {view}")
            export = client.get(final.split("?", 1)[0] + href)
            assert export.status_code == 200, (final, href)
            body = b"".join(export.streaming_content) if export.streaming else export.content
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[:CSV_ROWS]
            for cell in {_norm(c) for row in rows for c in row}:
                if cell not in data and sources.english(cell):
                    found[f"{url} (CSV)"].add(repr(cell))
        for href in tree.xpath("//a/@href"):
            href = urldefrag(href)[0]
            if (
                not href.startswith("/")
                or href.startswith(SKIP_PREFIXES)
                or href in seen
                or href in read
            ):
                continue
            path, _, query = href.partition("?")
            if query and path in seen:
                continue  # sorting, paging and filters of a list already read
            view = _view_of(href)
            if view is None or DOWNLOADS.search(view) or per_view[view] >= PER_VIEW:
                continue
            per_view[view] += 1
            queue.append(href)
    return len(seen), found


@pytest.fixture
def demo(db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any) -> set[str]:
    """The small demo; returns the names the operators typed in (data, not words).

    Its clouds are connected to a Watcher that is not running: the Watcher pages
    then show a failed check at once instead of retrying for seconds."""
    monkeypatch.setenv("CAMBILL_DEMO_WATCHER_FILE", str(tmp_path / "demo-watcher.json"))
    monkeypatch.setenv("CAMBILL_DEMO_WATCHER_URL", "http://127.0.0.1:9")
    settings.CAMBILL_WATCHER_RETRIES = 0
    settings.CAMBILL_WATCHER_TIMEOUT = 1.0
    from django.apps import apps
    from django.db import models

    call_command(
        "demo_data",
        clouds=2,
        accounts=12,
        cameras=30,
        months=2,
        seed=1,
        now="2026-05-14",
        stdout=StringIO(),
    )
    # What people (here the demo) typed: names, reasons, notes. Free text
    # without choices, in whatever language its author wrote it.
    data: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            data.update(_norm(v) for v in row if isinstance(v, str) and 0 < len(v) <= 200)
    return data


ROLES = [
    "admin",
    "accountant",
    "manager",
    "telenet-admin",
    "telenet-am1",
    "telenet-acct",
    "telenet-agent1",
    "telenet-sub1",
]


def crawl_language(
    language: str, data: set[str]
) -> tuple[dict[str, int], int, dict[str, list[str]]]:
    """Every role's crawl in ``language``: pages read per role, CSV downloads
    read, and the English texts found per page."""
    from cambill.accounts.models import User

    sources = english_sources(LANGUAGES[language])
    assert len(sources.exact) > 1000  # the catalogue was read
    read: set[str] = set()
    pages: dict[str, int] = {}
    untranslated: dict[str, list[str]] = {}
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert response.status_code == 302
        count, found = crawl(client, sources, data, read)
        pages[username] = count
        for url, texts in found.items():
            untranslated[f"{language} {username} {url}"] = sorted(texts)
    return pages, len([r for r in read if r.startswith("csv ")]), untranslated


def test_no_page_shows_an_english_source_the_catalogue_translates(demo: set[str]) -> None:
    """One demo, crawled in Spanish then in Brazilian Portuguese as every role."""
    untranslated: dict[str, list[str]] = {}
    for language in LANGUAGES:
        with translation.override("en"):  # each request leaves its language active
            pages, downloads, found = crawl_language(language, demo)
        # Every role read its own pages (a crawl stuck on a sign-in page reads
        # one), and the lists' CSV downloads were read too.
        assert all(n > 3 for n in pages.values()), pages
        assert sum(pages.values()) > 200 and downloads > 10, (pages, downloads)
        untranslated.update(found)
    report = "\n".join(
        f"{where}: {', '.join(texts)}" for where, texts in sorted(untranslated.items())
    )
    assert untranslated == {}, f"English on translated pages:\n{report}"

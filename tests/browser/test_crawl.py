"""Every page fits, at every width, and is accessible (issue #14, point 1).

The crawl (``tests/browser/crawl.py``) opens every page of every role's menu and one
page of every kind of object, in English, Spanish and Brazilian Portuguese, at
1280 x 800 and 390 x 844, and fails on a page wider than the window, a table column
cut off (or a table that needs sideways scrolling at 1280 px), a serious or critical
axe-core violation, a JavaScript or CSP error. Screenshots land in
``test-artifacts/screenshots/crawl/<lang>/<width>/<role>/``, a report per language
and width in ``test-artifacts/crawl-<lang>-<width>.json``.

``CAMBILL_CRAWL_URL=http://127.0.0.1:8000`` crawls a server already running the demo
(``make demo``) instead of building one; ``CAMBILL_CRAWL_ONLY=en-1280`` runs one pass,
``CAMBILL_CRAWL_MATCH=<regex>`` only the pages whose path it finds.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import crawl

pytestmark = [pytest.mark.browser, pytest.mark.crawl]

# The crawl builds and serves its own SQLite database (crawl.Site), whatever database
# the suite runs on: on the PostgreSQL pass of CI it would crawl the very same pages a
# second time, so it runs on the SQLite pass only.
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if ON_POSTGRES:
        pytest.skip("the crawl runs once, on the SQLite pass (it serves its own SQLite demo)")
    if not Path(crawl.CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    url = os.environ.get("CAMBILL_CRAWL_URL")
    if url:
        yield url.rstrip("/")
        return
    server = crawl.Site(tmp_path_factory.mktemp("crawl"))
    try:
        server.start()
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[crawl.Browser]:
    b = crawl.Browser()
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="module")
def plan(browser: crawl.Browser, site: str) -> crawl.Plan:
    plan: crawl.Plan = browser.call(crawl.discover, site)
    return plan


def test_every_role_has_its_menu_in_the_plan(plan: crawl.Plan) -> None:
    """The crawl covers every role's menu: at least its landing page and a few entries."""
    for role in crawl.ROLES:
        menu = [t for t in plan.targets if t.role == role and t.menu]
        assert len(menu) >= 3, (role.key, [t.path for t in menu])
    kinds = {t.name.split(":")[-1] for t in plan.targets}
    # One page of each kind of object the demo has (credit notes are invoices; an agent's
    # page is its commission; payments and e-invoice documents are rows of their lists).
    for kind in (
        "invoice_detail",
        "wholesale_invoice",
        "account_detail",
        "camera_detail",
        "tariff_detail",
        "cloud_detail",
        "commission_agent",
        "bill_run_detail",
        "service_detail",
        "user_detail",
        "payments_bank_statement",
        "notification_detail",
    ):
        assert kind in kinds, kind


PASSES = [(lang, width) for lang in crawl.LANGUAGES for width in crawl.WIDTHS]


@pytest.mark.parametrize(("language", "width"), PASSES, ids=[f"{lang}-{w}" for lang, w in PASSES])
def test_every_page_fits_and_is_accessible(
    browser: crawl.Browser, site: str, plan: crawl.Plan, language: str, width: int
) -> None:
    only = os.environ.get("CAMBILL_CRAWL_ONLY")
    if only and only != f"{language}-{width}":
        pytest.skip(f"CAMBILL_CRAWL_ONLY={only}")
    match = os.environ.get("CAMBILL_CRAWL_MATCH")
    if match:  # while fixing pages: only the paths this regular expression finds
        plan = crawl.Plan([t for t in plan.targets if re.search(match, t.path)], plan.states)
    else:
        shutil.rmtree(crawl.SHOTS / crawl.LANGUAGES[language] / str(width), ignore_errors=True)
    started = time.monotonic()
    problems, visits = browser.call(crawl.crawl, site, plan, language, width)
    report = crawl.write_report(language, width, problems, visits, time.monotonic() - started)
    assert len(visits) == len(plan.targets)
    lines: list[Any] = list(crawl.iter_summary(problems))
    assert not lines, f"{len(lines)} problems (report: {report}):\n" + "\n".join(lines[:80])

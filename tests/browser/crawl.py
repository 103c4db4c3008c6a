"""The page crawl of issue #14, point 1: every page of every role's menu, plus one
page of every kind of object, checked in a real browser for fit and accessibility.

The site under test is the demo (``cambill demo-data``, a small seeded run) served by
``cambill runserver`` in a subprocess on its own SQLite file, so one dataset is built
once per test session and nothing the crawl does touches the suite's test database.

For each page the browser checks:

* the document is not wider than the window (``scrollWidth > innerWidth``);
* no table cell is cut off: a cell that reaches past the visible area of a box that
  clips it must be inside a box that scrolls sideways (and that box shows a cue,
  ``.is-scrollable`` and its ``.scroll-hint``, set by cambill.js);
* at desktop width (1280 px) no table needs sideways scrolling at all (the invoice
  lists show Issued and Due, the bill run its tax and total, ...);
* axe-core (vendored in ``vendor/axe-core``) reports no ``serious`` or ``critical``
  violation;
* no JavaScript error, no Content-Security-Policy violation, no failed resource.

Discovery asks the server (plain HTTP with the role's cookies, no rendering) for each
page and follows the links: the role's sidebar and the landing page are always
crawled for that role; every other page (a cloud's tabs for provider staff, the pages
behind links in tables and actions) once per kind of page (its URL name) and group of
roles that see it alike (provider staff, cloud staff, subscriber, agent).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots" / "crawl"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CAMBILL_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "demo1234"  # every demo login's password
# The demo is built for a fixed "now" so the data (and so the screenshots) are the same
# on every run.
DEMO_NOW = "2026-05-14"
DEMO_ARGS = ["--clouds", "6", "--accounts", "90", "--cameras", "300", "--months", "2"]

WIDTHS = {1280: 800, 390: 844}
DESKTOP = 1280
# Language cookie values (Django language codes) and the folder names of their shots.
LANGUAGES = {"en": "en", "es": "es", "pt-br": "pt-BR"}


@dataclass(frozen=True)
class Role:
    key: str  # folder of its screenshots
    username: str  # a login of the demo
    group: str  # roles of one group see the same pages alike (dedupe of non-menu pages)


# One demo login per role. Cloud roles work in caribe (COP: the largest amounts, the
# DIAN e-invoices) or telenet (the most accounts and invoices); the subscriber has
# many cameras; the provider manager is responsible for caribe and azteca.
ROLES: tuple[Role, ...] = (
    Role("provider-admin", "admin", "provider"),
    Role("provider-accountant", "accountant", "provider"),
    Role("provider-manager", "manager2", "provider"),
    Role("cloud-admin", "caribe-admin", "cloud"),
    Role("cloud-accountant", "telenet-acct", "cloud"),
    Role("account-manager", "telenet-am2", "cloud"),
    Role("subscriber", "caribe-sub1", "subscriber"),
    Role("agent", "telenet-agent1", "agent"),
)
ANONYMOUS = Role("anonymous", "", "anonymous")
# The cloud whose pages provider staff open from the clouds list.
PROVIDER_CLOUD = "caribe"
# Pages a signed-out visitor sees (sign-in, password reset, sign-up, a page that is not there).
ANONYMOUS_PAGES = ("/login/", "/password/forgot/", "/no-such-page/")

# Links the crawl never follows: files, the API, sign-out, and verbs.
SKIP_PATH = re.compile(
    r"^/(static|media|api|admin)/|/logout/|\.(pdf|csv|xlsx|xml|zip|json|txt|eml|png|svg)$"
    r"|/(pdf|csv|xlsx|xml|export|download|zip|eml|raw|revoke|delete)/?$"
)
# URL names that answer a file or act on GET (never opened).
SKIP_NAMES = frozenset({"logout", "set_language"})
MAX_DEPTH = 3
# Pages that are the same for every role (one's own account and tokens): crawled once.
SAME_FOR_ALL = frozenset(
    {"web:my_account", "web:token_list", "web:two_factor_enrol", "web:password_change"}
)


def share(role: Role, path: str, name: str) -> str:
    """Who sees this kind of page alike: a cloud's pages look the same to provider staff
    and cloud staff (both groups have them under ``/clouds/<slug>/``)."""
    if name in SAME_FOR_ALL:
        return "everyone"
    cloud_page = re.match(r"^/clouds/[^/]+/", path) and not path.startswith("/clouds/new/")
    if role.group in ("provider", "cloud") and cloud_page:
        return "staff"
    return role.group


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """The demo served by a ``runserver`` subprocess on its own SQLite database."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cambill.test_settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'crawl.sqlite3'}",
            "CAMBILL_DEMO_WATCHER_FILE": str(workdir / "demo-watcher.json"),
            "CAMBILL_DEMO_WATCHER_URL": f"http://127.0.0.1:{free_port()}",
            "CAMBILL_EINVOICE_SANDBOX_DIR": str(workdir / "einvoice-sandbox"),
            "MEDIA_ROOT": str(workdir / "media"),
            "DEBUG": "0",
        }
        self.process: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str) -> None:
        log = self.workdir / "setup.log"
        with log.open("ab") as out:
            done = subprocess.run(
                [sys.executable, "-m", "django", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if done.returncode:
            raise RuntimeError(f"`django {' '.join(args)}` failed: see {log}")

    def start(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("demo_data", *DEMO_ARGS, "--seed", "1", "--now", DEMO_NOW)
        log = (self.workdir / "server.log").open("ab")
        # The demo's own server: the web pages, each cloud's fake Watcher (its status
        # page shows a live connection) and the fake Stripe; no schedule, no mail.
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "demo_serve",
                f"127.0.0.1:{self.port}",
                "--no-schedule",
                "--no-smtp",
                "--new-camera-every",
                "0",
                "--stripe-port",
                str(free_port()),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the crawl's server stopped: see {self.workdir}/server.log")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the crawl's server did not start within 60 s")
        # With the fake Watcher listening, so the edits' pushes to Watcher go through.
        self.manage("shell", "-c", SEED_EXTRA)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


# Run in ``cambill shell`` once the demo is served: what the demo lacks to make pages
# overflow (a very long customer name, on the crawled subscriber's own account and on an
# account of telenet). Written through the services.
SEED_EXTRA = """
from cambill.accounts.models import User
from cambill.clouds.models import Account
from cambill.clouds.services import account_update
from cambill.core.access import SYSTEM
LONG = "Comercializadora Internacional de Equipos de Seguridad y Vigilancia del Caribe S.A.S."
for account in (
    User.objects.get(username="caribe-sub1").membership.account,
    Account.objects.filter(cloud__slug="telenet", referral_agent__code="agent1").order_by("pk").first(),
):
    account_update(actor=SYSTEM, account=account, name=LONG)
"""


# ---------------------------------------------------------------- discovery


@dataclass
class Target:
    role: Role
    path: str
    name: str  # the URL name (the kind of page)
    menu: bool  # in the role's sidebar (or its landing page)


@dataclass
class Plan:
    targets: list[Target] = field(default_factory=list)
    states: dict[str, Any] = field(default_factory=dict)  # role key -> storage state


def url_name(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


SIDEBAR = "//*[@id='sidebar']//a"
MAIN = "//main//a"


def page_links(html: str, base: str, xpath: str) -> list[str]:
    """Same-site paths of the links ``xpath`` selects."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    out: list[str] = []
    for a in doc.xpath(xpath):
        href = a.get("href")
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        if a.get("download") is not None:
            continue
        parts = urlsplit(urljoin(base, href))
        if parts.netloc and parts.netloc != urlsplit(base).netloc:
            continue
        path = parts.path
        if SKIP_PATH.search(path):
            continue
        out.append(path)
    return out


async def login(context: Any, username: str) -> str:
    page = await context.new_page()
    await page.goto("/login/")
    await page.locator("#id_username").fill(username)
    await page.locator("#id_password").fill(PASSWORD)
    async with page.expect_navigation():
        await page.locator("form.stack button[type=submit]").click()
    landing = urlsplit(page.url).path
    await page.close()
    if landing.startswith("/login/"):
        raise AssertionError(f"could not sign in as {username}")
    return landing


async def discover_role(browser: Any, base: str, role: Role, seen: set[tuple[str, str]]) -> Plan:
    plan = Plan()
    context = await browser.new_context(base_url=base, locale="en-US")
    try:
        landing = await login(context, role.username)
        plan.states[role.key] = await context.storage_state()

        async def fetch(path: str) -> str | None:
            t0 = time.monotonic()
            response = await context.request.get(path, max_redirects=0)
            if os.environ.get("CAMBILL_CRAWL_DEBUG"):
                print(f"{time.monotonic() - t0:6.2f} {role.key} {path}")
            ctype = response.headers.get("content-type", "")
            if response.status != 200 or not ctype.startswith("text/html"):
                return None
            return str(await response.text())

        landing_html = await fetch(landing)
        if landing_html is None:
            raise AssertionError(f"{role.username}'s landing page {landing} does not open")
        menu = [landing, *page_links(landing_html, base, SIDEBAR)]
        queue: list[tuple[str, int, bool]] = [(p, 0, True) for p in dict.fromkeys(menu)]
        if role.group == "provider":
            queue.append((f"/clouds/{PROVIDER_CLOUD}/", 1, False))
        taken: set[str] = set()
        while queue:
            path, depth, in_menu = queue.pop(0)
            if path in taken:
                continue
            name = url_name(path)
            if name is None or name.split(":")[-1] in SKIP_NAMES:
                continue
            key = (share(role, path, name), name)
            if (not in_menu or name in SAME_FOR_ALL) and key in seen:
                continue
            html = await fetch(path)
            if html is None:
                if in_menu:  # a menu entry that is not a page: report it in the crawl
                    plan.targets.append(Target(role, path, name, True))
                    taken.add(path)
                continue
            taken.add(path)
            seen.add(key)
            plan.targets.append(Target(role, path, name, in_menu))
            if depth >= MAX_DEPTH:
                continue
            for link in page_links(html, base, MAIN):
                if link not in taken:
                    queue.append((link, depth + 1, False))
    finally:
        await context.close()
    return plan


async def discover(browser: Any, base: str) -> Plan:
    plan = Plan()
    seen: set[tuple[str, str]] = set()
    for role in ROLES:  # in order: the first role of a group takes the shared pages
        part = await discover_role(browser, base, role, seen)
        plan.targets += part.targets
        plan.states.update(part.states)
    for path in ANONYMOUS_PAGES:
        plan.targets.append(Target(ANONYMOUS, path, url_name(path) or "404", True))
    return plan


# ---------------------------------------------------------------- checks in the page

# Returns a list of problems ({kind, detail}) of the page as laid out now.
LAYOUT_JS = r"""
(desktop) => {
  const problems = [];
  const vw = window.innerWidth;
  const de = document.documentElement;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + Array.from(el.classList).slice(0, 3).join('.');
    const text = (el.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const pageWidth = Math.max(de.scrollWidth, document.body ? document.body.scrollWidth : 0);
  if (pageWidth > vw) {
    // The elements that stick out first (their parent does not).
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 1) continue;
      const p = el.parentElement.getBoundingClientRect();
      if (p.right <= vw + 1) culprits.push(describe(el) + ` right=${Math.round(r.right)}`);
      if (culprits.length >= 4) break;
    }
    problems.push({kind: 'page-wider-than-window', detail: `${pageWidth} > ${vw}: ${culprits.join('; ')}`});
  }
  const scrollsX = (el, cs) => (cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1;
  const headerOf = (cell) => {
    const table = cell.closest('table');
    const head = table && table.tHead && table.tHead.rows[0];
    const th = head && head.cells[cell.cellIndex];
    return ((th || cell).innerText || '').trim().replace(/\s+/g, ' ').slice(0, 30);
  };
  const frames = new Set();
  for (const table of document.querySelectorAll('main table')) {
    if (!shown(table)) continue;
    const rows = Array.from(table.rows).slice(0, 4);
    const cut = new Set();
    for (const row of rows) {
      for (const cell of row.cells) {
        let r = cell.getBoundingClientRect();
        if (r.width === 0) continue;
        let inScroller = false;
        for (let a = cell.parentElement; a && a !== de; a = a.parentElement) {
          const cs = getComputedStyle(a);
          if (cs.overflowX === 'visible') continue;
          const ar = a.getBoundingClientRect();
          const left = ar.left + a.clientLeft, right = left + a.clientWidth;
          if (scrollsX(a, cs)) {
            frames.add(a);
            inScroller = true;
            r = ar;  // the frame itself must fit its own ancestors
            continue;
          }
          if (r.right > right + 1 || r.left < left - 1) { cut.add(headerOf(cell)); break; }
        }
        if (!inScroller && r.right > vw + 1 && de.scrollWidth <= vw) cut.add(headerOf(cell));
      }
    }
    if (cut.size) problems.push({kind: 'column-cut-off', detail: `${describe(table)}: ${Array.from(cut).join(', ')}`});
  }
  for (const frame of frames) {
    const table = frame.querySelector('table');
    if (desktop) {
      const fr = frame.getBoundingClientRect();
      const hidden = [];
      const head = table && (table.tHead ? table.tHead.rows[0] : table.rows[0]);
      for (const cell of head ? head.cells : []) {
        const r = cell.getBoundingClientRect();
        if (r.right > fr.right + 1) hidden.push((cell.innerText || '').trim().replace(/\s+/g, ' ').slice(0, 30));
      }
      problems.push({kind: 'table-scrolls-at-desktop-width', detail: `${describe(frame)}: hidden ${hidden.join(', ')}`});
    }
    const hint = frame.parentElement && frame.parentElement.querySelector(':scope > .scroll-hint');
    if (!frame.classList.contains('is-scrollable') || !hint || !shown(hint)) {
      problems.push({kind: 'scroll-without-cue', detail: describe(frame)});
    }
  }
  return problems;
}
"""

# Only the rule sets whose violations can be serious or critical in these pages:
# WCAG 2.0/2.1/2.2 A and AA, and the best practices (landmarks, headings, regions),
# whose moderate findings are kept in the report but do not fail the crawl.
AXE_RUN_JS = r"""
async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
    resultTypes: ['violations'],
    rules: {'region': {enabled: true}},
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\n').slice(1, 2).join(' ')),
    count: v.nodes.length,
  }));
}
"""
FAILING_IMPACTS = frozenset({"serious", "critical"})


def runs_axe(language: str, width: int) -> bool:
    """axe checks the markup, the colours and the sizes of targets: the same in every
    language, so it runs at both widths in English and, to keep the crawl fast, at the
    phone width only in Spanish and Portuguese (where longer words could still push a
    target or a scrolling table around); the layout checks run in every pass."""
    return language == "en" or width < DESKTOP


@dataclass
class Problem:
    language: str
    width: int
    role: str
    path: str
    kind: str
    detail: str

    def line(self) -> str:
        return f"[{self.language} {self.width} {self.role}] {self.path}: {self.kind}: {self.detail}"


@dataclass
class Visit:
    target: Target
    seconds: float
    shot: str
    notes: list[dict[str, Any]] = field(default_factory=list)  # moderate axe findings
    phases: dict[str, float] = field(default_factory=dict)  # seconds of each step


def shot_name(path: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", path.strip("/")) or "home"
    return slug[:150] + ".png"


async def visit(
    page: Any, target: Target, language: str, width: int, axe_js: str, errors: list[str]
) -> tuple[list[Problem], Visit]:
    problems: list[Problem] = []

    def problem(kind: str, detail: str) -> None:
        problems.append(Problem(language, width, target.role.key, target.path, kind, detail))

    started = time.monotonic()
    phases: dict[str, float] = {}

    def lap(name: str) -> None:
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 3)

    errors.clear()
    response = await page.goto(target.path, wait_until="load")
    expected = 404 if target.name == "404" else 200
    if response is None or response.status != expected:
        problem("status", f"{response.status if response else 'no response'} (wanted {expected})")
    # Let htmx settle what the page loads by itself.
    await page.wait_for_function(
        "() => !document.querySelector('.htmx-request')", timeout=5_000, polling=100
    )
    lap("load")
    for p in await page.evaluate(LAYOUT_JS, width >= DESKTOP):
        problem(p["kind"], p["detail"])
    lap("layout")
    notes: list[dict[str, Any]] = []
    if runs_axe(language, width):
        if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
            await page.evaluate(axe_js)
        for v in await page.evaluate(AXE_RUN_JS):
            if v["impact"] in FAILING_IMPACTS:
                help_text = f"{v['help']} ({v['count']}x): {v['nodes']}"
                problem(f"axe {v['impact']} {v['id']}", help_text)
            else:
                notes.append(v)
    lap("axe")
    for e in errors:
        problem("browser", e)
    folder = SHOTS / LANGUAGES[language] / str(width) / target.role.key
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / shot_name(target.path)
    await page.screenshot(path=str(shot), full_page=True)
    lap("shot")
    seconds = time.monotonic() - started
    return problems, Visit(target, seconds, str(shot.relative_to(ROOT)), notes, phases)


async def crawl(
    browser: Any, base: str, plan: Plan, language: str, width: int, workers: int = 3
) -> tuple[list[Problem], list[Visit]]:
    """Open every target of ``plan`` in ``language`` at ``width``, ``workers`` pages at a time."""
    axe_js = AXE_JS.read_text()
    queue: asyncio.Queue[Target] = asyncio.Queue()
    for t in plan.targets:
        queue.put_nowait(t)
    problems: list[Problem] = []
    visits: list[Visit] = []
    host = urlsplit(base).hostname or "127.0.0.1"

    async def worker() -> None:
        pages: dict[str, tuple[Any, list[str]]] = {}
        try:
            while not queue.empty():
                target = queue.get_nowait()
                if target.role.key not in pages:
                    context = await browser.new_context(
                        base_url=base,
                        viewport={"width": width, "height": WIDTHS[width]},
                        locale=language,
                        storage_state=plan.states.get(target.role.key),
                    )
                    await context.add_cookies(
                        [
                            {
                                "name": "django_language",
                                "value": language,
                                "domain": host,
                                "path": "/",
                            }
                        ]
                    )
                    context.set_default_timeout(15_000)
                    page = await context.new_page()
                    errors: list[str] = []
                    watch(page, errors)
                    pages[target.role.key] = (page, errors)
                page, errors = pages[target.role.key]
                try:
                    found, done = await visit(page, target, language, width, axe_js, errors)
                except Exception as exc:  # a page that does not load is a finding too
                    found = [
                        Problem(
                            language, width, target.role.key, target.path, "error", repr(exc)[:300]
                        )
                    ]
                    done = Visit(target, 0.0, "")
                problems.extend(found)
                visits.append(done)
        finally:
            for page, _ in pages.values():
                await page.context.close()

    await asyncio.gather(*(worker() for _ in range(workers)))
    return problems, visits


def watch(page: Any, errors: list[str]) -> None:
    def console(message: Any) -> None:
        text = message.text
        if text.startswith("Failed to load resource"):
            return
        if message.type == "error" or "Content Security Policy" in text:
            errors.append(f"console {message.type}: {text}")

    def response(resp: Any) -> None:
        if resp.status >= 400 and resp.request.resource_type != "document":
            errors.append(f"{resp.status} {resp.request.resource_type} {resp.url}")

    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", console)
    page.on("response", response)


# ---------------------------------------------------------------- running async code


class Browser:
    """Chromium driven by Playwright's async API in a thread of its own (the suite's
    other browser tests use the sync API in the main thread)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.playwright: Any = None
        self.browser: Any = None
        self.run(self._start())

    async def _start(self) -> None:
        from playwright.async_api import async_playwright

        self.playwright = await async_playwright().start()
        self.browser = await self.playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=ARGS
        )

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return self.run(fn(self.browser, *args, **kwargs))

    def close(self) -> None:
        async def stop() -> None:
            await self.browser.close()
            await self.playwright.stop()

        self.run(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


def write_report(
    language: str, width: int, problems: list[Problem], visits: list[Visit], seconds: float
) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"crawl-{LANGUAGES[language]}-{width}.json"
    path.write_text(
        json.dumps(
            {
                "language": language,
                "width": width,
                "seconds": round(seconds, 1),
                "pages": len(visits),
                "problems": [p.__dict__ for p in problems],
                "visits": [
                    {
                        "role": v.target.role.key,
                        "path": v.target.path,
                        "name": v.target.name,
                        "menu": v.target.menu,
                        "seconds": round(v.seconds, 2),
                        "phases": v.phases,
                        "shot": v.shot,
                        "axe_moderate_or_minor": v.notes,
                    }
                    for v in visits
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
    )
    return path


def iter_summary(problems: list[Problem]) -> Iterator[str]:
    for p in sorted(problems, key=lambda p: (p.kind, p.path, p.role)):
        yield p.line()

"""The dashboard pages: exact figures as each role sees them, in English and
Spanish, links that open, charts that are valid SVG, and refusals.

The history is tests/metrics/scenario.py (figures explained in
tests/metrics/test_refresh.py and test_selectors.py); the clock is frozen at
its NOW, 20 March 2026 12:00 in Bogota.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import unescape
from typing import Any
from urllib.parse import urlencode

import pytest
import time_machine
from django.utils import translation

from cambill.metrics.models import CloudSnapshot
from tests.metrics import scenario
from tests.metrics.scenario import NOW


@pytest.fixture(autouse=True)
def _frozen_and_english() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield
    from django.conf import settings

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def billed(world: Any) -> dict[str, Any]:
    return scenario.build_billed(world)


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"#][^"]*)"', html) if h.startswith("/")]


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_provider_admin_lands_on_the_dashboard_with_exact_figures(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("padmin")
    assert client.get("/")["Location"] == "/dashboard/"
    html = page(client, "/dashboard/")
    for text in (
        "12.60 USD",  # wholesale MRR
        "ARR 151.20 USD",
        "3.15 USD",  # revenue per camera
        "6.85 USD",  # invoiced in February
        "4.85 USD",  # receivables 0-30 days
        "February 2026",
        "Wholesale MRR (EUR)",
    ):
        assert text in html, text
    links = hrefs(html)
    for url in (
        "/clouds/?status=active",
        "/clouds/telenet/cameras/?holds_tariff=true",
        "/clouds/telenet/usage-history/",
        "/clouds/telenet/invoices/?kind=wholesale&period=2026-02",
        "/clouds/telenet/invoices/?kind=wholesale&open=true",
        "/cameras/?holds_tariff=true",
        "/invoices/?kind=wholesale&currency=USD&overdue=0-30",
    ):
        assert url in links, url


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("padmin", "/dashboard/"),
        ("pmanager", "/dashboard/"),
        ("padmin", "/clouds/telenet/usage-history/"),
        ("cadmin", "/clouds/telenet/dashboard/"),
        ("amanager", "/clouds/telenet/dashboard/"),
        ("caccountant", "/clouds/telenet/dashboard/"),
    ],
)
def test_every_link_of_a_dashboard_opens(
    world: Any, billed: Any, as_user: Any, user: str, url: str
) -> None:
    client = as_user(user)
    for href in set(hrefs(page(client, url))):
        if href.startswith(("/static/", "/i18n/", "/logout/")):
            continue
        response = client.get(href, follow=True)
        assert response.status_code == 200, (href, response.status_code)


def test_the_revenue_chart_is_valid_labelled_svg(world: Any, billed: Any, as_user: Any) -> None:
    html = page(as_user("padmin"), "/dashboard/")
    (svg,) = svgs(html)  # one currency with revenue (USD)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "revenue-usd-title revenue-usd-desc"
    assert svg.findtext("title") == "Wholesale revenue per month, USD"
    assert "February 2026: 6.85 USD" in (svg.findtext("desc") or "")
    bars = svg.findall("g")
    assert len(bars) == 12
    assert bars[-1].findtext("title") == "February 2026: 6.85 USD"
    assert bars[0].findtext("title") == "March 2025: 0.00 USD"
    labels = [t.text for t in svg.findall("text") if t.get("class") == "chart-label"]
    # Short month names under every other bar (each bar keeps its full title).
    assert labels == ["Mar 25", "May 25", "Jul 25", "Sep 25", "Nov 25", "Jan 26"]
    ticks = [t.text for t in svg.findall("text") if t.get("class") == "chart-tick"]
    assert ticks == ["0", "2.5", "5", "7.5", "10"]


def test_provider_dashboard_in_spanish(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("padmin")
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    html = page(client, "/dashboard/")
    for text in ("12,60 USD", "151,20 USD", "3,15 USD", "6,85 USD", "4,85 USD", "febrero de 2026"):
        assert text in html, text
    (svg,) = svgs(html)
    assert "febrero de 2026: 6,85 USD" in (svg.findtext("desc") or "")


def test_provider_manager_sees_only_its_clouds(world: Any, billed: Any, as_user: Any) -> None:
    html = page(as_user("pmanager"), "/dashboard/")
    assert "12.60 USD" in html and "othercloud" not in html and "EUR" not in html
    other = page(as_user("pmanager2"), "/dashboard/")
    assert "telenet" not in other and "12.60 USD" not in other and "EUR" in other


@pytest.mark.parametrize("user", ["cadmin", "amanager", "caccountant", "subscriber", "agent"])
def test_the_provider_dashboard_is_refused_to_cloud_users(
    world: Any, billed: Any, as_user: Any, user: str
) -> None:
    assert as_user(user).get("/dashboard/").status_code == 403


def test_cloud_admin_dashboard(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    assert client.get("/")["Location"] == "/clouds/telenet/dashboard/"
    html = page(client, "/clouds/telenet/dashboard/")
    for text in (
        "30.00 USD",  # retail MRR
        "12.60 USD",  # wholesale cost
        "17.40 USD",  # margin
        "58.0 %",
        "24.00 USD",  # TRAFFIC7 retail
        "10.98 USD",  # TRAFFIC7 cost
        "14.28 USD",  # acme overdue
        "5.00 USD",  # beta overdue after paying 1.00
        "19.28 USD",  # all overdue
        "2026-03-17",  # oldest due date
    ):
        assert text in html, text
    links = hrefs(html)
    for url in (
        "/clouds/telenet/cameras/?tariff=TRAFFIC7",
        "/clouds/telenet/cameras/?tariff=HOME3",
        "/clouds/telenet/accounts/acme/",
        "/clouds/telenet/invoices/?account=acme&kind=retail&overdue=yes",
        "/clouds/telenet/invoices/?kind=wholesale",
        "/clouds/telenet/invoices/?kind=retail&overdue=yes",
    ):
        assert url in links, url


def test_cloud_dashboard_in_spanish(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    html = page(client, "/clouds/telenet/dashboard/")
    for text in ("30,00 USD", "12,60 USD", "17,40 USD", "58,0 %", "14,28 USD", "17/03/2026"):
        assert text in html, text


def test_account_manager_sees_its_accounts_without_costs(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("amanager")
    assert client.get("/")["Location"] == "/clouds/telenet/dashboard/"
    html = page(client, "/clouds/telenet/dashboard/")
    assert "27.00 USD" in html and "14.28 USD" in html
    assert "Wholesale cost" not in html and "Margin" not in html and "11.79" not in html
    assert "/clouds/telenet/accounts/beta/" not in html and "5.00 USD" not in html
    other = page(as_user("amanager2"), "/clouds/telenet/dashboard/")
    assert "3.00 USD" in other and "5.00 USD" in other and "acme" not in other


@pytest.mark.parametrize(
    ("user", "status"), [("subscriber", 403), ("agent", 403), ("otheradmin", 404)]
)
def test_cloud_dashboard_refused(
    world: Any, billed: Any, as_user: Any, user: str, status: int
) -> None:
    assert as_user(user).get("/clouds/telenet/dashboard/").status_code == status


def test_usage_history_page(world: Any, billed: Any, as_user: Any) -> None:
    html = page(as_user("paccountant"), "/clouds/telenet/usage-history/")
    charts = svgs(html)
    assert [c.findtext("title") for c in charts] == [
        "Cameras per month",
        "Camera-days per month",
        "Wholesale revenue per month, USD",
    ]
    assert all(len(c.findall("g")) == 13 for c in charts)
    assert charts[1].findall("g")[-2].findtext("title") == "February 2026: 75"
    assert charts[1].findall("g")[-1].get("class") == "chart-bar chart-bar-muted"
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", html, re.S)
    cells = {
        label: re.findall(r'<td class="num">(?:<a [^>]*>)?([^<]*)', rest) for label, rest in rows
    }
    assert cells["January 2026"] == ["1", "17", "0.00 USD"]
    assert cells["February 2026"] == ["3", "75", "6.85 USD"]
    assert cells["March 2026 (to date)"] == ["5", "71", "—"]


@pytest.mark.parametrize(
    ("user", "status"), [("cadmin", 403), ("amanager", 403), ("pmanager2", 404), ("pmanager", 200)]
)
def test_usage_history_is_for_provider_staff_of_the_cloud(
    world: Any, billed: Any, as_user: Any, user: str, status: int
) -> None:
    assert as_user(user).get("/clouds/telenet/usage-history/").status_code == status


def test_provider_staff_have_dashboard_tabs_on_a_cloud(
    world: Any, billed: Any, as_user: Any
) -> None:
    html = page(as_user("padmin"), "/clouds/telenet/")
    assert 'href="/clouds/telenet/dashboard/"' in html
    assert 'href="/clouds/telenet/usage-history/"' in html
    assert 'href="/dashboard/"' in html


def test_refresh_button_recomputes(world: Any, billed: Any, as_user: Any) -> None:
    from cambill.clouds.services import camera_change_tariff
    from cambill.core.access import SYSTEM

    cam = world.clouds["telenet"].cameras.get(code="E")
    camera_change_tariff(actor=SYSTEM, camera=cam, tariff=None, at=NOW)
    client = as_user("cadmin")
    assert "Recompute now" in page(client, "/clouds/telenet/dashboard/")
    response = client.post("/clouds/telenet/dashboard/refresh/")
    assert response.status_code == 302 and response["Location"] == "/clouds/telenet/dashboard/"
    snap = CloudSnapshot.objects.get(cloud=world.clouds["telenet"], scope="cloud")
    assert snap.active_cameras == 3 and snap.cameras_removed == 2
    html = page(client, "/clouds/telenet/dashboard/")
    assert "27.00 USD" in html  # 30.00 less E's 3.00


@pytest.mark.parametrize(
    ("user", "url"),
    [
        ("amanager", "/clouds/telenet/dashboard/refresh/"),
        ("pmanager", "/dashboard/refresh/"),
        ("cadmin", "/dashboard/refresh/"),
        ("subscriber", "/clouds/telenet/dashboard/refresh/"),
    ],
)
def test_refresh_refused(world: Any, billed: Any, as_user: Any, user: str, url: str) -> None:
    before = list(CloudSnapshot.objects.values_list("pk", "as_of"))
    assert as_user(user).post(url).status_code == 403
    assert list(CloudSnapshot.objects.values_list("pk", "as_of")) == before
    html = page(as_user("amanager"), "/clouds/telenet/dashboard/")
    assert "Recompute now" not in html


def test_dashboards_before_any_refresh(world: Any, as_user: Any) -> None:
    html = page(as_user("padmin"), "/dashboard/")
    assert "Not computed yet for:" in html and "othercloud, telenet" in html
    html = page(as_user("cadmin"), "/clouds/telenet/dashboard/")
    assert "The figures have not been computed yet." in html
    assert "No usage computed yet" in page(as_user("padmin"), "/clouds/telenet/usage-history/")


# --- every figure opens the list of exactly the rows it counts ------------------------
#
# In the scenario, this month (March 2026, as of the 20th) telenet added B and C
# and lost D (tariff removed on 5 March 00:00, so 4 March is its last day);
# C moved from HOME3 to TRAFFIC7 (neither added nor lost); A, B, C and E hold a
# tariff. othercloud added G. acme's and beta's February invoices and the
# wholesale invoice fell due on 17 March 09:00 and are partly open.


def cards(html: str) -> dict[str, tuple[str, str]]:
    """Dashboard cards: label -> (value, link)."""
    found = re.findall(
        r'<a class="dash-card" href="([^"]+)">\s*<span class="dash-label">([^<]+)</span>'
        r'\s*<span class="dash-value">([^<]+)</span>',
        html,
    )
    return {unescape(label): (value, unescape(href)) for href, label, value in found}


def listed(client: Any, url: str, *columns: str) -> list[tuple[str, ...]]:
    """The rows a list link shows (all of them: its CSV export), as ``columns``."""
    import csv
    import io

    response = client.get(url + ("&" if "?" in url else "?") + "_export=csv")
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    index = [rows[0].index(c) for c in columns]
    return sorted(tuple(r[i] for i in index) for r in rows[1:])


def test_cloud_camera_figures_open_exactly_their_cameras(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("cadmin")
    c = cards(page(client, "/clouds/telenet/dashboard/"))
    expected = {
        "Active cameras": ("4", [("A",), ("B",), ("C",), ("E",)]),
        "New cameras this month": ("2", [("B",), ("C",)]),
        "Lost cameras this month": ("1", [("D",)]),
    }
    for label, (value, cameras) in expected.items():
        count, url = c[label]
        assert count == value, label
        assert listed(client, url, "Stream") == cameras, (label, url)
        assert len(cameras) == int(count)
    assert c["New cameras this month"][1] == (
        "/clouds/telenet/cameras/?added_from=2026-03-01&added_to=2026-03-20"
    )
    assert c["Lost cameras this month"][1] == (
        "/clouds/telenet/cameras/?holds_tariff=false&removed_from=2026-03-01&removed_to=2026-03-20"
    )
    assert c["Retail MRR"][1] == "/clouds/telenet/cameras/?holds_tariff=true"


def test_provider_camera_figures_open_exactly_their_cameras(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("padmin")
    html = page(client, "/dashboard/")
    c = cards(html)
    expected = {
        "Active cameras": [
            ("othercloud", "G"),
            ("telenet", "A"),
            ("telenet", "B"),
            ("telenet", "C"),
            ("telenet", "E"),
        ],
        "Cameras added this month": [("othercloud", "G"), ("telenet", "B"), ("telenet", "C")],
        "Cameras removed this month": [("telenet", "D")],
    }
    for label, cameras in expected.items():
        count, url = c[label]
        assert url.startswith("/cameras/?"), (label, url)
        assert listed(client, url, "Cloud", "Stream") == cameras, label
        assert int(count) == len(cameras), label
    # Each cloud's row of the table: its own added and lost cameras.
    row = re.search(r'<a href="/clouds/telenet/">.*?</tr>', html, re.S)
    assert row is not None
    links = hrefs(row.group(0))
    added = next(u for u in links if "added_from" in u)
    removed = next(u for u in links if "removed_from" in u)
    assert listed(client, added, "Stream") == [("B",), ("C",)]
    assert listed(client, removed, "Stream") == [("D",)]
    # A provider manager's lists hold its clouds only.
    manager = as_user("pmanager")
    url = cards(page(manager, "/dashboard/"))["Cameras added this month"][1]
    assert listed(manager, url, "Cloud", "Stream") == [("telenet", "B"), ("telenet", "C")]


def test_overdue_accounts_open_exactly_their_invoices(
    world: Any, billed: Any, as_user: Any
) -> None:
    for user, accounts in (("cadmin", ["acme", "beta"]), ("amanager", ["acme"])):
        client = as_user(user)
        html = page(client, "/clouds/telenet/dashboard/")
        count, url = cards(html)["Overdue accounts"]
        assert url == "/clouds/telenet/invoices/?kind=retail&overdue=yes"
        rows = listed(client, url, "Account", "Number")
        assert sorted({a for a, _ in rows}) == accounts and int(count) == len(accounts)
        for code in accounts:
            row = re.search(rf'<a href="/clouds/telenet/accounts/{code}/">.*?</tr>', html, re.S)
            assert row is not None
            (link,) = [u for u in hrefs(row.group(0)) if "overdue=" in u]
            n = re.search(r'<td class="num"><a href="[^"]+">(\d+)</a>', row.group(0))
            assert n is not None
            assert len(listed(client, link, "Number")) == int(n.group(1)) == 1


def receivable_links(html: str) -> dict[str, str]:
    row = re.search(r'<tr><th scope="row">USD</th>.*?</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r'<a href="([^"]+)">(?:<strong>)?([^<]+)<', row.group(0))
    keys = ["not_due", "0-30", "31-60", "61-90", "90+", "total"]
    return {k: unescape(href) for k, (href, _) in zip(keys, cells, strict=True)}


@pytest.mark.parametrize(
    ("when", "bucket"),
    [
        (NOW, "0-30"),  # due 17 March: 3 days
        (scenario.local(scenario.TZ, 2026, 4, 16, 9), "0-30"),  # exactly 30 days
        (scenario.local(scenario.TZ, 2026, 4, 17, 9), "31-60"),  # 31 days
        (scenario.local(scenario.TZ, 2026, 5, 20, 12), "61-90"),
        (scenario.local(scenario.TZ, 2026, 7, 1, 12), "90+"),
    ],
)
def test_receivables_by_age_open_exactly_their_invoices(
    world: Any, billed: Any, as_user: Any, when: Any, bucket: str
) -> None:
    with time_machine.travel(when, tick=False):
        client = as_user("padmin")  # signed in at ``when`` (a session expires)
        html = page(client, "/dashboard/")
        links = receivable_links(html)
        for key, url in links.items():
            rows = listed(client, url, "Cloud", "Number")
            expected = [("telenet", billed["wholesale"].number)]
            assert rows == (expected if key in (bucket, "total") else []), (key, rows)
        wanted = urlencode({"overdue": bucket})
        assert wanted in links[bucket]
        # The cloud's row of the table links to the cloud's own list, same buckets.
        row = re.search(r'<tr class="dash-sub">.*?</tr>', html, re.S)
        assert row is not None
        cloud_links = [u for u in hrefs(row.group(0)) if "overdue=" in u]
        counts = [len(listed(client, u, "Number")) for u in cloud_links]
        assert len(cloud_links) == 5
        assert counts == [1 if wanted in u else 0 for u in cloud_links]


def test_age_buckets_of_the_list_filter_are_the_dashboards() -> None:
    from datetime import timedelta

    from cambill.metrics.compute import age_bucket
    from cambill.web.invoicing.filters import due_window

    now = NOW
    for minutes in range(-3000, 200_000, 97):
        due = now - timedelta(minutes=minutes)
        key = age_bucket(due, now)
        after, until = due_window(key, now)
        assert (after is None or due > after) and (until is None or due <= until), (minutes, key)
        others = [k for k in ("not_due", "0-30", "31-60", "61-90", "90+") if k != key]
        for other in others:
            a, u = due_window(other, now)
            assert not ((a is None or due > a) and (u is None or due <= u)), (minutes, other)


def test_camera_and_invoice_filters_by_local_day(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("cadmin")
    cams = "/clouds/telenet/cameras/"
    # D's tariff ended on 5 March 00:00: 4 March was its last day.
    assert listed(client, cams + "?removed_from=2026-03-04&removed_to=2026-03-04", "Stream") == [
        ("D",)
    ]
    assert listed(client, cams + "?removed_from=2026-03-05", "Stream") == []
    # C's move to TRAFFIC7 on 16 March ended an interval, but C did not lose its tariff.
    assert listed(client, cams + "?removed_from=2026-03-16&removed_to=2026-03-16", "Stream") == []
    assert listed(client, cams + "?added_from=2026-03-10&added_to=2026-03-10", "Stream") == [("B",)]
    assert listed(client, cams + "?added_to=2026-02-28", "Stream") == [("A",), ("D",), ("E",)]
    assert listed(client, cams + "?holds_tariff=false", "Stream") == [("D",)]
    invoices = "/clouds/telenet/invoices/"
    due_day = listed(client, invoices + "?due_from=2026-03-17&due_to=2026-03-17", "Account")
    assert due_day == [("",), ("acme",), ("beta",)]  # the wholesale invoice has no account
    assert listed(client, invoices + "?due_to=2026-03-16", "Account") == []
    assert listed(client, invoices + "?open=false", "Account") == []


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("padmin", 200),
        ("paccountant", 200),
        ("pmanager", 200),
        ("cadmin", 403),
        ("amanager", 403),
        ("subscriber", 403),
        ("agent", 403),
    ],
)
def test_provider_lists_are_for_provider_staff(
    world: Any, billed: Any, as_user: Any, user: str, status: int
) -> None:
    client = as_user(user)
    for url in ("/cameras/", "/invoices/"):
        assert client.get(url).status_code == status, url
    if user == "pmanager":
        assert {c for c, _ in listed(client, "/invoices/", "Cloud", "Number")} == {"telenet"}
        other = as_user("pmanager2")
        assert {c for c, _ in listed(other, "/cameras/", "Cloud", "Stream")} == {"othercloud"}

"""Workspace pages: a camera's tariff history as a timeline (with the tariff
change at hand), an account's usage reports, invoices and money, and the
subscriber's own workspace; each scoped (another cloud, another manager's or
subscriber's account is a 404)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.payments.services import payment_record
from tests.conftest import utc
from tests.invoicing.helpers import local, move

from .workspace_helpers import BOGOTA, billed_march


@pytest.fixture
def billed(world: Any, cams: Any) -> dict[str, Any]:
    return billed_march(world, cams)


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).replace("\xa0", " ")


# --- camera timeline -------------------------------------------------------------


def test_camera_page_draws_the_tariff_history_as_an_accessible_timeline(
    world: Any, billed: Any, as_user: Any
) -> None:
    html = as_user("cadmin").get("/clouds/telenet/cameras/cam-a/").content.decode()
    svg = html[html.index('<svg id="tariff-timeline"') : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="tl-title tl-desc"' in svg
    bars = re.findall(r'<g class="tl-bar" data-tariff="(\w+)"><title>([^<]+)</title>', svg)
    assert [b[0] for b in bars] == ["TRAFFIC7", "HOME3"]
    # Local times (Bogota) and the half-open end; the open interval says so.
    assert bars[0][1] == (
        "TRAFFIC7 (acme) from 2026-03-01 00:00 (America/Bogota) until 2026-03-16 12:00 (America/Bogota)"
    )
    assert bars[1][1] == "HOME3 (acme) from 2026-03-16 12:00 (America/Bogota), still held"
    assert "2 tariff intervals from 2026-03-01" in svg
    # Bars are laid out in time order and do not overlap.
    rects = [
        (float(x), float(w))
        for x, w in re.findall(r'<rect class="tl-\d" x="([\d.]+)" y="\d+" width="([\d.]+)"', svg)
    ]
    assert rects[0][0] == 0.0 and rects[0][0] + rects[0][1] <= rects[1][0] + 0.01
    assert rects[1][0] + rects[1][1] == pytest.approx(720, abs=0.01)
    # The scroller is reachable by keyboard and named; the table is still there.
    assert 'class="timeline-scroll" tabindex="0" role="region"' in html
    page = text(html)
    assert "Current tariff HOME3 — Home 3 days (3.00 USD) Change tariff" in page
    assert 'href="/clouds/telenet/cameras/cam-a/tariff/"' in html
    assert "style=" not in html and "<script>" not in html


def test_changing_the_tariff_from_the_camera_page_adds_a_bar(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("amanager")  # acme's account manager may manage its cameras
    response = client.post(
        "/clouds/telenet/cameras/cam-a/tariff/",
        {"tariff": world.tariffs["TRAFFIC7"].pk, "at": "2026-05-01T00:00"},
    )
    assert response.status_code == 302
    html = client.get("/clouds/telenet/cameras/cam-a/").content.decode()
    assert re.findall(r'data-tariff="(\w+)"', html) == ["TRAFFIC7", "HOME3", "TRAFFIC7"]
    assert (
        "HOME3 (acme) from 2026-03-16 12:00 (America/Bogota) until 2026-05-01 00:00 (America/Bogota)"
        in html
    )


def test_timeline_shows_a_subscriber_only_its_own_accounts_time(
    world: Any, billed: Any, as_user: Any
) -> None:
    move(_cam(world), world.accounts["beta"], local(BOGOTA, 2026, 4, 10))
    beta_view = as_user("subscriber2").get("/clouds/telenet/cameras/cam-a/").content.decode()
    assert re.findall(r'data-tariff="(\w+)"', beta_view) == ["HOME3"]
    assert "(acme)" not in beta_view and "acme" not in text(beta_view).split("Tariff history")[1]
    admin_view = as_user("cadmin").get("/clouds/telenet/cameras/cam-a/").content.decode()
    assert re.findall(r'data-tariff="(\w+)"', admin_view) == ["TRAFFIC7", "HOME3", "HOME3"]
    # acme no longer holds the camera: its subscriber cannot open it at all.
    assert as_user("subscriber").get("/clouds/telenet/cameras/cam-a/").status_code == 404


def _cam(world: Any) -> Any:
    from cambill.clouds.models import Camera

    return Camera.objects.get(cloud=world.clouds["telenet"], code="cam-a")


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("otheradmin", "/clouds/telenet/cameras/cam-a/", 404),
        ("cadmin", "/clouds/othercloud/cameras/cam-g/", 404),
        ("amanager2", "/clouds/telenet/cameras/cam-a/", 404),
        ("subscriber2", "/clouds/telenet/cameras/cam-a/", 404),
        ("subscriber", "/clouds/telenet/cameras/cam-b/", 404),
        ("subscriber", "/clouds/telenet/cameras/cam-a/", 200),
        ("amanager", "/clouds/telenet/cameras/cam-a/", 200),
    ],
)
def test_camera_pages_are_scoped(
    world: Any, billed: Any, as_user: Any, user: str, url: str, status: int
) -> None:
    assert as_user(user).get(url).status_code == status


def test_subscriber_sees_no_tariff_change_action(world: Any, billed: Any, as_user: Any) -> None:
    html = as_user("subscriber").get("/clouds/telenet/cameras/cam-a/").content.decode()
    assert "/tariff/" not in html
    assert as_user("subscriber").get("/clouds/telenet/cameras/cam-a/tariff/").status_code == 403


# --- account workspace: reports, invoices, money ------------------------------------


def test_account_page_links_usage_reports_filtered_to_the_account(
    world: Any, billed: Any, as_user: Any
) -> None:
    html = as_user("cadmin").get("/clouds/telenet/accounts/acme/").content.decode()
    links = re.findall(r'href="(/clouds/telenet/reports/usage/\?[^"]+)"', html)
    assert (
        "/clouds/telenet/reports/usage/?account=acme&amp;date_from=2026-03-01&amp;date_to=2026-03-31"
        in links
    )
    assert all("account=acme" in link for link in links)
    # The other-dates form goes to the same report with the account fixed.
    assert '<input type="hidden" name="account" value="acme">' in html
    assert 'for="usage-from"' in html and 'for="usage-to"' in html


def test_account_manager_opens_its_subscribers_usage_report(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("amanager")
    html = client.get("/clouds/telenet/accounts/acme/").content.decode()
    url = unescape(re.search(r'href="([^"]+date_from=2026-03-01[^"]+)"', html).group(1))
    report = client.get(url)
    assert report.status_code == 200
    page = text(report.content.decode())
    # Camera-days per tariff and the amount of the invoice (net 7.36).
    assert "TRAFFIC7 Traffic 7 + plates 1 15 LPR 15, REC_DAY 105 5.81 USD" in page
    assert "HOME3 Home 3 days 1 16 REC_DAY 48 1.55 USD" in page
    assert "Account total 31 LPR 15, REC_DAY 153 7.36 USD" in page
    assert "beta" not in page
    # No wholesale cost for an account manager.
    assert "Wholesale cost" not in page


@pytest.mark.parametrize(
    ("user", "code"),
    [("amanager", "beta"), ("amanager2", "acme"), ("subscriber", "beta"), ("subscriber2", "acme")],
)
def test_foreign_accounts_are_404(
    world: Any, billed: Any, as_user: Any, user: str, code: str
) -> None:
    client = as_user(user)
    assert client.get(f"/clouds/telenet/accounts/{code}/").status_code == 404
    assert client.get(f"/clouds/telenet/accounts/{code}/money/").status_code == 404


def test_other_clouds_admin_gets_404_everywhere(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("otheradmin")
    for url in [
        "/clouds/telenet/accounts/acme/",
        "/clouds/telenet/accounts/acme/money/",
        "/clouds/telenet/cameras/cam-a/",
        "/clouds/telenet/tariffs/TRAFFIC7/edit/",
    ]:
        assert client.get(url).status_code == 404, url


def test_account_page_lists_invoices_with_pdf_and_the_usage_behind_each(
    world: Any, billed: Any, as_user: Any
) -> None:
    inv = billed["acme"]
    html = as_user("caccountant").get("/clouds/telenet/accounts/acme/").content.decode()
    section = html[html.index('id="invoices"') :]
    assert f'href="/clouds/telenet/invoices/{inv.pk}/pdf/"' in section
    assert (
        'href="/clouds/telenet/reports/usage/?account=acme&amp;date_from=2026-03-01&amp;date_to=2026-03-31"'
        in section
    )
    row = text(section[: section.index("</tr>", section.index(inv.number))])
    assert f"{inv.number} March 2026 Issued" in row and "8.76 USD" in row
    assert billed["beta"].number not in html


# --- the subscriber's workspace -----------------------------------------------------------


def test_subscriber_lands_on_its_workspace(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("subscriber")
    payment_record(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        account=world.accounts["acme"],
        amount=Decimal("5.00"),
        received_at=utc(2026, 4, 5, 15),
        reference="TR-1",
        now=utc(2026, 4, 5, 15),
    )
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/clouds/telenet/accounts/acme/"
    html = client.get(home["Location"]).content.decode()
    page = text(html)
    assert "Your cameras and their tariffs, your invoices" in page
    # Cameras and their tariffs.
    assert "cam-a" in page and "HOME3" in page and "cam-b" not in page
    # Balance: 8.76 invoiced, 5.00 paid.
    assert 'data-figure="balance">3.76 USD<' in html.replace("\xa0", " ")
    assert "2026-04-05 10:00 (America/Bogota) Bank transfer 5.00 USD" in page  # Bogota time
    # Its invoice, the PDF and the usage behind it; nothing of beta's.
    inv = billed["acme"]
    assert f'href="/clouds/telenet/invoices/{inv.pk}/pdf/"' in html
    assert "usage behind it" in page
    assert billed["beta"].number not in html
    assert 'href="/clouds/telenet/accounts/acme/money/"' in html
    # No wholesale figures, no manager actions.
    assert "Wholesale" not in page and "/edit/" not in html


def test_subscriber_opens_its_money_page_and_its_invoice_pdf_only(
    world: Any, billed: Any, as_user: Any
) -> None:
    client = as_user("subscriber")
    money = client.get("/clouds/telenet/accounts/acme/money/")
    assert money.status_code == 200
    assert 'id="balance">8.76' in money.content.decode().replace("\xa0", " ")
    pdf = client.get(f"/clouds/telenet/invoices/{billed['acme'].pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/clouds/telenet/invoices/{billed['beta'].pk}/pdf/").status_code == 404
    assert client.get("/clouds/telenet/accounts/beta/money/").status_code == 404
    other = as_user("subscriber2")
    assert other.get(f"/clouds/telenet/invoices/{billed['acme'].pk}/pdf/").status_code == 404


def test_subscriber_usage_report_behind_its_invoice(world: Any, billed: Any, as_user: Any) -> None:
    client = as_user("subscriber")
    html = client.get("/clouds/telenet/accounts/acme/").content.decode()
    section = html[html.index('id="invoices"') :]
    url = unescape(re.search(r'href="(/clouds/telenet/reports/usage/[^"]+)"', section).group(1))
    page = text(client.get(url).content.decode())
    assert "7.36 USD" in page and "beta" not in page
    # Asking for beta's usage shows nothing of beta.
    foreign = client.get(
        "/clouds/telenet/reports/usage/?account=beta&date_from=2026-03-01&date_to=2026-03-31"
    )
    assert "Beta Shops" not in foreign.content.decode() and "3.00 USD" not in text(
        foreign.content.decode()
    )

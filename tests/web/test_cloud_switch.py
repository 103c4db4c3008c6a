"""Provider staff switch clouds with a search in the header, not tabs: the same page
of another cloud, a plain link list without JavaScript, only clouds in scope."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_a_cloud_page_has_the_switcher_and_its_pages_in_the_sidebar(
    world: Any, as_user: Any
) -> None:
    html = as_user("padmin").get("/clouds/telenet/invoices/").content.decode()
    assert 'class="tabs"' not in html and "cloud-bar" not in html
    assert "data-cloud-switch" in html
    # The switch keeps the page: "invoices/" of the next cloud.
    assert 'name="to" value="invoices/"' in html
    assert "/static/web/cloud-switch.js" in html
    # The cloud's pages are the sidebar's first section, named after the cloud.
    sidebar = html[html.index('id="sidebar"') :]
    assert sidebar.index('<div class="nav-heading">Telenet</div>') < sidebar.index(
        '<div class="nav-heading">Provider</div>'
    )
    assert 'href="/clouds/telenet/invoices/" class="active" aria-current="page"' in sidebar


def test_cloud_users_get_no_switcher(world: Any, as_user: Any) -> None:
    html = as_user("cadmin").get("/clouds/telenet/").content.decode()
    assert "data-cloud-switch" not in html and "cloud-switch.js" not in html
    assert as_user("cadmin").get("/switch-cloud/").status_code == 403


def test_search_by_name_or_slug_goes_to_the_same_page(world: Any, as_user: Any) -> None:
    client = as_user("padmin")
    r = client.get("/switch-cloud/", {"q": "other", "to": "invoices/"})
    assert r.status_code == 302 and r["Location"] == "/clouds/othercloud/invoices/"
    r = client.get("/switch-cloud/", {"q": "TELENET", "to": "accounts/"})
    assert r["Location"] == "/clouds/telenet/accounts/"
    # A detail page of one cloud makes no sense in another: its list is kept.
    r = client.get("/switch-cloud/", {"q": "telenet", "to": "invoices/17/"})
    assert r["Location"] == "/clouds/telenet/invoices/"
    # Nothing to keep from a hostile suffix.
    r = client.get("/switch-cloud/", {"q": "telenet", "to": "//evil.example/"})
    assert r["Location"] == "/clouds/telenet/"


def test_without_javascript_the_switcher_is_a_link_list(world: Any, as_user: Any) -> None:
    html = as_user("padmin").get("/switch-cloud/", {"to": "invoices/"}).content.decode()
    assert "2 clouds" in html
    assert 'href="/clouds/telenet/invoices/"' in html
    assert 'href="/clouds/othercloud/invoices/"' in html
    none = as_user("padmin").get("/switch-cloud/", {"q": "zzz"}).content.decode()
    assert "No cloud matches." in none


def test_htmx_gets_only_the_results_as_one_types(world: Any, as_user: Any) -> None:
    r = as_user("padmin").get(
        "/switch-cloud/",
        {"q": "tel", "to": ""},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="cloud-switch-results",
    )
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html  # no redirect while typing
    assert 'href="/clouds/telenet/"' in html and "othercloud" not in html


def test_a_manager_finds_only_its_clouds(world: Any, as_user: Any) -> None:
    # pmanager is responsible for telenet only.
    html = as_user("pmanager").get("/switch-cloud/").content.decode()
    assert "/clouds/telenet/" in html and "/clouds/othercloud/" not in html
    r = as_user("pmanager").get("/switch-cloud/", {"q": "othercloud"})
    assert r.status_code == 200 and "No cloud matches." in r.content.decode()


def test_the_kept_page_is_one_every_cloud_has(world: Any, as_user: Any) -> None:
    from cambill.web.core.navigation import clean_suffix

    assert clean_suffix("reports/usage/") == "reports/usage/"
    assert clean_suffix("usage/unmatched/") == "usage/unmatched/"
    assert clean_suffix("accounts/acme/") == "accounts/"
    assert clean_suffix("reports/") == ""  # no such page: the cloud's overview
    assert clean_suffix("../../admin/") == ""

"""Long lists paginate with the totals of the whole filtered list on every page (and
the page's own), and an empty list says what to do next, to the role that may."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import time_machine

from cambill.invoicing.models import Invoice
from tests.conftest import utc
from tests.invoicing.conftest import add_cameras
from tests.invoicing.helpers import bill

pytestmark = pytest.mark.django_db
NOW = utc(2026, 4, 5, 12)


@pytest.fixture
def billed(world: Any) -> Any:
    with time_machine.travel(NOW, tick=False):
        add_cameras(world)
        bill(world.clouds["telenet"], "2026-03", NOW)
    return world


def test_every_page_shows_the_whole_lists_total_and_its_own(billed: Any, as_user: Any) -> None:
    invoices = list(Invoice.objects.filter(cloud=billed.clouds["telenet"], kind="retail"))
    assert len(invoices) == 2
    whole = sum((i.total for i in invoices), Decimal(0))
    client = as_user("cadmin")
    for page in (1, 2):
        html = client.get(
            "/clouds/telenet/invoices/", {"kind": "retail", "per_page": 1, "page": page}
        ).content.decode()
        assert "2 rows" in html and f"page {page} of 2" in html
        assert f"Total, all pages: <strong>{whole:.2f} USD</strong>" in html
        assert "Total, this page:" in html
    first = client.get(
        "/clouds/telenet/invoices/", {"kind": "retail", "per_page": 1, "sort": "total"}
    ).content.decode()
    smallest = min(i.total for i in invoices)
    assert f"Total, this page: {smallest:.2f} USD" in first


def test_an_empty_list_says_what_to_do_next(world: Any, as_user: Any) -> None:
    html = as_user("cadmin").get("/clouds/othercloud/accounts/")
    assert html.status_code == 404  # not its cloud
    admin = as_user("padmin").get("/clouds/othercloud/cameras/").content.decode()
    assert "No cameras yet." in admin and 'href="/clouds/othercloud/cameras/new/"' in admin


def test_an_empty_filtered_list_offers_to_clear_the_filters(world: Any, as_user: Any) -> None:
    html = as_user("cadmin").get("/clouds/telenet/accounts/", {"q": "zzzz"}).content.decode()
    assert "Nothing matches these filters." in html
    assert "Clear the filters" in html and "New account" not in html.split("empty-state")[1]


def test_the_empty_state_button_is_for_roles_that_may(world: Any, as_user: Any) -> None:
    # telenet has no cameras in the bare world.
    admin = as_user("cadmin").get("/clouds/telenet/cameras/").content.decode()
    assert "No cameras yet." in admin and 'href="/clouds/telenet/cameras/new/"' in admin
    accountant = as_user("caccountant").get("/clouds/telenet/cameras/").content.decode()
    assert "No cameras yet." in accountant
    assert 'href="/clouds/telenet/cameras/new/"' not in accountant
    assert "Someone whose role may add them" in accountant

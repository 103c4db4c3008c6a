"""Usage pages: events with late/unmatched marks, scoped to cloud staff."""

from __future__ import annotations

import pytest
from django.test import Client

from cambill.core.access import SYSTEM
from cambill.usage.services import events_ingest
from tests.conftest import PASSWORD, utc

from .conftest import event


def login(name: str) -> Client:
    c = Client()
    assert c.login(username=name, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_pages(uw) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.models import Invoice

    Invoice.objects.create(  # telenet's March wholesale invoice is issued
        cloud=uw.telenet,
        kind="wholesale",
        status="issued",
        number="PRV-2026-000001",
        period="2026-03",
        period_start=utc(2026, 3, 1, 5),
        period_end=utc(2026, 4, 1, 5),
        currency="USD",
        issuer_name="p",
        customer_name="c",
        created_at=utc(2026, 4, 2),
        updated_at=utc(2026, 4, 2),
    )
    events_ingest(
        actor=SYSTEM,
        cloud=uw.telenet,
        now=utc(2026, 4, 2),
        events=[
            event(1, bytes=5),
            event(2, subject="ghostcam", time="2026-04-01T10:00:00Z", bytes=7),
        ],
    )
    c = login("cadmin")
    r = c.get("/clouds/telenet/usage/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "ghostcam" in html and ">unmatched<" in html and ">late<" in html
    r = c.get("/clouds/telenet/usage/unmatched/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "ghostcam" in html and "camA" not in html.split("<tbody")[1]
    r = c.get("/clouds/telenet/usage/?late=true")
    assert r.status_code == 200
    rows = r.content.decode().split("<tbody")[1]
    assert "camA" in rows and "ghostcam" not in rows
    rows = c.get("/clouds/telenet/usage/?pending=true").content.decode().split("<tbody")[1]
    assert "camA" in rows and "ghostcam" not in rows
    assert c.get("/clouds/telenet/usage/late/").status_code == 200
    assert login("otheradmin").get("/clouds/telenet/usage/").status_code == 404
    assert login("subscriber").get("/clouds/telenet/usage/unmatched/").status_code == 403
    assert login("paccountant").get("/clouds/telenet/usage/unmatched/").status_code == 200


@pytest.mark.django_db
def test_menu_links(uw) -> None:  # type: ignore[no-untyped-def]
    html = login("cadmin").get("/clouds/telenet/usage/").content.decode()
    assert "/clouds/telenet/usage/unmatched/" in html
    from cambill.web.usage.nav import menu_items

    assert menu_items(uw.world.actor("subscriber"), uw.telenet) == []
    assert menu_items(uw.world.actor("cadmin"), None) == []

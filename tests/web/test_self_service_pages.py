"""Pages of the self-service tariff change (issue #17, point 7): the cloud admin
marks a tariff self-service on the tariff form; the subscriber chooses, sees the
preview with exact amounts, confirms; staff and other subscribers may not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from cambill.catalog.models import TariffPlan
from cambill.catalog.services import tariff_update
from cambill.clouds.models import CameraTariffPeriod
from cambill.core.access import SYSTEM
from tests.invoicing.helpers import camera, local

from .test_flows import rows

BOG = "America/Bogota"
WHEN = local(BOG, 2026, 3, 16, 12)
PAGE = "/clouds/telenet/cameras/acme-c/my-tariff/"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(WHEN, tick=False):
        yield


@pytest.fixture
def cam(world: Any, frozen: None) -> Any:
    for code in ("HOME3", "TRAFFIC7"):
        tariff_update(actor=SYSTEM, tariff=world.tariffs[code], self_service=True)
    return camera(
        world.clouds["telenet"], "acme-c", world.accounts["acme"], "HOME3", local(BOG, 2026, 3, 1)
    )


def test_tariff_form_marks_self_service(world: Any, as_user: Any) -> None:
    c = as_user("cadmin")
    form = c.get("/clouds/telenet/tariffs/HOME3/edit/")
    assert form.status_code == 200 and 'name="self_service"' in form.content.decode()
    resp = c.post(
        "/clouds/telenet/tariffs/HOME3/edit/",
        {
            "name": "Home 3 days",
            "price": "3.00",
            "active": "on",
            "self_service": "on",
            **rows((world.services["REC_DAY"].pk, 3), total=4, initial=1),
            "extras-TOTAL_FORMS": "0",
            "extras-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert TariffPlan.objects.get(pk=world.tariffs["HOME3"].pk).self_service is True
    assert "Self-service" in c.get("/clouds/telenet/tariffs/HOME3/").content.decode()


def test_subscriber_previews_and_confirms(world: Any, cam: Any, as_user: Any) -> None:
    c = as_user("subscriber")
    detail = c.get("/clouds/telenet/cameras/acme-c/").content.decode()
    assert PAGE in detail
    page = c.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="TRAFFIC7"' in html and 'value="PROV1"' not in html
    preview = c.get(PAGE, {"tariff": "TRAFFIC7"}).content.decode()
    # the rest of March: 1.55 -> 6.19 (+4.64); April: 3.00 -> 12.00 (+9.00)
    for amount in ("1.55", "6.19", "4.64", "3.00", "12.00", "9.00"):
        assert amount in preview, amount
    assert CameraTariffPeriod.objects.filter(camera=cam).count() == 1
    done = c.post(PAGE, {"tariff": "TRAFFIC7"})
    assert done.status_code == 302 and done["Location"].endswith("/cameras/acme-c/")
    last = CameraTariffPeriod.objects.filter(camera=cam).order_by("-valid_from").first()
    assert (last.tariff.code, last.valid_from) == ("TRAFFIC7", WHEN)


def test_refusals(world: Any, cam: Any, as_user: Any) -> None:
    c = as_user("subscriber")
    bad = c.get(PAGE, {"tariff": "PROV1"}).content.decode()
    assert "not a tariff you may choose yourself" in bad
    refused = c.post(PAGE, {"tariff": "PROV1"})
    assert refused.status_code == 200  # the form again, with its error
    assert as_user("subscriber2").get(PAGE).status_code == 404
    assert as_user("cadmin").get(PAGE).status_code == 403
    assert (
        "my-tariff" not in as_user("cadmin").get("/clouds/telenet/cameras/acme-c/").content.decode()
    )
    assert CameraTariffPeriod.objects.filter(camera=cam).count() == 1

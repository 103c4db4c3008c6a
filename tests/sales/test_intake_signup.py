"""A camera sold through the Agent intake is charged when attached; a coupon
redeemed at sign-up through an agent's link."""

from __future__ import annotations

from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.core.csvin import CSVError
from cambill.core.errors import DomainError
from cambill.referrals.signup import referral_signup
from cambill.sales.models import Charge, CouponRedemption
from cambill.sales.services import coupon_create, product_create
from cambill.watcher.intake import agent_csv_upload, agent_device_attach
from cambill.watcher.models import AgentDevice
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, retail

pytestmark = pytest.mark.django_db

HEADER = "agent_model,agent_serial,stream_url,product\n"


def test_an_intake_row_names_the_product_charged_on_attach(world: Any) -> None:
    telenet = world.clouds["telenet"]
    product_create(actor=SYSTEM, cloud=telenet, code="CAM-4MP", name="Camera 4 MP", price="80")
    agent_csv_upload(
        actor=SYSTEM,
        cloud=telenet,
        data=HEADER + "Hik,SN1,rtsp://10.0.0.1/a,CAM-4MP\nHik,SN2,rtsp://10.0.0.2/a,\n",
    )
    d1, d2 = AgentDevice.objects.get(serial="SN1"), AgentDevice.objects.get(serial="SN2")
    assert (d1.product, d2.product) == ("CAM-4MP", "")
    acme = world.accounts["acme"]
    # 2026-03-01 02:00 UTC is still 28 February in Bogota
    cam = agent_device_attach(
        actor=world.actor("amanager"),
        device=d1,
        account=acme,
        tariff="HOME3",
        at=utc(2026, 3, 1, 2),
    )
    agent_device_attach(
        actor=SYSTEM, device=d2, account=acme, tariff="HOME3", at=utc(2026, 3, 1, 5)
    )
    charge = Charge.objects.get()
    assert (charge.camera, charge.description, str(charge.date), str(charge.unit_price)) == (
        cam,
        "Camera 4 MP",
        "2026-02-28",
        "80.000000",
    )
    bill(telenet, "2026-03", utc(2026, 4, 5))
    # HOME3 3.00 x 2 cameras, then the camera sold in February (its invoice did not exist)
    assert amounts(retail(telenet, "2026-03", "acme")) == ["3.00", "3.00", "80.00"]


def test_an_intake_row_with_an_unknown_product_refuses_the_upload(world: Any) -> None:
    with pytest.raises(CSVError):
        agent_csv_upload(
            actor=SYSTEM,
            cloud=world.clouds["telenet"],
            data=HEADER + "Hik,SN1,rtsp://10.0.0.1/a,NOPE\n",
        )
    assert not AgentDevice.objects.exists()


def signup(agent: Any, **over: Any) -> Any:
    data = {
        "name": "Nueva Tienda",
        "email": "owner@nueva.example",
        "username": "nueva",
        "password": "Str0ng-pass-2026",
        "accept_terms": True,
    }
    data.update(over)
    return referral_signup(agent=agent, **data)


def test_a_coupon_redeemed_at_sign_up(world: Any) -> None:
    telenet = world.clouds["telenet"]
    coupon_create(actor=SYSTEM, cloud=telenet, code="JOIN10", percent="10", duration="forever")
    result = signup(world.agents["agent1"], coupon="JOIN10")
    r = CouponRedemption.objects.get()
    assert (r.account, r.source, r.coupon.code) == (result.account, "signup", "JOIN10")


def test_a_bad_coupon_refuses_the_sign_up(world: Any) -> None:
    with pytest.raises(DomainError) as e:
        signup(world.agents["agent1"], coupon="NOPE")
    assert e.value.fields == {"coupon": ["No such coupon."]}
    assert not CouponRedemption.objects.exists()
    assert not world.clouds["telenet"].accounts.filter(name="Nueva Tienda").exists()


def test_the_attach_page_and_endpoint_charge_the_product(world: Any) -> None:
    from django.test import Client

    from tests.api.helpers import bearer

    telenet = world.clouds["telenet"]
    product_create(actor=SYSTEM, cloud=telenet, code="CAM-4MP", name="Camera 4 MP", price="80")
    agent_csv_upload(
        actor=SYSTEM,
        cloud=telenet,
        data=HEADER + "Hik,SN1,rtsp://10.0.0.1/a,CAM-4MP\nHik,SN2,rtsp://10.0.0.2/a,\n",
    )
    page = Client()
    page.force_login(world.users["cadmin"])
    form = page.get("/clouds/telenet/intake/SN1/attach/").content.decode()
    assert 'value="CAM-4MP" selected' in form
    r = page.post("/clouds/telenet/intake/SN1/attach/", {"account": "acme", "product": "CAM-4MP"})
    assert r.status_code == 302, r.content
    r = bearer("cadmin").post(
        "/api/v1/clouds/telenet/intake/devices/SN2/attach",
        {"account": "beta", "product": "CAM-4MP"},
        format="json",
    )
    assert r.status_code in (200, 201), r.content
    assert sorted(Charge.objects.values_list("account__code", "camera__code", "unit_price")) == [
        ("acme", "SN1", 80),
        ("beta", "SN2", 80),
    ]


def test_a_sign_up_link_carries_a_coupon(world: Any) -> None:
    from django.test import Client
    from rest_framework.test import APIClient

    telenet = world.clouds["telenet"]
    coupon_create(actor=SYSTEM, cloud=telenet, code="JOIN10", percent="10", duration="forever")
    agent = world.agents["agent1"]
    url = f"/join/telenet/{agent.referral_code}/"
    page = Client().get(url + "?coupon=JOIN10").content.decode()
    assert 'value="JOIN10"' in page
    r = Client().post(
        url,
        {
            "name": "Nueva Tienda",
            "email": "owner@nueva.example",
            "username": "nueva",
            "password": "Str0ng-pass-2026",
            "language": "es",
            "accept_terms": "on",
            "coupon": "JOIN10",
        },
    )
    assert r.status_code == 302, r.content
    r = APIClient().post(
        "/api/v1/clouds/telenet/signup/",
        {
            "referral_code": agent.referral_code,
            "name": "Otra",
            "email": "otra@example.com",
            "username": "otra",
            "password": "Str0ng-pass-2026",
            "accept_terms": True,
            "coupon": "JOIN10",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    assert sorted(CouponRedemption.objects.values_list("account__name", "source")) == [
        ("Nueva Tienda", "signup"),
        ("Otra", "signup"),
    ]

"""Sales pages: products and coupons of a cloud, charges and coupons on an
account's page, and the subscriber redeeming a coupon in its portal."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cambill.core.access import SYSTEM
from cambill.sales.models import Charge, Coupon, CouponRedemption, Product
from cambill.sales.services import charge_create, coupon_create, product_create
from tests.web.conftest import as_user, cams  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

T = "/clouds/telenet"


def test_products_pages(world: Any, as_user: Any) -> None:  # noqa: F811
    c: Client = as_user("cadmin")
    r = c.post(
        f"{T}/products/new/",
        {"code": "DOME", "name": "Dome 4 MP", "price": "89.90", "active": "on"},
    )
    assert r.status_code == 302, r.content
    p = Product.objects.get()
    assert (p.code, str(p.price), p.active) == ("DOME", "89.900000", True)
    page = c.get(f"{T}/products/").content.decode()
    assert "DOME" in page and "89.90" in page
    r = c.post(f"{T}/products/DOME/", {"name": "Dome 4 MP IR", "price": "95"})
    p.refresh_from_db()
    assert (p.name, str(p.price), p.active) == ("Dome 4 MP IR", "95.000000", False)
    assert as_user("amanager").get(f"{T}/products/new/").status_code == 403
    assert as_user("otheradmin").get(f"{T}/products/").status_code == 404


def test_coupons_pages(world: Any, as_user: Any) -> None:  # noqa: F811
    c = as_user("cadmin")
    r = c.post(
        f"{T}/coupons/new/",
        {"code": "SPRING", "percent": "20", "duration": "repeating", "months": "3"},
    )
    assert r.status_code == 302, r.content
    r = c.post(f"{T}/coupons/new/", {"code": "BAD", "duration": "once"})
    assert r.status_code == 200 and "Give either a percent or an amount." in r.content.decode()
    page = c.get(f"{T}/coupons/").content.decode()
    assert "SPRING" in page and "3 months" in page
    assert c.post(f"{T}/coupons/SPRING/deactivate/").status_code == 302
    assert Coupon.objects.get(code="SPRING").active is False
    assert as_user("amanager").post(f"{T}/coupons/SPRING/deactivate/").status_code == 403


def test_charges_and_coupons_on_the_account_page(
    world: Any,
    as_user: Any,  # noqa: F811
    cams: Any,  # noqa: F811
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    product_create(actor=SYSTEM, cloud=telenet, code="DOME", name="Dome 4 MP", price="89.90")
    c = as_user("amanager")
    form = c.get(f"{T}/accounts/acme/charges/new/").content.decode()
    assert "Dome 4 MP (89.9)" in form and "cam-a" in form
    r = c.post(
        f"{T}/accounts/acme/charges/new/",
        {"product": "DOME", "quantity": "2", "date": "2026-03-10", "camera": "cam-a"},
    )
    assert r.status_code == 302, r.content
    charge = Charge.objects.get()
    assert (charge.description, charge.quantity, charge.camera.code) == ("Dome 4 MP", 2, "cam-a")
    page = c.get(f"{T}/accounts/acme/").content.decode()
    assert "One-off charges" in page and "179.80" in page
    r = c.post(f"{T}/accounts/acme/charges/{charge.pk}/delete/")
    assert r.status_code == 302 and not Charge.objects.exists()
    # the subscriber sees its charges but cannot add one; it redeems a coupon in its portal
    charge_create(actor=SYSTEM, account=acme, description="Mount", unit_price="5")
    coupon_create(actor=SYSTEM, cloud=telenet, code="WELCOME", amount="5", duration="once")
    sub = as_user("subscriber")
    page = sub.get(f"{T}/accounts/acme/").content.decode()
    assert "Mount" in page and "charges/new/" not in page and "coupons/redeem/" in page
    assert sub.get(f"{T}/accounts/acme/charges/new/").status_code == 403
    r = sub.post(f"{T}/accounts/acme/coupons/redeem/", {"coupon": "NOPE"})
    assert r.status_code == 200 and "No such coupon." in r.content.decode()
    r = sub.post(f"{T}/accounts/acme/coupons/redeem/", {"coupon": "WELCOME"})
    assert r.status_code == 302, r.content
    red = CouponRedemption.objects.get()
    assert (red.account, red.source) == (acme, "portal")
    assert "WELCOME" in sub.get(f"{T}/accounts/acme/").content.decode()
    assert sub.get(f"{T}/accounts/beta/coupons/redeem/").status_code == 404


def test_the_invoice_page_and_pdf_show_one_off_and_coupon_lines(
    world: Any,
    as_user: Any,  # noqa: F811
    cams: Any,  # noqa: F811
) -> None:
    from cambill.invoicing.pdf import render_invoice_html
    from cambill.sales.services import coupon_redeem
    from tests.conftest import utc
    from tests.invoicing.helpers import bill, retail

    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    charge_create(
        actor=SYSTEM, account=acme, description="Installation", unit_price="30", date="2026-03-05"
    )
    coupon_create(actor=SYSTEM, cloud=telenet, code="HALF", percent="50", duration="once")
    coupon_redeem(actor=SYSTEM, account=acme, coupon="HALF", at=utc(2026, 3, 2))
    bill(telenet, "2026-03", utc(2026, 4, 5))
    inv = retail(telenet, "2026-03", "acme")
    page = as_user("cadmin").get(f"{T}/invoices/{inv.pk}/").content.decode()
    assert "Installation" in page and "Coupon HALF (50 %)" in page and "-21.00" in page
    html = render_invoice_html(inv)
    assert "Installation" in html and "Coupon HALF (50 %)" in html

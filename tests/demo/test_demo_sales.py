"""The demo sells cameras in one cloud and runs a coupon in another (issue #17,
points 3 and 4), all through the verbs: one-off and coupon lines on invoices."""

from __future__ import annotations

import pytest

from cambill.core.money import round_money
from tests.demo.test_demo_data import run_demo


@pytest.mark.django_db
def test_demo_sells_cameras_and_runs_a_coupon() -> None:
    from cambill.invoicing.models import InvoiceLine
    from cambill.sales.models import Charge, CouponRedemption, Product

    run_demo()
    assert Product.objects.filter(code="CAM-DOME-4MP").exists()
    one_offs = InvoiceLine.objects.filter(kind="one_off", invoice__kind="retail")
    assert one_offs.exists()
    for ln in one_offs:
        assert ln.amount == round_money(ln.quantity * ln.unit_price, ln.invoice.currency)
    # every charge dated in a billed month is on an invoice
    assert not Charge.objects.filter(invoice__isnull=True).exists()
    coupons = InvoiceLine.objects.filter(kind="coupon")
    assert coupons.exists() and all(ln.amount < 0 for ln in coupons)
    assert {ln.invoice.cloud_id for ln in coupons} != {ln.invoice.cloud_id for ln in one_offs}
    assert CouponRedemption.objects.filter(coupon__code="FIRSTFREE").count() == 1
    free = CouponRedemption.objects.get(coupon__code="FIRSTFREE")
    inv = free.account.invoices.get(period=free.first_period)
    assert inv.net == 0 and inv.total == 0

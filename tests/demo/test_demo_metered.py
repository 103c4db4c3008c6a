"""The demo sets usage prices through the verbs (issue #17, point 2): a count
meter of plate reads, the provider's metered service on every wholesale
invoice, and a metered tariff extra with an allowance on retail invoices."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.core.money import round_money
from tests.demo.test_demo_data import run_demo


@pytest.mark.django_db
def test_demo_bills_plate_reads_retail_and_wholesale() -> None:
    from cambill.invoicing.models import Invoice, InvoiceLine
    from cambill.usage.models import Meter, MeteredService, TariffMeteredCharge

    run_demo()
    assert Meter.objects.get(code="plate_reads").aggregation == "count"
    assert MeteredService.objects.get(service__code="LPR_READ").prices.count() >= 1
    assert TariffMeteredCharge.objects.filter(included_per_camera=100).exists()
    wholesale = InvoiceLine.objects.filter(
        kind="metered", service="LPR_READ", invoice__kind="wholesale"
    )
    assert {ln.invoice.period for ln in wholesale} == {"2026-03", "2026-04"}
    retail = InvoiceLine.objects.filter(kind="metered", invoice__kind="retail")
    assert retail.exists()
    for ln in retail:
        # the reads beyond 100 of one camera at the cloud's price per read
        charge = TariffMeteredCharge.objects.get(
            cloud=ln.invoice.cloud, tariff__code=ln.tariff, meter__code="plate_reads"
        )
        price = Decimal(charge.pricing["unit_price"])
        assert ln.quantity > 0 and ln.unit_price == price
        assert ln.amount == round_money(ln.quantity * price, ln.invoice.currency)
    assert Invoice.objects.filter(kind="retail", lines__kind="metered").exists()

"""The demo suspends an account with ``suspended_days = skip`` and credits a camera's
offline days (issue #17, points 5 and 6), all through the verbs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.demo.test_demo_data import run_demo


@pytest.mark.django_db
def test_demo_skips_suspended_days_and_credits_offline_days() -> None:
    from cambill.clouds.models import AccountSuspension, Cloud
    from cambill.core.money import round_money
    from cambill.invoicing.models import Invoice, InvoiceLine

    run_demo()
    cloud = Cloud.objects.order_by("pk").first()
    assert cloud is not None
    assert (cloud.suspended_days, cloud.offline_credit_hours) == ("skip", 4)
    pause = AccountSuspension.objects.filter(cloud=cloud, reason="Asked to pause").get()
    assert pause.end is not None
    inv = Invoice.objects.get(
        kind="retail", account=pause.account, period=pause.start.strftime("%Y-%m")
    )
    days = [ln.days for ln in inv.lines.filter(kind="tariff")]
    n = (inv.period_end - inv.period_start).days
    # Days 11-20 are not charged: every camera line ends on the 10th or starts on the 21st.
    for ln in inv.lines.filter(kind="tariff"):
        assert ln.date_to.day <= 10 or ln.date_from.day >= 21, (ln.date_from, ln.date_to)
    assert sum(days, Decimal(0)) <= (n - 10) * len({ln.camera for ln in inv.lines.all()})
    credits = InvoiceLine.objects.filter(kind="offline_credit", invoice__cloud=cloud)
    assert credits.count() == 1
    credit = credits.get()
    # In the account's invoice language ("Offline credit: 2 days, Camera ..." in English).
    assert credit.days == 2 and credit.description.split(",")[0] in (
        "Offline credit: 2 days",
        "Crédito por desconexión: 2 días",
        "Crédito por desconexão: 2 dias",
    )
    tariff = credit.invoice.lines.get(kind="tariff", camera=credit.camera)
    assert credit.amount == -round_money(tariff.unit_price * 2 / n, credit.invoice.currency)

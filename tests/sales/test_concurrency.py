"""Max redemptions hold when accounts redeem the last coupon at the same time."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError
from cambill.sales.models import Coupon, CouponRedemption
from cambill.sales.services import coupon_create, coupon_redeem
from tests.invoicing.conftest import tworld  # noqa: F401 (fixture)
from tests.scenarios.conftest import account

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no concurrency to test",
)


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_max_redemptions_under_concurrency(tworld: Any) -> None:  # noqa: F811
    cloud = tworld.clouds["telenet"]
    coupon_create(
        actor=SYSTEM, cloud=cloud, code="LAST3", percent="10", duration="once", max_redemptions=3
    )
    accounts = [account(cloud, f"race{i}") for i in range(8)]
    barrier = threading.Barrier(len(accounts))
    results: list[Any] = [None] * len(accounts)

    def body(i: int) -> None:
        try:
            barrier.wait()
            results[i] = coupon_redeem(actor=SYSTEM, account=accounts[i], coupon="LAST3")
        except BaseException as e:
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(len(accounts))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 5 and {r.code for r in refused} == {"conflict"}
    assert CouponRedemption.objects.count() == 3
    assert Coupon.objects.get(code="LAST3").times_redeemed == 3

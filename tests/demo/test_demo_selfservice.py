"""The demo has a cloud whose tariffs are self-service (issue #17, point 7), and
one of its subscribers can preview switching a camera among them."""

from __future__ import annotations

import pytest

from tests.demo.test_demo_data import run_demo


@pytest.mark.django_db
def test_demo_cloud_sells_self_service_tariffs() -> None:
    from cambill.accounts.models import User
    from cambill.clouds.models import Account, Camera
    from cambill.clouds.self_service import (
        current_period,
        self_service_tariffs,
        tariff_change_preview,
    )
    from cambill.core import clock
    from cambill.core.access import actor_for

    run_demo()
    for user in User.objects.filter(role="subscriber").order_by("username"):
        actor = actor_for(user)
        account = Account.objects.filter(pk=actor.account_id).select_related("cloud").first()
        if account is None:
            continue
        cloud = account.cloud
        choices = list(self_service_tariffs(cloud))
        if len(choices) < 2:
            continue
        for cam in Camera.objects.filter(account=account).order_by("code"):
            held = current_period(cam, clock.now())
            if held is None:
                continue
            other = next(t for t in choices if t.pk != held.tariff_id)
            got = tariff_change_preview(actor=actor, camera=cam, tariff=other.code)
            p = got["preview"]
            assert p.next_month.new.amount == other.price.quantize(p.next_month.new.amount)
            return
    pytest.fail("no demo subscriber with a camera in a cloud with self-service tariffs")

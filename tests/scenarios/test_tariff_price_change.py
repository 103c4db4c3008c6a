"""A tariff's retail price changed mid-month: days before the change keep the
old price, days from it take the new one, and re-running an earlier month
after the change gives the same amounts as before."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from cambill.catalog.services import tariff_update
from cambill.core.access import SYSTEM
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, local, retail

BOG = "America/Bogota"


@pytest.mark.django_db
def test_price_change_mid_month_splits_the_line_and_leaves_the_past_alone(world):  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    camera(t, "A", world.accounts["acme"], "TRAFFIC7", local(BOG, 2026, 1, 20))
    with time_machine.travel(utc(2026, 3, 2, 12), tick=False):
        run = bill(t, "2026-02", utc(2026, 3, 2, 12))
        assert run.status == "completed", run.error
        assert amounts(retail(t, "2026-02", "acme")) == ["12.00"]
        # From 16 March (local) TRAFFIC7 costs 15.50.
        tariff_update(
            actor=SYSTEM,
            tariff=world.tariffs["TRAFFIC7"],
            price="15.50",
            price_valid_from=date(2026, 3, 16),
        )
    with time_machine.travel(utc(2026, 4, 5, 12), tick=False):
        run = bill(t, "2026-03", utc(2026, 4, 5, 12))
        assert run.status == "completed", run.error
        inv = retail(t, "2026-03", "acme")
        # 15 days at 12.00 (5.81) and 16 days at 15.50 (8.00)
        assert amounts(inv) == ["5.81", "8.00"]
        assert [str(ln.unit_price.normalize()) for ln in inv.lines.order_by("position")] == [
            "12",
            "15.5",
        ]
        # February re-run (its draft regenerated) is unchanged by the new price.
        run = bill(t, "2026-02", utc(2026, 4, 5, 12))
        assert amounts(retail(t, "2026-02", "acme")) == ["12.00"]
    world.tariffs["TRAFFIC7"].refresh_from_db()
    assert str(world.tariffs["TRAFFIC7"].price) == "15.500000"

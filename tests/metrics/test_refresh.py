"""metrics_refresh_cloud on a small history: every precomputed figure pinned
to the cent (the definitions are in docs/metrics.md)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, Forbidden, NotFound
from cambill.core.models import AuditEntry
from cambill.metrics.models import CloudSnapshot, MonthUsage, TariffSnapshot
from cambill.metrics.services import metrics_refresh_all, metrics_refresh_cloud
from tests.invoicing.helpers import local

from . import scenario
from .scenario import NOW, TZ


@pytest.fixture
def history(world: Any) -> dict[str, Any]:
    return scenario.build(world)


def refresh(world: Any, now: Any = NOW) -> CloudSnapshot:
    return metrics_refresh_cloud(actor=SYSTEM, cloud=world.clouds["telenet"], now=now)


def tariffs(snap: CloudSnapshot) -> dict[str, tuple[int, str, str]]:
    return {
        t.tariff_code: (
            t.cameras,
            str(t.retail_mrr.quantize(Decimal("0.01"))),
            str(t.wholesale_mrr.quantize(Decimal("0.01"))),
        )
        for t in TariffSnapshot.objects.filter(snapshot=snap)
    }


def money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def test_cloud_snapshot_figures(world: Any, history: Any) -> None:
    snap = refresh(world)
    assert snap.scope == "cloud" and str(snap.day) == "2026-03-20" and snap.currency == "USD"
    # Active now: A and C on TRAFFIC7, B and E on HOME3 (D lost its tariff on 5 March).
    assert snap.active_cameras == 4
    # REC_DAY 7+7+3+3 = 20 unit-months x 0.30 = 6.00; LPR 2 x 4.00 = 8.00;
    # lines 14.00, discount 10 % = 1.40 -> 12.60.
    assert money(snap.wholesale_mrr) == "12.60"
    assert money(snap.retail_mrr) == "30.00"  # 2 x 12.00 + 2 x 3.00
    # New this month: B (10 Mar) and C (1 Mar 00:00, the month's first instant). Lost: D.
    assert (snap.cameras_added, snap.cameras_removed) == (2, 1)
    # Per tariff: TRAFFIC7 REC_DAY 14 x 0.30 = 4.20 + LPR 8.00 = 12.20 - 1.22 = 10.98;
    # HOME3 REC_DAY 6 x 0.30 = 1.80 - 0.18 = 1.62.
    assert tariffs(snap) == {
        "TRAFFIC7": (2, "24.00", "10.98"),
        "HOME3": (2, "6.00", "1.62"),
    }


def test_account_manager_scopes(world: Any, history: Any) -> None:
    refresh(world)
    am1 = world.users["amanager"].pk
    am2 = world.users["amanager2"].pk
    mine = CloudSnapshot.objects.get(scope=f"am:{am1}")
    # acme: A, C (TRAFFIC7), B (HOME3): REC_DAY 17 -> 5.10, LPR 8.00, 13.10 - 1.31.
    assert (mine.active_cameras, money(mine.wholesale_mrr), money(mine.retail_mrr)) == (
        3,
        "11.79",
        "27.00",
    )
    assert (mine.cameras_added, mine.cameras_removed) == (2, 0)
    other = CloudSnapshot.objects.get(scope=f"am:{am2}")
    # beta: E on HOME3: 3 x 0.30 = 0.90 - 0.09.
    assert (other.active_cameras, money(other.wholesale_mrr), money(other.retail_mrr)) == (
        1,
        "0.81",
        "3.00",
    )
    assert (other.cameras_added, other.cameras_removed) == (0, 1)
    assert tariffs(other) == {"HOME3": (1, "3.00", "0.81")}


def test_month_usage(world: Any, history: Any) -> None:
    refresh(world)
    rows = {
        m.period: (m.cameras, m.camera_days, m.complete)
        for m in MonthUsage.objects.filter(cloud=world.clouds["telenet"])
    }
    assert len(rows) == 13 and min(rows) == "2025-03" and max(rows) == "2026-03"
    assert rows["2025-12"] == (0, 0, True)
    assert rows["2026-01"] == (1, 17, True)  # D, 15..31 January
    assert rows["2026-02"] == (3, 75, True)  # A 28, D 28, E 19 (10..28)
    # To date (days 1..19 completed): A 19, B 10, C 15 + 4, D 4, E 19.
    assert rows["2026-03"] == (5, 71, False)


def test_refresh_is_one_row_per_day_and_audited(world: Any, history: Any) -> None:
    refresh(world)
    refresh(world, NOW + timedelta(hours=1))
    assert CloudSnapshot.objects.filter(cloud=world.clouds["telenet"], scope="cloud").count() == 1
    refresh(world, NOW + timedelta(days=1))
    assert CloudSnapshot.objects.filter(cloud=world.clouds["telenet"], scope="cloud").count() == 2
    assert AuditEntry.objects.filter(verb="metrics_refresh").count() == 3
    entry = AuditEntry.objects.filter(verb="metrics_refresh").order_by("id").first()
    assert entry is not None and entry.after["wholesale_mrr"] == "12.60"


def test_prices_in_force_today_are_used(world: Any, history: Any) -> None:
    from cambill.catalog.services import cloud_set_service_prices

    cloud_set_service_prices(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        prices=[{"service": "LPR", "amount": "5.00"}],
        valid_from=local(TZ, 2026, 3, 21).date(),
    )
    assert money(refresh(world).wholesale_mrr) == "12.60"  # not yet in force
    later = refresh(world, local(TZ, 2026, 3, 21, 9))
    # LPR 2 x 5.00 = 10.00: lines 16.00 - 1.60 = 14.40.
    assert money(later.wholesale_mrr) == "14.40"


def test_cloud_trial_waives_wholesale_and_account_trial_waives_retail(
    world: Any, history: Any
) -> None:
    from cambill.clouds.services import account_update, cloud_update

    cloud_update(actor=SYSTEM, cloud=world.clouds["telenet"], trial_until=NOW + timedelta(days=3))
    account_update(
        actor=SYSTEM, account=world.accounts["beta"], trial_until=NOW + timedelta(days=3)
    )
    world.clouds["telenet"].refresh_from_db()
    snap = refresh(world)
    assert money(snap.wholesale_mrr) == "0.00"
    assert money(snap.retail_mrr) == "27.00"  # E (beta) is in its trial
    assert snap.active_cameras == 4


def test_refresh_all_covers_every_open_cloud(world: Any, history: Any) -> None:
    assert metrics_refresh_all(actor=SYSTEM, now=NOW) == 2
    g = CloudSnapshot.objects.get(cloud=world.clouds["othercloud"], scope="cloud")
    # REC_DAY has no EUR price: the wholesale figure has nothing to charge.
    assert (g.currency, g.active_cameras, money(g.retail_mrr), money(g.wholesale_mrr)) == (
        "EUR",
        1,
        "2.00",
        "0.00",
    )


@pytest.mark.parametrize("user", ["pmanager", "amanager", "subscriber", "agent"])
def test_refresh_refused_to_roles_without_the_action(world: Any, history: Any, user: str) -> None:
    with pytest.raises(Forbidden):
        metrics_refresh_cloud(actor=world.actor(user), cloud=world.clouds["telenet"], now=NOW)
    assert not CloudSnapshot.objects.exists()
    assert not AuditEntry.objects.filter(verb="metrics_refresh").exists()


def test_refresh_of_another_cloud_is_not_found(world: Any, history: Any) -> None:
    with pytest.raises(NotFound):
        metrics_refresh_cloud(
            actor=world.actor("otheradmin"), cloud=world.clouds["telenet"], now=NOW
        )
    assert not CloudSnapshot.objects.exists()


def test_cloud_admin_refreshes_its_cloud(world: Any, history: Any) -> None:
    snap = metrics_refresh_cloud(
        actor=world.actor("cadmin"), cloud=world.clouds["telenet"], now=NOW
    )
    assert snap.active_cameras == 4


def test_naive_now_is_refused(world: Any, history: Any) -> None:
    with pytest.raises(DomainError):
        refresh(world, NOW.replace(tzinfo=None))
    assert not CloudSnapshot.objects.exists()

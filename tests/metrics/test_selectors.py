"""The dashboards' reads: figures pinned to the cent, and each actor's scope."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cambill.core.errors import Forbidden, NotFound
from cambill.metrics.selectors import (
    closed_periods,
    cloud_dashboard,
    cloud_usage_history,
    provider_dashboard,
)
from tests.invoicing.helpers import local as at

from . import scenario
from .scenario import NOW, TZ


def m(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


@pytest.fixture
def billed(world: Any) -> dict[str, Any]:
    return scenario.build_billed(world)


def test_the_billed_amounts_the_figures_are_built_from(world: Any, billed: Any) -> None:
    # February: REC_DAY (28x7 + 28x3 + 19x3)/28 x 0.30 = 3.61, LPR 4.00; 7.61 - 0.76.
    assert m(billed["wholesale"].net) == "6.85"
    # acme: A 12.00 + 19 % VAT; beta: D 3.00 + E 3.00 x 19/28 = 2.04, 5.04 + 0.96.
    assert (m(billed["acme"].total), m(billed["beta"].total)) == ("14.28", "6.00")


def test_provider_dashboard_figures(world: Any, billed: Any) -> None:
    d = provider_dashboard(actor=world.actor("padmin"), now=NOW)
    assert (d.clouds_in_scope, d.active_clouds, d.missing) == (2, 2, [])
    # telenet 4 + othercloud 1; added B, C and G; lost D.
    assert (d.active_cameras, d.cameras_added, d.cameras_removed) == (5, 3, 1)
    eur, usd = d.currencies  # by currency code
    assert (usd.currency, m(usd.mrr), m(usd.arr), usd.active_cameras) == (
        "USD",
        "12.60",
        "151.20",
        4,
    )
    assert m(usd.revenue_per_camera) == "3.15"
    assert (eur.currency, m(eur.mrr), eur.active_cameras, m(eur.revenue_per_camera)) == (
        "EUR",
        "0.00",
        1,
        "0.00",
    )
    assert [
        (r.cloud.slug, m(r.snapshot.wholesale_mrr), m(r.last_revenue)) for r in d.top_clouds["USD"]
    ] == [("telenet", "12.60", "6.85")]
    # Receivables: 6.85 - 2.00 = 4.85 open, due 17 March: 3 days past due on the 20th.
    (rec,) = d.receivables
    assert rec.currency == "USD" and {k: m(v) for k, v in rec.buckets.items()} == {
        "not_due": "0.00",
        "0-30": "4.85",
        "31-60": "0.00",
        "61-90": "0.00",
        "90+": "0.00",
    }
    assert [(r.cloud.slug, m(r.total)) for r in d.receivables_by_cloud] == [("telenet", "4.85")]
    assert d.revenue_periods[0] == "2025-03" and d.revenue_periods[-1] == "2026-02"
    assert [m(v) for v in d.revenue["USD"]] == ["0.00"] * 11 + ["6.85"]
    assert "EUR" not in d.revenue


def test_receivables_age_with_time(world: Any, billed: Any) -> None:
    later = at(TZ, 2026, 5, 1, 12)  # 45 days after 17 March
    (rec,) = provider_dashboard(actor=world.actor("padmin"), now=later).receivables
    assert m(rec.buckets["31-60"]) == "4.85" and m(rec.total) == "4.85"
    before_due = at(TZ, 2026, 3, 10, 12)
    (rec,) = provider_dashboard(actor=world.actor("padmin"), now=before_due).receivables
    assert m(rec.buckets["not_due"]) == "4.85" and m(rec.overdue) == "0.00"


def test_a_credit_note_lowers_revenue_and_receivables(world: Any, billed: Any) -> None:
    from cambill.core.access import SYSTEM
    from cambill.invoicing.services import credit_note_create

    credit_note_create(
        actor=SYSTEM,
        invoice=billed["wholesale"],
        reason="goodwill",
        lines=[{"line": 1, "amount": "1.00"}],
        now=NOW,
    )
    d = provider_dashboard(actor=world.actor("padmin"), now=NOW)
    assert m(d.revenue["USD"][-1]) == "5.85"
    assert m(d.receivables[0].total) == "3.85"


def test_provider_manager_sees_only_its_clouds(world: Any, billed: Any) -> None:
    d = provider_dashboard(actor=world.actor("pmanager"), now=NOW)
    assert d.clouds_in_scope == 1 and [c.currency for c in d.currencies] == ["USD"]
    assert d.active_cameras == 4 and list(d.top_clouds) == ["USD"]
    d2 = provider_dashboard(actor=world.actor("pmanager2"), now=NOW)
    assert d2.active_cameras == 1 and d2.receivables == [] and d2.revenue == {}


@pytest.mark.parametrize("user", ["cadmin", "amanager", "caccountant", "subscriber", "agent"])
def test_provider_dashboard_refused_to_cloud_roles(world: Any, billed: Any, user: str) -> None:
    with pytest.raises(Forbidden):
        provider_dashboard(actor=world.actor(user), now=NOW)


def test_cloud_dashboard_of_the_cloud_admin(world: Any, billed: Any) -> None:
    d = cloud_dashboard(actor=world.actor("cadmin"), cloud=world.clouds["telenet"], now=NOW)
    assert d.snapshot is not None and d.show_costs
    s = d.snapshot
    assert (m(s.retail_mrr), m(s.wholesale_mrr), m(d.margin), d.margin_percent) == (
        "30.00",
        "12.60",
        "17.40",
        Decimal("58.0"),
    )
    assert [(t.tariff_code, t.cameras) for t in d.tariffs] == [("HOME3", 2), ("TRAFFIC7", 2)]
    assert (s.cameras_added, s.cameras_removed) == (2, 1)
    # acme owes 14.28 (3 days overdue); beta 6.00 - 1.00 = 5.00.
    assert [(o.code, o.invoices, m(o.amount), o.days) for o in d.overdue] == [
        ("acme", 1, "14.28", 3),
        ("beta", 1, "5.00", 3),
    ]
    assert (d.overdue_accounts, m(d.overdue_amount)) == (2, "19.28")


def test_cloud_dashboard_of_an_account_manager_is_its_accounts_only(
    world: Any, billed: Any
) -> None:
    d = cloud_dashboard(actor=world.actor("amanager"), cloud=world.clouds["telenet"], now=NOW)
    assert d.snapshot is not None and d.snapshot.active_cameras == 3
    assert m(d.snapshot.retail_mrr) == "27.00"
    # Wholesale cost is not an account manager's business (invoicing.policy.can_see_costs).
    assert not d.show_costs and d.margin is None
    assert [o.code for o in d.overdue] == ["acme"]
    d2 = cloud_dashboard(actor=world.actor("amanager2"), cloud=world.clouds["telenet"], now=NOW)
    assert d2.snapshot is not None and d2.snapshot.active_cameras == 1
    assert [(o.code, m(o.amount)) for o in d2.overdue] == [("beta", "5.00")]


def test_cloud_accountant_and_provider_staff_see_the_whole_cloud(world: Any, billed: Any) -> None:
    for user in ("caccountant", "padmin", "pmanager"):
        d = cloud_dashboard(actor=world.actor(user), cloud=world.clouds["telenet"], now=NOW)
        assert d.snapshot is not None and d.snapshot.active_cameras == 4 and d.overdue_accounts == 2


@pytest.mark.parametrize("user", ["subscriber", "agent"])
def test_cloud_dashboard_refused_to_subscribers_and_agents(
    world: Any, billed: Any, user: str
) -> None:
    with pytest.raises(Forbidden):
        cloud_dashboard(actor=world.actor(user), cloud=world.clouds["telenet"], now=NOW)


@pytest.mark.parametrize("user", ["otheradmin", "pmanager2"])
def test_another_clouds_dashboard_is_not_found(world: Any, billed: Any, user: str) -> None:
    with pytest.raises(NotFound):
        cloud_dashboard(actor=world.actor(user), cloud=world.clouds["telenet"], now=NOW)


def test_usage_history(world: Any, billed: Any) -> None:
    h = cloud_usage_history(actor=world.actor("paccountant"), cloud=world.clouds["telenet"])
    rows = {u.period: (u.cameras, u.camera_days, m(u.revenue), u.complete) for u in h.months}
    assert len(h.months) == 13 and h.months[0].period == "2025-03"
    assert rows["2026-01"] == (1, 17, "0.00", True)
    assert rows["2026-02"] == (3, 75, "6.85", True)
    assert rows["2026-03"] == (5, 71, None, False)


@pytest.mark.parametrize("user", ["cadmin", "caccountant", "amanager", "subscriber"])
def test_usage_history_is_for_provider_staff(world: Any, billed: Any, user: str) -> None:
    with pytest.raises(Forbidden):
        cloud_usage_history(actor=world.actor(user), cloud=world.clouds["telenet"])


def test_usage_history_of_another_managers_cloud_is_not_found(world: Any, billed: Any) -> None:
    with pytest.raises(NotFound):
        cloud_usage_history(actor=world.actor("pmanager2"), cloud=world.clouds["telenet"])


def test_closed_periods_are_the_twelve_months_before_now() -> None:
    keys = closed_periods(NOW)
    assert keys[0] == "2025-03" and keys[-1] == "2026-02" and len(keys) == 12

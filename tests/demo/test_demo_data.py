"""``cambill demo-data``: every role gets a login, histories never overlap,
everything stays inside its cloud, agent trees are trees, and the same seed
and ``--now`` give the same data."""

from __future__ import annotations

import itertools
from collections import defaultdict
from datetime import UTC, datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cambill.accounts.roles import Role

NOW = "2026-05-14"
SMALL: dict[str, Any] = {
    "clouds": 2,
    "accounts": 20,
    "cameras": 60,
    "months": 2,
    "seed": 1,
    "now": NOW,
}


def run_demo(**opts: Any) -> str:
    out = StringIO()
    call_command("demo_data", stdout=out, **{**SMALL, **opts})
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:  # type: ignore[no-untyped-def]
    return run_demo(no_invoices=True)


def test_users_for_every_role(demo: str) -> None:
    from cambill.accounts.models import User
    from cambill.clouds.models import Cloud
    from cambill.core.access import actor_for

    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    slugs = list(Cloud.objects.order_by("pk").values_list("slug", flat=True))
    # The operators of the plan, then one created today with nothing in it yet.
    assert slugs == ["telenet", "iberia", "nuevared"]
    slugs = slugs[:2]
    expected = ["admin", "accountant", "manager"]
    for slug in slugs:
        expected += [
            f"{slug}-{s}" for s in ("admin", "am1", "am2", "acct", "agent1", "agent2", "sub1")
        ]
    users = {u.username: u for u in User.objects.all()}
    for name in expected:
        assert name in users, name
        assert users[name].check_password("demo1234"), name
    assert users["admin"].role == Role.PROVIDER_ADMIN
    assert users["telenet-am1"].role == Role.ACCOUNT_MANAGER
    # manager is responsible for the first cloud; each cloud login works in its own cloud
    manager = actor_for(users["manager"])
    assert Cloud.objects.get(slug="telenet").pk in manager.managed_cloud_ids
    for slug in slugs:
        cloud = Cloud.objects.get(slug=slug)
        for suffix in ("admin", "am1", "acct", "agent1", "sub1"):
            actor = actor_for(users[f"{slug}-{suffix}"])
            assert actor.cloud_id == cloud.pk and actor.role is not None
        sub = actor_for(users[f"{slug}-sub1"])
        assert sub.account_id is not None
        assert actor_for(users[f"{slug}-agent1"]).agent_id is not None
    assert "demo1234" in demo
    for name in expected:
        assert name in demo  # the login table names every login


def test_no_camera_has_overlapping_periods(demo: str) -> None:
    from cambill.clouds.models import Camera, CameraTariffPeriod

    periods: dict[int, list[CameraTariffPeriod]] = defaultdict(list)
    for p in CameraTariffPeriod.objects.order_by("camera_id", "valid_from"):
        periods[p.camera_id].append(p)
    assert len(periods) == Camera.objects.count() == 60
    now = datetime(2026, 5, 14, tzinfo=UTC)
    changed = 0
    for camera_id, ps in periods.items():
        changed += len(ps) > 1
        for a, b in itertools.pairwise(ps):
            assert a.valid_to is not None, camera_id
            assert a.valid_to <= b.valid_from, camera_id
        for p in ps:
            assert p.valid_to is None or p.valid_to > p.valid_from
            assert p.valid_from < now and (p.valid_to is None or p.valid_to < now)
        camera = Camera.objects.get(pk=camera_id)
        if ps[-1].valid_to is None:
            assert camera.status == "active" and camera.account_id == ps[-1].account_id
        else:
            assert camera.status in ("removed", "disabled")
    assert changed > 0  # some cameras changed tariff, moved or were removed


def test_everything_stays_in_its_cloud(demo: str) -> None:
    from cambill.catalog.models import CloudAllowedTariff
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Membership

    assert Account.objects.count() == 20
    for acc in Account.objects.select_related(
        "account_manager__membership", "referral_agent", "owner__membership"
    ):
        if acc.account_manager is not None:
            assert acc.account_manager.membership.cloud_id == acc.cloud_id
        if acc.referral_agent is not None:
            assert acc.referral_agent.cloud_id == acc.cloud_id
        if acc.owner is not None:
            assert acc.owner.membership.account_id == acc.pk
    for m in Membership.objects.select_related("account"):
        if m.account is not None:
            assert m.account.cloud_id == m.cloud_id
    for cam in Camera.objects.select_related("account"):
        assert cam.account is not None and cam.account.cloud_id == cam.cloud_id
    allowed = set(CloudAllowedTariff.objects.values_list("cloud_id", "tariff_id"))
    for p in CameraTariffPeriod.objects.select_related("camera", "account", "tariff"):
        assert p.cloud_id == p.camera.cloud_id == p.account.cloud_id
        assert p.tariff.cloud_id == p.cloud_id or (p.cloud_id, p.tariff_id) in allowed
    assert Account.objects.filter(status="suspended").exists() or Account.objects.count() < 30


def test_agent_trees_have_no_cycles(demo: str) -> None:
    from cambill.referrals.models import Agent

    agents = {a.pk: a for a in Agent.objects.all()}
    assert agents
    depths = set()
    for a in agents.values():
        seen, node, depth = set(), a, 1
        while node.parent_id is not None:
            assert node.pk not in seen, "cycle"
            seen.add(node.pk)
            parent = agents[node.parent_id]
            assert parent.cloud_id == a.cloud_id
            node, depth = parent, depth + 1
        depths.add(depth)
    assert max(depths) in (2, 3) and max(depths) <= 3


def test_same_seed_and_now_give_identical_data(db) -> None:  # type: ignore[no-untyped-def]
    from cambill_sandbox.demo.dump import dump_lines

    # --reset empties every cambill table and resets the id sequences: each run
    # starts as on a fresh database (PostgreSQL keeps sequences across tests)
    run_demo(reset=True)
    first = dump_lines()
    run_demo(reset=True)
    second = dump_lines()
    assert any(line.startswith("period ") for line in first)
    assert first == second
    run_demo(reset=True, seed=2)
    assert dump_lines() != first


def test_fast_path_writes_the_same_rows(db) -> None:  # type: ignore[no-untyped-def]
    from cambill.core.models import AuditEntry
    from cambill_sandbox.demo.dump import dump_lines

    run_demo(no_invoices=True)
    slow = dump_lines(include_audit=False)
    audits = AuditEntry.objects.count()
    run_demo(no_invoices=True, reset=True, fast=True)
    assert dump_lines(include_audit=False) == slow
    assert AuditEntry.objects.count() < audits  # bulk rows skip their audit entries


def test_second_run_without_reset_is_refused(demo: str) -> None:
    from cambill.clouds.models import Camera

    with pytest.raises(CommandError, match=r"already has data.*--reset"):
        run_demo()
    assert Camera.objects.count() == 60  # nothing changed


def test_refuses_a_database_with_other_data(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--reset"):
        run_demo()


def test_bad_arguments_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--clouds"):
        run_demo(clouds=0)
    with pytest.raises(CommandError, match="--months"):
        run_demo(months=0)
    with pytest.raises(CommandError, match="ISO 8601"):
        run_demo(now="yesterday")


def test_invoices_for_closed_months(db) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing import services
    from cambill.invoicing.models import Invoice

    out = run_demo()
    if not (hasattr(services, "bill_run_start") and hasattr(services, "bill_run_execute")):
        assert "skipped invoices" in out
        return
    arrears = Invoice.objects.exclude(cloud__billing_timing="advance")
    periods = sorted(set(arrears.values_list("period", flat=True)))
    assert periods == ["2026-03", "2026-04"]
    first, last = periods
    # Every closed month is issued, the last one too (issued in bulk: nothing in draft).
    assert not Invoice.objects.filter(status="draft").exists()
    assert arrears.filter(period=first, status="paid").exists()
    assert (
        arrears.filter(period=last, status__in=["issued", "paid"]).count()
        == arrears.filter(period=last).count()
    )
    assert Invoice.objects.filter(kind="wholesale").count() == 4  # 2 clouds x 2 months


def test_second_cloud_bills_in_advance_after_its_first_month(db) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.models import Invoice, InvoiceLine

    run_demo(reset=True)
    ahead = Invoice.objects.filter(cloud__billing_timing="advance", kind="retail")
    # One of May's is voided an hour before "now" (iberia's Verifactu void, demo/einvoice.py)
    assert list(ahead.filter(status="void").values_list("period", flat=True)) == ["2026-05"]
    # (paid or not: the collections of test_demo_history)
    shown = {
        (p, "issued" if s == "paid" else s)
        for p, s in ahead.exclude(status="void").values_list("period", "status")
    }
    assert sorted(shown) == [
        ("2026-03", "issued"),  # in arrears, before the switch
        ("2026-04", "issued"),  # April ahead; March was billed in arrears: no true-up
        ("2026-05", "issued"),  # May ahead, with April's true-up
    ]
    lines = InvoiceLine.objects.filter(invoice__in=ahead)
    april = lines.filter(invoice__period="2026-04")
    assert april.filter(kind="advance").exists() and not april.filter(kind="true_up").exists()
    may = lines.filter(invoice__period="2026-05")
    assert may.filter(kind="advance").exists() and may.filter(kind="true_up").exists()
    assert not may.filter(kind="tariff", date_from__gte="2026-05-01").exists()
    # Wholesale stays in arrears: March and April, none for May.
    whole = Invoice.objects.filter(cloud__billing_timing="advance", kind="wholesale")
    assert sorted(whole.values_list("period", flat=True)) == ["2026-03", "2026-04"]


def test_plan_is_pure_and_seeded() -> None:
    from cambill_sandbox.demo.plan import make_plan

    now = datetime(2026, 5, 14, tzinfo=UTC)
    a = make_plan(seed=3, clouds=4, accounts=50, cameras=200, months=3, now=now)
    b = make_plan(seed=3, clouds=4, accounts=50, cameras=200, months=3, now=now)
    c = make_plan(seed=4, clouds=4, accounts=50, cameras=200, months=3, now=now)
    key = [
        (e.at, e.kind, getattr(e.obj, "code", None) or getattr(e.obj, "slug", None), e.arg)
        for e in a.events
    ]
    assert key == [
        (e.at, e.kind, getattr(e.obj, "code", None) or getattr(e.obj, "slug", None), e.arg)
        for e in b.events
    ]
    assert [x.code for x in a.cameras] != [x.code for x in c.cameras]
    assert [x.slug for x in a.clouds] == ["telenet", "iberia", "pampa", "thames"]
    assert a.clouds[3].currency == "GBP" and a.clouds[1].tax_percent == 21
    assert all(e.at < now for e in a.events)
    assert sum(len(x.closed_periods) == 3 for x in a.clouds) == 4


def test_default_now_is_start_of_today_utc() -> None:
    from cambill_sandbox.management.commands.demo_data import _parse_now

    value = _parse_now(None)
    assert value.tzinfo is not None and (value.hour, value.minute, value.second) == (0, 0, 0)
    assert _parse_now("2026-05-14") == datetime(2026, 5, 14, tzinfo=UTC)
    assert _parse_now("2026-05-14T03:00:00-05:00") == datetime(2026, 5, 14, 8, tzinfo=UTC)


def test_a_new_cloud_shows_its_first_steps(demo: str) -> None:
    from django.test import Client

    from cambill.accounts.models import User
    from cambill.clouds.models import Account, Camera, Cloud

    fresh = Cloud.objects.get(slug="nuevared")
    assert not Account.objects.filter(cloud=fresh).exists()
    assert not Camera.objects.filter(cloud=fresh).exists()
    admin = User.objects.get(username="nuevared-admin")
    assert admin.check_password("demo1234") and admin.role == Role.CLOUD_ADMIN
    client = Client()
    client.force_login(admin)
    html = client.get("/clouds/nuevared/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'data-step="tariffs"' in html and 'data-step="watcher"' in html
    assert 'href="/clouds/nuevared/accounts/new/"' in html

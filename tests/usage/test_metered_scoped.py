"""The metered lines of some accounts, read from their own cameras only, are
exactly the whole cloud's lines of those accounts (cameras moved between
accounts in the month, a gauge carried in from an earlier month, a counter)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cambill.clouds.models import Camera
from cambill.clouds.services.tariff_history import camera_change_tariff, camera_move
from cambill.core.access import SYSTEM
from cambill.core.periods import Period
from cambill.usage import aggregates
from cambill.usage.aggregates import cameras_of_accounts, metered_charges
from cambill.usage.services import events_ingest, tariff_metered_charge_set
from tests.conftest import utc

from .conftest import event

pytestmark = pytest.mark.django_db
MARCH = Period(2026, 3, "America/Bogota")


@pytest.fixture
def metered(uw: Any) -> Any:
    w = uw.world
    for tariff, meter, pricing in [
        ("TRAFFIC7", "archive", {"kind": "per_unit", "unit_price": "0.05"}),
        ("HOME3", "seconds", {"kind": "per_unit", "unit_price": "0.01"}),
    ]:
        tariff_metered_charge_set(
            actor=w.actor("cadmin"),
            cloud=uw.telenet,
            tariff=w.tariffs[tariff],
            meter=uw.meters[meter],
            description=f"{meter} extra",
            pricing=pricing,
        )
    events = [
        event("a0", time="2026-02-15T00:00:00Z", bytes=20 * 10**9),  # carried into March
        event("a1", time="2026-03-16T17:00:00Z", bytes=50 * 10**9),
    ]
    for i, cam in enumerate(["camA", "camB", "camC", "camD"]):
        events.append(
            event(
                f"r{i}",
                subject=cam,
                type="recording",
                time="2026-03-20T10:00:00Z",
                stats={"dvr": {"seconds": 100 * (i + 1)}},
            )
        )
    # camC (beta) moves to acme in March; camD (acme) moves to beta; camB goes TRAFFIC7.
    from cambill.clouds.services import camera_create

    camera_create(
        actor=SYSTEM,
        cloud=uw.telenet,
        code="camD",
        account=w.accounts["acme"],
        tariff=w.tariffs["HOME3"],
        at=utc(2026, 1, 1),
    )
    events_ingest(actor=SYSTEM, cloud=uw.telenet, events=events, now=utc(2026, 4, 2))
    camera_move(
        actor=SYSTEM,
        camera=Camera.objects.get(code="camC"),
        account=w.accounts["acme"],
        at=utc(2026, 3, 12),
    )
    camera_move(
        actor=SYSTEM,
        camera=Camera.objects.get(code="camD"),
        account=w.accounts["beta"],
        at=utc(2026, 3, 25),
    )
    camera_change_tariff(
        actor=SYSTEM,
        camera=Camera.objects.get(code="camB"),
        tariff=w.tariffs["TRAFFIC7"],
        at=utc(2026, 3, 5),
    )
    return uw


def _key(lines: list[Any]) -> list[tuple[Any, ...]]:
    return [(ln.account_code, ln.camera_code, ln.meter_code, ln.amount) for ln in lines]


def test_one_accounts_lines_are_the_whole_clouds_lines_of_that_account(metered: Any) -> None:
    w = metered.world
    whole = metered_charges(metered.telenet, MARCH)
    # camA: 20 GB for half the month then 50; camB holds TRAFFIC7 at the end
    # (its recorded seconds are no extra there) and has no archive samples.
    assert _key(whole) == [
        ("acme", "camA", "archive_gb", Decimal("1.75")),
        ("acme", "camC", "rec_seconds", Decimal("3.00")),
        ("beta", "camD", "rec_seconds", Decimal("4.00")),
    ]
    for code in ("acme", "beta"):
        ids = {w.accounts[code].pk}
        assert _key(metered_charges(metered.telenet, MARCH, account_ids=ids)) == _key(
            [ln for ln in whole if ln.account_id in ids]
        )
    both = {w.accounts["acme"].pk, w.accounts["beta"].pk}
    assert _key(metered_charges(metered.telenet, MARCH, account_ids=both)) == _key(whole)


def test_one_account_reads_only_its_cameras(metered: Any, monkeypatch: Any) -> None:
    w = metered.world
    beta = {w.accounts["beta"].pk}
    cams = cameras_of_accounts(metered.telenet, MARCH.start, MARCH.end, beta)
    # camC (beta until the 12th) and camD (beta from the 25th): camA and camB never.
    assert {Camera.objects.get(pk=pk).code for pk in cams} == {"camC", "camD"}
    asked: list[Any] = []
    real = aggregates.meter_aggregate_exact

    def spy(*args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("cameras"))
        return real(*args, **kwargs)

    monkeypatch.setattr(aggregates, "meter_aggregate_exact", spy)
    metered_charges(metered.telenet, MARCH, account_ids=beta)
    assert asked and all(a == cams for a in asked)
    # Past the cap, the whole cloud is read and the lines filtered: the same lines.
    monkeypatch.setattr(aggregates, "SCOPED_ACCOUNTS_MAX", 0)
    asked.clear()
    lines = metered_charges(metered.telenet, MARCH, account_ids=beta)
    assert asked and all(a is None for a in asked)
    assert [ln.camera_code for ln in lines] == ["camD"]

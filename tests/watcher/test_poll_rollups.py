"""The poll writes its samples straight into the hourly rollups (decision 0025):
the same sequence of polls gives the same rollups, aggregates, offline credits
and invoices as storing every sample as a raw event and rolling it up."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.core.periods import Period
from cambill.usage.aggregates import meter_aggregate, metered_charges
from cambill.usage.models import Meter, UsageEvent, UsageEventKey, UsageRollup
from cambill.usage.offline import offline_seconds_by_day
from cambill.usage.rollups import rollup_catch_up
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.sync import install_watcher_meters, sync_poll
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, retail, totals
from tests.scenarios.conftest import account, new_cloud, tariff

GB = 10**9


def _s(
    name: str,
    duration: int,
    size: int,
    start: int | None = None,
    *,
    alive: bool = True,
    disabled: bool = False,
) -> dict[str, Any]:
    dvr: dict[str, Any] = {"duration": duration, "bytes": size}
    if start is not None:
        dvr["from"] = start
    return {
        "name": name,
        "disabled": disabled,
        "stats": {"alive": alive, "bitrate": 2000, "dvr_info": dvr},
    }


def _ts(t: datetime) -> int:
    return int(t.timestamp())


A0 = utc(2026, 4, 1, 21, 10)  # 23:10 in Madrid: the first local day ends within the hour

# (poll time, the streams Watcher lists then). cam1 records steadily, is
# trimmed at its depth, goes offline; cam2 is recreated (its archive starts
# again) and disabled; ghost has no camera in billing.
POLLS: list[tuple[datetime, list[dict[str, Any]]]] = [
    (A0, [_s("cam1", 3000, 5 * GB, _ts(A0) - 3000), _s("cam2", 100, GB), _s("ghost", 10, 1)]),
    (
        A0 + timedelta(minutes=20),
        [_s("cam1", 4200, 6 * GB, _ts(A0) - 3000), _s("cam2", 1300, 2 * GB), _s("ghost", 20, 2)],
    ),
    (
        A0 + timedelta(minutes=55),  # past local midnight
        [
            _s("cam1", 3600, 6 * GB, _ts(A0) + 600),  # head trimmed by 3600 s: 1,500 s recorded
            _s("cam2", 200, GB // 2),  # recreated: counts its new 200 s
            _s("ghost", 30, 3),
        ],
    ),
    (
        A0 + timedelta(hours=3),
        [
            _s("cam1", 3600, 6 * GB, _ts(A0) + 600, alive=False),  # offline since the last poll
            _s("cam2", 7700, 3 * GB),
        ],
    ),
    # the same poll replayed: counted once
    (
        A0 + timedelta(hours=3),
        [_s("cam1", 3600, 6 * GB, _ts(A0) + 600, alive=False), _s("cam2", 7700, 3 * GB)],
    ),
    # an older poll arriving late: changes nothing
    (A0 + timedelta(hours=2), [_s("cam1", 9999, 9 * GB), _s("cam2", 9999, 9 * GB)]),
    (
        A0 + timedelta(hours=8),
        [
            _s("cam1", 3600, 6 * GB, _ts(A0) + 600, alive=False),  # 5 h more offline
            _s("cam2", 7700, 3 * GB, disabled=True),  # disabled: never offline
        ],
    ),
    (
        A0 + timedelta(days=9, hours=5),
        [_s("cam1", 3600, 7 * GB, _ts(A0) + 600), _s("cam2", 7700, 3 * GB, disabled=True)],
    ),
]


class Script:
    """A Watcher that lists the given streams (the poll's only call)."""

    def __init__(self, streams: list[dict[str, Any]]) -> None:
        self.streams = streams

    def iter_streams(self, select: Any = None, limit: int = 500, **kw: Any) -> Any:
        return iter(self.streams)

    def close(self) -> None:
        pass


def _run(slug: str, settings: Any, *, raw: bool) -> dict[str, Any]:
    from cambill.usage.services import tariff_metered_charge_set

    settings.CAMBILL_WATCHER_POLL_RAW_EVENTS = raw
    cloud = new_cloud(slug, "USD", "Europe/Madrid", offline_credit_hours=4)
    watcher_connection_set(
        actor=SYSTEM, cloud=cloud, base_url="http://watcher.invalid", username="a", password="b"
    )
    t30 = tariff(cloud, "T30", "30.00", REC_DAY=1)
    for code, pricing in (
        ("watcher_archive_gb", {"kind": "per_unit", "unit_price": "0.50"}),
        ("watcher_recorded_hours", {"kind": "per_unit", "unit_price": "0.10"}),
    ):
        tariff_metered_charge_set(
            actor=SYSTEM,
            cloud=cloud,
            tariff=t30,
            meter=Meter.objects.get(code=code),
            pricing=pricing,
            description=code,
        )
    shop = account(cloud, "shop")
    camera(cloud, "cam1", shop, "T30", utc(2026, 3, 1))
    camera(cloud, "cam2", shop, "T30", utc(2026, 3, 1))
    for at, streams in POLLS:
        sync_poll(cloud=cloud, now=at, client=Script(streams))  # type: ignore[arg-type]
    rollup_catch_up(cloud)
    april = Period.containing(utc(2026, 4, 15), "Europe/Madrid")
    rollups = sorted(
        (
            r.camera.code,
            r.meter.code,
            r.hour,
            r.count,
            r.sum,
            r.max,
            r.first_time,
            r.last_time,
            r.last_value,
            r.integral,
        )
        for r in UsageRollup.objects.filter(cloud=cloud).select_related("camera", "meter")
    )
    bill(cloud, "2026-04", utc(2026, 5, 2))
    inv = retail(cloud, "2026-04", "shop")
    return {
        "rollups": rollups,
        "aggregates": {
            m.code: meter_aggregate(cloud, m, april)
            for m in Meter.objects.filter(code__startswith="watcher_")
            | Meter.objects.filter(code="camera_offline_seconds")
        },
        "charges": [
            (c.camera_code, c.meter_code, c.quantity, c.amount)
            for c in metered_charges(cloud, april)
        ],
        "offline": offline_seconds_by_day(cloud, april),
        "invoice": (amounts(inv), totals(inv)),
        "raw": UsageEvent.objects.filter(cloud=cloud).count(),
        "keys": UsageEventKey.objects.filter(cloud=cloud).count(),
    }


@pytest.mark.django_db
def test_rollups_and_invoices_match_the_raw_event_path(world: Any, settings: Any) -> None:
    install_watcher_meters(actor=SYSTEM)
    old = _run("rawpath", settings, raw=True)
    new = _run("direct", settings, raw=False)
    # Every sample a raw event before; now only the stream without a camera.
    assert (old["raw"], old["keys"]) == (17, 17)
    assert (new["raw"], new["keys"]) == (3, 3)
    for key in ("rollups", "aggregates", "charges", "offline", "invoice"):
        assert new[key] == old[key], key

    # The figures, pinned. Recorded: cam1 0 + 1200 + 2100 (growth plus the
    # trimmed head, capped at the 2,100 s since the last poll) s, cam2 0 + 1200
    # + 200 (recreated) + 7500 s.
    assert new["aggregates"]["watcher_recorded_hours"] == {
        "cam1": Decimal("0.91666666666666666667"),
        "cam2": Decimal("2.47222222222222222222"),
    }
    # Archive: about 6 GB for 9 days and 7 GB for 20 of April's 30 (cam1).
    assert new["aggregates"]["watcher_archive_gb"] == {
        "cam1": Decimal("6.46736111111111111111"),
        "cam2": Decimal("2.89450231481481481481"),
    }
    # Offline: 7,500 s then 18,000 s, both on 2 April in Madrid.
    assert new["aggregates"]["camera_offline_seconds"] == {"cam1": Decimal(25500)}
    assert new["offline"] == {"cam1": {date(2026, 4, 2): 25500}}
    assert new["charges"] == [
        ("cam1", "watcher_archive_gb", Decimal("6.467361"), Decimal("3.23")),
        ("cam1", "watcher_recorded_hours", Decimal("0.916667"), Decimal("0.09")),
        ("cam2", "watcher_archive_gb", Decimal("2.894502"), Decimal("1.45")),
        ("cam2", "watcher_recorded_hours", Decimal("2.472222"), Decimal("0.25")),
    ]
    # Two cameras at 30.00, one day offline credited (more than 4 h), the extras.
    assert new["invoice"] == (
        ["30.00", "30.00", "-1.00", "3.23", "0.09", "1.45", "0.25"],
        {"subtotal": "64.02", "discount": "0.00", "net": "64.02", "tax": "0.00", "total": "64.02"},
    )

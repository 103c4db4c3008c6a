"""The meters that read the poller's events (``watcher.stream.stats``)."""

from __future__ import annotations

from typing import Any

from cambill.core.access import Actor

from .poll import STATS_EVENT_TYPE

WATCHER_METERS = (
    # code, name, unit, aggregation, value path, divisor
    (
        "watcher_archive_gb",
        "Archive size (Watcher)",
        "GB-month",
        "time_weighted_avg",
        "archive_bytes",
        10**9,
    ),
    ("watcher_recorded_hours", "Recorded time (Watcher)", "hour", "sum", "recorded_seconds", 3600),
)


def install_watcher_meters(*, actor: Actor) -> list[Any]:
    """Define the meters that read the poller's events, if they do not exist yet.

    Without a meter for ``watcher.stream.stats`` the ingestion refuses the
    poll's events (and the poll keeps its stream state, so nothing is lost).
    """
    from cambill.usage.models import Meter
    from cambill.usage.services import meter_create

    made = []
    for code, name, unit, aggregation, path, divisor in WATCHER_METERS:
        if not Meter.objects.filter(code=code).exists():
            made.append(
                meter_create(
                    actor=actor,
                    code=code,
                    name=name,
                    unit=unit,
                    event_type=STATS_EVENT_TYPE,
                    aggregation=aggregation,
                    value_path=path,
                    unit_divisor=divisor,
                )
            )
    return made

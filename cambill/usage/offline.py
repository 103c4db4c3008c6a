"""Camera offline time: the built-in meter ``camera_offline_seconds`` and its reading per day.

The Watcher poll reports, per stream, the seconds it was offline since the
previous poll as a CloudEvent ``camera.offline`` with ``data = {"seconds": N}``
(any other source may report it the same way through ``POST /api/v1/events``).
The meter sums them; the bill run reads the seconds per camera and LOCAL day
of the period (an event counts on the local day of its ``time``) to credit
days offline for at least the cloud's ``offline_credit_hours``
(:mod:`cambill.rating.offline`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction

from cambill.clouds.models import Cloud
from cambill.core.errors import DomainError
from cambill.core.periods import Period

from .models import Aggregation, Meter, UsageEvent

OFFLINE_METER = "camera_offline_seconds"
OFFLINE_EVENT_TYPE = "camera.offline"
OFFLINE_VALUE_PATH = "seconds"


def ensure_offline_meter() -> Meter:
    """The built-in meter (usage migration 0008), defined again through the verb
    if it was deleted: the ingestion refuses an event type no meter reads."""
    meter = Meter.objects.filter(code=OFFLINE_METER).first()
    if meter is not None:
        return meter
    from cambill.core.access import SYSTEM

    from .metering import meter_create

    try:
        with transaction.atomic():
            return meter_create(
                actor=SYSTEM,
                code=OFFLINE_METER,
                name="Camera offline time",
                unit="second",
                event_type=OFFLINE_EVENT_TYPE,
                aggregation=Aggregation.SUM,
                value_path=OFFLINE_VALUE_PATH,
                unit_divisor=1,
            )
    except (DomainError, IntegrityError):  # defined meanwhile by a concurrent poll
        return Meter.objects.get(code=OFFLINE_METER)


def _seconds(data: Any, path: str) -> int:
    value: Any = data
    for part in path.split(".") if path else ():
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool) or value is None:
        return 0
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return 0
    return int(number) if number.is_finite() and number > 0 else 0


def whole_hour_zone(tz: str, start: datetime, end: datetime) -> bool:
    """Whether the zone's offset from UTC is a whole number of hours at both ends
    of ``[start, end)`` (then every local day is a whole number of UTC hours)."""
    zone = ZoneInfo(tz)
    return all(
        (t.astimezone(zone).utcoffset() or timedelta(0)).total_seconds() % 3600 == 0
        for t in (start, end - timedelta(microseconds=1))
    )


def offline_seconds_by_day(cloud: Cloud, period: Period) -> dict[str, dict[date, int]]:
    """Offline seconds per camera code and local date of ``period``.

    Read from the meter's rollups (hourly rows, and daily rows once folded):
    the Watcher poll writes its offline time straight into them (decision
    0025), and every raw event is in them once caught up. In a zone whose
    offset is not a whole number of hours an hour can straddle local
    midnight: there the poll keeps raw events and they are read instead.
    """
    meter = Meter.objects.filter(code=OFFLINE_METER).first()
    if meter is None or not whole_hour_zone(cloud.timezone, period.start, period.end):
        return _offline_from_events(cloud, period, meter)
    from .models import UsageRollup
    from .rollups import rollup_catch_up

    rollup_catch_up(cloud)
    tz = ZoneInfo(cloud.timezone)
    totals: dict[str, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows: list[Any] = list(
        UsageRollup.objects.filter(
            cloud=cloud, meter=meter, hour__gte=period.start, hour__lt=period.end
        )
        .order_by()
        .values_list("camera__code", "hour", "sum")
    )
    from . import models as usage_models

    daily = getattr(usage_models, "UsageRollupDaily", None)
    if daily is not None:  # days folded by the retention job (decision 0026)
        rows += list(
            daily.objects.filter(
                cloud=cloud, meter=meter, day__gte=period.start, day__lt=period.end
            )
            .order_by()
            .values_list("camera__code", "day", "sum")
        )
    for camera, start, total in rows:
        if total:
            totals[camera][start.astimezone(tz).date()] += Decimal(total)
    out: dict[str, dict[date, int]] = {}
    for camera, days in totals.items():
        kept = {day: int(n) for day, n in days.items() if int(n) > 0}
        if kept:
            out[camera] = kept
    return out


def _offline_from_events(
    cloud: Cloud, period: Period, meter: Meter | None
) -> dict[str, dict[date, int]]:
    """Offline seconds per camera code and local date of ``period`` (raw events, exact)."""
    event_type = meter.event_type if meter is not None else OFFLINE_EVENT_TYPE
    path = meter.value_path if meter is not None else OFFLINE_VALUE_PATH
    tz = ZoneInfo(cloud.timezone)
    out: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        UsageEvent.objects.filter(
            cloud=cloud,
            type=event_type,
            time__gte=period.start,
            time__lt=period.end,
            camera__isnull=False,
            quarantined_at__isnull=True,
        )
        .order_by()
        .values_list("camera__code", "time", "data")
    )
    for camera, time, data in rows.iterator(chunk_size=5000):
        seconds = _seconds(data, path)
        if seconds:
            out[camera][time.astimezone(tz).date()] += seconds
    return {cam: dict(days) for cam, days in out.items()}

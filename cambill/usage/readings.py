"""Readings and buckets, in memory: a reading's value (the one rule of ingestion and
of the rollup), the samples of matched events, and folding one bucket's samples
(camera, meter, UTC hour) into its rollup state, exactly. No database writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any

from cambill.core.jsonin import bad_text
from cambill.core.validation import parse_decimal

from .models import Aggregation, Meter

HOUR = timedelta(hours=1)
ZERO = Decimal(0)
_MICRO = Decimal("0.000001")


def floor_hour(t: datetime) -> datetime:
    return t.replace(minute=0, second=0, microsecond=0)


def seconds(delta: timedelta) -> Decimal:
    """Exact seconds of a timedelta (microsecond resolution)."""
    micro = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return Decimal(micro) * _MICRO


def extract(data: Any, path: str) -> Any:
    """The value at dotted ``path`` in ``data``; ``path`` empty means "count 1"."""
    if not path:
        return 1
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# The largest usage value accepted, in absolute value (documented in
# docs/usage.md and the API description): an exabyte, 30,000 years of seconds.
MAX_VALUE = Decimal(10) ** 18


def numeric(value: Any) -> Decimal | None:
    """A JSON number (or numeric string, as OpenMeter accepts) as an exact
    Decimal; None unless finite, written with ASCII digits, and within
    10^±40 (``cambill.core.validation.parse_decimal``)."""
    if isinstance(value, bool) or value is None:
        return None
    if not isinstance(value, int | float | str):
        return None
    return parse_decimal(value)


def value_problem(raw: Any, meter: Meter) -> tuple[Decimal | None, str | None]:
    """``(value, None)`` for a countable reading of ``meter``, else ``(None, reason)``:
    the one rule of ingestion and of the rollup (which quarantines what fails it)."""
    where = f"data.{meter.value_path}" if meter.value_path else "the event"
    if meter.aggregation == Aggregation.UNIQUE_COUNT:
        if unique_key(raw) is None:
            return None, f"{where} must be a string or number (meter {meter.code})"
        return ZERO, None
    value = numeric(raw)
    if value is None:
        return None, f"{where} must be a finite number (meter {meter.code})"
    if abs(value) > MAX_VALUE:
        return None, f"{where} must be at most 1e18 in absolute value (meter {meter.code})"
    if value < 0 and not meter.allow_negative:
        return None, f"{where} must not be negative (meter {meter.code})"
    return value, None


def unique_key(value: Any) -> str | None:
    """The distinct-value key of a ``unique_count`` sample (a plate, a user id)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, int) and abs(value) >= 10**255:
        return None
    text = str(value)
    return text if 0 < len(text) <= 255 and not bad_text(text) else None


@dataclass(slots=True)
class Sample:
    """One meter reading of one event."""

    camera_id: int
    meter_id: int
    time: datetime
    pk: int
    value: Decimal
    unique: str | None = None
    twa: bool = False  # only time-weighted meters keep an integral


@dataclass(slots=True)
class Bucket:
    """The folded state of one (camera, meter, hour); mirrors ``UsageRollup``."""

    count: int
    sum: Decimal
    max: Decimal | None
    first_time: datetime
    last_time: datetime
    last_value: Decimal
    last_event_id: int
    integral: Decimal


def fold(samples: list[Sample], hour: datetime) -> Bucket:
    """Fold samples of one bucket (any order) into its rollup state, exactly."""
    samples = sorted(samples, key=lambda s: (s.time, s.pk))
    end = hour + HOUR
    with localcontext() as ctx:
        ctx.prec = 80
        total = ZERO
        integral = ZERO
        top: Decimal | None = None
        for i, s in enumerate(samples):
            total += s.value
            top = s.value if top is None or s.value > top else top
            nxt = samples[i + 1].time if i + 1 < len(samples) else end
            integral += s.value * seconds(nxt - s.time)
    last = samples[-1]
    if not last.twa:
        integral = ZERO
    return Bucket(
        count=len(samples),
        sum=total,
        max=top,
        first_time=samples[0].time,
        last_time=last.time,
        last_value=last.value,
        last_event_id=last.pk,
        integral=integral,
    )


def meters_by_type() -> dict[str, list[Meter]]:
    out: dict[str, list[Meter]] = defaultdict(list)
    for m in Meter.objects.all():
        out[m.event_type].append(m)
    return out


def samples_of(
    events: Iterable[tuple[Any, ...]],
    meters: dict[str, list[Meter]],
    rejects: dict[int, str] | None = None,
) -> list[Sample]:
    """Samples of matched events ``(pk, camera_id, type, time, data, ...)``.
    An event with a reading ingestion refuses (see :func:`value_problem`) gives
    no sample at all; its reason goes to ``rejects[pk]`` when given."""
    out: list[Sample] = []
    for pk, camera_id, typ, time, data, *_ in events:
        if camera_id is None:
            continue
        mine: list[Sample] = []
        reason = None
        for m in meters.get(typ, ()):
            raw = extract(data, m.value_path)
            if raw is None:  # no reading for this meter (e.g. one defined later)
                continue
            value, reason = value_problem(raw, m)
            if reason is not None:
                break
            if m.aggregation == Aggregation.UNIQUE_COUNT:
                mine.append(Sample(camera_id, m.pk, time, pk, ZERO, unique_key(raw)))
            else:
                twa = m.aggregation == Aggregation.TIME_WEIGHTED_AVG
                mine.append(Sample(camera_id, m.pk, time, pk, value, None, twa))  # type: ignore[arg-type]
        if reason is not None:
            if rejects is not None:
                rejects[pk] = reason
            continue
        out.extend(mine)
    return out

"""Checks on tariff history before it is rated.

A camera's history is a list of half-open intervals that never overlap; an
overlap would bill one camera-day twice, so the engine refuses it rather than
trusting every database backend to enforce the exclusion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from .errors import BadInterval, UnknownTariff
from .proration import require_aware
from .types import Interval, Tariff


def validate_intervals(intervals: Sequence[Interval], tariffs: Mapping[str, Tariff]) -> None:
    """Raise if an interval is naive, inverted, names an unknown tariff, or overlaps another.

    An empty interval (``end == start``) is allowed: it bills nothing.
    """
    by_camera: dict[str, list[Interval]] = {}
    multi: set[str] = set()
    for iv in intervals:
        start, end = iv.start, iv.end
        if start.tzinfo is None or (end is not None and end.tzinfo is None):
            require_aware(start, f"interval start of camera {iv.camera}")
            if end is not None:
                require_aware(end, f"interval end of camera {iv.camera}")
        if end is not None and end < start:
            raise BadInterval(
                f"camera {iv.camera}: interval ends ({end.isoformat()}) before it starts "
                f"({start.isoformat()})"
            )
        if iv.tariff not in tariffs:
            raise UnknownTariff(f"camera {iv.camera}: unknown tariff {iv.tariff!r}")
        bucket = by_camera.get(iv.camera)
        if bucket is None:
            by_camera[iv.camera] = [iv]
        else:
            bucket.append(iv)
            multi.add(iv.camera)
    for camera in multi:
        history = sorted(by_camera[camera], key=lambda iv: iv.start)
        for prev, cur in pairwise(history):
            if prev.end is None or prev.end > cur.start:
                raise BadInterval(
                    f"camera {camera}: intervals overlap ({prev.tariff} from "
                    f"{prev.start.isoformat()} to {prev.end.isoformat() if prev.end else 'open'}, "
                    f"{cur.tariff} from {cur.start.isoformat()}); a camera-day would be billed twice"
                )

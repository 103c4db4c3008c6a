"""What every part of the fake Watcher's state shares: the JSON type, limits,
the error replies, the runtime of a stream, faults, and small value helpers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

JSON = dict[str, Any]

DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000
DEFAULT_ACCESS_TTL: Final = 300.0
DEFAULT_REFRESH_TTL: Final = 30 * 86400.0

# Required by the official schemas, so part of every ``select``.
ALWAYS_SELECTED: Final = {
    "streams": ("name",),
    "presets": ("id", "title"),
    "organizations": ("id", "title"),
    "folders": ("id",),
}

# Query parameters that are paging controls, not filters.
RESERVED_PARAMS: Final = frozenset({"limit", "cursor", "select", "sort"})

PERMISSION_FLAGS: Final = (
    "can_edit_streams",
    "can_edit_users",
    "can_view_streams",
    "can_view_stats",
    "can_edit_persons_lists",
    "can_view_persons_lists",
    "is_member",
)
# Watcher's StreamConfigMultiedit: what one multiedit item may carry.
MULTIEDIT_FIELDS: Final = frozenset({"name", "preset_id", "dvr", "layout_rules"})
STREAM_READ_ONLY: Final = frozenset(
    {"stats", "preset", "organization", "created_at", "updated_at", "playback_token"}
)
_STREAM_NAME = re.compile(r"^[A-Za-z0-9_.\-:@]+(?:/[A-Za-z0-9_.\-:@]+)*$")
_MISSING: Final = object()


class FakeHTTPError(Exception):
    """An error reply in Watcher's v3 shape: ``{"errors": [{status, code, title}]}``."""

    def __init__(self, status: int, code: str, title: str) -> None:
        super().__init__(title)
        self.status = status
        self.code = code
        self.title = title

    def payload(self) -> JSON:
        return {"errors": [{"status": str(self.status), "code": self.code, "title": self.title}]}


def _bad(title: str, code: str = "bad_request") -> FakeHTTPError:
    return FakeHTTPError(400, code, title)


def _not_found(what: str) -> FakeHTTPError:
    return FakeHTTPError(404, "not_found", f"{what} not found")


def unauthorized(title: str) -> FakeHTTPError:
    return FakeHTTPError(401, "unauthorized", title)


@dataclass
class StreamRuntime:
    """What Watcher measures about a stream, as opposed to what is configured."""

    online: bool = True  # the camera delivers video when the stream is enabled
    bitrate: int = 1000  # kbit/s while online
    bytes_out: int = 0
    lifetime: float = 0.0  # seconds running since the stream started
    dvr_bytes: float = 0.0
    dvr_duration: float = 0.0  # seconds recorded, gaps excluded
    dvr_from: float | None = None  # unix time of the oldest recording kept
    dvr_last: float | None = None  # unix time of the newest recording


@dataclass
class Faults:
    """Faults the next API requests will suffer; changed via Python or ``/_fake/faults``."""

    fail_next: int = 0
    fail_status: int = 503
    fail_match: str | None = None
    delay_seconds: float = 0.0
    delay_next: int | None = None  # None: every request is delayed while delay_seconds > 0
    delay_match: str | None = None
    reject_refresh: bool = False

    def take(self, path: str) -> tuple[float, int | None]:
        """Consume the faults that apply to a request for ``path``: (delay, status)."""
        delay = 0.0
        if self.delay_seconds > 0 and (self.delay_match is None or self.delay_match in path):
            if self.delay_next is None:
                delay = self.delay_seconds
            elif self.delay_next > 0:
                self.delay_next -= 1
                delay = self.delay_seconds
        status = None
        if self.fail_next > 0 and (self.fail_match is None or self.fail_match in path):
            self.fail_next -= 1
            status = self.fail_status
        return delay, status


def _prune(value: Any) -> Any:
    """A copy without ``null`` values: Watcher leaves a field out rather than send null
    where its schema does not allow it."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> JSON:
    """Partial update: nested objects merge, everything else (lists, null) replaces."""
    out = _copy(dict(base))
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = _copy(value)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return _MISSING
        obj = obj[part]
    return obj


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"{name} must be an integer") from None


def _check_dvr(dvr: Mapping[str, Any]) -> None:
    for key in ("expiration", "storage_limit", "episodes_expiration"):
        value = dvr.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value < 0
        ):
            raise _bad(f"dvr.{key} must be a non-negative number")

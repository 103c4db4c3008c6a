"""Watcher's list replies: keyset cursors, filters, ``select`` and ``sort`` on dotted fields."""

from __future__ import annotations

import base64
import bisect
import json
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .base import StateBase
from .common import (
    _MISSING,
    ALWAYS_SELECTED,
    DEFAULT_LIMIT,
    JSON,
    MAX_LIMIT,
    RESERVED_PARAMS,
    _bad,
    _copy,
    _get,
    _int_or_none,
    _not_found,
    _prune,
)


class ListingMixin(StateBase):
    """Paged, filtered, sorted views of every collection."""

    # -- listing ------------------------------------------------------------------

    def list_page(self, collection: str, query: Mapping[str, str], *, scope: Any = None) -> JSON:
        """One page of a collection with Watcher's cursor paging, filters, select and sort.

        ``collection`` is ``streams``, ``presets``, ``organizations``, ``users``,
        ``org_users`` or ``folders`` (the last two need ``scope`` = organization
        id); ``organizations`` with a user id as ``scope`` lists only that user's
        organizations.
        """
        with self.lock:
            limit = _parse_limit(query.get("limit"))
            sort = _parse_sort(query.get("sort"), collection)
            select = [f for f in (query.get("select") or "").split(",") if f.strip()]
            filters = tuple(sorted((k, v) for k, v in query.items() if k not in RESERVED_PARAMS))
            keys, ids = self._view(collection, sort, filters, scope)
            sort_text = ",".join(("-" if desc else "") + path for path, desc in sort)
            total = len(ids)
            cursor_key = None
            if query.get("cursor"):
                direction, cursor_key = _decode_cursor(query["cursor"], sort_text)
                if direction == "next":
                    start = bisect.bisect_right(keys, cursor_key)
                    end = min(start + limit, total)
                else:
                    end = bisect.bisect_left(keys, cursor_key)
                    start = max(0, end - limit)
            else:
                start, end = 0, min(limit, total)
            render = self._renderer(collection, scope)
            items = [render(ids[i]) for i in range(start, end)]
            if select:
                # The fields Watcher's schemas require come back whatever is selected.
                keep = [
                    *select,
                    *(f for f in ALWAYS_SELECTED.get(collection, ()) if f not in select),
                ]
                items = [_project(item, keep) for item in items]
            first_key = keys[start] if start < total else cursor_key
            return {
                _collection_key(collection): items,
                "next": _encode_cursor("next", sort_text, keys[end - 1]) if end < total else None,
                "prev": (
                    _encode_cursor("prev", sort_text, first_key)
                    if start > 0 and first_key is not None
                    else None
                ),
                "estimated_count": total,
                "timing": {},
            }

    def _view(
        self,
        collection: str,
        sort: list[tuple[str, bool]],
        filters: tuple[tuple[str, str], ...],
        scope: Any,
    ) -> tuple[list[Any], list[Any]]:
        """Sorted (keys, ids) of a filtered collection, cached until the next change."""
        cache_key = (collection, tuple(sort), filters, scope)
        cached = self._views.get(cache_key)
        if cached is not None and cached[0] == self.version:
            return cached[1], cached[2]
        render = self._renderer(collection, scope)
        rows = []
        for ident in self._ids_of(collection, scope, filters):
            obj = render(ident)
            if all(_matches(collection, obj, k, v) for k, v in filters):
                rows.append((_sort_key(obj, sort, ident), ident))
        rows.sort(key=lambda row: row[0])
        keys = [row[0] for row in rows]
        ids = [row[1] for row in rows]
        if len(self._views) > 64:
            self._views.clear()
        self._views[cache_key] = (self.version, keys, ids)
        return keys, ids

    def _ids_of(
        self, collection: str, scope: Any, filters: tuple[tuple[str, str], ...]
    ) -> Iterable[Any]:
        if collection == "streams":
            return list(self.streams)
        if collection == "presets":
            org_filter = dict(filters).get("organization_id")
            ids = [pid for pid, p in self.presets.items() if not p.get("deleted_at")]
            if org_filter is not None:
                allowed = self.org_presets.get(_int_or_none(org_filter) or -1, set())
                ids = [pid for pid in ids if pid in allowed]
            return ids
        if collection == "organizations":
            # Watcher lists only the caller's organizations, administrators included.
            return [oid for oid, members in self.memberships.items() if scope in members]
        if collection == "users":
            return list(self.users)
        if collection == "org_users":
            return list(self.memberships.get(scope, {}))
        if collection == "folders":
            return [fid for fid, f in self.folders.items() if f["organization_id"] == scope]
        raise _not_found(f"collection {collection}")

    def _renderer(self, collection: str, scope: Any) -> Callable[[Any], JSON]:
        if collection == "streams":
            return self.render_stream
        if collection == "presets":
            return self.render_preset
        if collection == "organizations":
            return self.render_org
        if collection == "users":
            return self.render_user
        if collection == "org_users":
            return lambda uid: self.render_org_user(scope, uid)
        if collection == "folders":
            return lambda fid: _prune(self.folders[fid])
        raise _not_found(f"collection {collection}")


def _project(obj: JSON, fields: list[str]) -> JSON:
    """Keep only the selected (possibly dotted) fields, preserving their nesting."""
    out: JSON = {}
    for path in fields:
        path = path.strip()
        value = _get(obj, path)
        if value is _MISSING:
            continue
        parts = path.split(".")
        target = out
        for part in parts[:-1]:
            nxt = target.get(part)
            if not isinstance(nxt, dict):
                nxt = target[part] = {}
            target = nxt
        target[parts[-1]] = _copy(value)
    return out


def _query_form(value: Any) -> str:
    if value is None or value is _MISSING:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _matches(collection: str, obj: JSON, key: str, wanted: str) -> bool:
    if collection == "presets" and key == "organization_id":
        return True  # handled when choosing the ids
    if key.endswith("_like"):
        value = _get(obj, key[: -len("_like")])
        return isinstance(value, str) and wanted.lower() in value.lower()
    form = _query_form(_get(obj, key))
    return form == wanted or form in wanted.split(",")


def _parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise _bad("limit must be an integer") from None
    if limit < 1:
        raise _bad("limit must be positive")
    return min(limit, MAX_LIMIT)


def _parse_sort(raw: str | None, collection: str) -> list[tuple[str, bool]]:
    default = "name" if collection == "streams" else "id"
    fields = [f.strip() for f in (raw or default).split(",") if f.strip()]
    return [(f[1:], True) if f.startswith("-") else (f, False) for f in fields] or [
        (default, False)
    ]


def _norm(value: Any, desc: bool) -> tuple[Any, ...]:
    """A totally ordered key for one JSON value; descending flips it without losing order."""
    rank: int
    inner: Any
    if value is None or value is _MISSING:
        rank, inner = 0, 0
    elif isinstance(value, bool | int | float):
        rank, inner = 1, value if not (isinstance(value, float) and math.isnan(value)) else 0
    elif isinstance(value, str):
        rank, inner = 2, value
    else:
        rank, inner = 3, json.dumps(value, sort_keys=True)
    if not desc:
        return (rank, inner)
    if isinstance(inner, str):
        return (-rank, (*(-ord(c) for c in inner), 1))
    return (-rank, -inner)


def _sort_key(obj: JSON, sort: list[tuple[str, bool]], ident: Any) -> tuple[Any, ...]:
    # The object's unique id breaks ties, so every item has exactly one place.
    return (*(_norm(_get(obj, path), desc) for path, desc in sort), _norm(ident, False))


def _tupleize(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tupleize(v) for v in value)
    return value


def _encode_cursor(direction: str, sort: str, key: tuple[Any, ...]) -> str:
    raw = json.dumps({"d": direction, "s": sort, "k": key}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[str, tuple[Any, ...]]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        direction, key = data["d"], _tupleize(data["k"])
    except (ValueError, KeyError, TypeError):
        raise _bad("invalid cursor", "invalid_cursor") from None
    if direction not in ("next", "prev") or not isinstance(key, tuple):
        raise _bad("invalid cursor", "invalid_cursor")
    if data.get("s") != sort:
        raise _bad("the cursor was made for another sort order", "invalid_cursor")
    return direction, key


def _collection_key(collection: str) -> str:
    """The list's key in Watcher's reply (``Users`` has ``users_list``)."""
    return {"org_users": "users", "users": "users_list"}.get(collection, collection)

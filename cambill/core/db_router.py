"""Read replicas: which database a query goes to.

With ``DATABASE_REPLICA_URL`` set, the ``replica`` alias points at a streaming
PostgreSQL replica. Every write goes to the primary (``default``), and so does
every read, except those explicitly marked replica-safe:

- code inside ``with replica_reads():`` (or a function decorated with it);
- a view whose class or function carries ``replica_reads = True`` (see
  ``replica_view``), for its GET and HEAD requests, through ``ReplicaMiddleware``.

Even a marked read goes to the primary when

- it runs inside a transaction on the primary (``transaction.atomic``): what
  that transaction reads must agree with what it writes;
- the request comes from a browser that wrote something in the last
  ``CAMBILL_REPLICA_STICKY_SECONDS`` (5 by default): ``ReplicaMiddleware``
  sets a cookie after every unsafe request (POST, PUT, PATCH, DELETE), so a
  user never reads, stale, what they have just written;
- the request's signed-in user (an API token too, once authenticated) made an
  unsafe request in that window: the middleware also notes the time in the
  cache per user, for clients that keep no cookies.

Without ``DATABASE_REPLICA_URL`` there is no ``replica`` alias and everything
reads the primary, as before. In tests the alias is a test mirror of
``default`` (the same test database).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

REPLICA = "replica"
STICKY_COOKIE = "cambill_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_replica_ok: ContextVar[bool] = ContextVar("cambill_replica_ok", default=False)
_pinned: ContextVar[bool] = ContextVar("cambill_primary_pinned", default=False)
_request: ContextVar[HttpRequest | None] = ContextVar("cambill_replica_request", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def read_alias() -> str:
    """The alias a read would use here and now."""
    if (
        _replica_ok.get()
        and not _pinned.get()
        and replica_configured()
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        and not _user_recently_wrote()
    ):
        return REPLICA
    return DEFAULT_DB_ALIAS


def _user_key(pk: Any) -> str:
    return f"cambill:primary-until:{pk}"


def _resolved_user(request: HttpRequest | None) -> Any:
    """The request's user if it is already known (never a query to find it)."""
    user = request.__dict__.get("user") if request is not None else None
    if isinstance(user, SimpleLazyObject):
        wrapped = object.__getattribute__(user, "_wrapped")
        user = None if wrapped is empty else wrapped
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _user_recently_wrote() -> bool:
    request = _request.get()
    user = _resolved_user(request)
    if user is None:
        return False
    checked = request.__dict__.get("_cambill_user_pinned")
    if checked is None or checked[0] != user.pk:
        until = cache.get(_user_key(user.pk)) or 0.0
        checked = (user.pk, until > time.time())
        request._cambill_user_pinned = checked  # type: ignore[union-attr]
    return bool(checked[1])


@contextmanager
def replica_reads() -> Iterator[None]:
    """Mark the reads inside as safe to serve from the replica (a little stale).
    Usable as a decorator too."""
    token = _replica_ok.set(True)
    try:
        yield
    finally:
        _replica_ok.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Send every read inside to the primary, even those marked replica-safe."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def replica_view(view: Any) -> Any:
    """Mark a view (class or function) whose GET reads may come from the replica."""
    view.replica_reads = True
    return view


def replica_caught_up(since: datetime) -> bool:
    """Whether the replica has replayed every transaction committed up to ``since``
    (so a job requested at ``since`` may read it and see what came before)."""
    if not replica_configured():
        return False
    try:
        with connections[REPLICA].cursor() as cur:
            cur.execute("SELECT pg_last_xact_replay_timestamp()")
            row = cur.fetchone()
    except Exception:  # a replica that is down must not stop the work: read the primary
        return False
    return bool(row and row[0] is not None and row[0] >= since)


class ReplicaRouter:
    """Writes, migrations and unmarked reads: the primary. Marked reads: the replica."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def sticky_seconds() -> int:
    return int(getattr(settings, "CAMBILL_REPLICA_STICKY_SECONDS", 5))


def _recent_writer(request: HttpRequest, now: float) -> bool:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0")) > now
    except ValueError:
        return False


class ReplicaMiddleware:
    """Marks the reads of replica-safe views (GET/HEAD) and keeps a browser that
    just wrote on the primary for ``CAMBILL_REPLICA_STICKY_SECONDS``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        unsafe = request.method not in SAFE_METHODS
        pin = _pinned.set(unsafe or _recent_writer(request, now))
        mark = _replica_ok.set(False)
        current = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(current)
            _replica_ok.reset(mark)
            _pinned.reset(pin)
        if unsafe and replica_configured():
            seconds = sticky_seconds()
            user = _resolved_user(request)
            if user is not None:
                cache.set(_user_key(user.pk), now + seconds, timeout=seconds)
            response.set_cookie(
                STICKY_COOKIE,
                f"{now + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        view = getattr(view_func, "view_class", None) or getattr(view_func, "cls", view_func)
        if request.method in ("GET", "HEAD") and getattr(view, "replica_reads", False):
            _replica_ok.set(True)

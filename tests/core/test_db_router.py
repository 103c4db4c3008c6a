"""The read-replica router without a real replica: which alias a read picks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from cambill.core.db_router import (
    REPLICA,
    STICKY_COOKIE,
    ReplicaMiddleware,
    ReplicaRouter,
    primary_reads,
    read_alias,
    replica_reads,
    replica_view,
)


@pytest.fixture
def replica_alias() -> Iterator[None]:
    """A ``replica`` alias (never connected to here) as DATABASE_REPLICA_URL would add."""
    connections.settings[REPLICA] = dict(connections.settings[DEFAULT_DB_ALIAS])
    try:
        yield
    finally:
        del connections.settings[REPLICA]


def test_no_replica_configured_every_read_goes_to_the_primary() -> None:
    assert REPLICA not in connections.settings
    with replica_reads():
        assert ReplicaRouter().db_for_read(object) == DEFAULT_DB_ALIAS


def test_only_marked_reads_go_to_the_replica(replica_alias: None) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(object) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(object) == REPLICA
        assert router.db_for_write(object) == DEFAULT_DB_ALIAS
        with primary_reads():
            assert router.db_for_read(object) == DEFAULT_DB_ALIAS
    assert router.db_for_read(object) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "clouds") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "clouds") is True


def test_a_read_inside_a_write_transaction_goes_to_the_primary(replica_alias: None) -> None:
    conn = connections[DEFAULT_DB_ALIAS]
    before = conn.in_atomic_block
    conn.in_atomic_block = True  # as inside transaction.atomic()
    try:
        with replica_reads():
            assert read_alias() == DEFAULT_DB_ALIAS
    finally:
        conn.in_atomic_block = before


def _middleware() -> ReplicaMiddleware:
    @replica_view
    def view(request: object) -> HttpResponse:
        return HttpResponse(read_alias())

    def get_response(request: object) -> HttpResponse:
        mw.process_view(request, view, (), {})  # type: ignore[arg-type]
        return view(request)

    mw = ReplicaMiddleware(get_response)  # type: ignore[arg-type]
    return mw


def test_middleware_pins_a_recent_writer_to_the_primary(replica_alias: None) -> None:
    mw, rf = _middleware(), RequestFactory()
    assert mw(rf.get("/")).content == REPLICA.encode()
    posted = mw(rf.post("/"))
    assert posted.content == DEFAULT_DB_ALIAS.encode()  # never a replica read in a POST
    until = float(posted.cookies[STICKY_COOKIE].value)
    assert 4 < until - time.time() <= 5.001
    assert posted.cookies[STICKY_COOKIE]["max-age"] == 5
    again = rf.get("/")
    again.COOKIES[STICKY_COOKIE] = posted.cookies[STICKY_COOKIE].value
    assert mw(again).content == DEFAULT_DB_ALIAS.encode()
    later = rf.get("/")
    later.COOKIES[STICKY_COOKIE] = f"{time.time() - 1:.3f}"
    assert mw(later).content == REPLICA.encode()
    assert read_alias() == DEFAULT_DB_ALIAS  # nothing leaks past the request


def test_middleware_sets_no_cookie_without_a_replica() -> None:
    mw = _middleware()
    assert STICKY_COOKIE not in mw(RequestFactory().post("/")).cookies


def test_database_replica_url_adds_a_mirrored_replica_alias() -> None:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "r = settings.DATABASES.get('replica'); "
        "print(json.dumps(r and [r['HOST'], r['PORT'], r['NAME'], r['TEST']['MIRROR']]))"
    )

    def replica_of(**env: str) -> object:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cambill.settings", **env}
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    assert replica_of(DATABASE_REPLICA_URL="postgres://ro@db2:5433/cambill") == [
        "db2",
        5433,
        "cambill",
        "default",
    ]


def test_middleware_pins_a_user_who_keeps_no_cookies(replica_alias: None) -> None:
    """An API client authenticated inside the view (a token) and keeping no cookies:
    after its write, its marked reads go to the primary; another user's do not."""
    mw, rf = _middleware(), RequestFactory()

    def signed_in(request: Any, pk: int) -> Any:
        request.user = SimpleNamespace(pk=pk, is_authenticated=True)
        return request

    assert mw(signed_in(rf.get("/"), 7)).content == REPLICA.encode()
    mw(signed_in(rf.post("/"), 7))
    assert mw(signed_in(rf.get("/"), 7)).content == DEFAULT_DB_ALIAS.encode()
    assert mw(signed_in(rf.get("/"), 8)).content == REPLICA.encode()
    assert mw(rf.get("/")).content == REPLICA.encode()  # nobody signed in


def test_an_unresolved_user_is_never_looked_up_to_choose(replica_alias: None) -> None:
    def no_lookup() -> Any:
        raise AssertionError("the router must not load the user")

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(no_lookup)
    assert _middleware()(request).content == REPLICA.encode()

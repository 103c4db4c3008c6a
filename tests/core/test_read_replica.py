"""Reads from a real streaming replica (issue #15, point 6).

The fixture makes a second PostgreSQL cluster on this machine: ``pg_basebackup -R``
from the primary of DATABASE_URL into a temporary directory, started with
``pg_ctl`` on a free port as the OS user that owns the primary's data, waited on
until it streams, then stopped and removed. Runs only on PostgreSQL (CI's
PostgreSQL pass); the primary's pg_hba.conf must let 127.0.0.1 connect for
replication (``.ci/run`` adds the line when it is missing).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from cambill.core.db_router import (
    REPLICA,
    STICKY_COOKIE,
    ReplicaMiddleware,
    read_alias,
    replica_caught_up,
    replica_reads,
    replica_view,
)

WAIT = 30  # seconds, for the replica to start and to replay a write


def _run(cmd: list[str], user: str | None) -> subprocess.CompletedProcess[str]:
    if user is not None:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=WAIT, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _query(sql: str) -> Any:
    with connections[DEFAULT_DB_ALIAS].cursor() as cur:
        cur.execute(sql)
        return cur.fetchone()[0]


@pytest.fixture(scope="module")
def replica(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL (CI's PostgreSQL pass)")
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    with django_db_blocker.unblock():
        version = int(_query("SHOW server_version_num")) // 10000
        data_dir = _query("SHOW data_directory")
    bindir = f"/usr/lib/postgresql/{version}/bin"
    if not os.path.exists(f"{bindir}/pg_basebackup"):
        pytest.skip(f"no PostgreSQL {version} binaries in {bindir}")
    owner = pwd.getpwuid(os.stat(data_dir).st_uid)
    user: str | None = None
    if os.getuid() != owner.pw_uid:
        if os.getuid() != 0:
            pytest.skip(f"the replica must run as {owner.pw_name} (or as root through runuser)")
        user = owner.pw_name
    tmp = tempfile.mkdtemp(prefix="cambill-replica-")
    os.chmod(tmp, 0o700)
    os.chown(tmp, owner.pw_uid, owner.pw_gid)
    data = os.path.join(tmp, "data")
    port = _free_port()
    started = False
    try:
        backup = _run(
            [f"{bindir}/pg_basebackup", "-h", primary["HOST"] or "127.0.0.1",
             "-p", str(primary["PORT"] or 5432), "-U", primary["USER"] or "postgres",
             "-D", data, "-R", "-X", "stream", "-c", "fast", "-N", "-w"],
            user,
        )  # fmt: skip
        if backup.returncode != 0:
            if "replication" in backup.stderr and "pg_hba" in backup.stderr:
                pytest.skip(
                    "the primary's pg_hba.conf lets no replication connection from "
                    "127.0.0.1 (add: host replication all 127.0.0.1/32 trust)"
                )
            pytest.fail(f"pg_basebackup failed: {backup.stderr}")
        # Debian keeps the configuration outside the data directory: give the copy its own.
        for name, text in (
            ("postgresql.conf", "hot_standby = on\n"),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
            ("pg_ident.conf", ""),
        ):
            path = os.path.join(data, name)
            with open(path, "w") as f:
                f.write(text)
            os.chown(path, owner.pw_uid, owner.pw_gid)
        opts = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={tmp} "
            "-c cluster_name=cambill_test_replica -c fsync=off "
            "-c shared_buffers=16MB -c logging_collector=off"
        )
        start = _run(
            [f"{bindir}/pg_ctl", "-D", data, "-o", opts, "-l", f"{tmp}/log", "-w",
             "-t", str(WAIT), "start"],
            user,
        )  # fmt: skip
        started = True
        if start.returncode != 0:
            with open(f"{tmp}/log") as f:
                pytest.fail(f"the replica did not start: {start.stderr}\n{f.read()}")
        settings = dict(primary, HOST="127.0.0.1", PORT=port, CONN_MAX_AGE=0)
        settings["TEST"] = dict(primary["TEST"], MIRROR=DEFAULT_DB_ALIAS)
        connections.settings[REPLICA] = settings
        with django_db_blocker.unblock():
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    with connections[REPLICA].cursor() as cur:
                        cur.execute("SELECT status FROM pg_stat_wal_receiver")
                        row = cur.fetchone()
                    if row and row[0] == "streaming":
                        break
                except Exception:
                    connections[REPLICA].close()
                if time.monotonic() > deadline:
                    pytest.fail("the replica never started streaming")
                time.sleep(0.2)
            connections[REPLICA].close()
        yield settings
    finally:
        if REPLICA in connections.settings:
            del connections[REPLICA]
            del connections.settings[REPLICA]
        if started:
            _run([f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], user)
        shutil.rmtree(tmp, ignore_errors=True)


def _answered_by_replica(key: str) -> bool | None:
    """Reads one row through the router, asking the server that answers whether it
    is a standby; None when that server has no such row (yet)."""
    return (
        Session.objects.filter(pk=key)
        .annotate(standby=RawSQL("pg_is_in_recovery()", ()))
        .values_list("standby", flat=True)
        .first()
    )


def _wait_on_replica(key: str) -> bool | None:
    deadline = time.monotonic() + WAIT
    with replica_reads():
        while (seen := _answered_by_replica(key)) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    return seen


@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
def test_reads_from_a_streaming_replica(replica: dict[str, Any]) -> None:
    key = f"replica-test-{os.getpid()}-{time.time_ns()}"
    expires = timezone.now() + timedelta(days=1)
    try:
        # A write lands on the primary (the alias never changes for writes) ...
        with replica_reads():
            Session.objects.create(session_key=key, session_data="a", expire_date=expires)
        assert _answered_by_replica(key) is False  # an unmarked read: the primary
        # ... and shows on the replica once replayed; the marked read is
        # answered by the standby.
        assert _wait_on_replica(key) is True
        assert replica_caught_up(timezone.now() - timedelta(seconds=WAIT)) is True

        # A read inside a write transaction goes to the primary, even marked,
        # and sees the transaction's own uncommitted change.
        with transaction.atomic():
            Session.objects.filter(pk=key).update(session_data="b")
            with replica_reads():
                assert read_alias() == DEFAULT_DB_ALIAS
                assert _answered_by_replica(key) is False
                assert Session.objects.get(pk=key).session_data == "b"

        # A user's read right after its own write goes to the primary.
        @replica_view
        def view(request: Any) -> HttpResponse:
            if request.method == "POST":
                Session.objects.filter(pk=key).update(session_data="c")
            return HttpResponse(str(_answered_by_replica(key)))

        def get_response(request: Any) -> HttpResponse:
            mw.process_view(request, view, (), {})
            return view(request)

        mw = ReplicaMiddleware(get_response)
        rf = RequestFactory()
        assert mw(rf.get("/")).content == b"True"  # a page marked replica-safe
        posted = mw(rf.post("/"))
        assert posted.content == b"False"
        follow = rf.get("/")
        follow.COOKIES[STICKY_COOKIE] = posted.cookies[STICKY_COOKIE].value
        assert mw(follow).content == b"False"
        with replica_reads():
            deadline = time.monotonic() + WAIT
            while Session.objects.get(pk=key).session_data != "c" and time.monotonic() < deadline:
                time.sleep(0.05)
            assert Session.objects.get(pk=key).session_data == "c"  # replayed
    finally:
        Session.objects.filter(pk=key).delete()

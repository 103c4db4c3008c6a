"""A real ``celery worker`` on Redis, killed inside a chunk of a fanned-out bill
run: after the redelivery (acks_late, reject_on_worker_lost) or the run's
resume on a second worker, there is exactly one complete set of drafts, the
set the single-process run makes.

Needs PostgreSQL (the worker is another process: it reads the committed test
database) and Redis at 127.0.0.1:6379 (db 5, purged at the start); skipped
with the reason otherwise (CI runs it in its PostgreSQL pass).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from cambill.invoicing.models import BillRun, BillRunChunk, Invoice, InvoiceLine
from cambill.invoicing.services import bill_run_execute, bill_run_start
from tests.invoicing.conftest import NOW, add_cameras, many_accounts
from tests.invoicing.test_fanout import everything

ROOT = Path(__file__).resolve().parents[2]
BROKER = "redis://127.0.0.1:6379/5"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the worker process must see the committed test database",
    ),
    pytest.mark.skipif(not _redis_up(), reason="Redis is not reachable at 127.0.0.1:6379"),
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker(name: str, extra_env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop("CELERY_RESULT_BACKEND", None)
    env.update(
        DATABASE_URL=_database_url(),
        DJANGO_SETTINGS_MODULE="cambill.test_settings",
        CELERY_BROKER_URL=BROKER,
        PYTHONPATH=str(ROOT),
        **extra_env,
    )
    args = [
        sys.executable, "-m", "celery", "-A", "cambill", "worker", "-P", "prefork", "-c", "1",
        "--prefetch-multiplier", "1", "-Q", "billing,celery", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "-n", f"{name}-{os.getpid()}@%h",
        "--loglevel=INFO",
    ]  # fmt: skip
    out = log.open("wb")
    return subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def _wait(cond: Any, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            tails = "\n".join(p.read_text(errors="replace")[-3000:] for p in logs if p.exists())
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.2)


@pytest.fixture
def broker_app() -> Any:
    """The project's Celery app sending to Redis db 5 (purged), restored afterwards."""
    import redis

    from cambill.celery import app

    redis.Redis.from_url(BROKER).flushdb()
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    # Connection and producer pools made earlier in this process (for the default
    # broker, by any task an earlier test sent) would be reused: start afresh.
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None
        app.conf.update(**saved)
        redis.Redis.from_url(BROKER).flushdb()


@pytest.mark.django_db(transaction=True)
def test_worker_killed_in_a_chunk_leaves_one_complete_set(tworld, settings, tmp_path, broker_app):
    import time_machine

    started = time.monotonic()
    with time_machine.travel(NOW, tick=False):
        t = add_cameras(tworld)
        many_accounts(tworld, 14)
    # The reference: the single-process run, in this process.
    settings.CAMBILL_BILL_RUN_FAN_OUT = False
    run = bill_run_start(actor=SYSTEM, cloud=t, period="2026-03", now=NOW)
    assert bill_run_execute(run=run, now=NOW).status == "completed"
    reference = everything()
    lines_before = InvoiceLine.objects.count()
    Invoice.objects.all().delete()
    BillRun.objects.all().delete()
    audits = AuditEntry.objects.filter(verb="bill_run_execute").count()

    settings.CAMBILL_BILL_RUN_FAN_OUT = True
    settings.CAMBILL_BILL_RUN_CHUNK = 3
    settings.CELERY_TASK_ALWAYS_EAGER = False
    marker = tmp_path / "killed"
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    first = _worker(
        "fanout-a",
        {"CAMBILL_TEST_KILL_IN_CHUNK": "1", "CAMBILL_TEST_KILL_MARKER": str(marker)},
        logs[0],
    )
    second = None
    try:
        run = bill_run_start(actor=SYSTEM, cloud=t, period="2026-03", now=NOW)
        run = bill_run_execute(run=run, now=NOW)  # queues one task per chunk
        assert run.status == "running"
        chunks = BillRunChunk.objects.filter(run=run).count()
        assert chunks >= 5  # 16 accounts in telenet, 3 per chunk
        # The worker's process SIGKILLs itself inside chunk 1, before its commit.
        _wait(marker.exists, 40, "the worker to die in chunk 1", logs)
        _stop(first, signal.SIGKILL)  # and the whole worker with it
        # PostgreSQL rolls the dead connection's transaction back.
        name = connection.settings_dict["NAME"]

        def no_open_transaction() -> bool:
            with connection.cursor() as c:
                c.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()",
                    [name],
                )
                return c.fetchone()[0] == 0

        _wait(no_open_transaction, 15, "the killed transaction to end", logs)
        second = _worker("fanout-b", {}, logs[1])
        # The run's resume queues the chunks not done (a redelivered one is skipped if done).
        bill_run_execute(run=run, now=NOW)
        _wait(
            lambda: BillRun.objects.get(pk=run.pk).status == "completed",
            40,
            "the run to complete on the second worker",
            logs,
        )
    finally:
        _stop(first, signal.SIGKILL)
        if second is not None:
            _stop(second)
    got = everything()
    assert got["invoices"] == reference["invoices"]
    assert InvoiceLine.objects.count() == lines_before  # no line twice
    assert not BillRunChunk.objects.filter(run=run, done=False).exists()
    final = BillRun.objects.get(pk=run.pk)
    for field in ("accounts_done", "accounts_total", "invoices_created", "lines_created"):
        assert getattr(final, field) == reference["run"][field], field
    # finalised once: one more audit row of the execution
    assert AuditEntry.objects.filter(verb="bill_run_execute").count() == audits + 1
    assert marker.read_text().strip().isdigit()
    assert time.monotonic() - started < 90

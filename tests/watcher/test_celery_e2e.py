"""End to end on a REAL Celery worker and the machine's Redis: poll the fake
Watcher, ingest (rolled up in the same transaction), bill.

The worker is another process, so it cannot see pytest's test database (an
in-memory SQLite, or a PostgreSQL transaction). The test therefore builds its
own database: a temporary SQLite file, or, when the suite runs on PostgreSQL
(``DATABASE_URL=postgres://...``), a fresh PostgreSQL database named after the
test database plus ``_e2e``. This file doubles as the script that migrates,
seeds and inspects that database (``python tests/watcher/test_celery_e2e.py
seed|check``), so the worker, the seeding and the checks all use the real code.

Skipped, with the reason, only when Redis is not reachable at 127.0.0.1:6379.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery.result import allow_join_result

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CAMBILL_E2E_BROKER", "redis://127.0.0.1:6379/15")
PYTHON = sys.executable
T1 = "2026-03-10T12:00:00+00:00"
T2 = "2026-03-10T13:00:00+00:00"
BILL_AT = "2026-04-10T12:00:00+00:00"


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="cambill.test_settings",
        CELERY_BROKER_URL=BROKER,
        CELERY_RESULT_BACKEND=BROKER,
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="WARNING",
    )
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 60) -> str:
    proc = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, f"{args} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, name = url.rpartition("/")
        name = name.split("?")[0] or "cambill"
        e2e = f"test_{name}_e2e"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{e2e}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{e2e}"')
        try:
            yield f"{base}/{e2e}"
        finally:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{e2e}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'e2e.sqlite3'}"


@pytest.mark.skipif(not _redis_up(), reason="Redis is not reachable at 127.0.0.1:6379")
def test_worker_polls_ingests_and_bills(database_url: str) -> None:
    from celery import Celery

    from cambill_sandbox.fake_watcher import FakeWatcher

    started = time.monotonic()
    env = _env(database_url)
    _run([PYTHON, "-m", "django", "migrate", "--noinput"], env, timeout=120)
    with FakeWatcher() as fake:
        fake.create_stream("e2e-cam", bitrate=1000)
        fake.create_stream("e2e-unknown", bitrate=500)
        seeded = json.loads(_run([PYTHON, __file__, "seed", fake.url], env))
        cloud_id = seeded["cloud_id"]

        client = Celery("e2e", broker=BROKER, backend=BROKER)
        client.conf.task_serializer = client.conf.result_serializer = "json"
        client.control.purge()  # leftovers of an aborted earlier run
        worker = subprocess.Popen(
            [
                PYTHON, "-m", "celery", "-A", "cambill", "worker", "--pool=solo",
                "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                "--without-heartbeat", "-n", f"e2e-{os.getpid()}@%h",
            ],
            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        # This process is no task, but Celery keeps "inside a task" as one global that eager
        # tasks run from several threads at once (the concurrency tests) can leave set:
        # waiting for a result here is allowed whatever an earlier test left behind.
        joins = allow_join_result()
        joins.__enter__()
        try:
            first = client.send_task("watcher.poll_cloud", args=[cloud_id, T1]).get(timeout=40)
            assert first["streams"] == 2 and first["events"] == 2, first
            fake.advance(3600)
            second = client.send_task("watcher.poll_cloud", args=[cloud_id, T2]).get(timeout=20)
            # the camera's sample goes into the rollups, the unmatched stream's is kept raw
            assert (second["ingest"]["rolled_up"], second["ingest"]["inserted"]) == (1, 1), second
            # a replayed poll counts nothing: the stream states are already there
            replay = client.send_task("watcher.poll_cloud", args=[cloud_id, T2]).get(timeout=20)
            assert replay["ingest"]["rolled_up"] + replay["ingest"]["inserted"] == 0, replay
            maintained = client.send_task("usage.maintain", args=["telenet"]).get(timeout=20)
            assert "telenet" in maintained, maintained
            billed = client.send_task("invoicing.bill_previous_month", args=[BILL_AT]).get(
                timeout=20
            )
            assert [b["cloud"] for b in billed if b["cloud"] == "telenet"] == ["telenet"]
            deadline = time.monotonic() + 30
            while True:  # bill_previous_month fans out one task per cloud
                check = json.loads(_run([PYTHON, __file__, "check"], env))
                if check["invoices"] or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
        finally:
            joins.__exit__(None, None, None)
            worker.terminate()
            try:
                out, _ = worker.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                out, _ = worker.communicate()
    assert check["events"] == 4, (check, out)  # 2 streams x 2 polls; the replay counted once
    assert check["recorded_seconds"] == 3600, check
    assert check["unmatched"] == 2, check  # kept for when the camera appears
    assert check["rollups"] > 0, check
    assert check["invoices"] >= 1, (check, out)
    assert check["retail_acme"] == "2026-03", check
    assert time.monotonic() - started < 90


# --- the script side (runs in subprocesses with the e2e database) ------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _seed(fake_url: str) -> None:
    _setup()
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM
    from cambill.watcher.services.connection import watcher_connection_set
    from cambill.watcher.sync import install_watcher_meters
    from tests.conftest import build_world, utc

    world = build_world()
    telenet = world.clouds["telenet"]
    install_watcher_meters(actor=SYSTEM)
    watcher_connection_set(
        actor=SYSTEM, cloud=telenet, base_url=fake_url, username="admin", password="secret"
    )
    camera_create(
        actor=SYSTEM,
        cloud=telenet,
        code="e2e-cam",
        account=world.accounts["acme"],
        tariff="HOME3",
        at=utc(2026, 2, 1),
    )
    print(json.dumps({"cloud_id": telenet.pk}))


def _check() -> None:
    _setup()
    from cambill.invoicing.models import Invoice
    from cambill.usage.models import UsageEvent, UsageRollup

    events = UsageEvent.objects.all()
    # A camera's samples go straight into the rollups (decision 0025); a stream
    # with no camera keeps raw events until it appears.
    hours = UsageRollup.objects.filter(meter__code="watcher_recorded_hours")
    retail = Invoice.objects.filter(account__code="acme").values_list("period", flat=True).first()
    print(
        json.dumps(
            {
                "events": events.count() + sum(hours.values_list("count", flat=True)),
                "unmatched": events.filter(camera__isnull=True).count(),
                "recorded_seconds": int(
                    sum(hours.filter(camera__code="e2e-cam").values_list("sum", flat=True))
                ),
                "rollups": UsageRollup.objects.count(),
                "invoices": Invoice.objects.count(),
                "retail_acme": retail,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        _seed(sys.argv[2])
    elif sys.argv[1] == "check":
        _check()

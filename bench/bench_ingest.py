"""Benchmark of usage ingestion over HTTP into PostgreSQL, with deduplication.

Creates (fresh) and migrates the database ``cambill_bench_ingest`` next to the
one ``DATABASE_URL`` names, seeds one cloud with ``--cameras`` cameras and an
archive meter, starts ``gunicorn cambill.wsgi`` with one worker per core, and
sends ``--events`` CloudEvents in batches of ``--batch`` from this process over
``--connections`` concurrent keep-alive connections (httpx), as a Watcher
poller would: each batch holds one sample per camera at the next minute, so
every event is deduplicated by the key table (``usage_usageeventkey``) and
stored in its month's partition. The request only inserts raw events
(``CAMBILL_USAGE_ROLLUP_INLINE=0``, as with a broker); the watermark rollup job
is then run and timed on its own, and the rollups are checked to count every
event once. Beside it, the rate of a plain ``COPY`` of the same rows into a
scratch table without indexes: the floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_ingest.py
    options: --events 200000 --batch 1000 --connections 4 --cameras 1000 --workers N --port 8765
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = "target: >= 20,000 events/s on 2 cores"
DB_NAME = "cambill_bench_ingest"
SLUG = "benchingest"
START = datetime(2026, 3, 1, tzinfo=UTC)


def bench_url() -> str:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cambill")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_ingest needs PostgreSQL: set DATABASE_URL=postgres://...")
    return urlunsplit(urlsplit(url)._replace(path=f"/{DB_NAME}"))


def fresh_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def setup(url: str, cameras: int) -> str:
    """Migrate and seed; returns the API token of the cloud admin."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    from cambill.accounts.services import api_token_create, user_create
    from cambill.clouds.models import Camera
    from cambill.clouds.services import cloud_create
    from cambill.core.access import SYSTEM
    from cambill.usage.services import meter_create

    cloud = cloud_create(actor=SYSTEM, slug=SLUG, name="Bench", currency="USD", timezone_name="UTC")
    user = user_create(
        actor=SYSTEM,
        username="bench-admin",
        password="bench-pass-123456",
        role="cloud_admin",
        cloud=cloud,
    )
    _, token = api_token_create(actor=SYSTEM, user=user, name="bench")
    meter_create(
        actor=SYSTEM,
        code="archive_gb",
        name="Archive",
        unit="GB-month",
        event_type="archive.stats",
        value_path="bytes",
        aggregation="time_weighted_avg",
        unit_divisor=10**9,
    )
    Camera.objects.bulk_create(
        [Camera(cloud=cloud, code=f"cam{i:06d}", created_at=START) for i in range(cameras)]
    )
    connections.close_all()
    return token


def bodies(events: int, batch: int, cameras: int) -> list[bytes]:
    out = []
    n = 0
    while n < events:
        size = min(batch, events - n)
        rows = []
        for j in range(size):
            k = n + j
            minute, cam = divmod(k, cameras)
            t = START + timedelta(minutes=minute)
            rows.append(
                {
                    "specversion": "1.0",
                    "id": f"e{k}",
                    "source": "bench-poller",
                    "type": "archive.stats",
                    "subject": f"cam{cam:06d}",
                    "time": t.isoformat().replace("+00:00", "Z"),
                    "data": {"bytes": 10**9 + k},
                }
            )
        out.append(json.dumps(rows, separators=(",", ":")).encode())
        n += size
    return out


def start_gunicorn(url: str, workers: int, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "cambill.settings",
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "600",
        "CAMBILL_USAGE_ROLLUP_INLINE": "0",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        [
            gunicorn,
            "cambill.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--keep-alive",
            "30",
        ],
        cwd=ROOT,
        env=env,
    )


def wait_ready(base: str, token: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited")
        try:
            r = httpx.get(f"{base}/api/v1/meters/", headers={"Authorization": f"Bearer {token}"})
            if r.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within 30 s")


def send_all(base: str, token: str, payloads: list[bytes], connections: int) -> float:
    import httpx

    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/cloudevents-batch+json",
    }
    chunks = [payloads[i::connections] for i in range(connections)]

    def worker(mine: list[bytes]) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
            for body in mine:
                r = client.post("/api/v1/events", content=body)
                if r.status_code != 204:
                    raise RuntimeError(f"{r.status_code}: {r.text[:300]}")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        for f in [pool.submit(worker, c) for c in chunks]:
            f.result()
    return time.perf_counter() - t0


def copy_rate(url: str, payloads: list[bytes]) -> tuple[int, float]:
    """A plain COPY of the same rows into an index-free scratch table."""
    import psycopg

    rows = []
    for body in payloads:
        for e in json.loads(body):
            rows.append(
                (
                    1,
                    e["source"],
                    e["id"],
                    e["type"],
                    e["subject"],
                    e["time"],
                    json.dumps(e["data"]),
                    None,
                    "2026-04-01T00:00:00Z",
                    False,
                )
            )
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy")
        conn.execute(
            "CREATE TABLE bench_copy (cloud_id bigint, source text, event_id text, type text, "
            "subject text, time timestamptz, data jsonb, camera_id bigint, "
            "received_at timestamptz, late boolean)"
        )
        conn.commit()
        t0 = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY bench_copy (cloud_id, source, event_id, type, subject, time, data, "
                "camera_id, received_at, late) FROM STDIN"
            ) as cp,
        ):
            for row in rows:
                cp.write_row(row)
        conn.commit()
        elapsed = time.perf_counter() - t0
        conn.execute("DROP TABLE bench_copy")
        conn.commit()
    return len(rows), elapsed


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--cameras", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()

    url = bench_url()
    fresh_database(url)
    token = setup(url, args.cameras)
    warm = bodies(4 * args.batch, args.batch, args.cameras)
    payloads = bodies(args.events + 4 * args.batch, args.batch, args.cameras)[4:]
    base = f"http://127.0.0.1:{args.port}"
    proc = start_gunicorn(url, args.workers, args.port)
    try:
        wait_ready(base, token, proc)
        send_all(base, token, warm, args.connections)  # warm both workers
        elapsed = send_all(base, token, payloads, args.connections)
        replay = send_all(base, token, payloads[: max(1, len(payloads) // 10)], args.connections)
    finally:
        proc.terminate()
        proc.wait(10)
    import psycopg

    from cambill.clouds.models import Cloud
    from cambill.usage.rollups import rollup_catch_up

    t0 = time.perf_counter()
    rolled = rollup_catch_up(Cloud.objects.get(slug=SLUG))
    t_roll = time.perf_counter() - t0
    with psycopg.connect(url) as conn:
        stored = conn.execute("SELECT count(*) FROM usage_usageevent").fetchone()[0]
        counted = conn.execute("SELECT coalesce(sum(count), 0) FROM usage_usagerollup").fetchone()[
            0
        ]
        version = conn.execute("SHOW server_version").fetchone()[0]
    expected = args.events + 4 * args.batch
    n_copy, t_copy = copy_rate(url, payloads)
    rate = args.events / elapsed
    replay_n = min(args.events, len(payloads[: max(1, len(payloads) // 10)]) * args.batch)
    print(f"machine: {machine()}, PostgreSQL {version}")
    print(
        f"gunicorn workers: {args.workers}, client connections: {args.connections}, "
        f"batch: {args.batch}, cameras: {args.cameras}"
    )
    print(f"ingest over HTTP: {args.events} events in {elapsed:.2f} s = {rate:,.0f} events/s")
    print(f"replay (all duplicates): {replay_n} events = {replay_n / replay:,.0f} events/s")
    print(
        f"plain COPY of the same rows: {n_copy} rows in {t_copy:.2f} s = {n_copy / t_copy:,.0f} rows/s"
    )
    print(
        f"stored events: {stored} (expected {expected}){'' if stored == expected else '  MISMATCH'}"
    )
    print(
        f"rollup job (watermark, out of the request path): {rolled} events in {t_roll:.2f} s = "
        f"{rolled / t_roll if t_roll else 0:,.0f} events/s; rollups count {counted} events"
        f"{'' if counted == expected else '  MISMATCH'}"
    )
    print(TARGET + f": {'MET' if rate >= 20_000 else 'NOT MET'}")


if __name__ == "__main__":
    main()

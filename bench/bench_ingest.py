"""Benchmark: usage ingestion over HTTP and the rollup job at the same time.

What users get, end to end: CloudEvents sent to ``POST /api/v1/events``
(gunicorn, one worker per core, ``--connections`` keep-alive connections
sending batches of ``--batch``, as Watcher pollers do: each batch holds one
sample per camera at the next minute) WHILE a separate process loops the
watermark rollup job (``rollup_catch_up``, what the ``usage.rollup`` beat
task runs) for ``--seconds``. Every second the rollup lag is sampled: the age
of the oldest committed event not yet folded into a rollup (above the cloud's
watermark). Printed: events/s sent and stored, the rollup job's throughput,
max and p95 lag, and beside them the plain ``COPY`` rate of the same rows into
an unindexed scratch table (the floor). At the end the job drains, a replay
of some batches must store nothing, and the rollups must count every stored
event once.

Creates (fresh) and migrates the database ``cambill_bench_ingest`` on the
server ``DATABASE_URL`` names (default postgres://postgres@127.0.0.1:5432).

    .venv/bin/python bench/bench_ingest.py                # 120 s, the issue's figure
    .venv/bin/python bench/bench_ingest.py --seconds 30   # while developing
    options: --seconds 120 --batch 1000 --connections 4 --cameras 10000 --workers N
             --port 8765 --every 10 (seconds between the starts of two rollup runs)
             --generic-rollup (the job folds in Python, as before decision 0024)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATE = 50_000
TARGET_LAG = 60.0
TARGET = (
    f"target: >= {TARGET_RATE:,} events/s end to end for >= 120 s with the rollup lag "
    f"< {TARGET_LAG:.0f} s throughout, on this 2-core machine"
)
DB_NAME = "cambill_bench_ingest"
SLUG = "benchingest"
START = datetime(2026, 3, 1, tzinfo=UTC)


def bench_url() -> str:
    url = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_ingest needs PostgreSQL: set DATABASE_URL=postgres://...")
    return urlunsplit(urlsplit(url)._replace(path=f"/{DB_NAME}"))


def fresh_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    os.environ["CAMBILL_USAGE_ROLLUP_INLINE"] = "0"
    import django

    django.setup()


def setup(url: str, cameras: int) -> tuple[str, int]:
    """Migrate and seed; returns the API token of the cloud admin and the cloud id."""
    django_setup(url)
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
        [Camera(cloud=cloud, code=f"cam{i:06d}", created_at=START) for i in range(cameras)],
        batch_size=5000,
    )
    connections.close_all()
    return token, cloud.pk


def body(index: int, batch: int, cameras: int) -> bytes:
    """Batch ``index``: events ``index*batch ...``; event k is camera
    ``k % cameras`` at minute ``k // cameras`` (one sample per camera a minute)."""
    parts = []
    for k in range(index * batch, (index + 1) * batch):
        minute, cam = divmod(k, cameras)
        t = (START + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts.append(
            f'{{"specversion":"1.0","id":"e{k}","source":"bench-poller",'
            f'"type":"archive.stats","subject":"cam{cam:06d}","time":"{t}",'
            f'"data":{{"bytes":{10**9 + k}}}}}'
        )
    return ("[" + ",".join(parts) + "]").encode()


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


def start_roller(url: str, cloud_id: int, every: float) -> subprocess.Popen[str]:
    """The rollup job in its own process, looping as the beat task would."""
    return subprocess.Popen(
        [sys.executable, __file__, "--roller", str(cloud_id), "--every", str(every)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        stdout=subprocess.PIPE,
        text=True,
    )


def roller(cloud_id: int, every: float) -> None:
    """Run ``rollup_catch_up`` every ``every`` seconds (start to start, as the
    beat schedule would; at once again when a run took longer) until SIGTERM;
    print what it folded (JSON)."""
    django_setup(os.environ["DATABASE_URL"])
    from django.db import connection

    from cambill.usage import setfold
    from cambill.usage.rollups import rollup_catch_up

    if os.environ.get("BENCH_GENERIC_ROLLUP"):  # --generic-rollup: the Python fold, for comparison
        setfold.pg = lambda: False  # type: ignore[assignment]
    with connection.cursor() as cur:  # told apart in the CPU figures
        cur.execute("SET application_name = 'bench-rollup'")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    folded = runs = 0
    busy = cpu = 0.0
    while not stop.is_set():
        t0, c0 = time.perf_counter(), time.process_time()
        n = rollup_catch_up(cloud_id)
        busy += time.perf_counter() - t0
        cpu += time.process_time() - c0
        folded += n
        runs += 1
        stop.wait(max(0.0, every - (time.perf_counter() - t0)))
    print(json.dumps({"folded": folded, "runs": runs, "busy": busy, "cpu": cpu}), flush=True)


def wait_ready(base: str, token: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 60
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
    sys.exit("gunicorn did not answer within 60 s")


class Sender:
    """``connections`` threads posting consecutive batches until ``stop``."""

    def __init__(self, base: str, token: str, batch: int, cameras: int, first: int) -> None:
        self.base, self.batch, self.cameras = base, batch, cameras
        self.headers = {
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/cloudevents-batch+json",
        }
        self.next = first
        self.lock = threading.Lock()
        self.acked = 0
        self.error: str | None = None
        self.stop = threading.Event()

    def _take(self) -> int:
        with self.lock:
            i = self.next
            self.next += 1
            return i

    def worker(self) -> None:
        import httpx

        with httpx.Client(base_url=self.base, headers=self.headers, timeout=120) as client:
            while not self.stop.is_set():
                payload = body(self._take(), self.batch, self.cameras)
                r = client.post("/api/v1/events", content=payload)
                if r.status_code != 204:
                    self.error = f"{r.status_code}: {r.text[:300]}"
                    self.stop.set()
                    return
                with self.lock:
                    self.acked += self.batch

    def send(self, indexes: list[int]) -> None:
        """Send these batches again (the replay check), one connection."""
        import httpx

        with httpx.Client(base_url=self.base, headers=self.headers, timeout=120) as client:
            for i in indexes:
                r = client.post(
                    "/api/v1/events", content=body(i, self.batch, self.cameras)
                ).raise_for_status()
                assert r.status_code == 204


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_snapshot(mon: object, gunicorn: int, roll: int) -> dict[str, float]:
    """CPU seconds so far of each part: the web workers, the rollup job, this
    client, and the PostgreSQL backends of each (the other helpers' load on a
    shared machine does not count here)."""
    backends = mon.execute(  # type: ignore[attr-defined]
        "SELECT pid, application_name FROM pg_stat_activity WHERE datname = %s "
        "AND pid <> pg_backend_pid()",
        (DB_NAME,),
    ).fetchall()
    out = {
        "web": sum(cpu_seconds(p) for p in [gunicorn, *children(gunicorn)]),
        "job": cpu_seconds(roll),
        "client": sum(os.times()[:2]),
        "db (ingest)": 0.0,
        "db (job)": 0.0,
    }
    for pid, app in backends:
        out["db (job)" if app == "bench-rollup" else "db (ingest)"] += cpu_seconds(pid)
    return out


def lag_query(conn: object, cloud_id: int) -> float:
    """Seconds since the oldest committed event above the watermark arrived (0: none)."""
    row = conn.execute(  # type: ignore[attr-defined]
        "SELECT extract(epoch FROM clock_timestamp() - e.received_at) FROM usage_usageevent e "
        "WHERE e.cloud_id = %s AND e.id > coalesce((SELECT last_event_id FROM "
        "usage_rollupwatermark WHERE cloud_id = %s), 0) ORDER BY e.id LIMIT 1",
        (cloud_id, cloud_id),
    ).fetchone()
    return max(0.0, float(row[0])) if row else 0.0


def copy_rate(url: str, events: int, batch: int, cameras: int) -> tuple[int, float]:
    """A plain COPY of the same rows (as the ingest stores them) into an
    index-free scratch table: the floor."""
    import orjson
    import psycopg

    rows = []
    for i in range(events // batch):
        for e in orjson.loads(body(i, batch, cameras)):
            rows.append(
                (
                    1,
                    e["source"],
                    e["id"],
                    e["type"],
                    e["subject"],
                    e["time"],
                    orjson.dumps(e["data"]).decode(),
                    1 + int(e["subject"][3:]),
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
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}"
    )


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--cameras", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--every", type=float, default=10.0)
    ap.add_argument("--generic-rollup", action="store_true", help="the job folds in Python")
    ap.add_argument("--roller", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.generic_rollup:
        os.environ["BENCH_GENERIC_ROLLUP"] = "1"
    if args.roller:
        roller(args.roller, args.every)
        return

    import psycopg

    url = bench_url()
    fresh_database(url)
    token, cloud_id = setup(url, args.cameras)
    base = f"http://127.0.0.1:{args.port}"
    proc = start_gunicorn(url, args.workers, args.port)
    roll: subprocess.Popen[str] | None = None
    lags: list[float] = []
    try:
        wait_ready(base, token, proc)
        roll = start_roller(url, cloud_id, args.every)  # set up before the measured window
        warm = Sender(base, token, args.batch, args.cameras, 0)
        warm.send(list(range(2 * args.workers)))  # warm every worker
        first = 2 * args.workers
        sender = Sender(base, token, args.batch, args.cameras, first)
        threads = [threading.Thread(target=sender.worker) for _ in range(args.connections)]
        with psycopg.connect(url, autocommit=True) as mon:
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            time.sleep(1.0)  # every connection and the job's backend are up
            cpu0 = cpu_snapshot(mon, proc.pid, roll.pid)
            acked0 = sender.acked
            while time.perf_counter() - t0 < args.seconds and not sender.stop.is_set():
                time.sleep(max(0.0, 1.0 - (time.perf_counter() - t0) % 1.0))
                lags.append(lag_query(mon, cloud_id))
            cpu1 = cpu_snapshot(mon, proc.pid, roll.pid)
            acked1 = sender.acked
            sender.stop.set()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - t0
            sent = sender.acked
            if sender.error:
                sys.exit(f"ingest failed: {sender.error}")
            rolled_in_run = (
                mon.execute(
                    "SELECT count(*) FROM usage_usageevent WHERE cloud_id = %s AND id <= "
                    "(SELECT last_event_id FROM usage_rollupwatermark WHERE cloud_id = %s)",
                    (cloud_id, cloud_id),
                ).fetchone()[0]
                - first * args.batch
            )
            # Let the job drain what is left, then replay a few batches.
            t1 = time.perf_counter()
            while lag_query(mon, cloud_id) > 0 and time.perf_counter() - t1 < 600:
                time.sleep(0.2)
            drain = time.perf_counter() - t1
            replayed = list(range(first, min(sender.next, first + 20)))
            sender.send(replayed)
            time.sleep(args.every + 0.5)
            while lag_query(mon, cloud_id) > 0 and time.perf_counter() - t1 < 600:
                time.sleep(0.2)
            # The job over its whole life (its runs straddle the window's ends).
            job_db = cpu_snapshot(mon, proc.pid, roll.pid)["db (job)"]
            stored = mon.execute(
                "SELECT count(*) FROM usage_usageevent WHERE cloud_id = %s", (cloud_id,)
            ).fetchone()[0]
            counted = mon.execute(
                "SELECT coalesce(sum(count), 0) FROM usage_usagerollup WHERE cloud_id = %s",
                (cloud_id,),
            ).fetchone()[0]
            version = mon.execute("SHOW server_version").fetchone()[0]
    finally:
        if roll is not None:
            roll.terminate()
        proc.terminate()
        proc.wait(10)
    out, _ = roll.communicate(timeout=120) if roll is not None else ("{}", None)
    job = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    cpu = {k: cpu1[k] - cpu0.get(k, 0.0) for k in cpu1}
    n_in = max(1, acked1 - acked0)
    per_k = {
        "web": cpu["web"] / n_in,
        "db (ingest)": cpu["db (ingest)"] / n_in,
        "client": cpu["client"] / n_in,
        "job": job.get("cpu", 0.0) / max(1, job.get("folded", 0)),
        "db (job)": job_db / max(1, job.get("folded", 0)),
    }
    server_ms = sum(v for k, v in per_k.items() if k != "client") * 1000
    all_ms = server_ms + per_k["client"] * 1000
    n_copy, t_copy = copy_rate(url, min(500_000, max(sent, args.batch)), args.batch, args.cameras)
    total_sent = sent + first * args.batch  # warm-up batches included
    rate_sent = sent / elapsed
    # Stored during the run = acknowledged (a 204 means committed).
    rate_rolled = rolled_in_run / elapsed
    # With the lag bounded, every event stored reached the rollups within the
    # bound: the rate sustained end to end is the rate stored (the rollups'
    # count at the last instant trails it by at most one job interval).
    end_to_end = rate_sent if lags and max(lags) < TARGET_LAG else min(rate_sent, rate_rolled)
    max_lag = max(lags) if lags else 0.0
    p95_lag = pct(lags, 95)
    ok = stored == total_sent and counted == total_sent
    load = os.getloadavg()
    print(
        f"machine: {machine()}, PostgreSQL {version}; load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"gunicorn workers: {args.workers}, client connections: {args.connections}, "
        f"batch: {args.batch}, cameras: {args.cameras}, run: {elapsed:.1f} s, "
        f"rollup job: one process running rollup_catch_up every {args.every:g} s"
    )
    print(f"sent and stored (204) during the run: {sent:,} events = {rate_sent:,.0f} events/s")
    print(
        f"rolled up during the run: {rolled_in_run:,} events = {rate_rolled:,.0f} events/s "
        f"(job: {job.get('folded', 0):,} events in {job.get('runs', 0)} runs, "
        f"busy {job.get('busy', 0):.1f} s = "
        f"{job.get('folded', 0) / job['busy'] if job.get('busy') else 0:,.0f} events/s while busy); "
        f"drained the rest in {drain:.1f} s"
    )
    print(
        f"rollup lag (sampled every second, {len(lags)} samples): max {max_lag:.1f} s, p95 {p95_lag:.1f} s"
    )
    print(f"end to end (stored and rolled up): {end_to_end:,.0f} events/s")
    print(
        "CPU per 1,000 events (ms; this bench's processes only, from /proc; the job "
        "over all its runs): "
        + ", ".join(f"{k} {v * 1e6:.0f}" for k, v in per_k.items())
        + f"; server side {server_ms * 1000:.0f} ms, with the client {all_ms * 1000:.0f} ms "
        f"-> on {os.cpu_count()} idle cores at most "
        f"{(os.cpu_count() or 1) / (all_ms / 1000):,.0f} events/s end to end "
        f"({(os.cpu_count() or 1) / (server_ms / 1000):,.0f} with the client elsewhere)"
    )
    print(
        f"floor, plain COPY of the same rows into an unindexed table (alone): "
        f"{n_copy:,} rows in {t_copy:.2f} s = {n_copy / t_copy:,.0f} rows/s"
    )
    print(
        f"check: stored {stored:,} (expected {total_sent:,}, after replaying {len(replayed)} batches), "
        f"rollups count {counted:,}{'' if ok else '  MISMATCH'}"
    )
    met = end_to_end >= TARGET_RATE and max_lag < TARGET_LAG and elapsed >= 120 and ok
    print(f"{TARGET}: {'MET' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()

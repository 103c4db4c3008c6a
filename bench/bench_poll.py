"""Benchmark of Watcher polling: 100,000 streams of the fake Watcher, one full poll.

The poll is timed end to end as the scheduled job runs it: every page of
``GET /streams`` over real HTTP (1,000 streams a page, the cursor followed by
one reader thread), batches of 2,000 streams written by
``CAMBILL_WATCHER_POLL_WORKERS`` (4) threads at once, each batch one
transaction: stream states locked and moved forward, the samples merged
straight into the hourly rollups (decision 0025), offline time too. The fake
Watcher runs in its own process, as a real Watcher would, so it does not share
this process's GIL.

Two polls are timed, both inside one hour: the first after the archives were
seeded (every rollup bucket is new), the second five simulated minutes later
(every bucket exists and is updated: the steady state of the 5-minute
schedule). The figure is the slower of the two.

Each run starts from a fresh database (``cambill_bench_poll`` on PostgreSQL,
``var/bench_poll.sqlite3`` on SQLite), so runs do not pile up usage.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_poll.py
    .venv/bin/python bench/bench_poll.py                  # SQLite
    options: --streams 100000 --workers 4 --profile (cProfile of the second poll)

From the streams per second it prints the shortest poll interval a cloud of
1,000,000 cameras sustains: one poll must end before the next starts, so the
interval is 1,000,000 / (streams/s) for one worker process, and a quarter of
it for four (each polls a quarter of the streams: the rate per worker measured
here, assuming the database keeps up with four, i.e. has the cores).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 30.0
TARGET = f"target: one poll of 100,000 streams < {TARGET_SECONDS:.0f} s"
CLOUD_CAMERAS = 1_000_000
SLUG = "benchpoll"
DBNAME = "cambill_bench_poll"


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"Python {platform.python_version()}, load average {load}"
    )


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path=f"/{DBNAME}"))
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench_poll.sqlite3'}"


def setup() -> str:
    """A fresh, migrated database."""
    url = bench_database_url()
    if url.startswith("postgres"):
        import psycopg

        admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DBNAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DBNAME}"')
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(urlsplit(url).path + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


class FakeProcess:
    """``python -m cambill_sandbox.fake_watcher.server`` on a free port, seeded."""

    def __init__(self, streams: int, per_org: int = 100) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cambill_sandbox.fake_watcher.server",
                "--port",
                "0",
                "--seed-streams",
                str(streams),
                "--streams-per-org",
                str(per_org),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.url = ""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith("Fake Watcher on "):
                self.url = line.split()[3]
                break
        if not self.url:
            self.stop()
            raise SystemExit("the fake Watcher did not start")

    def advance(self, seconds: float) -> None:
        import httpx

        httpx.post(f"{self.url}/_fake/advance", json={"seconds": seconds}).raise_for_status()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def prepare(fake_url: str) -> object:
    """The cloud, its cameras (one per stream, so events match), meters, connection."""
    from django.db import transaction

    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.watcher.client import WatcherClient
    from cambill.watcher.services.connection import watcher_connection_set
    from cambill.watcher.sync import install_watcher_meters

    with WatcherClient(fake_url, "admin", "secret") as client:
        names = sorted(str(s["name"]) for s in client.iter_streams(select=["name"], limit=1000))
    now = datetime.now(UTC)
    with transaction.atomic():
        # Bench scaffolding written directly (not a product flow): one cloud,
        # one account and a camera per stream.
        cloud = Cloud.objects.create(
            slug=SLUG, name="Bench poll", currency="USD", timezone="UTC", created_at=now
        )
        account = Account.objects.create(cloud=cloud, code="bench", name="Bench", created_at=now)
        Camera.objects.bulk_create(
            [Camera(cloud=cloud, code=n, account=account, created_at=now) for n in names],
            batch_size=2000,
        )
        install_watcher_meters(actor=SYSTEM)
    watcher_connection_set(
        actor=SYSTEM, cloud=cloud, base_url=fake_url, username="admin", password="secret"
    )
    return cloud


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=None, help="writer threads (setting: 4)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    t0 = time.perf_counter()
    url = setup()
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"

    from cambill.watcher.sync import sync_poll

    fake = FakeProcess(args.streams)
    try:
        cloud = prepare(fake.url)
        print(f"setup ({engine}, fresh database, fake Watcher in its own process): "
              f"{args.streams} streams, {time.perf_counter() - t0:.1f} s")  # fmt: skip
        hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        start = hour - timedelta(minutes=50)  # both polls inside one (past) hour
        timings = []
        for i, at in enumerate([start, start + timedelta(minutes=5)]):
            if i:
                fake.advance(300)
            profiler = None
            if args.profile and i == 1:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            t = time.perf_counter()
            cpu = time.process_time()
            result = sync_poll(cloud=cloud, now=at, workers=args.workers)  # type: ignore[arg-type]
            elapsed = time.perf_counter() - t
            cpu = time.process_time() - cpu
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            timings.append(elapsed)
            print(
                f"poll {i + 1} ({'new rollup buckets' if i == 0 else 'buckets updated'}): "
                f"{result.streams} streams, {result.events} events, "
                f"ingest {result.ingest}: {elapsed:.2f} s "
                f"({result.streams / elapsed:,.0f} streams/s; this process used {cpu:.2f} s CPU)"
            )
    finally:
        fake.stop()
    worst = max(timings)
    rate = args.streams / worst
    verdict = "MET" if worst < TARGET_SECONDS else "MISSED"
    if args.streams < 100_000:
        verdict = f"measured at {args.streams:,} streams only"
    from cambill.watcher.sync.poll import poll_workers

    workers = args.workers or poll_workers()
    print(
        f"figure: one poll of {args.streams:,} streams in {worst:.2f} s on {engine}, "
        f"{rate:,.0f} streams/s, {workers} writer threads "
        f"({TARGET}: {verdict})"
    )
    one = CLOUD_CAMERAS / rate
    print(
        f"a {CLOUD_CAMERAS:,}-camera cloud: one worker polls it in "
        f"{CLOUD_CAMERAS:,} / {rate:,.0f} = {one:,.0f} s, so every {one / 60:.1f} min at best; "
        f"four workers (a quarter each): {one:,.0f} / 4 = {one / 4:,.0f} s, "
        f"every {one / 4 / 60:.1f} min"
    )
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()

"""Benchmark of Watcher polling: 10,000 streams of the fake Watcher, one full poll.

The poll is timed end to end as the scheduled job runs it: every page of
``GET /streams`` over real HTTP (1,000 streams a page), one usage event per
stream, ingestion through ``cambill.usage.services.events_ingest`` (dedupe,
camera matching, hourly rollups) and the stream states saved. Two polls are
timed: the first after the archives were seeded, the second five simulated
minutes later (the steady state of the 5-minute schedule).

Data lives in a dedicated database (``cambill_bench_poll`` on PostgreSQL,
``var/bench_poll.sqlite3`` on SQLite; created and migrated if missing).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_poll.py
    .venv/bin/python bench/bench_poll.py                  # SQLite
    options: --streams 10000 --profile
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 30.0
TARGET = f"target: one poll of 10,000 streams < {TARGET_SECONDS:.0f} s"
SLUG = "benchpoll"
DBNAME = "cambill_bench_poll"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path=f"/{DBNAME}"))
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench_poll.sqlite3'}"


def setup() -> str:
    url = bench_database_url()
    if url.startswith("postgres"):
        import psycopg

        admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DBNAME]
            ).fetchone():
                conn.execute(f'CREATE DATABASE "{DBNAME}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def prepare(fake_url: str, names: list[str]) -> object:
    """The cloud, its cameras (one per stream, so events match), meters, connection."""
    from django.db import transaction

    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.watcher.models import WatcherStreamState
    from cambill.watcher.services import watcher_connection_set
    from cambill.watcher.sync import install_watcher_meters

    now = datetime.now(UTC)
    with transaction.atomic():
        cloud, _ = Cloud.objects.get_or_create(
            slug=SLUG,
            defaults={
                "name": "Bench poll",
                "currency": "USD",
                "timezone": "UTC",
                "created_at": now,
            },
        )
        account, _ = Account.objects.get_or_create(
            cloud=cloud, code="bench", defaults={"name": "Bench", "created_at": now}
        )
        have = set(Camera.objects.filter(cloud=cloud).values_list("code", flat=True))
        Camera.objects.bulk_create(
            [
                Camera(cloud=cloud, code=n, account=account, created_at=now)
                for n in names
                if n not in have
            ],
            batch_size=2000,
        )
        # Each run starts from a fresh fake: forget the previous run's counters.
        WatcherStreamState.objects.filter(cloud=cloud).delete()
        install_watcher_meters(actor=SYSTEM)
    watcher_connection_set(
        actor=SYSTEM, cloud=cloud, base_url=fake_url, username="admin", password="secret"
    )
    return cloud


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    url = setup()

    from cambill.watcher.fake import FakeWatcher
    from cambill.watcher.sync import sync_poll

    per_org = 100
    orgs = -(-args.streams // per_org)
    with FakeWatcher() as fake:
        t0 = time.perf_counter()
        fake.seed(organizations=orgs, streams_per_org=per_org, total_streams=args.streams)
        names = sorted(fake.state.streams)
        cloud = prepare(fake.url, names)
        print(f"setup: {len(names)} streams, {time.perf_counter() - t0:.1f} s")

        start = datetime.now(UTC).replace(microsecond=0)
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
            result = sync_poll(cloud=cloud, now=at)  # type: ignore[arg-type]
            elapsed = time.perf_counter() - t
            if profiler is not None:
                import pstats

                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            timings.append(elapsed)
            print(
                f"poll {i + 1}: {result.streams} streams, {result.events} events, "
                f"ingest {result.ingest}: {elapsed:.2f} s "
                f"({result.streams / elapsed:,.0f} streams/s)"
            )
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    worst = max(timings)
    print(f"database: {engine}; {TARGET}: {'MET' if worst < TARGET_SECONDS else 'MISSED'}")
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()

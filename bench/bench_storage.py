"""Benchmark of storage: a simulated week of Watcher polls, one a minute.

``--cameras`` cameras (default 200) are polled 1,440 times a day for 7 days
through the poll's own write path (``cambill.watcher.sync.poll._poll_chunk``:
stream states, samples merged straight into the hourly rollups, decision
0025), with the stream lists made here instead of served over HTTP (the HTTP
side is bench_poll's). 5 % of the cameras are offline all week (an offline
sample every minute) and 3 % disabled. After each simulated day the retention
job (``cambill.usage.retention.retention_run``) runs as the daily schedule
would.

The figure: bytes per camera per day = growth of every ``usage_*`` table and
the Watcher stream states (``pg_total_relation_size``: indexes, TOAST,
partitions included), after ``VACUUM``, / cameras / 7. Printed twice:

* as measured after the week: the days older than
  ``CAMBILL_USAGE_HOURLY_ROLLUP_DAYS`` (3) folded into daily rows by the daily
  job, the last ones still hourly, after
  ``VACUUM`` (dead row versions the updates left count if VACUUM could not
  remove them: a long transaction elsewhere holds them) and after ``VACUUM
  FULL`` (live rows only);
* steady state: the week's days folded into daily rows (as every day is once
  3 days old) and the tables compacted (``VACUUM FULL``: in a long run the
  space the folded hours free is reused by new hours, so the files stop
  growing by it). This is what each further day adds for good.

Fresh database ``cambill_bench_storage`` on PostgreSQL (DATABASE_URL's server,
else postgres://postgres@127.0.0.1:5432).

    .venv/bin/python bench/bench_storage.py [--cameras 200] [--days 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_poll import machine  # noqa: E402

DBNAME = "cambill_bench_storage"
TARGET_BYTES = 5 * 1024
TARGET = "target: <= 5 KB per camera per day"
SLUG = "benchstore"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "") or "postgres://postgres@127.0.0.1:5432/cambill"
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench_storage measures PostgreSQL relation sizes: set a postgres URL")
    return urlunsplit(urlsplit(url)._replace(path=f"/{DBNAME}"))


def setup() -> str:
    import psycopg

    url = database_url()
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DBNAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DBNAME}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


_SIZE = """
SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')
  AND (c.relname LIKE 'usage\\_%%' OR c.relname = 'watcher_watcherstreamstate')
"""


def usage_bytes(full: bool = False) -> int:
    """Every usage table and the stream states, indexes and partitions included, after VACUUM."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM (FULL, ANALYZE)" if full else "VACUUM (ANALYZE)")
        cur.execute(_SIZE)
        return int(cur.fetchone()[0])


def prepare(cameras: int, start: datetime) -> Any:
    from django.db import transaction

    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.usage.offline import ensure_offline_meter
    from cambill.watcher.services.connection import watcher_connection_set
    from cambill.watcher.sync import install_watcher_meters

    with transaction.atomic():
        # Bench scaffolding written directly: one cloud, one account, the cameras.
        cloud = Cloud.objects.create(
            slug=SLUG, name="Bench storage", currency="USD", timezone="UTC", created_at=start
        )
        account = Account.objects.create(cloud=cloud, code="bench", name="Bench", created_at=start)
        Camera.objects.bulk_create(
            [
                Camera(cloud=cloud, code=f"cam{i:07d}", account=account, created_at=start)
                for i in range(cameras)
            ],
            batch_size=2000,
        )
        install_watcher_meters(actor=SYSTEM)
        ensure_offline_meter()
    conn = watcher_connection_set(
        actor=SYSTEM, cloud=cloud, base_url="http://watcher.invalid", username="a", password="b"
    )
    return cloud, conn


def streams_at(cameras: int, minute: int) -> list[Mapping[str, Any]]:
    """What Watcher lists at ``minute`` of the week: 2 Mbit/s archives growing a
    minute a minute (depth 7 days), 5 % offline, 3 % disabled."""
    out: list[Mapping[str, Any]] = []
    for i in range(cameras):
        offline = i % 20 == 7
        seconds = 60 * (minute if not offline else 0) + 3600
        out.append(
            {
                "name": f"cam{i:07d}",
                "disabled": i % 33 == 5,
                "stats": {
                    "alive": not offline,
                    "bitrate": 2000,
                    "dvr_info": {"duration": seconds, "bytes": seconds * 250_000, "from": 0},
                },
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=200)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=1440, help="polls a day")
    args = parser.parse_args()
    t0 = time.perf_counter()
    setup()
    from django.conf import settings

    from cambill.watcher.sync.poll import _poll_batch, _poll_chunk, event_source

    try:
        from cambill.usage.retention import retention_run
    except ImportError:  # the retention job is not there yet
        retention_run = None  # type: ignore[assignment]

    start = (datetime.now(UTC) - timedelta(days=args.days + 1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    cloud, conn = prepare(args.cameras, start)
    source = event_source(cloud)
    before = usage_bytes()
    print(
        f"setup: {args.cameras:,} cameras, {args.days} days x {args.per_day:,} polls, "
        f"{time.perf_counter() - t0:.1f} s; usage tables before: {before:,} bytes"
    )
    step = 86400 // args.per_day
    batch = _poll_batch()
    t1 = time.perf_counter()
    samples = 0
    for day in range(args.days):
        for k in range(args.per_day):
            minute = day * args.per_day + k
            at = start + timedelta(seconds=step * minute)
            streams = streams_at(args.cameras, minute)
            for i in range(0, len(streams), batch):
                _poll_chunk(cloud, conn, source, streams[i : i + batch], at)
            samples += len(streams)
        day_end = start + timedelta(days=day + 1)
        folded = retention_run(now=day_end) if retention_run is not None else None
        rate = samples / (time.perf_counter() - t1)
        print(
            f"day {day + 1}: {samples:,} stream samples so far ({rate:,.0f}/s), "
            f"retention: {'not available' if folded is None else folded.get('rollups')}",
            flush=True,
        )
    after = usage_bytes()
    per_day = (after - before) / args.cameras / args.days
    hourly_days = getattr(settings, "CAMBILL_USAGE_HOURLY_ROLLUP_DAYS", 3)
    print(
        f"after the week (hourly rows kept {hourly_days} days, VACUUM): {after:,} bytes, "
        f"{per_day:,.0f} bytes per camera per day"
    )
    live = usage_bytes(full=True)
    print(
        f"live rows after the week (VACUUM FULL: no dead row versions): {live:,} bytes, "
        f"{(live - before) / args.cameras / args.days:,.0f} bytes per camera per day"
    )
    steady = None
    if retention_run is not None:
        settings.CAMBILL_USAGE_HOURLY_ROLLUP_DAYS = 0
        retention_run(now=start + timedelta(days=args.days + 1))
        folded_bytes = usage_bytes(full=True)
        steady = (folded_bytes - before) / args.cameras / args.days
        print(
            f"steady state (the week folded into daily rows, VACUUM FULL): {folded_bytes:,} "
            f"bytes, {steady:,.0f} bytes per camera per day"
        )
    figure = steady if steady is not None else per_day
    print(
        f"figure: {figure:,.0f} bytes per camera per day at one poll a minute "
        f"({TARGET}: {'MET' if figure <= TARGET_BYTES else 'MISSED'}); "
        f"{args.cameras:,} cameras x {args.days} days"
    )
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
    print(f"machine: {machine()}, PostgreSQL {version}")


if __name__ == "__main__":
    main()

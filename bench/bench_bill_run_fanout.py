"""Benchmark of a fanned-out bill run: one cloud, 200,000 accounts, 1,000,000 cameras,
on PostgreSQL with Celery workers (issue #15, point 1).

About 5 % of the cameras change tariff or move to another account during the month.
The data is generated once with COPY into the bench's own database (``cambill_bench``
next to the one DATABASE_URL names, postgres://postgres@127.0.0.1:5432/cambill_bench when
it is unset) and reused. The bench starts ``celery -A cambill worker -c 2`` on Redis db 5
(purged first), starts the bill run of the month, and times it from the start to
COMPLETED: chunks rated and persisted by the workers in parallel, then the finalisation
(wholesale, audit) by the worker that committed the last chunk. It stops the worker.

    .venv/bin/python bench/bench_bill_run_fanout.py
    options: --accounts 200000 --cameras 1000000 --workers 2 --chunk 2000 --fresh
             --profile (cProfile one chunk and the whole-cloud wholesale, in-process)
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_bill_run import catalogue  # noqa: E402  (bench/ is on the path: the script's folder)

TARGET_SECONDS = 60
TARGET = f"target: 1,000,000 cameras, whole run <= {TARGET_SECONDS} s on 2 cores (2 workers)"
PERIOD = "2026-03"
SLUG = "bench-million"
BROKER = "redis://127.0.0.1:6379/5"
DB_NAME = "cambill_bench"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "") or "postgres://postgres@127.0.0.1:5432/cambill"
    if not url.startswith(("postgres://", "postgresql://")):
        return ""
    return urlunsplit(urlsplit(url)._replace(path=f"/{DB_NAME}"))


def ensure_postgres_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def setup(url: str, chunk: int) -> None:
    ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = BROKER  # not eager: the run queues its chunks
    os.environ.pop("CELERY_RESULT_BACKEND", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    os.environ.setdefault("CAMBILL_FAST_HASHER", "1")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CAMBILL_BILL_RUN_CHUNK = chunk
    call_command("migrate", verbosity=0, interactive=False)


# --- data ------------------------------------------------------------------------


def copy_rows(model: Any, columns: list[str], rows: Any, fixed: dict[str, Any]) -> None:
    """COPY ``rows`` (tuples of ``columns`` attnames) into ``model``'s table; every
    other column takes ``fixed`` or the field's default, prepared as Django would."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    by_att = {f.attname: f for f in fields}
    others = [f for f in fields if f.attname not in columns]
    consts = tuple(
        f.get_db_prep_save(fixed[f.attname] if f.attname in fixed else f.get_default(), connection)
        for f in others
    )
    names = ", ".join(f'"{by_att[c].column}"' for c in columns) + "".join(
        f', "{f.column}"' for f in others
    )
    sql = f'COPY "{model._meta.db_table}" ({names}) FROM STDIN'
    with connection.cursor() as c, c.cursor.copy(sql) as cp:
        for row in rows:
            cp.write_row((*row, *consts))


def generate(accounts: int, cameras: int, seed: int = 7) -> None:
    from django.db import connection, transaction

    from cambill.catalog.models import (
        AccountDiscount,
    )
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod
    from cambill.core.periods import Period

    rng = random.Random(seed)
    created = datetime(2025, 1, 1, tzinfo=UTC)
    period = Period.parse(PERIOD, "America/Bogota")
    span = int((period.end - period.start).total_seconds())
    before = period.start - timedelta(days=60)
    with transaction.atomic():
        cloud, plans = catalogue(SLUG, "Bench Million", "BM-", created)
        tariffs = [t.pk for t in plans]
        trial = period.start + timedelta(days=10)
        copy_rows(
            Account,
            ["code", "name", "trial_until", "language"],
            (
                (f"acc{i:06d}", f"Account {i}", trial if i % 100 == 0 else None, "es" if i % 3 == 0 else "en")
                for i in range(accounts)
            ),
            {"cloud_id": cloud.pk, "created_at": created},
        )  # fmt: skip
        by_code = dict(Account.objects.filter(cloud=cloud).values_list("code", "id"))
        acc = [by_code[f"acc{i:06d}"] for i in range(accounts)]
        copy_rows(
            Camera,
            ["code", "account_id"],
            ((f"cam{i:07d}", acc[i % accounts]) for i in range(cameras)),
            {"cloud_id": cloud.pk, "created_at": created},
        )
        cams = dict(Camera.objects.filter(cloud=cloud).values_list("code", "id"))
        periods: list[tuple[Any, ...]] = []
        moved = changed = 0
        for i in range(cameras):
            cam = cams[f"cam{i:07d}"]
            a = acc[i % accounts]
            tariff = rng.choice(tariffs)
            if rng.random() < 0.05:
                at = period.start + timedelta(seconds=rng.randrange(span))
                periods.append((cam, a, tariff, before, at))
                if rng.random() < 0.5:
                    other = rng.choice([t for t in tariffs if t != tariff])
                    periods.append((cam, a, other, at, None))
                    changed += 1
                else:
                    periods.append((cam, acc[(i + 7) % accounts], tariff, at, None))
                    moved += 1
            else:
                periods.append((cam, a, tariff, before, None))
        copy_rows(
            CameraTariffPeriod,
            ["camera_id", "account_id", "tariff_id", "valid_from", "valid_to"],
            periods,
            {"cloud_id": cloud.pk},
        )
        copy_rows(
            AccountDiscount,
            ["account_id"],
            ((a,) for a in acc[::50]),
            {"cloud_id": cloud.pk, "kind": "percent", "value": Decimal(5), "description": "Loyalty 5 %"},
        )  # fmt: skip
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(
        f"generated {accounts:,} accounts, {cameras:,} cameras ({changed:,} tariff changes, "
        f"{moved:,} moves), {len(periods):,} tariff periods"
    )


def _raw_delete(qs: Any) -> None:
    qs._raw_delete(qs.db)


def clear_invoices(cloud: Any) -> None:
    from django.db import connection, transaction

    from cambill.invoicing.models import BillRun, BillRunChunk, Invoice, InvoiceLine

    with transaction.atomic():
        runs = list(BillRun.objects.filter(cloud=cloud).values_list("pk", flat=True))
        _raw_delete(BillRunChunk.objects.filter(run_id__in=runs))
        for model in (InvoiceLine, Invoice, BillRun):
            _raw_delete(model.objects.filter(cloud=cloud))
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE invoicing_invoice")
        c.execute("VACUUM ANALYZE invoicing_invoiceline")


def drop_cloud(cloud: Any) -> None:
    from django.db import transaction

    from cambill.catalog.models import AccountDiscount, TariffComponent, TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod
    from cambill.core.models import AuditEntry
    from cambill.invoicing.models import NumberSeries

    clear_invoices(cloud)
    with transaction.atomic():
        for model in (CameraTariffPeriod, Camera, AccountDiscount):
            _raw_delete(model.objects.filter(cloud=cloud))
        TariffComponent.objects.filter(tariff__cloud=cloud).delete()
        TariffPlan.objects.filter(cloud=cloud).delete()
        NumberSeries.objects.filter(cloud=cloud).delete()
        AuditEntry.objects.filter(cloud=cloud).update(cloud=None)
        _raw_delete(Account.objects.filter(cloud=cloud))
        cloud.delete()


# --- workers ---------------------------------------------------------------------


def start_workers(url: str, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, DATABASE_URL=url, CELERY_BROKER_URL=BROKER, PYTHONPATH=str(ROOT))
    env.pop("CELERY_RESULT_BACKEND", None)
    args = [
        sys.executable, "-m", "celery", "-A", "cambill", "worker", "-P", "prefork",
        "-c", str(workers), "--prefetch-multiplier", "1", "-Q", "billing,celery",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "-n", f"bench-fanout-{os.getpid()}@%h", "--loglevel=WARNING",
    ]  # fmt: skip
    proc = subprocess.Popen(
        args, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    # Ready once the pool answers a ping (the control channel needs no result backend).
    from cambill.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"celery worker exited:\n{log.read_text()[-3000:]}")
        if app.control.ping(timeout=1.0):
            return proc
    raise SystemExit(f"celery worker not ready in 60 s:\n{log.read_text()[-3000:]}")


def stop_workers(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- profile ---------------------------------------------------------------------


class _Rollback(Exception):
    pass


def profile(cloud: Any, chunk: int) -> None:
    """cProfile, in this process: one chunk's load + rate + persist (rolled back), then
    the single-process run's whole-cloud load and wholesale rating."""
    import cProfile
    import pstats

    from django.db import transaction

    from cambill.clouds.models import Account
    from cambill.core.periods import Period
    from cambill.invoicing.advance import load_retail_inputs, wholesale_jobs
    from cambill.invoicing.drafts import persist_retail_chunk
    from cambill.invoicing.models import BillRun
    from cambill.invoicing.rate import rate_accounts, rate_cloud_wholesale

    period = Period.parse(PERIOD, cloud.timezone)
    ids = list(Account.objects.filter(cloud=cloud).order_by("id").values_list("id", flat=True))
    rng = (ids[len(ids) // 2], ids[len(ids) // 2 + chunk])
    now = period.end + timedelta(days=5)
    prof = cProfile.Profile()
    t = time.perf_counter()
    try:
        with transaction.atomic():
            run = BillRun.objects.create(
                cloud=cloud, period=PERIOD, period_start=period.start, period_end=period.end,
                created_at=now,
            )  # fmt: skip
            prof.enable()
            inputs = load_retail_inputs(cloud, period, account_range=rng)
            accounts = rate_accounts(cloud, period, inputs)
            persist_retail_chunk(run, cloud, period, inputs, accounts, now)
            prof.disable()
            raise _Rollback
    except _Rollback:
        pass
    print(f"\nprofile of one chunk ({chunk} accounts): {time.perf_counter() - t:.2f} s")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(20)
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    inputs = load_retail_inputs(cloud, period)
    t1 = time.perf_counter()
    for p, winputs in wholesale_jobs(cloud, period, inputs):
        rate_cloud_wholesale(cloud, p, winputs)
    prof.disable()
    t2 = time.perf_counter()
    print(
        f"profile of the single-process run's whole-cloud wholesale (the fanned-out "
        f"finalisation sums the chunks' shares instead): load {t1 - t:.2f} s, "
        f"rate {t2 - t1:.2f} s"
    )
    pstats.Stats(prof).sort_stats("cumulative").print_stats(20)


# --- main ------------------------------------------------------------------------


def machine() -> str:
    from django.db import connection

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    major, minor = divmod(connection.pg_version, 10000)
    load = os.getloadavg()
    return (
        f"machine: {os.cpu_count()} cores, {cpu}, {platform.platform()}, "
        f"Python {platform.python_version()}, PostgreSQL {major}.{minor}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other work shares the cores)"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=200_000)
    ap.add_argument("--cameras", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=2000, help="accounts per chunk")
    ap.add_argument("--fresh", action="store_true", help="regenerate the bench data")
    ap.add_argument("--profile", action="store_true", help="cProfile a chunk and the wholesale")
    args = ap.parse_args()

    url = bench_database_url()
    if not url:
        print("bench_bill_run_fanout: skipped, needs PostgreSQL (DATABASE_URL is not postgres)")
        return
    setup(url, args.chunk)
    import redis
    from django.db import connection

    from cambill.clouds.models import Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import BillRun, BillRunChunk, Invoice, InvoiceLine
    from cambill.invoicing.services import bill_run_execute, bill_run_start

    cloud = Cloud.objects.filter(slug=SLUG).first()
    if cloud is not None and (
        args.fresh or Camera.objects.filter(cloud=cloud).count() != args.cameras
    ):
        drop_cloud(cloud)
        cloud = None
    if cloud is None:
        t0 = time.perf_counter()
        generate(args.accounts, args.cameras)
        print(f"  data generated in {time.perf_counter() - t0:.1f} s (COPY; reused next time)")
        cloud = Cloud.objects.get(slug=SLUG)
    clear_invoices(cloud)
    if args.profile:
        profile(cloud, args.chunk)
        return

    redis.Redis.from_url(BROKER).flushdb()
    log = ROOT / "var" / "bench_bill_run_fanout.worker.log"
    log.parent.mkdir(exist_ok=True)
    workers = start_workers(url, args.workers, log)
    try:
        from cambill.core.periods import Period

        period = Period.parse(PERIOD, cloud.timezone)
        now = period.end + timedelta(days=5)
        t0 = time.perf_counter()
        run = bill_run_start(actor=SYSTEM, cloud=cloud, period=PERIOD, now=now)
        run = bill_run_execute(run=run, now=now)  # plans the chunks, queues them
        queued = time.perf_counter() - t0
        chunks_done_at = None
        while True:
            run.refresh_from_db()
            if run.status in ("completed", "failed"):
                break
            if (
                chunks_done_at is None
                and not BillRunChunk.objects.filter(run=run, done=False).exists()
            ):
                chunks_done_at = time.perf_counter() - t0
            if time.perf_counter() - t0 > 1800:
                raise SystemExit("the bill run did not complete in 30 minutes")
            time.sleep(0.1)
        elapsed = time.perf_counter() - t0
    finally:
        stop_workers(workers)
    assert run.status == "completed", run.error
    chunks = BillRunChunk.objects.filter(run=run).count()
    invoices = Invoice.objects.filter(cloud=cloud).count()
    lines = InvoiceLine.objects.filter(cloud=cloud).count()
    assert invoices == run.accounts_total + 1, (invoices, run.accounts_total)
    assert BillRun.objects.filter(cloud=cloud).count() == 1
    finalize = elapsed - chunks_done_at if chunks_done_at is not None else float("nan")
    print(
        f"\n{args.cameras:,} cameras, {args.accounts:,} accounts -> {invoices:,} invoices, "
        f"{lines:,} lines, {chunks} chunks of {args.chunk} accounts"
    )
    print(
        f"fanned-out bill run on {args.workers} worker process(es): {elapsed:.1f} s from start "
        f"to COMPLETED ({queued:.1f} s planning and queueing, chunks done at "
        f"{chunks_done_at or float('nan'):.1f} s, finalisation {finalize:.1f} s); "
        f"{args.cameras / elapsed:,.0f} camera-months/s"
    )
    full = args.cameras >= 1_000_000 and args.workers <= 2
    met = ("MET" if elapsed <= TARGET_SECONDS else "NOT MET") if full else "(not at full scale)"
    print(f"{TARGET}  -> {met}")
    print(machine())
    print(f"database: {url.split('@')[-1]}  (vendor {connection.vendor})")


if __name__ == "__main__":
    main()

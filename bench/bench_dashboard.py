"""Benchmark of the dashboards, the usage report and the exports at a million cameras.

Builds once (COPY with explicit ids on PostgreSQL, bulk inserts elsewhere) a
cloud of 200,000 accounts and 1,000,000 cameras with 14 months of tariff
history (cameras added and removed every month, 5 % of them this month), 30
small clouds around it, twelve months of issued wholesale invoices and 200,000
issued retail invoices of which a fifth are overdue and unpaid, a metered extra
(plate reads beyond 1,000 a month on the TRAFFIC7 tariff) and the hourly usage
rollups of last month for the cameras of one account in 400 (2,500 cameras x
720 hours = 1,800,000 rows; the reported account among them). Then it
refreshes the precomputed figures (``metrics_refresh_all``, timed) and times,
through the Django test client (whole response: middleware, queries,
templates; median and p95 of N after a warm-up, and the web process's CPU per
request), the provider dashboard, the big cloud's dashboard (cloud admin and
account manager), its usage history, and one account's usage report of last
month (page and API). Last, the background export of every camera of the big
cloud (CSV and XLSX), each in a child process: rows/s and the peak memory it
added (resident memory sampled every 2,000 rows).

    .venv/bin/python bench/bench_dashboard.py          # PostgreSQL, 127.0.0.1:5432
    DATABASE_URL=sqlite:///x .venv/bin/python bench/bench_dashboard.py   # SQLite
    options: --cameras 1000000 --accounts 200000 --requests 20 --fresh --no-export

The data lives in its own database: ``cambill_dashboards_bench`` on
PostgreSQL, ``var/bench_dashboard.sqlite3`` on SQLite (created and migrated
when missing; regenerated when its size or month differ).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_DASH_MS = 100
TARGET_REPORT_MS = 300
TARGET = (
    f"target: dashboards and usage history < {TARGET_DASH_MS} ms, usage report of one "
    f"account < {TARGET_REPORT_MS} ms (median) with 1,000,000 cameras; the export streams"
)
METER = "dashbench-plates"
# One account in ROLLUP_EVERY has hourly usage rollups for last month.
ROLLUP_EVERY = 400
REPORT_ACCOUNT = "acc000000"
SLUG = "dashbench"
SMALL_CLOUDS = 30
DB_NAME = "cambill_dashboards_bench"
# Unset DATABASE_URL: PostgreSQL on this machine (sqlite:///... measures the embedded default).
DEFAULT_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path=f"/{DB_NAME}"))
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench_dashboard.sqlite3'}"


def ensure_postgres_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
            conn.execute(f"CREATE DATABASE {DB_NAME}")


def setup() -> str:
    url = bench_database_url()
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    os.environ.setdefault("CAMBILL_FAST_HASHER", "1")
    os.environ["DEBUG"] = "0"  # no query log: time what production would do
    os.environ["CAMBILL_REQUIRE_2FA_FOR_STAFF"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, load average {load}"


def users() -> dict[str, object]:
    from cambill.accounts.models import User
    from cambill.accounts.services import user_create
    from cambill.clouds.models import Cloud
    from cambill.core.access import SYSTEM

    cloud = Cloud.objects.get(slug=SLUG)
    out = {}
    for name, role, in_cloud in [
        ("dashbench-padmin", "provider_admin", False),
        ("dashbench-cadmin", "cloud_admin", True),
        ("dashbench-am", "account_manager", True),
    ]:
        user = User.objects.filter(username=name).first()
        if user is None:
            user = user_create(
                actor=SYSTEM,
                username=name,
                password="bench-pass-123",
                role=role,
                cloud=cloud if in_cloud else None,
            )
        out[name] = user
    return out


class Loader:
    """Fast bulk load of one model's rows with explicit ids: ``COPY`` on
    PostgreSQL (fields not given take their model default), ``bulk_create``
    elsewhere. Rows are tuples in the order of ``attnames`` and are streamed,
    never held in a list."""

    def __init__(self, model: Any, attnames: list[str]) -> None:
        from django.db import connection

        self.model = model
        self.attnames = attnames
        self.connection = connection
        self.fields = list(model._meta.concrete_fields)
        given = {a: i for i, a in enumerate(attnames)}
        self.plan = [(f, given.get(f.attname)) for f in self.fields]

    def next_id(self) -> int:
        from django.db.models import Max

        return int(self.model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def load(self, rows: Iterable[tuple[Any, ...]]) -> int:
        conn = self.connection
        n = 0
        if conn.vendor != "postgresql":
            batch = []
            for row in rows:
                batch.append(self.model(**dict(zip(self.attnames, row, strict=True))))
                n += 1
                if len(batch) >= 5000:
                    self.model.objects.bulk_create(batch)
                    batch = []
            self.model.objects.bulk_create(batch)
            return n
        template = [
            None if i is not None else f.get_db_prep_save(f.get_default(), conn)
            for f, i in self.plan
        ]
        given = [(pos, i) for pos, (_, i) in enumerate(self.plan) if i is not None]
        table = self.model._meta.db_table
        cols = ", ".join(conn.ops.quote_name(f.column) for f in self.fields)
        with conn.cursor() as c, c.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                values = list(template)
                for pos, i in given:
                    values[pos] = row[i]
                copy.write_row(values)
                n += 1
        with conn.cursor() as c:
            c.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        return n


def generate(accounts: int, cameras: int, now: datetime, seed: int = 11) -> None:
    """The bench's clouds (see the module docstring), loaded in bulk with explicit ids."""
    from django.db import connection, transaction

    from cambill.catalog.models import Service, ServicePrice, TariffComponent, TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
    from cambill.core.periods import Period
    from cambill.invoicing.models import Invoice
    from cambill.usage.models import Meter, TariffMeteredCharge

    rng = random.Random(seed)
    created = datetime(2024, 1, 1, tzinfo=UTC)
    this = Period.containing(now, "America/Bogota")
    history_start = this.start - timedelta(days=420)
    span = int((now - history_start).total_seconds())
    month_span = int((now - this.start).total_seconds())
    acc_loader = Loader(Account, ["id", "cloud_id", "code", "name", "created_at"])
    cam_loader = Loader(Camera, ["id", "cloud_id", "code", "account_id", "created_at"])
    per_loader = Loader(
        CameraTariffPeriod,
        ["id", "cloud_id", "camera_id", "account_id", "tariff_id", "valid_from", "valid_to"],
    )
    with transaction.atomic():
        services = {}
        for code, price in [("DB_REC_DAY", "0.30"), ("DB_LPR", "4.00"), ("DB_MOTION", "1.50")]:
            s, _ = Service.objects.get_or_create(code=code, defaults={"name": code})
            for cur in ("USD", "EUR"):
                ServicePrice.objects.get_or_create(
                    service=s,
                    currency=cur,
                    valid_from=date(2020, 1, 1),
                    defaults={"amount": Decimal(price)},
                )
            services[code] = s
        meter, _ = Meter.objects.get_or_create(
            code=METER,
            defaults={
                "name": "Plate reads (bench)",
                "unit": "read",
                "event_type": "dashbench.plate",
                "aggregation": "sum",
                "created_at": created,
            },
        )

        def make_cloud(slug: str, currency: str, tz: str) -> tuple[Cloud, list[TariffPlan]]:
            cloud = Cloud.objects.create(
                slug=slug,
                name=slug.title(),
                currency=currency,
                timezone=tz,
                discount_percent=Decimal(10),
                tax_percent=Decimal(19),
                invoice_prefix=slug.upper() + "-",
                created_at=created,
            )
            tariffs = []
            for code, price, comps in [
                ("HOME3", "3.00", {"DB_REC_DAY": 3}),
                ("HOME7", "5.00", {"DB_REC_DAY": 7}),
                ("TRAFFIC7", "12.00", {"DB_REC_DAY": 7, "DB_LPR": 1}),
                ("BIZ30", "25.00", {"DB_REC_DAY": 30, "DB_MOTION": 1}),
            ]:
                t = TariffPlan.objects.create(
                    cloud=cloud,
                    code=code,
                    name=code,
                    currency=currency,
                    price=Decimal(price),
                    created_at=created,
                )
                TariffComponent.objects.bulk_create(
                    [
                        TariffComponent(tariff=t, service=services[s], quantity=Decimal(q))
                        for s, q in comps.items()
                    ]
                )
                tariffs.append(t)
            return cloud, tariffs

        def populate(
            cloud: Cloud, tariffs: list[TariffPlan], n_acc: int, n_cam: int, prefix: str
        ) -> tuple[int, int]:
            """Accounts, cameras and tariff history; the first account and camera ids."""
            acc0, cam0, per0 = acc_loader.next_id(), cam_loader.next_id(), per_loader.next_id()
            acc_loader.load(
                (acc0 + i, cloud.pk, f"{prefix}acc{i:06d}", f"Account {i}", created)
                for i in range(n_acc)
            )
            cam_loader.load(
                (cam0 + i, cloud.pk, f"{prefix}cam{i:07d}", acc0 + i % n_acc, created)
                for i in range(n_cam)
            )
            tariff_ids = [t.pk for t in tariffs]

            def periods() -> Iterator[tuple[Any, ...]]:
                pk = per0
                for i in range(n_cam):
                    cam, acc = cam0 + i, acc0 + i % n_acc
                    r = rng.random()
                    # 5 % added this month, the rest spread over the history.
                    start = (
                        this.start + timedelta(seconds=rng.randrange(month_span))
                        if r < 0.05
                        else history_start + timedelta(seconds=rng.randrange(span - month_span))
                    )
                    end = None
                    if 0.05 <= r < 0.08:  # 3 % lost this month
                        end = max(this.start, start) + timedelta(
                            seconds=rng.randrange(1, month_span)
                        )
                    elif 0.08 <= r < 0.12:  # 4 % lost before
                        end = min(start + timedelta(days=rng.randrange(1, 90)), this.start)
                    if end is not None and end <= start:
                        end = start + timedelta(hours=1)
                    tariff = rng.choice(tariff_ids)
                    if r >= 0.12 and rng.random() < 0.1:  # a tariff change in the history
                        cut = start + (now - start) / 2
                        yield (pk, cloud.pk, cam, acc, tariff, start, cut)
                        pk += 1
                        start, tariff = cut, rng.choice(tariff_ids)
                    yield (pk, cloud.pk, cam, acc, tariff, start, end)
                    pk += 1

            per_loader.load(periods())
            return acc0, cam0

        big, big_tariffs = make_cloud(SLUG, "USD", "America/Bogota")
        acc0, cam0 = populate(big, big_tariffs, accounts, cameras, "")
        for k in range(SMALL_CLOUDS):
            cur, tz = ("EUR", "Europe/Madrid") if k % 3 == 0 else ("USD", "America/Bogota")
            c, ts = make_cloud(f"dashbench-s{k:02d}", cur, tz)
            populate(c, ts, 5, 20 + k, f"s{k}")
        # A metered extra on the traffic tariff: plate reads beyond 1,000 a month.
        TariffMeteredCharge.objects.create(
            cloud=big,
            tariff=big_tariffs[2],
            meter=meter,
            pricing={"kind": "per_unit", "unit_price": "0.002"},
            description="Plate reads beyond 1,000",
            included_per_camera=Decimal(1000),
        )

        # Twelve months of issued wholesale invoices, and last month's retail ones.
        p = this.previous()
        prev = p
        inv_loader = Loader(
            Invoice,
            [
                "id", "cloud_id", "account_id", "kind", "status", "number", "period",
                "period_start", "period_end", "currency", "issuer_name", "customer_name",
                "net", "tax", "total", "created_at", "updated_at", "issued_at", "due_at",
            ],
        )  # fmt: skip
        inv0 = inv_loader.next_id()

        def invoices() -> Iterator[tuple[Any, ...]]:
            nonlocal p
            pk = inv0
            for _ in range(12):
                net = Decimal(rng.randrange(300_000, 400_000))
                yield (
                    pk, big.pk, None, "wholesale", "issued" if p == prev else "paid",
                    f"DB-W-{p.key}", p.key, p.start, p.end, "USD", "Provider", big.name,
                    net, Decimal(0), net, p.end, p.end, p.end + timedelta(days=2),
                    p.end + timedelta(days=17),
                )  # fmt: skip
                pk += 1
                p = p.previous()
            for i in range(accounts):
                overdue = i % 5 == 0
                yield (
                    pk, big.pk, acc0 + i, "retail", "issued", f"DB-R-{prev.key}-{i:06d}",
                    prev.key, prev.start, prev.end, "USD", big.name, f"Account {i}",
                    Decimal("50.00"), Decimal("9.50"), Decimal("59.50"), prev.end, prev.end,
                    now - timedelta(days=20),
                    now - timedelta(days=5) if overdue else now + timedelta(days=10),
                )  # fmt: skip
                pk += 1

        inv_loader.load(invoices())
        rollups = _rollups(big, meter, acc0, cam0, accounts, cameras, prev)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    print(
        f"generated {accounts:,} accounts, {cameras:,} cameras in '{SLUG}' and "
        f"{SMALL_CLOUDS} small clouds; {rollups:,} hourly usage rollups ({prev.key})"
    )


def rollup_accounts(accounts: int) -> list[int]:
    """Indexes of the accounts whose cameras have hourly usage rollups: one in
    ``ROLLUP_EVERY`` (the reported account, index 0, among them)."""
    return list(range(0, accounts, ROLLUP_EVERY))


def _rollups(
    cloud: Any, meter: Any, acc0: int, cam0: int, accounts: int, cameras: int, period: Any
) -> int:
    """Hourly rollups of the plate meter for every hour of ``period`` for the
    cameras of :func:`rollup_accounts` (their reads vary per camera and hour).
    Server-side on PostgreSQL (one INSERT ... SELECT), a Python loop elsewhere."""
    from django.db import connection

    from cambill.usage.models import UsageRollup

    cams = [cam0 + i for a in rollup_accounts(accounts) for i in range(a, cameras, accounts)]
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute(
                f"""
                INSERT INTO {UsageRollup._meta.db_table}
                    (cloud_id, camera_id, meter_id, hour, count, sum, max, first_time,
                     last_time, last_value, last_event_id, integral)
                SELECT %s, cam, %s, h, n, n, 5, h, h + interval '59 minutes', 1, NULL, 0
                FROM unnest(%s::bigint[]) AS cam,
                     generate_series(%s::timestamptz, %s::timestamptz - interval '1 hour',
                                     interval '1 hour') AS h,
                     LATERAL (SELECT 1 + ((cam * 7919 + extract(epoch FROM h)::bigint / 3600)
                                      %% 5)::bigint AS n) AS v
                """,
                [cloud.pk, meter.pk, cams, period.start, period.end],
            )
            return int(c.rowcount)
    rows = []
    hour = period.start
    while hour < period.end:
        for cam in cams:
            n = 1 + (cam * 7919 + int(hour.timestamp()) // 3600) % 5
            rows.append(
                UsageRollup(
                    cloud=cloud, camera_id=cam, meter=meter, hour=hour, count=n, sum=n, max=5,
                    first_time=hour, last_time=hour + timedelta(minutes=59), last_value=1,
                    integral=0,
                )
            )  # fmt: skip
        hour += timedelta(hours=1)
    UsageRollup.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def drop() -> None:
    from django.db import transaction

    from cambill.catalog.models import TariffComponent, TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud, Membership
    from cambill.core.models import AuditEntry
    from cambill.invoicing.models import Invoice
    from cambill.metrics.models import CloudSnapshot, MonthUsage, TariffSnapshot
    from cambill.usage.models import TariffMeteredCharge, UsageRollup

    clouds = list(Cloud.objects.filter(slug__startswith=SLUG))
    with transaction.atomic():
        for model in (
            UsageRollup,
            TariffMeteredCharge,
            TariffSnapshot,
            CloudSnapshot,
            MonthUsage,
            Invoice,
            CameraTariffPeriod,
            Camera,
        ):
            qs = model.objects.filter(cloud__in=clouds)
            qs._raw_delete(qs.db)
        from cambill.accounts.models import User

        User.objects.filter(username__startswith="dashbench-").delete()
        Membership.objects.filter(cloud__in=clouds).delete()
        TariffComponent.objects.filter(tariff__cloud__in=clouds).delete()
        TariffPlan.objects.filter(cloud__in=clouds).delete()
        AuditEntry.objects.filter(cloud__in=clouds).update(cloud=None)
        qs = Account.objects.filter(cloud__in=clouds)
        qs._raw_delete(qs.db)
        for c in clouds:
            c.delete()


def timed(client: Any, url: str, n: int, warmup: int = 3) -> tuple[float, float, float, int]:
    """Median and 95th percentile of ``n`` requests (after ``warmup``), in ms, the
    median CPU time of this (web) process per request, in ms, and the page size.
    The CPU time does not count the database's own process, nor waiting for a
    core: on a machine shared with other loads it is the steadier figure."""
    size = 0
    for _ in range(warmup):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    times = []
    cpu = []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, statistics.median(cpu), size


def rss_kib() -> int:
    """This process's resident memory now, in KiB (Linux; else its peak so far)."""
    import resource

    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def export_run(fmt: str, query: str = "") -> None:
    """Child process: build the big cloud's camera export (the background
    ``list`` export, as the cloud admin; ``query``: the list's filter) into a
    temporary file; print its rows, wall and CPU seconds, and the resident
    memory before it and at its largest (sampled at every progress report, each
    2,000 rows)."""
    import tempfile
    from types import SimpleNamespace

    setup()
    from cambill.accounts.models import User
    from cambill.clouds.models import Cloud
    from cambill.web.core.exports import build_list

    owner = User.objects.get(username="dashbench-cadmin")
    cloud = Cloud.objects.get(slug=SLUG)

    def job(q: str) -> Any:
        path = f"/clouds/{SLUG}/cameras/" + (f"?{q}" if q else "")
        return SimpleNamespace(owner=owner, cloud=cloud, format=fmt, params={"path": path})

    # Warm up every import and template on one camera first.
    with tempfile.TemporaryFile() as tmp:
        build_list(job("q=cam0000000"), tmp, lambda done, total: None)
    before = peak = rss_kib()
    rows = 0

    def progress(done: int, total: int | None) -> None:
        nonlocal rows, peak
        rows = done
        peak = max(peak, rss_kib())

    t0, c0 = time.perf_counter(), time.process_time()
    with tempfile.TemporaryFile() as tmp:
        build_list(job(query), tmp, progress)
        size = tmp.tell()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = max(peak, rss_kib())
    print(f"EXPORT {fmt} {rows} {seconds:.3f} {cpu:.3f} {size} {before} {peak}")


def export_bench(fmt: str, query: str = "") -> tuple[int, float, float, int, int, int]:
    """Run :func:`export_run` in a fresh process: rows, seconds, CPU seconds,
    bytes, KiB before, KiB at the peak."""
    import subprocess

    out = subprocess.run(
        [sys.executable, __file__, "--export-child", fmt, "--export-query", query],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]},
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("EXPORT "))
    _, _, rows, secs, cpu, size, before, peak = line.split()
    return int(rows), float(secs), float(cpu), int(size), int(before), int(peak)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=200_000)
    ap.add_argument("--cameras", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--fresh", action="store_true", help="regenerate the bench data")
    ap.add_argument("--no-export", action="store_true", help="skip the export measurement")
    ap.add_argument("--export-child", help=argparse.SUPPRESS)
    ap.add_argument("--export-query", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.export_child:
        export_run(args.export_child, args.export_query)
        return

    url = setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.core.periods import Period
    from cambill.metrics.services import metrics_refresh_all

    now = timezone.now()
    cloud = Cloud.objects.filter(slug=SLUG).first()
    if cloud is not None and (
        args.fresh
        or Camera.objects.filter(cloud=cloud).count() != args.cameras
        or Account.objects.filter(cloud=cloud).count() != args.accounts
    ):
        drop()
        cloud = None
    if cloud is not None and not _fresh_enough(cloud, now):
        drop()  # generated in an earlier month: the history would be off
        cloud = None
    if cloud is None:
        t0 = time.perf_counter()
        generate(args.accounts, args.cameras, now)
        print(f"  data generated in {time.perf_counter() - t0:.1f} s")
    u = users()
    cloud = Cloud.objects.get(slug=SLUG)
    # Half of the accounts belong to the bench account manager.
    Account.objects.filter(cloud=cloud, code__endswith="0", account_manager__isnull=True).update(
        account_manager=u["dashbench-am"]
    )

    t0 = time.perf_counter()
    n = metrics_refresh_all(actor=SYSTEM, now=timezone.now())
    refresh_s = time.perf_counter() - t0
    print(
        f"metrics refresh of {n} clouds ({args.cameras:,} cameras in the big one): {refresh_s:.1f} s"
    )

    last = Period.containing(now, cloud.timezone).previous()
    first_day = last.first_day.isoformat()
    last_day = (last.next_first_day - timedelta(days=1)).isoformat()
    report_q = f"date_from={first_day}&date_to={last_day}&account={REPORT_ACCOUNT}"
    api_q = f"from={first_day}&to={last_day}&account={REPORT_ACCOUNT}"
    pages = [
        ("provider dashboard", "dashbench-padmin", "/dashboard/", TARGET_DASH_MS),
        (
            "cloud dashboard (cloud admin)",
            "dashbench-cadmin",
            f"/clouds/{SLUG}/dashboard/",
            TARGET_DASH_MS,
        ),
        (
            "cloud dashboard (account manager)",
            "dashbench-am",
            f"/clouds/{SLUG}/dashboard/",
            TARGET_DASH_MS,
        ),
        (
            "usage history (provider admin)",
            "dashbench-padmin",
            f"/clouds/{SLUG}/usage-history/",
            TARGET_DASH_MS,
        ),
        (
            "usage report, 1 account (page)",
            "dashbench-cadmin",
            f"/clouds/{SLUG}/reports/usage/?{report_q}",
            TARGET_REPORT_MS,
        ),
        (
            "usage report, 1 account (API)",
            "dashbench-cadmin",
            f"/api/v1/clouds/{SLUG}/reports/usage?{api_q}",
            TARGET_REPORT_MS,
        ),
    ]
    backend = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"database: {backend} {db_version()} ({url.split('@')[-1]})")
    print(f"machine: {machine()}")
    print(
        f"data: {args.cameras:,} cameras / {args.accounts:,} accounts in '{SLUG}' + "
        f"{SMALL_CLOUDS} small clouds; report of account {REPORT_ACCOUNT} for {last.key}"
    )
    over = 0
    for label, username, path, target in pages:
        client = Client()
        client.force_login(u[username])  # type: ignore[arg-type]
        median, p95, cpu, size = timed(client, path, args.requests)
        ok = "OK" if median < target else "OVER"
        over += ok == "OVER"
        print(
            f"{label:36s} median {median:6.1f} ms  p95 {p95:6.1f} ms  target < {target} ms  "
            f"{ok:4s} (web CPU {cpu:5.1f} ms, {size / 1024:.0f} KiB, {args.requests} requests)"
        )
    if not args.no_export:
        for fmt in ("csv", "xlsx"):
            rows, secs, cpu, size, before, peak = export_bench(fmt)
            print(
                f"export of every camera ({fmt}, background job): {rows:,} rows in {secs:.1f} s "
                f"= {rows / secs if secs else 0:,.0f} rows/s ({rows / cpu if cpu else 0:,.0f} "
                f"per CPU second), {size / 2**20:.0f} MiB file, resident memory "
                f"{before / 1024:.0f} MiB before, {peak / 1024:.0f} MiB at most "
                f"(+{(peak - before) / 1024:.0f} MiB)"
            )
    print(f"machine at the end: {machine()}")
    print(f"{'all pages within target' if not over else f'{over} page(s) OVER'} — {TARGET}")


def _fresh_enough(cloud: Any, now: datetime) -> bool:
    """Data generated in the current month of the big cloud (the history is relative to it)."""
    from cambill.core.periods import Period
    from cambill.invoicing.models import Invoice

    prev = Period.containing(now, cloud.timezone).previous()
    return Invoice.objects.filter(cloud=cloud, kind="retail", period=prev.key).exists()


def db_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("SHOW server_version")
            return str(c.fetchone()[0]).split()[0]
    import sqlite3

    return sqlite3.sqlite_version


if __name__ == "__main__":
    main()

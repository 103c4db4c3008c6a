"""Benchmark of a whole bill run: one cloud, 20,000 accounts, 100,000 cameras.

About 5 % of the cameras change tariff or move to another account during the
month. The data is generated once with bulk inserts into a dedicated database
(``cambill_bench`` on PostgreSQL, ``var/bench.sqlite3`` on SQLite; created and
migrated if missing), then the bill run of the month is timed end to end:
loading, rating, and every draft and line persisted (PDFs excluded). A second,
"rerun" timing regenerates the same drafts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_bill_run.py
    .venv/bin/python bench/bench_bill_run.py                 # SQLite
    options: --accounts 20000 --cameras 100000 --fresh (regenerate data) --no-rerun --profile
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = "target: whole bill run <= 30 s on PostgreSQL on 2 cores"
PERIOD = "2026-03"
SLUG = "bench"


def bench_database_url() -> str:
    """The bench's own database, next to the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path="/cambill_bench"))
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def ensure_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'cambill_bench'"
        ).fetchone()
        if not exists:
            conn.execute("CREATE DATABASE cambill_bench")


def setup() -> str:
    url = bench_database_url()
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    os.environ.setdefault("CAMBILL_FAST_HASHER", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def catalogue(slug: str, name: str, prefix: str, created: datetime) -> tuple[Any, list[Any]]:
    """The bench's services with their prices, its cloud and four tariffs (the
    fan-out bench builds its million-camera cloud on the same catalogue)."""
    from cambill.catalog.models import Service, ServicePrice, TariffComponent, TariffPlan
    from cambill.clouds.models import Cloud

    services = {}
    for code, title, price in [
        ("BENCH_REC_DAY", "1 day of continuous recording", "0.30"),
        ("BENCH_LPR", "Plate recognition, 1 channel", "4.00"),
        ("BENCH_MOTION", "Motion analytics", "1.50"),
    ]:
        s, _ = Service.objects.get_or_create(code=code, defaults={"name": title})
        ServicePrice.objects.get_or_create(
            service=s,
            currency="USD",
            valid_from=date(2020, 1, 1),
            defaults={"amount": Decimal(price)},
        )
        services[code] = s
    cloud = Cloud.objects.create(
        slug=slug,
        name=name,
        currency="USD",
        timezone="America/Bogota",
        discount_percent=Decimal(10),
        tax_percent=Decimal(19),
        invoice_prefix=prefix,
        created_at=created,
    )
    tariffs = []
    for code, price, comps in [
        ("HOME3", "3.00", {"BENCH_REC_DAY": 3}),
        ("HOME7", "5.00", {"BENCH_REC_DAY": 7}),
        ("TRAFFIC7", "12.00", {"BENCH_REC_DAY": 7, "BENCH_LPR": 1}),
        ("BIZ30", "25.00", {"BENCH_REC_DAY": 30, "BENCH_MOTION": 1}),
    ]:
        t = TariffPlan.objects.create(
            cloud=cloud,
            code=code,
            name=code,
            currency="USD",
            price=Decimal(price),
            created_at=created,
        )
        for svc, q in comps.items():
            TariffComponent.objects.create(tariff=t, service=services[svc], quantity=Decimal(q))
        tariffs.append(t)
    return cloud, tariffs


def generate(accounts: int, cameras: int, seed: int = 7) -> None:
    """Bulk-insert the catalogue, the cloud, its accounts, cameras and history."""
    from django.db import transaction

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
        cloud, tariffs = catalogue(SLUG, "Bench Cloud", "BENCH-", created)
        accs = Account.objects.bulk_create(
            [
                Account(
                    cloud=cloud,
                    code=f"acc{i:06d}",
                    name=f"Account {i}",
                    created_at=created,
                    # 1 % still in a trial that ends mid-month
                    trial_until=period.start + timedelta(days=10) if i % 100 == 0 else None,
                    language="es" if i % 3 == 0 else "en",
                )
                for i in range(accounts)
            ],
            batch_size=2000,
        )
        cams = Camera.objects.bulk_create(
            [
                Camera(
                    cloud=cloud, code=f"cam{i:07d}", account=accs[i % accounts], created_at=created
                )
                for i in range(cameras)
            ],
            batch_size=5000,
        )
        periods = []
        moved = changed = 0
        for i, cam in enumerate(cams):
            acc = accs[i % accounts]
            tariff = rng.choice(tariffs)
            if rng.random() < 0.05:
                at = period.start + timedelta(seconds=rng.randrange(span))
                if rng.random() < 0.5:
                    other = rng.choice([t for t in tariffs if t.pk != tariff.pk])
                    periods.append(
                        CameraTariffPeriod(
                            cloud=cloud,
                            camera=cam,
                            account=acc,
                            tariff=tariff,
                            valid_from=before,
                            valid_to=at,
                        )
                    )
                    periods.append(
                        CameraTariffPeriod(
                            cloud=cloud, camera=cam, account=acc, tariff=other, valid_from=at
                        )
                    )
                    changed += 1
                else:
                    to = accs[(i + 7) % accounts]
                    periods.append(
                        CameraTariffPeriod(
                            cloud=cloud,
                            camera=cam,
                            account=acc,
                            tariff=tariff,
                            valid_from=before,
                            valid_to=at,
                        )
                    )
                    periods.append(
                        CameraTariffPeriod(
                            cloud=cloud, camera=cam, account=to, tariff=tariff, valid_from=at
                        )
                    )
                    moved += 1
            else:
                periods.append(
                    CameraTariffPeriod(
                        cloud=cloud, camera=cam, account=acc, tariff=tariff, valid_from=before
                    )
                )
        CameraTariffPeriod.objects.bulk_create(periods, batch_size=5000)
        AccountDiscount.objects.bulk_create(
            [
                AccountDiscount(
                    cloud=cloud,
                    account=a,
                    kind="percent",
                    value=Decimal(5),
                    description="Loyalty 5 %",
                )
                for a in accs[::50]
            ],
            batch_size=2000,
        )
    print(
        f"generated {accounts} accounts, {cameras} cameras ({changed} tariff changes, {moved} moves), {len(periods)} periods"
    )


def drop_bench_cloud() -> None:
    from django.db import connection, transaction

    from cambill.catalog.models import TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
    from cambill.invoicing.models import BillRun, Invoice, InvoiceLine, NumberSeries

    cloud = Cloud.objects.filter(slug=SLUG).first()
    if cloud is None:
        return
    with transaction.atomic():
        _delete_chunks(cloud)
        for model in (InvoiceLine, Invoice, BillRun, CameraTariffPeriod, Camera):
            qs = model.objects.filter(cloud=cloud)
            qs._raw_delete(qs.db)
        from cambill.catalog.models import AccountDiscount, TariffComponent
        from cambill.core.models import AuditEntry

        AccountDiscount.objects.filter(cloud=cloud).delete()
        TariffComponent.objects.filter(tariff__cloud=cloud).delete()
        TariffPlan.objects.filter(cloud=cloud).delete()
        NumberSeries.objects.filter(cloud=cloud).delete()
        AuditEntry.objects.filter(cloud=cloud).update(cloud=None)
        qs = Account.objects.filter(cloud=cloud)
        qs._raw_delete(qs.db)
        cloud.delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")


def _delete_chunks(cloud: object) -> None:
    from cambill.invoicing.models import BillRun, BillRunChunk

    runs = list(BillRun.objects.filter(cloud=cloud).values_list("pk", flat=True))
    qs = BillRunChunk.objects.filter(run_id__in=runs)
    qs._raw_delete(qs.db)


def clear_invoices() -> None:
    from django.db import connection, transaction

    from cambill.clouds.models import Cloud
    from cambill.invoicing.models import BillRun, Invoice, InvoiceLine

    cloud = Cloud.objects.get(slug=SLUG)
    with transaction.atomic():
        _delete_chunks(cloud)
        for model in (InvoiceLine, Invoice, BillRun):
            qs = model.objects.filter(cloud=cloud)
            qs._raw_delete(qs.db)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE invoicing_invoice; ANALYZE invoicing_invoiceline")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=20_000)
    ap.add_argument("--cameras", type=int, default=100_000)
    ap.add_argument("--fresh", action="store_true", help="regenerate the bench data")
    ap.add_argument(
        "--no-rerun", action="store_true", help="skip the rerun (regenerate drafts) timing"
    )
    ap.add_argument(
        "--profile", action="store_true", help="cProfile the bill run, top 25 by cumulative time"
    )
    args = ap.parse_args()

    url = setup()
    from django.db import connection

    from cambill.clouds.models import Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.core.periods import Period
    from cambill.invoicing.inputs import load_inputs
    from cambill.invoicing.models import Invoice, InvoiceLine
    from cambill.invoicing.rate import rate_accounts, rate_cloud_wholesale
    from cambill.invoicing.services import bill_run_execute, bill_run_start

    cloud = Cloud.objects.filter(slug=SLUG).first()
    if cloud is not None and (
        args.fresh or Camera.objects.filter(cloud=cloud).count() != args.cameras
    ):
        drop_bench_cloud()
        cloud = None
    if cloud is None:
        t0 = time.perf_counter()
        generate(args.accounts, args.cameras)
        print(f"  data generated in {time.perf_counter() - t0:.1f} s")
        cloud = Cloud.objects.get(slug=SLUG)
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("ANALYZE")
    clear_invoices()

    period = Period.parse(PERIOD, cloud.timezone)
    # Rating alone (load + rate, nothing written): camera-months per second.
    t0 = time.perf_counter()
    inputs = load_inputs(cloud, period.start, period.end)
    t1 = time.perf_counter()
    accounts = rate_accounts(cloud, period, inputs)
    rate_cloud_wholesale(cloud, period, inputs)
    t2 = time.perf_counter()
    rated = args.cameras
    print(
        f"load {t1 - t0:.2f} s, rate {t2 - t1:.2f} s ({len(inputs.intervals)} intervals, {len(accounts)} accounts)"
    )
    print(
        f"camera-months rated per second: {rated / (t2 - t1):,.0f} (rating only), {rated / (t2 - t0):,.0f} (load + rating)"
    )

    now = period.end + timedelta(days=5)

    from django.conf import settings

    def whole_run(label: str, fan_out: bool = False) -> float:
        # The single-process path; the embedded default runs the same accounts as
        # in-process chunks (fan_out=True); bench_bill_run_fanout.py measures workers.
        settings.CAMBILL_BILL_RUN_FAN_OUT = fan_out
        t = time.perf_counter()
        run = bill_run_start(actor=SYSTEM, cloud=cloud, period=PERIOD, now=now)
        if args.profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            run = bill_run_execute(run=run, now=now)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        else:
            run = bill_run_execute(run=run, now=now)
        elapsed = time.perf_counter() - t
        assert run.status == "completed", run.error
        print(
            f"{label}: {elapsed:.1f} s  ({run.invoices_created} invoices created, "
            f"{run.invoices_updated} regenerated, {run.lines_created} lines; "
            f"{args.cameras / elapsed:,.0f} camera-months/s end to end)"
        )
        return elapsed

    first = whole_run("bill run (fresh, single process)")
    invoices = Invoice.objects.filter(cloud=cloud).count()
    lines = InvoiceLine.objects.filter(cloud=cloud).count()
    assert invoices == len(accounts) + 1, (invoices, len(accounts))
    if not args.no_rerun:
        whole_run("bill run (rerun, drafts regenerated, single process)")
        whole_run("bill run (rerun, embedded default: in-process chunks)", fan_out=True)
    vendor = connection.vendor
    db = (
        "PostgreSQL " + ".".join(str(x) for x in divmod(connection.pg_version, 10000))
        if vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"
    )
    print(
        f"\n{args.cameras:,} cameras, {args.accounts:,} accounts -> {invoices:,} invoices, {lines:,} lines; "
        f"whole bill run {first:.1f} s on {db} (single process), "
        f"{args.cameras / first:,.0f} camera-months/s"
    )
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        TARGET
        + (
            f"  -> {'MET' if first <= 30 else 'NOT MET'}"
            if vendor == "postgresql"
            else " (this run: SQLite)"
        )
    )
    print(f"database: {url.split('@')[-1]}")


if __name__ == "__main__":
    main()

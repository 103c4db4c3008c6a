"""Benchmark of the dashboards with 100,000 cameras.

Builds (bulk inserts, once) a cloud of 20,000 accounts and 100,000 cameras with
14 months of tariff history (cameras added and removed every month, 5 % of
them this month), 30 small clouds around it, twelve months of issued
wholesale invoices and 20,000 issued retail invoices of which a fifth are
overdue and unpaid. Then it refreshes the precomputed figures
(``metrics_refresh_all``, timed) and times the rendering of the provider
dashboard, the big cloud's dashboard (cloud admin and account manager) and its
usage history through the Django test client: the median of N requests after
a warm-up, the whole response (middleware, queries, templates).

    .venv/bin/python bench/bench_dashboard.py                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_dashboard.py
    options: --cameras 100000 --accounts 20000 --requests 20 --fresh

The data lives in its own database: ``cambill_dashboards_bench`` on
PostgreSQL, ``var/bench_dashboard.sqlite3`` on SQLite (created and migrated
when missing).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300
TARGET = f"target: each dashboard page < {TARGET_MS} ms with 100,000 cameras"
SLUG = "dashbench"
SMALL_CLOUDS = 30
DB_NAME = "cambill_dashboards_bench"


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
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
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} cores, {cpu}, load average {load:.2f}"


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


def generate(accounts: int, cameras: int, now: datetime, seed: int = 11) -> None:
    from django.db import transaction

    from cambill.catalog.models import Service, ServicePrice, TariffComponent, TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
    from cambill.core.periods import Period
    from cambill.invoicing.models import Invoice

    rng = random.Random(seed)
    created = datetime(2024, 1, 1, tzinfo=UTC)
    this = Period.containing(now, "America/Bogota")
    history_start = this.start - timedelta(days=420)
    span = int((now - history_start).total_seconds())
    month_span = int((now - this.start).total_seconds())
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
        ) -> list[Account]:
            accs = Account.objects.bulk_create(
                [
                    Account(
                        cloud=cloud,
                        code=f"{prefix}acc{i:06d}",
                        name=f"Account {i}",
                        created_at=created,
                    )
                    for i in range(n_acc)
                ],
                batch_size=2000,
            )
            cams = Camera.objects.bulk_create(
                [
                    Camera(
                        cloud=cloud,
                        code=f"{prefix}cam{i:07d}",
                        account=accs[i % n_acc],
                        created_at=created,
                    )
                    for i in range(n_cam)
                ],
                batch_size=5000,
            )
            periods = []
            for i, cam in enumerate(cams):
                acc = accs[i % n_acc]
                r = rng.random()
                # 5 % added this month, the rest spread over the history.
                start = (
                    this.start + timedelta(seconds=rng.randrange(month_span))
                    if r < 0.05
                    else history_start + timedelta(seconds=rng.randrange(span - month_span))
                )
                end = None
                if 0.05 <= r < 0.08:  # 3 % lost this month
                    end = max(this.start, start) + timedelta(seconds=rng.randrange(1, month_span))
                elif 0.08 <= r < 0.12:  # 4 % lost before
                    end = start + timedelta(days=rng.randrange(1, 90))
                    end = min(end, this.start)
                if end is not None and end <= start:
                    end = start + timedelta(hours=1)
                tariff = rng.choice(tariffs)
                if r >= 0.12 and rng.random() < 0.1:  # a tariff change in the history
                    cut = start + (now - start) / 2
                    periods.append(
                        CameraTariffPeriod(
                            cloud=cloud,
                            camera=cam,
                            account=acc,
                            tariff=tariff,
                            valid_from=start,
                            valid_to=cut,
                        )
                    )
                    start, tariff = cut, rng.choice(tariffs)
                periods.append(
                    CameraTariffPeriod(
                        cloud=cloud,
                        camera=cam,
                        account=acc,
                        tariff=tariff,
                        valid_from=start,
                        valid_to=end,
                    )
                )
            CameraTariffPeriod.objects.bulk_create(periods, batch_size=5000)
            return accs

        big, big_tariffs = make_cloud(SLUG, "USD", "America/Bogota")
        accs = populate(big, big_tariffs, accounts, cameras, "")
        for k in range(SMALL_CLOUDS):
            cur, tz = ("EUR", "Europe/Madrid") if k % 3 == 0 else ("USD", "America/Bogota")
            c, ts = make_cloud(f"dashbench-s{k:02d}", cur, tz)
            populate(c, ts, 5, 20 + k, f"s{k}")

        # Twelve months of issued wholesale invoices, and last month's retail ones.
        invoices = []
        p = this.previous()
        prev = p
        for _ in range(12):
            invoices.append(
                Invoice(
                    cloud=big,
                    kind="wholesale",
                    status="issued" if p == prev else "paid",
                    number=f"DB-W-{p.key}",
                    period=p.key,
                    period_start=p.start,
                    period_end=p.end,
                    currency="USD",
                    issuer_name="Provider",
                    customer_name=big.name,
                    net=Decimal(rng.randrange(300_000, 400_000)),
                    total=Decimal(rng.randrange(300_000, 400_000)),
                    created_at=p.end,
                    updated_at=p.end,
                    issued_at=p.end + timedelta(days=2),
                    due_at=p.end + timedelta(days=17),
                )
            )
            p = p.previous()
        for i, acc in enumerate(accs):
            overdue = i % 5 == 0
            invoices.append(
                Invoice(
                    cloud=big,
                    account=acc,
                    kind="retail",
                    status="issued",
                    number=f"DB-R-{prev.key}-{i:06d}",
                    period=prev.key,
                    period_start=prev.start,
                    period_end=prev.end,
                    currency="USD",
                    issuer_name=big.name,
                    customer_name=acc.name,
                    net=Decimal("50.00"),
                    tax=Decimal("9.50"),
                    total=Decimal("59.50"),
                    created_at=prev.end,
                    updated_at=prev.end,
                    issued_at=now - timedelta(days=20),
                    due_at=now - timedelta(days=5) if overdue else now + timedelta(days=10),
                )
            )
        Invoice.objects.bulk_create(invoices, batch_size=2000)
    print(
        f"generated {accounts} accounts, {cameras} cameras in '{SLUG}' and {SMALL_CLOUDS} small clouds"
    )


def drop() -> None:
    from django.db import transaction

    from cambill.catalog.models import TariffComponent, TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud, Membership
    from cambill.core.models import AuditEntry
    from cambill.invoicing.models import Invoice
    from cambill.metrics.models import CloudSnapshot, MonthUsage, TariffSnapshot

    clouds = list(Cloud.objects.filter(slug__startswith=SLUG))
    with transaction.atomic():
        for model in (
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


def timed(client: object, url: str, n: int, warmup: int = 3) -> tuple[float, float, int]:
    """Median and worst of ``n`` requests (after ``warmup``), in ms, and the page size."""
    size = 0
    for _ in range(warmup):
        response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return statistics.median(times), max(times), size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=20_000)
    ap.add_argument("--cameras", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--fresh", action="store_true", help="regenerate the bench data")
    args = ap.parse_args()

    url = setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.metrics.services import metrics_refresh_all

    now = timezone.now()
    cloud = Cloud.objects.filter(slug=SLUG).first()
    if cloud is not None and (
        args.fresh or Camera.objects.filter(cloud=cloud).count() != args.cameras
    ):
        drop()
        cloud = None
    if cloud is None:
        t0 = time.perf_counter()
        generate(args.accounts, args.cameras, now)
        print(f"  data generated in {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("ANALYZE")
    u = users()
    cloud = Cloud.objects.get(slug=SLUG)
    # Half of the accounts belong to the bench account manager.
    Account.objects.filter(cloud=cloud, code__endswith="0").update(
        account_manager=u["dashbench-am"]
    )

    t0 = time.perf_counter()
    n = metrics_refresh_all(actor=SYSTEM, now=timezone.now())
    refresh_s = time.perf_counter() - t0
    print(
        f"metrics refresh of {n} clouds ({args.cameras:,} cameras in the big one): {refresh_s:.1f} s"
    )

    pages = [
        ("provider dashboard", "dashbench-padmin", "/dashboard/"),
        ("cloud dashboard (cloud admin)", "dashbench-cadmin", f"/clouds/{SLUG}/dashboard/"),
        ("cloud dashboard (account manager)", "dashbench-am", f"/clouds/{SLUG}/dashboard/"),
        ("usage history (provider admin)", "dashbench-padmin", f"/clouds/{SLUG}/usage-history/"),
    ]
    backend = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"database: {backend} ({url.split('@')[-1]})")
    print(f"machine: {machine()}")
    worst = 0.0
    for label, username, path in pages:
        client = Client()
        client.force_login(u[username])  # type: ignore[arg-type]
        median, slowest, size = timed(client, path, args.requests)
        worst = max(worst, median)
        ok = "OK" if median < TARGET_MS else "OVER"
        print(
            f"{label:36s} median {median:6.1f} ms  (max {slowest:6.1f} ms, {size / 1024:.0f} KiB, "
            f"{args.requests} requests)  {ok}"
        )
    print(f"slowest median: {worst:.1f} ms — {TARGET}")


if __name__ == "__main__":
    main()

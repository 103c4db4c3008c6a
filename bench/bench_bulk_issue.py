"""Benchmark of the bulk issue of a bill run's drafts (issue #13): 20,000 drafts.

A cloud of its own (a new one each time, ``bench-issue-<n>``) with 20,000
accounts and one retail draft each (two lines), bulk-inserted, then one
:class:`~cambill.invoicing.models.IssueJob` issues them all, timed end to end
through the same code the review page and the API run: chunks of
``CAMBILL_ISSUE_CHUNK`` drafts, each its own transaction with a block of the
series, one audit row per invoice, the payments ledger and commission
followers and the webhooks of ``invoices.issued``. Then the numbers are
checked: 20,000 issued, gapless from 1, no draft left, the series at 20,000;
and a second job on the same run must issue nothing.

Runs in its own database (``cambill_bench_issue`` next to the one
DATABASE_URL names, or ``var/bench_issue.sqlite3``); ``--fresh`` recreates it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_bulk_issue.py
    options: --drafts 20000 --chunk 500 --fresh --profile
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 60
TARGET = (
    f"target: 20,000 drafts issued in under {TARGET_S} s on PostgreSQL on 2 cores, numbers gapless"
)
PERIOD = "2026-03"
DB_NAME = os.environ.get("CAMBILL_BENCH_ISSUE_DB", "cambill_bench_issue")


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path=f"/{DB_NAME}"))
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / 'bench_issue.sqlite3'}"


def ensure_database(url: str, fresh: bool) -> None:
    if not url.startswith("postgres"):
        path = Path(urlsplit(url).path)
        if fresh and path.exists():
            path.unlink()
        return
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def setup(fresh: bool) -> str:
    url = bench_database_url()
    ensure_database(url, fresh)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cambill.settings")
    os.environ.setdefault("CAMBILL_FAST_HASHER", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def generate(n: int) -> tuple[object, object]:
    """A new cloud with ``n`` accounts and one retail draft (two lines) each."""
    from django.db import connection, transaction

    from cambill.clouds.models import Account, Cloud
    from cambill.core.periods import Period
    from cambill.invoicing.models import BillRun, Invoice, InvoiceLine

    created = datetime(2025, 1, 1, tzinfo=UTC)
    period = Period.parse(PERIOD, "America/Bogota")
    at = period.end + timedelta(days=3)
    with transaction.atomic():
        k = Cloud.objects.filter(slug__startswith="bench-issue-").count() + 1
        slug = f"bench-issue-{k}"
        while Cloud.objects.filter(slug=slug).exists():
            k += 1
            slug = f"bench-issue-{k}"
        cloud = Cloud.objects.create(
            slug=slug,
            name=f"Bench Issue {k}",
            currency="USD",
            timezone="America/Bogota",
            tax_percent=Decimal(19),
            invoice_prefix=f"BI{k}-",
            created_at=created,
        )
        run = BillRun.objects.create(
            cloud=cloud,
            period=PERIOD,
            period_start=period.start,
            period_end=period.end,
            status="completed",
            accounts_total=n,
            accounts_done=n,
            invoices_created=n,
            created_at=at,
            started_at=at,
            finished_at=at,
        )
        accs = Account.objects.bulk_create(
            [
                Account(cloud=cloud, code=f"acc{i:06d}", name=f"Account {i}", created_at=created)
                for i in range(n)
            ],
            batch_size=2000,
        )
        invs = []
        for i, acc in enumerate(accs):
            net = Decimal(3 + i % 40) + Decimal("0.50")
            tax = (net * Decimal("0.19")).quantize(Decimal("0.01"))
            invs.append(
                Invoice(
                    cloud=cloud,
                    account=acc,
                    bill_run=run,
                    kind="retail",
                    status="draft",
                    period=PERIOD,
                    period_start=period.start,
                    period_end=period.end,
                    currency="USD",
                    issuer_name=cloud.name,
                    issuer_details={"payment_terms_days": 15},
                    customer_name=acc.name,
                    subtotal=net,
                    net=net,
                    tax_percent=Decimal(19),
                    tax=tax,
                    total=net + tax,
                    created_at=at,
                    updated_at=at,
                )
            )
        invs = Invoice.objects.bulk_create(invs, batch_size=2000)
        lines = []
        for inv in invs:
            for pos, amount in ((1, inv.net - Decimal("0.50")), (2, Decimal("0.50"))):
                lines.append(
                    InvoiceLine(
                        cloud=cloud,
                        invoice=inv,
                        position=pos,
                        kind="tariff",
                        description=f"Camera {pos}",
                        camera=f"cam-{inv.pk}-{pos}",
                        quantity=Decimal(1),
                        unit_price=amount,
                        amount=amount,
                    )
                )
        InvoiceLine.objects.bulk_create(lines, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return cloud, run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--drafts", type=int, default=20_000)
    ap.add_argument("--chunk", type=int, default=None, help="CAMBILL_ISSUE_CHUNK")
    ap.add_argument("--fresh", action="store_true", help="recreate the bench database")
    ap.add_argument("--profile", action="store_true", help="cProfile the job, top 30")
    args = ap.parse_args()

    url = setup(args.fresh)
    from django.conf import settings
    from django.db import connection

    from cambill.core.access import SYSTEM
    from cambill.invoicing.issuing import issue_chunk_size, issue_job_run, issue_job_start
    from cambill.invoicing.models import Invoice, NumberSeries
    from cambill.invoicing.numbering import format_number

    if args.chunk:
        settings.CAMBILL_ISSUE_CHUNK = args.chunk
    t0 = time.perf_counter()
    cloud, run = generate(args.drafts)
    print(f"  {args.drafts:,} drafts generated in {time.perf_counter() - t0:.1f} s ({cloud})")
    now = run.period_end + timedelta(days=4)

    # The job is run here, not dispatched: the timing is the worker's.
    import cambill.invoicing.issuing as issuing

    issuing.dispatch = lambda job_id: None
    t = time.perf_counter()
    job = issue_job_start(actor=SYSTEM, cloud=cloud, run=run, now=now)
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        job = issue_job_run(job_id=job.pk, now=now)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    else:
        job = issue_job_run(job_id=job.pk, now=now)
    elapsed = time.perf_counter() - t
    assert job.status == "completed", job.errors

    # Gapless: exactly 1..n in account-code order, nothing left as a draft.
    prefix, width = f"{cloud.invoice_prefix}", 6
    got = list(
        Invoice.objects.filter(cloud=cloud, kind="retail")
        .order_by("account__code")
        .values_list("number", flat=True)
    )
    want = [format_number(prefix, 2026, i, width) for i in range(1, args.drafts + 1)]
    gapless = got == want
    series = NumberSeries.objects.get(key=f"cloud:{cloud.pk}").last_number
    drafts_left = Invoice.objects.filter(cloud=cloud, status="draft").count()
    assert gapless and series == args.drafts and drafts_left == 0, (series, drafts_left)
    assert job.done == args.drafts, job.done

    # Idempotent: a second job on the same run takes no number.
    again = issue_job_start(actor=SYSTEM, cloud=cloud, run=run, now=now)
    again = issue_job_run(job_id=again.pk, now=now)
    assert (
        again.done == 0 and NumberSeries.objects.get(key=f"cloud:{cloud.pk}").last_number == series
    )

    vendor = connection.vendor
    db = (
        "PostgreSQL " + ".".join(str(x) for x in divmod(connection.pg_version, 10000))
        if vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"
    )
    print(
        f"bulk issue: {args.drafts:,} drafts in {elapsed:.1f} s "
        f"({args.drafts / elapsed:,.0f} invoices/s, chunks of {issue_chunk_size()}) on {db}; "
        f"numbers {got[0]} .. {got[-1]} gapless: {'yes' if gapless else 'NO'}; "
        f"a second job issued {again.done}"
    )
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    met = elapsed < TARGET_S and gapless and args.drafts >= 20_000
    print(
        TARGET
        + (
            f"  -> {'MET' if met else 'NOT MET'}"
            if vendor == "postgresql"
            else " (this run: SQLite)"
        )
    )
    print(f"database: {url.split('@')[-1]}")


if __name__ == "__main__":
    main()

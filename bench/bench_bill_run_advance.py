"""Benchmark of a whole bill run of a cloud billing IN ADVANCE (issue #17).

The data of ``bench_bill_run.py`` (20,000 accounts, 100,000 cameras, 5 % of
them changing tariff or account in March) in a cloud of its own with
``billing_timing = advance``. March is billed in advance first (untimed: it
makes the advance lines April's true-up reverses), then April's run is timed
end to end: per camera the advance line of April, March's arrears lines and
the reversal of March's advance line (about three times the lines of an
arrears run), plus March's wholesale invoice, all persisted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cambill .venv/bin/python bench/bench_bill_run_advance.py
    options: --accounts 20000 --cameras 100000 --fresh --no-rerun --profile
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import timedelta

import bench_bill_run as base

base.SLUG = "bench-advance"
TARGET = base.TARGET + " (advance run: April ahead + March's true-up)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=20_000)
    ap.add_argument("--cameras", type=int, default=100_000)
    ap.add_argument("--fresh", action="store_true", help="regenerate the bench data")
    ap.add_argument("--no-rerun", action="store_true", help="skip the rerun timing")
    ap.add_argument("--profile", action="store_true", help="cProfile the timed run")
    args = ap.parse_args()

    url = base.setup()
    from django.db import connection
    from django.db.models import Count

    from cambill.clouds.models import Camera, Cloud
    from cambill.core.access import SYSTEM
    from cambill.core.periods import Period
    from cambill.invoicing.models import Invoice, InvoiceLine
    from cambill.invoicing.services import bill_run_execute, bill_run_start

    cloud = Cloud.objects.filter(slug=base.SLUG).first()
    if cloud is not None and (
        args.fresh or Camera.objects.filter(cloud=cloud).count() != args.cameras
    ):
        base.drop_bench_cloud()
        cloud = None
    if cloud is None:
        t0 = time.perf_counter()
        base.generate(args.accounts, args.cameras)
        print(f"  data generated in {time.perf_counter() - t0:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("ANALYZE")
    # Bench data is set up directly (as the generator does), not through the verbs.
    Cloud.objects.filter(slug=base.SLUG).update(billing_timing="advance", invoice_prefix="BADV-")
    cloud = Cloud.objects.get(slug=base.SLUG)
    base.clear_invoices()

    march = Period.parse("2026-03", cloud.timezone)
    april = march.next()
    t0 = time.perf_counter()
    run = bill_run_start(actor=SYSTEM, cloud=cloud, period=march.key, now=march.start)
    run = bill_run_execute(run=run, now=march.start + timedelta(days=4))
    assert run.status == "completed", run.error
    print(f"March in advance (setup, untimed): {time.perf_counter() - t0:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE invoicing_invoice; ANALYZE invoicing_invoiceline")

    now = april.start + timedelta(days=4)

    def whole_run(label: str) -> float:
        t = time.perf_counter()
        run = bill_run_start(actor=SYSTEM, cloud=cloud, period=april.key, now=now)
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

    first = whole_run("advance bill run of April (fresh)")
    invoices = Invoice.objects.filter(cloud=cloud, period=april.key, kind="retail").count()
    lines = InvoiceLine.objects.filter(cloud=cloud, invoice__period=april.key).count()
    kinds = dict(
        InvoiceLine.objects.filter(cloud=cloud, invoice__period=april.key, invoice__kind="retail")
        .values_list("kind")
        .annotate(n=Count("id"))
    )
    if not args.no_rerun:
        whole_run("advance bill run of April (rerun, drafts regenerated)")
    vendor = connection.vendor
    db = (
        "PostgreSQL " + ".".join(str(x) for x in divmod(connection.pg_version, 10000))
        if vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"
    )
    print(
        f"\n{args.cameras:,} cameras, {args.accounts:,} accounts -> {invoices:,} retail invoices, "
        f"{lines:,} lines {kinds}; whole advance bill run {first:.1f} s on {db}"
    )
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    print(
        TARGET
        + (
            f"  -> {first:.1f} s {'MET' if first <= 30 else 'NOT MET'}"
            if vendor == "postgresql"
            else f"  -> {first:.1f} s (this run: SQLite)"
        )
    )
    print(f"database: {url.split('@')[-1]}")


if __name__ == "__main__":
    main()

"""Bill runs are idempotent, resumable after a crash, and safe under concurrency.

The concurrency tests use threads against a real PostgreSQL (each thread has
its own connection); SQLite serialises writers, so they are skipped there.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.invoicing.models import BillRun, Invoice, InvoiceLine
from cambill.invoicing.services import (
    SimulatedCrash,
    bill_run_execute,
    bill_run_start,
    invoice_issue,
)
from tests.invoicing.conftest import NOW, add_cameras, many_accounts
from tests.invoicing.helpers import bill

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no concurrency to test",
)


def snapshot() -> dict[tuple[str, str | None], Any]:
    """Every invoice of the database with its lines: what must not change or duplicate."""
    out: dict[tuple[str, str | None], Any] = {}
    for inv in Invoice.objects.select_related("account").order_by("id"):
        key = (inv.kind, inv.account.code if inv.account else None)
        assert key not in out, f"two invoices for {key}"
        lines = list(
            InvoiceLine.objects.filter(invoice=inv)
            .order_by("position")
            .values_list(
                "position", "camera", "tariff", "service", "quantity", "unit_price", "amount"
            )
        )
        out[key] = (
            inv.pk,
            inv.period,
            inv.status,
            inv.subtotal,
            inv.discount,
            inv.net,
            inv.tax,
            inv.total,
            lines,
        )
    return out


@pytest.mark.django_db
def test_rerun_gives_the_same_invoices(example):
    t = example.clouds["telenet"]
    many_accounts(example, 5)
    first = bill(t, "2026-03", NOW)
    before = snapshot()
    assert len(before) == 8 and first.invoices_created == 8
    second = bill(t, "2026-03", NOW)
    assert second.pk == first.pk and second.invoices_created == 0 and second.invoices_updated == 8
    assert second.attempts == 2
    assert snapshot() == before
    assert BillRun.objects.count() == 1


@pytest.mark.django_db
def test_crash_after_n_accounts_then_rerun(example, settings):
    settings.CAMBILL_BILL_RUN_CHUNK = 2
    t = example.clouds["telenet"]
    many_accounts(example, 6)  # 8 accounts with charges: acme, beta, acc000..acc005
    run = bill_run_start(actor=SYSTEM, cloud=t, period="2026-03", now=NOW)
    with pytest.raises(SimulatedCrash):
        bill_run_execute(run=run, now=NOW, crash_after=3)
    run.refresh_from_db()
    assert run.status == "running" and run.accounts_done == 3 and run.accounts_total == 8
    assert Invoice.objects.filter(kind="retail").count() == 3
    assert not Invoice.objects.filter(kind="wholesale").exists()
    # A second crash further on, then the rerun that finishes.
    with pytest.raises(SimulatedCrash):
        bill_run_execute(run=run, now=NOW, crash_after=2)
    run.refresh_from_db()
    assert run.accounts_done == 5
    run = bill_run_execute(run=run, now=NOW)
    assert run.status == "completed" and run.accounts_done == 8 and run.invoices_created == 9
    crashed = snapshot()
    # The same set a clean run makes.
    Invoice.objects.all().delete()
    BillRun.objects.all().delete()
    bill(t, "2026-03", NOW)
    clean = snapshot()
    assert {k: v[1:] for k, v in crashed.items()} == {k: v[1:] for k, v in clean.items()}
    assert len(clean) == 9


def _in_threads(n: int, target: Any) -> list[Any]:
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def body(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except BaseException as e:
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    return results


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_make_one_set(tworld, settings):
    import time_machine

    settings.CAMBILL_BILL_RUN_CHUNK = 3
    with time_machine.travel(NOW, tick=False):
        t = add_cameras(tworld)
        many_accounts(tworld, 12)

        def run(i: int) -> Any:
            r = bill_run_start(actor=SYSTEM, cloud=t, period="2026-03", now=NOW)
            return bill_run_execute(run=r, now=NOW)

        results = _in_threads(2, run)
        for r in results:
            assert isinstance(r, BillRun), r
        assert BillRun.objects.count() == 1
        run_row = BillRun.objects.get()
        assert run_row.status == "completed" and run_row.accounts_done == 14
        assert run_row.attempts == 2  # both threads ran it
        got = snapshot()
        assert len(got) == 15  # 14 retail + 1 wholesale, none twice
        # and it is the set a single run makes
        results = _in_threads(3, run)
        assert all(isinstance(r, BillRun) for r in results), results
        again = snapshot()
        assert {k: v[1:] for k, v in again.items()} == {k: v[1:] for k, v in got.items()}
        assert {k: v[0] for k, v in again.items()} == {k: v[0] for k, v in got.items()}


@postgres_only
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_never_reuses_a_number(tworld):
    import time_machine

    with time_machine.travel(NOW, tick=False):
        t = add_cameras(tworld)
        many_accounts(tworld, 10)
        bill(t, "2026-03", NOW)
        ids = list(
            Invoice.objects.filter(kind="retail").order_by("id").values_list("id", flat=True)
        )
        assert len(ids) == 12

        def issue(i: int) -> list[str]:
            numbers = []
            for pk in ids[i::4]:
                numbers.append(
                    invoice_issue(actor=SYSTEM, invoice=Invoice.objects.get(pk=pk)).number
                )
            return numbers

        results = _in_threads(4, issue)
        numbers = [n for r in results for n in r]
        assert len(numbers) == 12, results
        assert sorted(numbers) == [f"TELENET-2026-{i:06d}" for i in range(1, 13)]

        # The same invoices issued twice at once: one wins, the other is refused.
        bill(t, "2026-02", NOW)
        pk = (
            Invoice.objects.filter(kind="retail", period="2026-02")
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        results = _in_threads(
            2, lambda i: invoice_issue(actor=SYSTEM, invoice=Invoice.objects.get(pk=pk)).number
        )
        ok = [r for r in results if isinstance(r, str)]
        assert ok == ["TELENET-2026-000013"], results

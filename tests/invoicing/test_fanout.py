"""A fanned-out bill run (chunks of account-id ranges) makes exactly the invoices
and lines of the single-process run, field by field (SQLite and PostgreSQL).

The kill test (a real ``celery worker`` on Redis, killed inside a chunk) is in
``test_fanout_worker.py``.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from cambill.clouds.models import Account, Cloud
from cambill.core.access import SYSTEM
from cambill.core.models import AuditEntry
from cambill.invoicing.models import BillRun, BillRunChunk, Invoice, InvoiceLine
from cambill.invoicing.services import bill_run_execute, bill_run_start
from tests.invoicing.conftest import BOG, NOW, many_accounts
from tests.invoicing.helpers import camera, change, local, move

INVOICE_FIELDS = (
    "kind",
    "account__code",
    "period",
    "period_start",
    "period_end",
    "status",
    "currency",
    "language",
    "customer_name",
    "customer_details",
    "issuer_name",
    "subtotal",
    "discount",
    "net",
    "tax_percent",
    "tax",
    "total",
    "tax_note",
)
LINE_FIELDS = (
    "position",
    "kind",
    "description",
    "camera",
    "tariff",
    "service",
    "account",
    "date_from",
    "date_to",
    "days",
    "quantity",
    "unit_price",
    "amount",
)
RUN_FIELDS = (
    "status",
    "accounts_total",
    "accounts_done",
    "invoices_created",
    "invoices_updated",
    "lines_created",
    "error",
)


def everything() -> dict[str, Any]:
    """Every invoice with every line (no database ids), the run's counters and its audit."""
    invoices = {}
    for row in Invoice.objects.order_by("kind", "account__code", "period").values(
        "pk", *INVOICE_FIELDS
    ):
        key = (row["kind"], row["account__code"], row["period"])
        assert key not in invoices, f"two invoices for {key}"
        lines = list(
            InvoiceLine.objects.filter(invoice_id=row.pop("pk"))
            .order_by("position")
            .values_list(*LINE_FIELDS)
        )
        assert len({ln[0] for ln in lines}) == len(lines), f"duplicate positions in {key}"
        invoices[key] = (row, lines)
    run = BillRun.objects.values(*RUN_FIELDS).get()
    audit = AuditEntry.objects.filter(verb="bill_run_execute").order_by("-id").first()
    assert audit is not None
    return {"invoices": invoices, "run": run, "audit": audit.after}


def scenario(world: Any) -> Cloud:
    """Accounts spread over several chunks, with what crosses their boundaries:
    cameras moved between accounts of different chunks, tariff changes, an
    account discount, a subscriber trial, a stale draft."""
    from cambill.catalog.services import account_discount_create

    t = world.clouds["telenet"]
    accs = many_accounts(world, 11)
    home3, traffic7 = "HOME3", "TRAFFIC7"
    c = camera(t, "X1", accs[0], traffic7, local(BOG, 2026, 2, 20))
    move(c, accs[9], local(BOG, 2026, 3, 12, 15))  # first chunk -> a later one
    c2 = camera(t, "X2", accs[10], home3, local(BOG, 2026, 3, 3, 8))
    change(c2, traffic7, local(BOG, 2026, 3, 20))
    move(c2, world.accounts["acme"], local(BOG, 2026, 3, 25, 6))  # last chunk -> first
    account_discount_create(
        actor=SYSTEM, account=accs[4], kind="percent", value="12.5", description="Loyalty"
    )
    Account.objects.filter(pk=accs[6].pk).update(trial_until=local(BOG, 2026, 3, 11))
    return t


def run_once(cloud: Cloud) -> BillRun:
    run = bill_run_start(actor=SYSTEM, cloud=cloud, period="2026-03", now=NOW)
    return bill_run_execute(run=run, now=NOW)


@pytest.mark.django_db
def test_fanned_out_run_equals_the_single_process_run(example, settings):
    t = scenario(example)
    settings.CAMBILL_BILL_RUN_FAN_OUT = False
    single = run_once(t)
    assert single.status == "completed", single.error
    assert not BillRunChunk.objects.exists()
    reference = everything()
    assert len(reference["invoices"]) == 1 + 13  # wholesale + acme, beta, acc000..acc010
    assert reference["run"]["accounts_done"] == 13

    Invoice.objects.all().delete()
    BillRun.objects.all().delete()
    settings.CAMBILL_BILL_RUN_FAN_OUT = True
    settings.CAMBILL_BILL_RUN_CHUNK = 3
    fanned = run_once(t)
    assert fanned.status == "completed", fanned.error
    chunks = list(BillRunChunk.objects.filter(run=fanned).order_by("index"))
    assert len(chunks) == 5  # 13 accounts with cameras, 3 per chunk
    assert all(ch.done for ch in chunks)
    assert sum(ch.accounts for ch in chunks) == 13
    # the ranges tile the account ids: open at both ends, each starting where the last ended
    assert chunks[0].account_from is None and chunks[-1].account_to is None
    assert all(a.account_to == b.account_from for a, b in itertools.pairwise(chunks))
    got = everything()
    assert got["invoices"] == reference["invoices"]
    assert got["run"] == reference["run"]
    assert got["audit"] == reference["audit"]
    wholesale = got["invoices"][("wholesale", None, "2026-03")][0]
    assert wholesale["total"] > Decimal(0)


@pytest.mark.django_db
def test_fanned_out_rerun_regenerates_and_removes_stale_drafts(example, settings):
    from cambill.clouds.models import Camera
    from cambill.clouds.services import camera_change_tariff

    t = scenario(example)
    settings.CAMBILL_BILL_RUN_CHUNK = 2
    first = run_once(t)
    assert first.status == "completed" and first.invoices_created == 14
    before = everything()
    # beta's only camera loses its March history: its draft goes on the rerun.
    d = Camera.objects.get(code="D")
    camera_change_tariff(actor=SYSTEM, camera=d, tariff=None, at=local(BOG, 2026, 1, 1))
    second = run_once(t)
    assert second.status == "completed" and second.attempts == 2
    assert second.invoices_created == 0 and second.invoices_updated == 13  # 12 retail + wholesale
    assert second.accounts_total == second.accounts_done == 12
    after = everything()
    assert after["audit"]["stale_drafts_deleted"] == 1
    assert set(before["invoices"]) - set(after["invoices"]) == {("retail", "beta", "2026-03")}
    # the single-process rerun agrees
    settings.CAMBILL_BILL_RUN_FAN_OUT = False
    Invoice.objects.all().delete()
    BillRun.objects.all().delete()
    run_once(t)
    assert everything()["invoices"] == after["invoices"]


@pytest.mark.django_db
def test_fanned_out_advance_run_equals_the_single_process_run(example, settings):
    """A cloud billing in advance: April ahead plus March's true-up, per chunk."""
    t = scenario(example)
    Cloud.objects.filter(pk=t.pk).update(billing_timing="advance")
    t.refresh_from_db()

    def run_april() -> BillRun:
        run = bill_run_start(actor=SYSTEM, cloud=t, period="2026-04", now=NOW)
        return bill_run_execute(run=run, now=NOW)

    settings.CAMBILL_BILL_RUN_FAN_OUT = False
    assert run_april().status == "completed"
    reference = everything()
    assert ("wholesale", None, "2026-03") in reference["invoices"]
    Invoice.objects.all().delete()
    BillRun.objects.all().delete()
    settings.CAMBILL_BILL_RUN_FAN_OUT = True
    settings.CAMBILL_BILL_RUN_CHUNK = 4
    assert run_april().status == "completed"
    assert everything() == reference


@pytest.mark.django_db
def test_a_done_chunk_is_not_redone(example, settings):
    """Resumable: a run left RUNNING with some chunks done redoes only the others."""
    from cambill.invoicing import billrun

    t = scenario(example)
    settings.CAMBILL_BILL_RUN_CHUNK = 4
    run = bill_run_start(actor=SYSTEM, cloud=t, period="2026-03", now=NOW)
    run = billrun._begin_attempt(run, NOW)
    chunks = billrun._plan_chunks(run, t)
    assert len(chunks) == 4
    assert billrun.run_chunk(chunks[1].pk, NOW)  # one chunk done, then the "crash"
    done = BillRunChunk.objects.get(pk=chunks[1].pk)
    kept = set(
        Invoice.objects.filter(kind="retail").values_list("pk", "updated_at", "account__code")
    )
    assert len(kept) == done.accounts == 4
    run.refresh_from_db()
    assert run.status == "running" and run.accounts_done == 4
    run = bill_run_execute(run=run, now=local(BOG, 2026, 4, 6))
    assert run.status == "completed" and run.accounts_done == 13 and run.invoices_created == 14
    assert run.attempts == 2
    # the done chunk's drafts were not rewritten (their updated_at is the first call's)
    assert kept <= set(
        Invoice.objects.filter(kind="retail").values_list("pk", "updated_at", "account__code")
    )

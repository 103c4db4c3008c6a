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


def everything(run_period: str | None = None) -> dict[str, Any]:
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
    runs = (
        BillRun.objects.all() if run_period is None else BillRun.objects.filter(period=run_period)
    )
    run = runs.values(*RUN_FIELDS).get()
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


@pytest.mark.django_db
@pytest.mark.parametrize("proration", ["day", "second"])
def test_fanned_out_wholesale_is_the_sum_of_the_chunks_shares(
    example, settings, monkeypatch, proration
):
    """The finalisation prices the chunks' summed wholesale shares and never loads
    the whole cloud: two services, a service price changed mid-month (two price
    segments), the cloud's own trial, an account suspended with a service billed
    while suspended, and a metered provider service (its source stubbed: both
    paths read it cloud-wide from the same function), in both prorations."""
    from types import SimpleNamespace

    from cambill.catalog.models import Service
    from cambill.catalog.services import service_price_set
    from cambill.clouds.models import AccountSuspension
    from cambill.invoicing import billrun
    from cambill.usage import aggregates

    t = scenario(example)
    Cloud.objects.filter(pk=t.pk).update(proration=proration, trial_until=local(BOG, 2026, 3, 4, 9))
    t.refresh_from_db()
    service_price_set(
        actor=SYSTEM,
        service=example.services["REC_DAY"],
        currency="USD",
        amount="0.37",
        valid_from=local(BOG, 2026, 3, 17).date(),
    )
    Service.objects.filter(code="REC_DAY").update(billed_while_suspended=True)
    acc = Account.objects.get(code="acc009")  # holds X1 (TRAFFIC7) from March 12
    AccountSuspension.objects.create(
        cloud=t,
        account=acc,
        start=local(BOG, 2026, 3, 14, 18),
        end=local(BOG, 2026, 3, 22, 7),
        created_at=NOW,
    )
    metered = SimpleNamespace(
        service_code="LPR",
        quantity=Decimal(387),
        unit="read",
        quantity_exact=Decimal(387),
        amount_exact=Decimal("10.057"),
        amount=Decimal("10.06"),
    )
    monkeypatch.setattr(aggregates, "metered_wholesale_charges", lambda cloud, period: [metered])

    settings.CAMBILL_BILL_RUN_FAN_OUT = False
    assert run_once(t).status == "completed"
    reference = everything()
    Invoice.objects.all().delete()
    BillRun.objects.all().delete()

    whole_cloud_loads = []
    load = billrun.load_retail_inputs

    def narrowed_only(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("account_range") is None:
            whole_cloud_loads.append(args)
        return load(*args, **kwargs)

    monkeypatch.setattr(billrun, "load_retail_inputs", narrowed_only)
    settings.CAMBILL_BILL_RUN_FAN_OUT = True
    settings.CAMBILL_BILL_RUN_CHUNK = 3
    assert run_once(t).status == "completed"
    assert whole_cloud_loads == []
    assert everything() == reference
    lines = reference["invoices"][("wholesale", None, "2026-03")][1]
    rec = [ln for ln in lines if ln[5] == "REC_DAY"]
    assert {(ln[1], ln[11]) for ln in rec} == {
        ("service", Decimal("0.30")),
        ("service", Decimal("0.37")),
    }
    assert [ln[5] for ln in lines if ln[1] == "service"].count("LPR") == 1
    assert [ln[1] for ln in lines].count("metered") == 1
    # each chunk stored its exact share: unit fractions, never money
    shares = [ch.wholesale for ch in BillRunChunk.objects.order_by("index")]
    assert all(len(s) == 1 and s[0]["period"] == "2026-03" for s in shares)
    assert shares[0][0]["proration"] == proration
    assert set(shares[0][0]["services"]) == {"REC_DAY", "LPR"}


@pytest.mark.django_db
def test_fanned_out_arrears_run_after_an_advance_month_equals_the_single_process_run(
    example, settings
):
    """Billed April in advance, then back to arrears: May's run makes two wholesale
    invoices (April's, trued up, and May's), both summed from the chunks' shares."""
    t = scenario(example)
    Cloud.objects.filter(pk=t.pk).update(billing_timing="advance")
    t.refresh_from_db()
    settings.CAMBILL_BILL_RUN_FAN_OUT = False
    april = bill_run_start(actor=SYSTEM, cloud=t, period="2026-04", now=NOW)
    assert bill_run_execute(run=april, now=NOW).status == "completed"
    Cloud.objects.filter(pk=t.pk).update(billing_timing="arrears")
    t.refresh_from_db()
    june = local(BOG, 2026, 6, 2)

    def run_may() -> BillRun:
        run = bill_run_start(actor=SYSTEM, cloud=t, period="2026-05", now=june)
        return bill_run_execute(run=run, now=june)

    assert run_may().status == "completed"
    reference = everything("2026-05")
    assert ("wholesale", None, "2026-04") in reference["invoices"]
    assert ("wholesale", None, "2026-05") in reference["invoices"]
    BillRun.objects.filter(period="2026-05").delete()
    Invoice.objects.filter(period__in=["2026-04", "2026-05"], kind="wholesale").delete()
    Invoice.objects.filter(period="2026-05").delete()
    settings.CAMBILL_BILL_RUN_FAN_OUT = True
    settings.CAMBILL_BILL_RUN_CHUNK = 4
    assert run_may().status == "completed"
    shares = BillRunChunk.objects.filter(run__period="2026-05").values_list("wholesale", flat=True)
    assert all([s["period"] for s in share] == ["2026-04", "2026-05"] for share in shares)
    assert everything("2026-05") == reference

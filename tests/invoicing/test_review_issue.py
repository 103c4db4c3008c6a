"""The review screen's figures and the bulk issue of a bill run's drafts (issue #13, point 1)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, Forbidden
from cambill.core.models import AuditEntry
from cambill.invoicing.issuing import issue_job_run, issue_job_start
from cambill.invoicing.models import Invoice, IssueJob, NumberSeries
from cambill.invoicing.review import change_percent, flag_of, review_rows, review_totals
from tests.invoicing.conftest import NOW, many_accounts
from tests.invoicing.helpers import bill, retail

D = Decimal


def start_and_run(actor, cloud, run, ids=None):  # type: ignore[no-untyped-def]
    job = issue_job_start(actor=actor, cloud=cloud, run=run, invoice_ids=ids, now=NOW)
    return issue_job_run(job_id=job.pk, now=NOW)


def numbers(cloud) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(
        Invoice.objects.filter(cloud=cloud, kind="retail")
        .exclude(number=None)
        .values_list("number", flat=True)
    )


@pytest.fixture
def two_months(example):  # type: ignore[no-untyped-def]
    """February billed and issued, March billed (drafts)."""
    t = example.clouds["telenet"]
    feb = bill(t, "2026-02", NOW)
    start_and_run(example.actor("caccountant"), t, feb)
    march = bill(t, "2026-03", NOW)
    return example, t, march


def test_flag_and_change_rules() -> None:
    assert change_percent(D("25.91"), D("9.69")) == D("167.4")
    assert change_percent(D("3.57"), D("3.57")) == D("0.0")
    assert change_percent(D("1"), None) is None and change_percent(D("1"), D(0)) is None
    assert flag_of(D("12.00"), D("10.00"), D(20)) == ""  # exactly 20 % is not "more than"
    assert flag_of(D("12.01"), D("10.00"), D(20)) == "moved"
    assert flag_of(D("7.99"), D("10.00"), D(20)) == "moved"
    assert flag_of(D("0"), D("10.00"), D(20)) == "zero"
    assert flag_of(D("-1"), None, D(20)) == "negative"
    assert flag_of(D("5"), None, D(20)) == ""


def test_review_figures(two_months) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    actor = w.actor("caccountant")
    rows = list(review_rows(actor=actor, cloud=t, run=march).filter(kind="retail"))
    by_code = {r.account.code: r for r in rows}
    acme, beta = by_code["acme"], by_code["beta"]
    # February: acme camera A from 10 Feb (19 of 28 days of 12.00) = 8.14 + 19 % VAT = 9.69.
    assert acme.previous_total == D("9.69") and acme.total == D("25.91")
    assert acme.change == D("16.22") and acme.flagged == 1
    assert change_percent(acme.total, acme.previous_total) == D("167.4")
    assert beta.previous_total == D("3.57") and beta.change == D("0") and beta.flagged == 0
    assert [r.account.code for r in rows] == ["acme", "beta"]  # flagged first
    totals = review_totals(actor=actor, cloud=t, run=march)
    assert totals["current"] == {
        "net": D("24.77"),
        "tax": D("4.71"),
        "total": D("29.48"),
        "count": 2,
    }
    assert totals["previous"] == {
        "net": D("11.14"),
        "tax": D("2.12"),
        "total": D("13.26"),
        "count": 2,
    }
    assert totals["change"]["total"] == D("16.22") and totals["drafts"] == 2


def test_threshold_is_a_cloud_setting(two_months) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import cloud_update

    w, t, march = two_months
    beta = retail(t, "2026-03", "beta")
    Invoice.objects.filter(pk=beta.pk).update(total=D("4.00"))  # +0.43, +12.0 %

    def flags():  # type: ignore[no-untyped-def]
        rows = review_rows(actor=w.actor("caccountant"), cloud=t, run=march)
        return {r.account.code: r.flagged for r in rows.filter(kind="retail")}

    assert flags() == {"acme": 1, "beta": 0}
    t = cloud_update(actor=SYSTEM, cloud=t, review_threshold_percent="10")
    assert t.review_threshold_percent == D("10")
    assert flags() == {"acme": 1, "beta": 1}
    with pytest.raises(DomainError):
        cloud_update(actor=SYSTEM, cloud=t, review_threshold_percent="-1")


def test_zero_drafts_are_flagged(two_months) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    beta = retail(t, "2026-03", "beta")
    Invoice.objects.filter(pk=beta.pk).update(total=0, net=0, tax=0)
    rows = list(review_rows(actor=w.actor("caccountant"), cloud=t, run=march).filter(kind="retail"))
    assert [(r.account.code, r.flagged) for r in rows] == [("acme", 1), ("beta", 1)]


def test_bulk_issue_selected_then_all_is_idempotent(two_months) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    actor = w.actor("caccountant")
    beta = retail(t, "2026-03", "beta")
    job = start_and_run(actor, t, march, [beta.pk])
    assert (job.status, job.total, job.done, job.skipped) == ("completed", 1, 1, 0)
    assert retail(t, "2026-03", "beta").number == "TELENET-2026-000003"
    assert retail(t, "2026-03", "acme").status == "draft"
    job = start_and_run(actor, t, march)
    assert (job.total, job.done) == (1, 1)
    assert retail(t, "2026-03", "acme").number == "TELENET-2026-000004"
    # Again: nothing left, no number taken; the same selection again is skipped.
    job = start_and_run(actor, t, march)
    assert (job.status, job.total, job.done) == ("completed", 0, 0)
    job = start_and_run(actor, t, march, [beta.pk])
    assert (job.total, job.done) == (0, 0)
    assert numbers(t) == [f"TELENET-2026-00000{i}" for i in range(1, 5)]
    assert NumberSeries.objects.get(key=f"cloud:{t.pk}").last_number == 4
    # One audit row per issued invoice, as the single verb writes.
    rows = AuditEntry.objects.filter(verb="invoice_issue", object_id=str(beta.pk))
    assert rows.count() == 1 and rows.get().after["number"] == "TELENET-2026-000003"
    assert rows.get().actor_repr == "caccountant"
    # The wholesale draft is the provider's: the cloud accountant's job left it.
    assert Invoice.objects.get(cloud=t, period="2026-03", kind="wholesale").status == "draft"


def test_provider_accountant_issues_the_wholesale_invoice(two_months) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    job = start_and_run(w.actor("paccountant"), t, march)
    assert (job.kinds, job.done) == (["wholesale"], 1)
    ws = Invoice.objects.get(cloud=t, period="2026-03", kind="wholesale")
    assert ws.status == "issued" and ws.number == "PRV-2026-000001"


def test_chunks_and_progress(example, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CAMBILL_ISSUE_CHUNK = 3
    t = example.clouds["telenet"]
    many_accounts(example, 8)
    run = bill(t, "2026-03", NOW)
    job = start_and_run(example.actor("cadmin"), t, run)
    assert (job.total, job.done, job.failed) == (10, 10, 0)
    assert (job.first_number, job.last_number) == ("TELENET-2026-000001", "TELENET-2026-000010")
    # Numbers in account-code order, gapless.
    got = list(
        Invoice.objects.filter(cloud=t, kind="retail")
        .order_by("account__code")
        .values_list("number", flat=True)
    )
    assert got == [f"TELENET-2026-{i:06d}" for i in range(1, 11)]


def test_one_active_job_per_run(two_months) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    actor = w.actor("caccountant")
    issue_job_start(actor=actor, cloud=t, run=march, now=NOW)
    with pytest.raises(DomainError) as e:
        issue_job_start(actor=actor, cloud=t, run=march, now=NOW)
    assert e.value.code == "conflict"


def test_choices_must_belong_to_the_run(two_months) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    feb_acme = retail(t, "2026-02", "acme")
    with pytest.raises(DomainError):
        issue_job_start(actor=w.actor("caccountant"), cloud=t, run=march, invoice_ids=[feb_acme.pk])
    with pytest.raises(DomainError):
        issue_job_start(actor=w.actor("caccountant"), cloud=t, run=march, invoice_ids=[])
    assert not IssueJob.objects.filter(bill_run=march).exists()


@pytest.mark.parametrize("who", ["amanager", "subscriber", "agent", "pmanager", "otheradmin"])
def test_who_may_not_issue(two_months, who) -> None:  # type: ignore[no-untyped-def]
    w, t, march = two_months
    with pytest.raises((Forbidden, DomainError)):
        issue_job_start(actor=w.actor(who), cloud=t, run=march, now=NOW)
    assert not IssueJob.objects.filter(bill_run=march).exists()
    assert retail(t, "2026-03", "acme").status == "draft"


def test_commission_follows_the_bulk_issue(example) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.models import CommissionEntry
    from cambill.referrals.services import referral_programme_set

    t = example.clouds["telenet"]
    referral_programme_set(actor=SYSTEM, cloud=t, levels={1: 10, 2: 3}, base="issued")
    run = bill(t, "2026-03", NOW)
    start_and_run(example.actor("caccountant"), t, run)
    acme = retail(t, "2026-03", "acme")
    got = {
        (e.agent.code, str(e.amount))
        for e in CommissionEntry.objects.filter(invoice=acme).select_related("agent")
    }
    # acme's net 21.77 x 10 % = 2.177 -> 2.18 to agent1, who brought it.
    assert ("agent1", "2.1800") in got or ("agent1", "2.18") in got
    assert CommissionEntry.objects.filter(invoice=retail(t, "2026-03", "beta")).exists()
    # Issued again (a second job): nothing accrues twice.
    n = CommissionEntry.objects.count()
    start_and_run(example.actor("caccountant"), t, run)
    assert CommissionEntry.objects.count() == n


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_concurrent_jobs_never_take_two_numbers(tworld, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing import issuing
    from tests.invoicing.conftest import add_cameras

    monkeypatch.setattr(issuing, "dispatch", lambda job_id: None)  # the threads run it

    add_cameras(tworld)
    t = tworld.clouds["telenet"]
    many_accounts(tworld, 30)
    run = bill(t, "2026-03", NOW)
    job = issue_job_start(actor=tworld.actor("caccountant"), cloud=t, run=run, now=NOW)
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def worker() -> None:
        try:
            barrier.wait()
            issue_job_run(job_id=job.pk, now=NOW)
        except BaseException as e:
            errors.append(e)
        finally:
            connection.close()

    def starter() -> None:
        try:
            barrier.wait()
            issue_job_start(actor=tworld.actor("caccountant"), cloud=t, run=run, now=NOW)
        except DomainError as e:
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker), threading.Thread(target=worker)]
    threads.append(threading.Thread(target=starter))
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert [getattr(e, "code", e) for e in errors] in ([], ["conflict"])
    got = numbers(t)
    assert got == [f"TELENET-2026-{i:06d}" for i in range(1, 33)]
    assert IssueJob.objects.get(pk=job.pk).done == 32


def test_bulk_issue_posts_the_ledger_and_applies_prepaid_money(two_months) -> None:  # type: ignore[no-untyped-def]
    from cambill.payments.ledger import account_balance
    from cambill.payments.models import LedgerEntry
    from cambill.payments.services import payment_record

    w, t, march = two_months
    acme = w.accounts["acme"]
    # acme owes February's 9.69; it pays 40.00: 30.31 stays on account until March is issued.
    payment_record(actor=SYSTEM, cloud=t, account=acme, amount="40.00", received_at=NOW, now=NOW)
    assert retail(t, "2026-02", "acme").status == "paid"
    start_and_run(w.actor("caccountant"), t, march)
    inv = retail(t, "2026-03", "acme")
    assert inv.status == "paid"  # 25.91 taken from the 30.31 on account
    assert account_balance(acme) == D("-4.40")
    beta = retail(t, "2026-03", "beta")
    assert beta.status == "issued"
    entries = LedgerEntry.objects.filter(kind="invoice_issued", invoice__period="2026-03")
    assert sorted(e.key for e in entries) == sorted(
        [f"invoice:{inv.pk}:issued", f"invoice:{beta.pk}:issued"]
    )

"""Invoice verbs: numbering, immutability, roles, audit, credit notes, auto-issue."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.models import AuditEntry
from cambill.invoicing.models import BillRun, CreditNote, Invoice, InvoiceLine
from cambill.invoicing.services import (
    credit_note_create,
    invoice_issue,
    invoice_mark_paid,
    invoice_regenerate,
    invoice_void,
)
from tests.conftest import utc
from tests.invoicing.conftest import BOG, NOW
from tests.invoicing.helpers import bill, camera, local, retail, wholesale

pytestmark = pytest.mark.django_db


def state(inv: Invoice) -> tuple[Any, ...]:
    """Everything an issued invoice shows, to prove nothing changed."""
    inv = Invoice.objects.get(pk=inv.pk)
    lines = list(
        InvoiceLine.objects.filter(invoice=inv)
        .order_by("position")
        .values_list(
            "id",
            "position",
            "description",
            "camera",
            "tariff",
            "service",
            "quantity",
            "unit_price",
            "amount",
        )
    )
    return (
        inv.status,
        inv.number,
        inv.subtotal,
        inv.discount,
        inv.net,
        inv.tax,
        inv.total,
        inv.issued_at,
        inv.due_at,
        inv.paid_at,
        inv.voided_at,
        inv.customer_name,
        inv.updated_at,
        lines,
    )


def refused(code: ErrorCode, fn: Any, **kwargs: Any) -> None:
    with pytest.raises(DomainError) as e:
        fn(**kwargs)
    assert e.value.code == code, e.value.message


def test_numbers_per_issuer_series(example):
    t = example.clouds["telenet"]
    bill(t, "2026-03", NOW)
    a = invoice_issue(
        actor=example.actor("cadmin"), invoice=retail(t, "2026-03", "acme"), now=utc(2026, 4, 6)
    )
    b = invoice_issue(
        actor=example.actor("caccountant"),
        invoice=retail(t, "2026-03", "beta"),
        now=utc(2026, 4, 7),
    )
    w = invoice_issue(
        actor=example.actor("paccountant"), invoice=wholesale(t, "2026-03"), now=utc(2026, 4, 7)
    )
    assert (a.number, b.number, w.number) == (
        "TELENET-2026-000001",
        "TELENET-2026-000002",
        "PRV-2026-000001",
    )
    assert a.due_at == utc(2026, 4, 21) and a.issued_at == utc(2026, 4, 6)


def test_number_year_is_the_issuers_local_year_and_width(example, frozen):
    from cambill.clouds.services import cloud_update

    t = cloud_update(
        actor=SYSTEM, cloud=example.clouds["telenet"], invoice_prefix="TN-", invoice_number_width=4
    )
    frozen.move_to(utc(2027, 1, 2))
    bill(t, "2026-12", utc(2027, 1, 2))
    # 2027-01-01 03:00 UTC is still 31 December 2026 in Bogota.
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-12", "acme"), now=utc(2027, 1, 1, 3))
    assert inv.number == "TN-2026-0001"
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-12", "beta"), now=utc(2027, 1, 1, 6))
    assert inv.number == "TN-2027-0002"


def test_issued_invoices_are_immutable(example):
    t = example.clouds["telenet"]
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    before = state(inv)
    admin = example.actor("cadmin")
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_issue, actor=admin, invoice=inv)
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_regenerate, actor=admin, invoice=inv)
    # A rerun after the data changed regenerates drafts only.
    camera(
        t, "E", example.accounts["acme"], "TRAFFIC7", local(BOG, 2026, 4, 1)
    )  # April: after the issued period
    run = bill(t, "2026-03", NOW)
    assert run.status == "completed" and run.invoices_updated == 2  # beta and wholesale drafts
    assert state(inv) == before
    # Paid and void are final.
    inv = invoice_mark_paid(actor=admin, invoice=inv, paid_at=utc(2026, 4, 10))
    paid = state(inv)
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_mark_paid, actor=admin, invoice=inv)
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_void, actor=admin, invoice=inv, reason="no")
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_issue, actor=admin, invoice=inv)
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_regenerate, actor=admin, invoice=inv)
    assert state(inv) == paid
    beta = invoice_issue(actor=admin, invoice=retail(t, "2026-03", "beta"))
    beta = invoice_void(actor=admin, invoice=beta, reason="duplicate")
    void = state(beta)
    for fn in (invoice_issue, invoice_regenerate, invoice_mark_paid):
        refused(ErrorCode.INVOICE_IMMUTABLE, fn, actor=admin, invoice=beta)
    refused(ErrorCode.INVOICE_IMMUTABLE, invoice_void, actor=admin, invoice=beta)
    refused(ErrorCode.INVALID_STATE, credit_note_create, actor=admin, invoice=beta, reason="x")
    assert state(beta) == void
    # The tariff history of an invoiced period is frozen too (clouds refuses it).
    with pytest.raises(DomainError) as e:
        camera(t, "F", example.accounts["acme"], "HOME3", local(BOG, 2026, 3, 20))
    assert e.value.code == ErrorCode.CONFLICT


def test_draft_verbs(example):
    t = example.clouds["telenet"]
    bill(t, "2026-03", NOW)
    draft = retail(t, "2026-03", "acme")
    refused(ErrorCode.INVALID_STATE, invoice_mark_paid, actor=SYSTEM, invoice=draft)
    refused(ErrorCode.INVALID_STATE, credit_note_create, actor=SYSTEM, invoice=draft, reason="x")
    camera(t, "E", example.accounts["acme"], "HOME3", local(BOG, 2026, 3, 1))
    inv = invoice_regenerate(actor=example.actor("cadmin"), invoice=draft)
    assert inv.pk == draft.pk and inv.net == Decimal("24.77") and inv.lines.count() == 5
    w = invoice_regenerate(actor=example.actor("padmin"), invoice=wholesale(t, "2026-03"))
    assert w.lines.get(service="REC_DAY").days == 440 + 93 + 93
    voided = invoice_void(actor=SYSTEM, invoice=inv, reason="customer left")
    assert voided.status == "void" and voided.number is None
    # A voided draft stays void on rerun (never regenerated, never recreated).
    bill(t, "2026-03", NOW)
    assert retail(t, "2026-03", "acme").status == "void"


RETAIL_OK = {"padmin", "cadmin", "caccountant"}
WHOLESALE_OK = {"padmin", "paccountant"}
ROLES = [
    "padmin",
    "paccountant",
    "pmanager",
    "cadmin",
    "amanager",
    "caccountant",
    "subscriber",
    "agent",
    "otheradmin",
]


@pytest.mark.parametrize("who", ROLES)
def test_roles_on_verbs(example, who):
    t = example.clouds["telenet"]
    bill(t, "2026-03", NOW)
    actor = example.actor(who)
    for inv, ok in (
        (retail(t, "2026-03", "acme"), RETAIL_OK),
        (wholesale(t, "2026-03"), WHOLESALE_OK),
    ):
        before = state(inv)
        audits = AuditEntry.objects.count()
        if who in ok:
            issued = invoice_issue(actor=actor, invoice=inv)
            assert issued.number
            note = credit_note_create(
                actor=actor,
                invoice=issued,
                reason="goodwill",
                lines=[{"line": 1, "amount": "1.00"}],
            )
            assert note.net == Decimal("1.00")
            invoice_mark_paid(actor=actor, invoice=issued)
            assert AuditEntry.objects.count() == audits + 3
            continue
        for fn, extra in (
            (invoice_issue, {}),
            (invoice_void, {}),
            (invoice_regenerate, {}),
            (invoice_mark_paid, {}),
            (credit_note_create, {"reason": "x"}),
        ):
            with pytest.raises(DomainError) as e:
                fn(actor=actor, invoice=inv, **extra)
            assert e.value.code == ErrorCode.FORBIDDEN, (who, fn.__name__)
        assert state(inv) == before
        assert AuditEntry.objects.count() == audits
    assert not CreditNote.objects.exclude(
        created_by__username__in=RETAIL_OK | WHOLESALE_OK
    ).exists()


def test_bill_run_roles(example):
    from cambill.invoicing.services import bill_run_start

    t = example.clouds["telenet"]
    for who in ["pmanager", "amanager", "subscriber", "agent", "otheradmin"]:
        with pytest.raises(DomainError) as e:
            bill_run_start(actor=example.actor(who), cloud=t, period="2026-03", now=NOW)
        assert e.value.code == ErrorCode.FORBIDDEN, who
    assert not BillRun.objects.exists()
    for who in ["padmin", "paccountant", "cadmin", "caccountant"]:
        assert (
            bill_run_start(actor=example.actor(who), cloud=t, period="2026-03", now=NOW).period
            == "2026-03"
        )
    assert BillRun.objects.count() == 1
    assert AuditEntry.objects.filter(verb="bill_run_start").count() == 4


def test_open_period_and_bad_period_refused(example):
    from cambill.invoicing.services import bill_run_start

    t = example.clouds["telenet"]
    # 2026-04-01 03:00 UTC is still 31 March in Bogota: March is not over there.
    refused(
        ErrorCode.PERIOD_NOT_CLOSED,
        bill_run_start,
        actor=SYSTEM,
        cloud=t,
        period="2026-03",
        now=utc(2026, 4, 1, 3),
    )
    refused(ErrorCode.BAD_PERIOD, bill_run_start, actor=SYSTEM, cloud=t, period="March", now=NOW)
    assert bill_run_start(
        actor=SYSTEM, cloud=t, period="2026-03", now=utc(2026, 4, 1, 5)
    ).period_start == local(BOG, 2026, 3, 1)


def test_credit_notes(example):
    t = example.clouds["telenet"]
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"))
    admin = example.actor("cadmin")
    n1 = credit_note_create(
        actor=admin,
        invoice=inv,
        reason="A down 2 days",
        lines=[{"line": 1, "amount": "0.77"}, {"line": 4}],
    )
    assert (n1.number, n1.net, n1.tax, n1.total) == (
        "TELENET-CN-2026-000001",
        Decimal("6.96"),
        Decimal("1.32"),
        Decimal("8.28"),
    )
    for lines, code in [
        ([{"line": 1, "amount": "11.24"}], ErrorCode.VALIDATION),  # 11.23 left on line 1
        ([{"line": 4, "amount": "0.01"}], ErrorCode.VALIDATION),  # line 4 fully credited
        ([{"line": 1, "amount": "0.001"}], ErrorCode.VALIDATION),  # USD has 2 places
        ([{"line": 1, "amount": "-1"}], ErrorCode.VALIDATION),
        ([{"line": 1}, {"line": 1}], ErrorCode.VALIDATION),
        ([{"line": "x"}], ErrorCode.VALIDATION),
    ]:
        refused(code, credit_note_create, actor=admin, invoice=inv, reason="x", lines=lines)
    refused(ErrorCode.VALIDATION, credit_note_create, actor=admin, invoice=inv, reason="  ")
    n2 = credit_note_create(actor=admin, invoice=inv, reason="close")
    assert (n2.net, n2.tax) == (Decimal("21.77") - n1.net, Decimal("4.14") - n1.tax)
    assert sum(ln.amount for ln in n2.lines.all()) == n2.net
    refused(ErrorCode.INVALID_STATE, credit_note_create, actor=admin, invoice=inv, reason="more")
    assert CreditNote.objects.filter(invoice=inv).count() == 2
    # Wholesale credit notes use the provider's credit series; discount lines are not creditable.
    w = invoice_issue(actor=SYSTEM, invoice=wholesale(t, "2026-03"))
    refused(
        ErrorCode.VALIDATION,
        credit_note_create,
        actor=SYSTEM,
        invoice=w,
        reason="x",
        lines=[{"line": 3}],
    )
    n3 = credit_note_create(actor=example.actor("paccountant"), invoice=w, reason="SLA")
    assert n3.number == "PRV-CN-2026-000001" and n3.net == w.net


def test_auto_issue(example):
    from cambill.clouds.services import cloud_update

    t = cloud_update(actor=SYSTEM, cloud=example.clouds["telenet"], auto_issue=True)
    run = bill(t, "2026-03", NOW)
    assert run.status == "completed"
    assert retail(t, "2026-03", "acme").number == "TELENET-2026-000001"
    assert retail(t, "2026-03", "beta").number == "TELENET-2026-000002"
    assert wholesale(t, "2026-03").status == "draft"  # the provider issues its own
    entry = AuditEntry.objects.filter(verb="bill_run_execute").get()
    assert entry.after["auto_issued"] == 2 and entry.after["numbers"] == [
        "TELENET-2026-000001",
        "TELENET-2026-000002",
    ]


def test_one_audit_row_per_run(example):
    t = example.clouds["telenet"]
    before = AuditEntry.objects.count()
    run = bill(t, "2026-03", NOW)
    assert (
        AuditEntry.objects.count() == before + 2
    )  # start and execute, not one per invoice or line
    assert (
        AuditEntry.objects.get(verb="bill_run_execute").after["invoices_created"]
        == run.invoices_created
        == 3
    )


def test_missing_price_fails_the_run_then_rerun_succeeds(example):
    from cambill.catalog.services import service_create

    t = example.clouds["telenet"]
    from cambill.catalog.services import tariff_create

    svc = service_create(actor=SYSTEM, code="NOPRICE", name="Unpriced", prices=[])
    tariff_create(
        actor=SYSTEM,
        cloud=t,
        code="ODD",
        name="Odd",
        price="1.00",
        components=[{"service": "NOPRICE", "quantity": 1}],
    )
    camera(t, "X", example.accounts["beta"], "ODD", local(BOG, 2026, 3, 5))
    run = bill(t, "2026-03", NOW)
    assert run.status == "failed" and "NOPRICE" in run.error
    assert not Invoice.objects.exists()
    from cambill.catalog.services import service_price_set

    service_price_set(
        actor=SYSTEM, service=svc, currency="USD", amount="0.10", valid_from=utc(2020, 1, 1).date()
    )
    run = bill(t, "2026-03", NOW)
    assert run.status == "completed" and run.error == ""
    assert Invoice.objects.count() == 3


def test_stale_draft_removed(example):
    from cambill.clouds.models import Camera
    from cambill.clouds.services import camera_change_tariff

    t = example.clouds["telenet"]
    bill(t, "2026-03", NOW)
    d = Camera.objects.get(code="D")
    # beta's only camera loses its tariff history for March: beta owes nothing.
    camera_change_tariff(actor=SYSTEM, camera=d, tariff=None, at=local(BOG, 2026, 1, 1))
    run = bill(t, "2026-03", NOW)
    assert run.accounts_total == 1
    assert not Invoice.objects.filter(account__code="beta").exists()


def test_tasks(example, frozen, settings):
    from cambill.invoicing.tasks import bill_previous_month

    settings.CAMBILL_BILL_RUN_GRACE_DAYS = 3
    # 3 April 2026 noon UTC: March ended 3 days ago minus 5 hours in Bogota -> not yet.
    assert bill_previous_month(utc(2026, 4, 3, 12)) == []
    done = bill_previous_month(utc(2026, 4, 4, 6))
    assert [(d["cloud"], d["period"], d["status"]) for d in done] == [
        ("othercloud", "2026-03", "completed"),
        ("telenet", "2026-03", "completed"),
    ]
    assert Invoice.objects.filter(cloud__slug="telenet", period="2026-03").count() == 3
    assert bill_previous_month(utc(2026, 4, 4, 7)) == []  # already billed


def test_cli(example):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("bill_run", cloud="telenet", period="2026-03", stdout=out)
    text = out.getvalue()
    assert "2/2 accounts" in text and "completed" in text and "3 invoices created" in text
    with pytest.raises(CommandError, match="period_not_closed"):
        call_command("bill_run", cloud="telenet", period="2026-04", stdout=StringIO())
    with pytest.raises(CommandError, match="No cloud"):
        call_command("bill_run", cloud="nope", period="2026-03", stdout=StringIO())
    out = StringIO()
    call_command(
        "bill_run", cloud="telenet", period="2026-03", now="2026-04-05T00:00:00+00:00", stdout=out
    )
    assert "3 regenerated" in out.getvalue()

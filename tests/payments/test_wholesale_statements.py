"""A statement of the provider's own bank account (issue #13, "Collect" and
point 4): its lines are matched against the wholesale invoices of every cloud
(by number, by a cloud's slug, then amount and payer = the cloud), with the
same suggestions and queue as a cloud's statement; re-importing changes nothing.

The wholesale invoice of the worked example: PRV-2026-000001, 10.10 USD, telenet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cambill.core.errors import DomainError, Forbidden, NotFound
from cambill.notifications.models import Message
from cambill.payments import ledger as L
from cambill.payments.models import BankImport, BankLine, BankSuggestion, LedgerLine, Payment
from cambill.payments.statements.selectors import (
    bank_import_list,
    bank_line_list,
    bank_suggestion_get,
)
from cambill.payments.statements.services import (
    bank_line_match,
    bank_statement_import,
    bank_suggestion_confirm,
    bank_suggestion_reject,
    provider_statement_import,
)

from .conftest import check_ledger

D = Decimal
FILE = Path(__file__).parent / "fixtures" / "camt053_provider_april.xml"


def _import(world: Any, user: str = "paccountant") -> BankImport:
    return provider_statement_import(
        actor=world.actor(user), content=FILE.read_bytes(), filename=FILE.name
    )


def _lines(imp: BankImport) -> list[tuple[str, str, str, str | None, str | None]]:
    return [
        (
            ln.entry_ref,
            str(ln.amount.quantize(D("0.01"))),
            ln.status,
            ln.invoice.number if ln.invoice else None,
            ln.payment.cloud.slug if ln.payment else None,
        )
        for ln in BankLine.objects.filter(bank_import=imp).order_by("id")
    ]


def _state() -> tuple[int, ...]:
    return (
        BankImport.objects.count(),
        BankLine.objects.count(),
        BankSuggestion.objects.count(),
        Payment.objects.count(),
        LedgerLine.objects.count(),
        Message.objects.count(),
    )


def test_provider_statement_pays_wholesale_invoices(billed: Any) -> None:
    w = billed.inv["wholesale"]
    assert (w.number, w.total) == ("PRV-2026-000001", D("10.10"))
    imp = _import(billed)
    assert (imp.kind, imp.cloud_id) == ("wholesale", None)
    assert _lines(imp) == [
        ("PRV20260414001", "10.10", "suggested", None, None),  # same amount, unknown payer
        ("PRV20260414002", "4.00", "matched", "PRV-2026-000001", "telenet"),  # number
        ("PRV20260414003", "6.10", "matched", "PRV-2026-000001", "telenet"),  # amount and payer
        ("PRV20260414004", "7.00", "matched", None, "telenet"),  # the cloud's slug: credit
        ("PRV20260414005", "12.34", "unmatched", None, None),
        ("PRV20260414006", "-1.00", "ignored", None, None),
        ("PRV20260414007", "10.10", "unmatched", None, None),  # EUR: not the invoice's USD
    ]
    assert (imp.lines_total, imp.lines_matched, imp.lines_unmatched) == (7, 3, 4)
    w.refresh_from_db()
    assert w.status == "paid"
    t = billed.clouds["telenet"]
    payments = Payment.objects.filter(cloud=t).order_by("id")
    assert [(p.kind, p.account_id, p.amount) for p in payments] == [
        ("wholesale", None, D("4.00")),
        ("wholesale", None, D("6.10")),
        ("wholesale", None, D("7.00")),
    ]
    assert L.code_balance(t.pk, L.PREPAID_PROVIDER) == D("7.00")
    assert L.cloud_balance_to_provider(t) == D("-7.00")
    # every line of the provider's statement stays the provider's (no cloud)
    assert set(BankLine.objects.filter(bank_import=imp).values_list("cloud", flat=True)) == {None}
    line = BankLine.objects.get(entry_ref="PRV20260414001")
    assert [(s.invoice.number, s.reason) for s in line.suggestions.all()] == [
        ("PRV-2026-000001", "amount")
    ]
    assert "USD" in BankLine.objects.get(entry_ref="PRV20260414007").note
    check_ledger(t)


def test_reimport_changes_nothing(billed: Any) -> None:
    first = _import(billed)
    before = _state()
    again = _import(billed)
    assert again.pk == first.pk and getattr(again, "already_imported", False)
    assert _state() == before
    # the same lines in another file (a different digest) are skipped line by line
    other = FILE.read_bytes().replace(b"PRV-CAMT053-20260414", b"PRV-CAMT053-20260414-B")
    imp = provider_statement_import(actor=billed.actor("padmin"), content=other)
    assert (imp.lines_total, imp.lines_skipped, imp.lines_matched) == (7, 7, 0)
    assert _state()[1:] == before[1:]


def test_confirm_and_reject_suggestions_and_match_by_hand(billed: Any) -> None:
    # a fresh statement where the suggestion comes before anything pays the invoice
    raw = FILE.read_bytes()
    start = raw.index(b"<Ntry>", raw.index(b"PRV20260414001"))
    only_first = raw[:start] + raw[raw.index(b"</Stmt>") :]
    imp = provider_statement_import(actor=billed.actor("paccountant"), content=only_first)
    assert imp.lines_total == 1
    actor = billed.actor("paccountant")
    line = BankLine.objects.get(entry_ref="PRV20260414001")
    s = bank_suggestion_get(actor=actor, cloud=None, pk=line.suggestions.get().pk)
    done = bank_suggestion_confirm(actor=actor, suggestion=s)
    assert (done.status, done.invoice.number, done.payment.amount, done.payment.kind) == (
        "matched",
        "PRV-2026-000001",
        D("10.1000"),
        "wholesale",
    )
    w = billed.inv["wholesale"]
    w.refresh_from_db()
    assert w.status == "paid"
    with pytest.raises(DomainError):
        bank_suggestion_confirm(actor=actor, suggestion=s)
    # the full statement then: its first line is skipped (already imported), the number
    # still names the (paid) invoice, nothing open is left for amount and payer
    _import(billed)
    queued = list(bank_line_list(actor=actor, cloud=None, queue=True))
    assert {ln.entry_ref for ln in queued} == {
        "PRV20260414003",
        "PRV20260414005",
        "PRV20260414007",
    }
    # a queued line matched by hand to a wholesale invoice; a retail one is refused
    late = BankLine.objects.get(entry_ref="PRV20260414005")
    with pytest.raises(DomainError):
        bank_line_match(actor=actor, line=late, invoice=billed.inv["acme"])
    done = bank_line_match(actor=actor, line=late, invoice=w)
    assert (done.status, done.payment.cloud.slug, done.payment.amount) == (
        "matched",
        "telenet",
        D("12.3400"),
    )


def test_reject_sends_the_line_back_to_the_queue(billed: Any) -> None:
    raw = FILE.read_bytes()
    start = raw.index(b"<Ntry>", raw.index(b"PRV20260414001"))
    imp = provider_statement_import(
        actor=billed.actor("padmin"), content=raw[:start] + raw[raw.index(b"</Stmt>") :]
    )
    s = BankSuggestion.objects.get(line__bank_import=imp)
    line = bank_suggestion_reject(actor=billed.actor("padmin"), suggestion=s)
    assert line.status == "unmatched"
    assert Payment.objects.count() == 0


def test_books_are_apart_and_only_provider_staff_reach_the_provider_book(billed: Any) -> None:
    for name in ("cadmin", "caccountant", "pmanager", "subscriber", "otheradmin"):
        with pytest.raises(Forbidden):
            _import(billed, name)
        with pytest.raises(Forbidden):
            bank_import_list(actor=billed.actor(name), cloud=None)
    assert BankImport.objects.count() == 0
    _import(billed)
    t = billed.clouds["telenet"]
    # the provider's statement is not among the cloud's, nor its lines or suggestions
    assert list(bank_import_list(actor=billed.actor("padmin"), cloud=t)) == []
    assert list(bank_line_list(actor=billed.actor("padmin"), cloud=t)) == []
    s = BankSuggestion.objects.get()
    with pytest.raises(NotFound):
        bank_suggestion_get(actor=billed.actor("padmin"), cloud=t, pk=s.pk)
    # a cloud's own statement still matches its retail invoices only
    retail = bank_statement_import(
        actor=billed.actor("caccountant"),
        cloud=t,
        content=FILE.read_bytes().replace(b"PRV-STMT", b"TN-STMT"),
    )
    assert retail.kind == "retail"
    assert not BankLine.objects.filter(bank_import=retail, invoice__kind="wholesale").exists()


CSV = (
    "date,amount,reference,description,payer,currency\n"
    "2026-04-14,4.00,,Invoice PRV-2026-000001,Telenet S.A.S.,\n"
    "2026-04-14,6.10,,,TELENET,USD\n"
    "2026-04-14,2.505,telenet,,,\n"
    "2026-04-15,9.99,,,Nobody,\n"
    "2026-04-15,-3.00,,Fee,,\n"
)


def test_a_csv_statement_of_the_provider_account(billed: Any) -> None:
    imp = provider_statement_import(
        actor=billed.actor("paccountant"), content=CSV, filename="x.csv"
    )
    assert (imp.format, imp.kind) == ("csv", "wholesale")
    rows = [
        (str(ln.amount.normalize()), ln.status, ln.invoice.number if ln.invoice else None, ln.note)
        for ln in BankLine.objects.filter(bank_import=imp).order_by("id")
    ]
    assert rows == [
        ("4", "matched", "PRV-2026-000001", ""),  # no currency: the invoice's
        ("6.1", "matched", "PRV-2026-000001", ""),
        ("2.505", "unmatched", None, "more than 2 decimal places"),  # telenet bills in USD
        ("9.99", "unmatched", None, "no invoice number, payer code, amount or payer found"),
        ("-3", "ignored", None, "not money received"),
    ]
    w = billed.inv["wholesale"]
    w.refresh_from_db()
    assert w.status == "paid"
    before = _state()
    again = provider_statement_import(actor=billed.actor("paccountant"), content=CSV)
    assert again.pk == imp.pk and _state() == before
    # an overlapping export: the lines already imported are skipped one by one
    more = CSV + "2026-04-16,1.00,telenet,,,USD\n"
    third = provider_statement_import(actor=billed.actor("paccountant"), content=more)
    assert (third.lines_total, third.lines_skipped, third.lines_matched) == (6, 5, 1)


def test_a_broken_csv_names_its_lines_and_writes_nothing(billed: Any) -> None:
    bad = "date,amount,reference,description\n2026-13-01,1.00,,\n2026-04-01,abc,,\n"
    with pytest.raises(DomainError) as exc:
        provider_statement_import(actor=billed.actor("padmin"), content=bad)
    assert [(e["line"], list(e["errors"])) for e in exc.value.fields["lines"]] == [
        (2, ["date"]),
        (3, ["amount"]),
    ]
    assert (BankImport.objects.count(), BankLine.objects.count(), Payment.objects.count()) == (
        0,
        0,
        0,
    )
    # a cloud's statement page still takes only camt.053 and MT940 (its CSV has its own import)
    with pytest.raises(DomainError):
        bank_statement_import(
            actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=CSV
        )

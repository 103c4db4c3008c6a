"""Bank statements (issue #13, point 4): camt.053.001.02 / .001.08 and MT940 files
imported and reconciled with the open invoices of the worked example (acme
TELENET-2026-000001 25.91, beta TELENET-2026-000002 3.57); suggestions confirmed
and rejected; the same statement imported again changes nothing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cambill.core.errors import DomainError
from cambill.core.models import AuditEntry
from cambill.payments import ledger as L
from cambill.payments.models import BankImport, BankLine, BankSuggestion, LedgerLine, Payment
from cambill.payments.statements.parse import parse_statements
from cambill.payments.statements.selectors import bank_line_list, bank_suggestion_get
from cambill.payments.statements.services import (
    bank_line_match,
    bank_statement_import,
    bank_suggestion_confirm,
    bank_suggestion_reject,
)

from .conftest import check_ledger

D = Decimal
FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _import(world: Any, name: str, user: str = "caccountant") -> BankImport:
    return bank_statement_import(
        actor=world.actor(user), cloud=world.clouds["telenet"], content=read(name), filename=name
    )


def _lines(imp: BankImport) -> list[tuple[str, str, str, str | None]]:
    return [
        (
            ln.entry_ref,
            str(ln.amount.quantize(D("0.01"))),
            ln.status,
            ln.invoice.number if ln.invoice else None,
        )
        for ln in BankLine.objects.filter(bank_import=imp).order_by("id")
    ]


def _state() -> tuple[int, int, int, int, int]:
    return (
        BankImport.objects.count(),
        BankLine.objects.count(),
        BankSuggestion.objects.count(),
        Payment.objects.count(),
        LedgerLine.objects.count(),
    )


def test_camt053_v02_matches_suggests_and_queues(billed: Any) -> None:
    imp = _import(billed, "camt053_v02_april.xml")
    assert (imp.format, imp.statement_ids) == (
        "camt053",
        "DE89370400440532013000:STMT-2026-04-10-001",
    )
    assert _lines(imp) == [
        ("2026040800001", "20.00", "matched", "TELENET-2026-000001"),  # number in the text
        ("2026040900002", "3.57", "matched", "TELENET-2026-000002"),  # amount and payer
        ("2026040900003", "5.91", "suggested", None),  # acme's open 5.91, unknown payer
        ("2026041000004", "50.00", "unmatched", None),
        ("2026041000005", "-2.50", "ignored", None),  # the bank's fee; PDNG entry not a line
    ]
    assert (imp.lines_total, imp.lines_matched, imp.lines_unmatched, imp.lines_skipped) == (
        5,
        2,
        3,
        0,
    )
    acme, beta = billed.inv["acme"], billed.inv["beta"]
    acme.refresh_from_db()
    beta.refresh_from_db()
    assert (acme.status, beta.status) == ("issued", "paid")
    assert L.account_balance(billed.accounts["acme"]) == D("5.91")
    line = BankLine.objects.get(entry_ref="2026040900003")
    assert [(s.invoice.number, s.reason) for s in line.suggestions.all()] == [
        ("TELENET-2026-000001", "amount")
    ]
    assert line.payer_name == "J. Smith"
    payment = BankLine.objects.get(entry_ref="2026040800001").payment
    assert (payment.amount, payment.method, payment.received_at.isoformat()) == (
        D("20.0000"),
        "bank_transfer",
        "2026-04-08T12:00:00+00:00",
    )
    check_ledger(billed.clouds["telenet"])


def test_confirm_a_suggestion_pays_the_invoice(billed: Any) -> None:
    _import(billed, "camt053_v02_april.xml")
    t = billed.clouds["telenet"]
    actor = billed.actor("caccountant")
    line = BankLine.objects.get(entry_ref="2026040900003")
    s = bank_suggestion_get(actor=actor, cloud=t, pk=line.suggestions.get().pk)
    done = bank_suggestion_confirm(actor=actor, suggestion=s)
    assert (done.status, done.invoice.number, done.payment.amount) == (
        "matched",
        "TELENET-2026-000001",
        D("5.91"),
    )
    acme = billed.inv["acme"]
    acme.refresh_from_db()
    assert acme.status == "paid" and L.account_balance(billed.accounts["acme"]) == 0
    assert AuditEntry.objects.filter(verb="bank_suggestion_confirm").count() == 1
    with pytest.raises(DomainError) as exc:  # decided once
        bank_suggestion_confirm(actor=actor, suggestion=s)
    assert exc.value.code == "invalid_state"
    assert [ln.entry_ref for ln in bank_line_list(actor=actor, cloud=t, queue=True)] == [
        "2026041000004"
    ]


def test_reject_leaves_the_line_in_the_queue_then_match_by_hand(billed: Any) -> None:
    _import(billed, "camt053_v02_april.xml")
    t = billed.clouds["telenet"]
    actor = billed.actor("cadmin")
    line = BankLine.objects.get(entry_ref="2026040900003")
    after = bank_suggestion_reject(actor=actor, suggestion=line.suggestions.get())
    assert (after.status, after.payment_id) == ("unmatched", None)
    queue = [ln.entry_ref for ln in bank_line_list(actor=actor, cloud=t, queue=True)]
    assert queue == ["2026041000004", "2026040900003"]
    done = bank_line_match(actor=actor, line=after, invoice=billed.inv["acme"])
    assert (done.status, done.payment.amount) == ("matched", D("5.91"))
    check_ledger(t)


def test_reimport_changes_nothing(billed: Any) -> None:
    first = _import(billed, "camt053_v02_april.xml")
    before = _state()
    audits = AuditEntry.objects.count()
    again = _import(billed, "camt053_v02_april.xml")
    assert again.pk == first.pk
    assert _state() == before and AuditEntry.objects.count() == audits


def test_camt053_v08_batch_and_overlap(billed: Any) -> None:
    imp = _import(billed, "camt053_v08_april.xml")
    assert _lines(imp) == [
        ("20260411-A-0001", "25.91", "matched", "TELENET-2026-000001"),  # amount and payer
        ("20260411-B-0002-1", "3.57", "matched", "TELENET-2026-000002"),  # structured reference
        ("20260411-B-0002-2", "1.00", "unmatched", None),
    ]
    for inv in billed.inv.values():
        inv.refresh_from_db()
    assert (billed.inv["acme"].status, billed.inv["beta"].status) == ("paid", "paid")
    # the same statement sent again inside another file (edited header): lines skipped
    raw = read("camt053_v08_april.xml").replace(b"CAMT053-20260411-0007", b"CAMT053-20260411-0008")
    before = _state()
    second = bank_statement_import(
        actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=raw
    )
    assert (second.lines_total, second.lines_skipped, second.lines_matched) == (3, 3, 0)
    assert _state()[1:] == before[1:]
    check_ledger(billed.clouds["telenet"])


def test_mt940(billed: Any) -> None:
    imp = _import(billed, "mt940_april.sta")
    assert imp.format == "mt940"
    assert _lines(imp) == [
        ("BR26040800001", "25.91", "matched", "TELENET-2026-000001"),
        ("BR26040900002", "3.57", "matched", "TELENET-2026-000002"),
        ("BR26040900003", "10.00", "unmatched", None),
        ("BR26041000004", "-2.50", "ignored", None),
    ]
    assert BankLine.objects.get(entry_ref="BR26040900002").payer_name == "BETA SHOPS"
    before = _state()
    assert _import(billed, "mt940_april.sta").pk == imp.pk and _state() == before
    check_ledger(billed.clouds["telenet"])


def test_two_open_invoices_of_one_amount_are_suggestions_not_a_guess(billed: Any) -> None:
    raw = (
        read("mt940_april.sta")
        .replace(b"C25,91NTRF", b"C3,57NTRF")
        .replace(b"/NAME/ACME LOGISTICS/REMI/INVOICE TELENET-2026-000001 MARCH", b"/NAME/X/REMI/Y")
    )
    # line 1: 3.57 from an unknown payer (only beta owes 3.57): a suggestion
    imp = bank_statement_import(
        actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=raw
    )
    assert _lines(imp)[0] == ("BR26040800001", "3.57", "suggested", None)
    # line 2: 3.57 from BETA SHOPS is beta's (amount and payer)
    assert _lines(imp)[1] == ("BR26040900002", "3.57", "matched", "TELENET-2026-000002")


def test_who_may_import_and_see(billed: Any) -> None:
    t = billed.clouds["telenet"]
    for user in ("subscriber", "agent", "amanager", "pmanager"):
        with pytest.raises(DomainError) as exc:
            _import(billed, "mt940_april.sta", user=user)
        assert exc.value.code == "forbidden", user
    with pytest.raises(DomainError) as exc:
        _import(billed, "mt940_april.sta", user="otheradmin")
    assert exc.value.code == "not_found"
    assert _state()[:4] == (0, 0, 0, 0)
    _import(billed, "mt940_april.sta", user="padmin")
    with pytest.raises(DomainError):
        bank_line_list(actor=billed.actor("otheradmin"), cloud=t)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "neither"),
        (
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'/>",
            "not an ISO 20022 camt.053",
        ),
        (b"<Document", "well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]>'
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'/>",
            "DOCTYPE",
        ),
    ],
)
def test_bad_files_are_refused_whole(billed: Any, content: bytes, message: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_statements(content)
    assert exc.value.code == "validation_error" and message in exc.value.message


def test_statement_in_another_currency_is_refused(billed: Any) -> None:
    raw = read("camt053_v02_april.xml").replace(b"<Ccy>USD</Ccy>", b"<Ccy>EUR</Ccy>")
    with pytest.raises(DomainError) as exc:
        bank_statement_import(
            actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=raw
        )
    assert exc.value.fields == {"file": [exc.value.message]}
    assert _state()[:4] == (0, 0, 0, 0)


def test_trailing_zeros_are_the_same_amount_and_a_third_decimal_is_not(billed: Any) -> None:
    """camt.053 allows five fraction digits: 3.5700 is 3.57 and pays beta's invoice;
    3.575 cannot be a USD amount and waits in the queue."""
    raw = (
        read("camt053_v08_april.xml")
        .replace(b'<Amt Ccy="USD">3.57</Amt>', b'<Amt Ccy="USD">3.5700</Amt>')
        .replace(b'<Amt Ccy="USD">1.00</Amt>', b'<Amt Ccy="USD">1.005</Amt>')
    )
    imp = bank_statement_import(
        actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=raw
    )
    assert _lines(imp)[1:] == [
        ("20260411-B-0002-1", "3.57", "matched", "TELENET-2026-000002"),
        ("20260411-B-0002-2", "1.00", "unmatched", None),
    ]
    assert BankLine.objects.get(entry_ref="20260411-B-0002-2").note == "more than 2 decimal places"
    billed.inv["beta"].refresh_from_db()
    assert billed.inv["beta"].status == "paid"

"""Bank statement import: matching, reporting, and never applying a line twice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cambill.core.errors import DomainError
from cambill.payments import ledger as L
from cambill.payments.bank import bank_import, bank_import_report
from cambill.payments.models import BankLine, LedgerLine, Payment

from .conftest import check_ledger

D = Decimal


def statement(world) -> str:  # type: ignore[no-untyped-def]
    acme_no = world.inv["acme"].number
    return (
        "date,amount,reference,description\n"
        f"2026-04-08,20.00,{acme_no},ACME LOGISTICS PAYMENT\n"
        f"2026-04-09,5.91,ACME,rest of {acme_no.lower()}\n"
        "2026-04-09,3.57,beta,Beta Shops\n"
        "2026-04-09,3.57,beta,Beta Shops\n"
        "2026-04-10,99.00,XYZ,unknown sender\n"
        "2026-04-10,-12.00,FEE,bank fee\n"
    )


def test_import_matches_reports_and_reimport_changes_nothing(billed) -> None:
    t = billed.clouds["telenet"]
    actor = billed.actor("caccountant")
    imp = bank_import(actor=actor, cloud=t, content=statement(billed), filename="april.csv")
    assert (imp.lines_total, imp.lines_matched, imp.lines_unmatched, imp.lines_skipped) == (
        6,
        4,
        2,
        0,
    )
    report = bank_import_report(imp)
    assert [m["invoice"] for m in report["matched"]] == [
        billed.inv["acme"].number,
        billed.inv["acme"].number,
        None,
        None,
    ]
    assert [m["account"] for m in report["matched"]] == ["acme", "acme", "beta", "beta"]
    assert [u["reference"] for u in report["unmatched"]] == ["XYZ", "FEE"]
    acme_inv, beta_inv = billed.inv["acme"], billed.inv["beta"]
    acme_inv.refresh_from_db()
    beta_inv.refresh_from_db()
    assert acme_inv.status == "paid" and beta_inv.status == "paid"
    # beta paid twice the same amount on the same day: two payments, 3.57 left as credit.
    assert L.account_balance(billed.accounts["beta"]) == D("-3.57")
    assert L.account_balance(billed.accounts["acme"]) == 0
    check_ledger(t)

    counts = (Payment.objects.count(), LedgerLine.objects.count(), BankLine.objects.count())
    again = bank_import(actor=actor, cloud=t, content=statement(billed), filename="april.csv")
    assert (again.lines_total, again.lines_matched, again.lines_skipped) == (6, 0, 6)
    assert (Payment.objects.count(), LedgerLine.objects.count(), BankLine.objects.count()) == counts


def test_overlapping_statement_imports_only_new_lines(billed) -> None:
    t = billed.clouds["telenet"]
    actor = billed.actor("caccountant")
    first = statement(billed).splitlines()
    bank_import(actor=actor, cloud=t, content="\n".join(first[:3]) + "\n")
    imp = bank_import(actor=actor, cloud=t, content=statement(billed))
    assert (imp.lines_matched, imp.lines_skipped) == (2, 2)


@pytest.mark.parametrize(
    "content",
    ["date,amount\n2026-04-01,1.00\n", "nonsense"],
)
def test_bad_files_are_refused(billed, content: str) -> None:
    with pytest.raises(DomainError):
        bank_import(
            actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=content
        )
    assert BankLine.objects.count() == 0


def test_bad_lines_are_unmatched_not_errors(billed) -> None:
    content = "date,amount,reference,description\n2026-13-01,1.00,acme,x\n2026-04-01,1.001,acme,x\n"
    imp = bank_import(
        actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=content
    )
    assert (imp.lines_matched, imp.lines_unmatched) == (0, 2)
    assert Payment.objects.count() == 0


def test_other_roles_cannot_import(billed) -> None:
    with pytest.raises(DomainError):
        bank_import(
            actor=billed.actor("otheradmin"),
            cloud=billed.clouds["telenet"],
            content=statement(billed),
        )
    with pytest.raises(DomainError):
        bank_import(
            actor=billed.actor("subscriber"),
            cloud=billed.clouds["telenet"],
            content=statement(billed),
        )


def test_a_statement_with_bom_and_capitalised_columns_imports(billed) -> None:
    """Excel's "CSV UTF-8" starts with a byte-order mark; banks capitalise headers."""
    content = (
        b"\xef\xbb\xbf"
        + statement(billed)
        .replace("date,amount,reference,description", "Date,Amount,Reference,Description,Balance")
        .encode()
    )
    imp = bank_import(
        actor=billed.actor("caccountant"), cloud=billed.clouds["telenet"], content=content
    )
    assert (imp.lines_total, imp.lines_matched, imp.lines_unmatched) == (6, 4, 2)


def test_a_refused_statement_names_each_line_and_column_over_the_api(billed) -> None:
    """One error shape for every CSV import (cambill.core.csvin); nothing is written."""
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(billed.users["caccountant"])
    url = "/api/v1/clouds/telenet/bank-imports"
    content = (
        "date,amount,reference,description\n"
        "2026-04-08,20.00,ACME,ok\n"
        '2026-04-08,lots,ACME,"two\nlines"\n'
        "2026-04-08,1.00,ACME,x,surplus\n"
    )
    resp = c.post(url, {"content": content, "filename": "s.csv"}, format="json")
    assert resp.status_code == 400, resp.content
    body = resp.json()
    assert body["code"] == "validation_error"
    assert body["fields"] == {
        "lines": [
            {
                "line": 3,
                "errors": {"amount": ["'lots' is not a number below 10^12 (digits 0-9, a dot)"]},
            },
            {
                "line": 5,
                "errors": {"row": ["The line has 1 value(s) more than the header has columns."]},
            },
        ]
    }
    assert body["message"].startswith("Nothing was imported: 2 line(s) are wrong. line 3: amount:")
    resp = c.post(url, {"content": "date;amount;reference;description\n"}, format="json")
    assert resp.status_code == 400
    assert resp.json()["fields"] == {
        "file": [
            "Columns needed: date, amount, reference, description; missing: date, amount, "
            "reference, description. Separate the values with commas."
        ]
    }
    assert BankLine.objects.count() == 0 and Payment.objects.count() == 0

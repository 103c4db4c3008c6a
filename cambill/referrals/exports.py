"""Statement exports: CSV, XLSX (through :mod:`cambill.core.tabular`) and PDF
(WeasyPrint), and the CSV of due payouts. All built from a :class:`~.selectors.Statement`, which already
holds only what its reader may see (no downline subscriber appears in it).

Statements speak the reader's language: labels through gettext, amounts and
dates through babel for that locale (the PDF prints "1.234,50 USD" and
"10 de abril de 2026" in Spanish, through the one money formatter). The due-payouts CSV is a file for the
bank run and keeps fixed English column names.
"""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cambill.core import languages, tabular
from cambill.core.money import format_money

from .selectors import DuePayout, Statement


def _account_head() -> list[str]:
    return [
        _("Account"),
        _("Name"),
        _("Invoice"),
        _("Cameras"),
        _("Camera-days"),
        _("Invoiced (net)"),
        _("Paid (net)"),
        _("Commission"),
        _("Clawbacks"),
    ]


def statement_rows(st: Statement, lang: str | None = None) -> list[list[Any]]:
    """The statement as rows of cells (shared by CSV and XLSX), labelled in
    ``lang`` (default: the active language). Amounts stay plain decimals with
    a dot so a spreadsheet or a script reads them whatever the language."""
    with _language(lang):
        return _rows(st)


def _rows(st: Statement) -> list[list[Any]]:
    a = st.agent
    cur = st.currency

    def m(v: Decimal) -> tabular.Money | None:
        """An amount as a money cell: exact, in the currency's minor unit."""
        return tabular.money(v, cur)

    rows: list[list[Any]] = [
        [_("Commission statement"), a.code, a.name, st.period, st.currency],
        [],
        [_("Your accounts")],
        _account_head(),
    ]
    for r in st.accounts:
        rows.append(
            [
                r.code,
                r.name,
                r.invoice,
                r.cameras,
                r.camera_days,
                m(r.invoiced),
                m(r.paid),
                m(r.commission),
                m(r.clawbacks),
            ]
        )
    rows += [
        [],
        [_("Commission by level")],
        [_("Level"), _("Base (net)"), _("Commission"), _("Clawbacks")],
    ]
    rows += [[lv.level, m(lv.base), m(lv.commission), m(lv.clawbacks)] for lv in st.levels]
    rows += [
        [],
        [_("From the downline (totals per agent)")],
        [_("Agent"), _("Name"), _("Level"), _("Base (net)"), _("Commission"), _("Clawbacks")],
    ]
    rows += [
        [d.code, d.name, d.level, m(d.base), m(d.commission), m(d.clawbacks)] for d in st.downline
    ]
    rows += [
        [],
        [_("Totals")],
        [_("Commission"), m(st.commission)],
        [_("Clawbacks"), m(st.clawbacks)],
        [_("Period net"), m(st.net)],
        [_("Carried from earlier periods"), m(st.carried)],
        [_("Total due"), m(st.total_due)],
        [_("Paid out"), m(st.payout.amount if st.payout else Decimal(0))],
        [_("Paid on"), st.payout.paid_on.isoformat() if st.payout else ""],
        [_("Payment reference"), st.payout.reference if st.payout else ""],
        [_("Outstanding"), m(st.outstanding)],
    ]
    return rows


def _language(lang: str | None) -> Any:
    """Render in ``lang`` when given (an API client's own language), else in
    the language already active (the page's)."""
    return translation.override(lang) if lang else contextlib.nullcontext()


def _csv(rows: list[list[Any]]) -> str:
    """Rows that carry their own headings (no header line); text a spreadsheet
    would run is neutralised and money written exactly (:mod:`cambill.core.tabular`)."""
    return "".join(tabular.csv_lines(None, rows))


def statement_csv(st: Statement, lang: str | None = None) -> str:
    return _csv(statement_rows(st, lang))


def statement_xlsx(st: Statement, lang: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with _language(lang):
        wb = Workbook()
        wb.remove(wb.active)
        # Sheet titles allow 31 characters and no "/" or ":".
        title = _("Statement")  # outside the f-string, where makemessages finds it
        ws = tabular.xlsx_sheet(wb, None, f"{title} {st.period}")
        bold = Font(bold=True)
        for row in _rows(st):
            # Amounts are numeric cells with the currency's places, so the sheet sums;
            # names are text, never formulas.
            tabular.xlsx_write_row(ws, row)
            if row and len(row) == 1:
                ws.cell(row=ws.max_row, column=1).font = bold
        for col, width in zip("ABCDEFGHI", (22, 30, 18, 10, 12, 14, 14, 14, 14), strict=True):
            ws.column_dimensions[col].width = width
        return tabular.xlsx_save(wb)


def _locale() -> str:
    return languages.babel_locale(translation.get_language())


def statement_html(st: Statement, lang: str | None = None) -> str:
    """The statement as HTML for WeasyPrint, labels in ``lang`` (default: the
    active language), amounts and dates formatted for it by babel."""
    with _language(lang):
        return _html(st)


def _html(st: Statement) -> str:
    cur = st.currency
    loc = _locale()

    def m(v: Decimal) -> str:
        return format_money(v, cur, loc)

    def day(d: date) -> str:
        return format_date(d, format="long", locale=loc)

    y, mo = (int(x) for x in st.period.split("-"))
    month = format_date(date(y, mo, 1), "LLLL y", locale=loc)
    payout = st.payout
    return render_to_string(
        "referrals/statement_pdf.html",
        {
            "lang": loc.replace("_", "-"),
            "st": st,
            "cloud": st.agent.cloud,
            "month": month,
            "paid_on": day(payout.paid_on) if payout else "",
            "accounts": [
                {
                    **r.__dict__,
                    "camera_days": format_decimal(r.camera_days, locale=loc),
                    "invoiced": m(r.invoiced),
                    "paid": m(r.paid),
                    "commission": m(r.commission),
                    "clawbacks": m(r.clawbacks),
                }
                for r in st.accounts
            ],
            "levels": [
                {
                    "level": lv.level,
                    "base": m(lv.base),
                    "commission": m(lv.commission),
                    "clawbacks": m(lv.clawbacks),
                }
                for lv in st.levels
            ],
            "downline": [
                {
                    "code": d.code,
                    "name": d.name,
                    "level": d.level,
                    "base": m(d.base),
                    "commission": m(d.commission),
                    "clawbacks": m(d.clawbacks),
                }
                for d in st.downline
            ],
            "totals": [
                (_("Commission"), m(st.commission), False),
                (_("Clawbacks"), m(st.clawbacks), False),
                (_("Period net"), m(st.net), False),
                (_("Carried from earlier periods"), m(st.carried), False),
                (_("Total due"), m(st.total_due), True),
                (_("Paid out"), m(payout.amount) if payout else m(Decimal(0)), False),
                (_("Outstanding"), m(st.outstanding), False),
            ],
        },
    )


def statement_pdf(st: Statement, lang: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=statement_html(st, lang)).write_pdf()  # type: ignore[no-any-return]


def statement_filename(st: Statement, ext: str) -> str:
    return f"statement-{st.agent.code}-{st.period}.{ext}"


def due_payouts_csv(rows: list[DuePayout]) -> str:
    out: list[list[Any]] = [["agent", "name", "email", "period", "currency", "amount"]]
    out += [
        [
            r.agent.code,
            r.agent.name,
            r.agent.email,
            r.period,
            r.currency,
            tabular.money(r.amount, r.currency),
        ]
        for r in rows
    ]
    return _csv(out)

"""Statement exports: CSV, XLSX (openpyxl) and PDF (WeasyPrint), and the CSV of
due payouts. All built from a :class:`~.selectors.Statement`, which already
holds only what its reader may see (no downline subscriber appears in it)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from cambill.core.money import format_money

from .selectors import DuePayout, Statement

ACCOUNT_HEAD = [
    "account",
    "name",
    "invoice",
    "cameras",
    "camera_days",
    "invoiced_net",
    "paid_net",
    "commission",
    "clawbacks",
]


def statement_rows(st: Statement) -> list[list[Any]]:
    """The statement as rows of cells (shared by CSV and XLSX)."""
    a = st.agent
    rows: list[list[Any]] = [
        ["statement", a.code, a.name, st.period, st.currency],
        [],
        ["accounts"],
        ACCOUNT_HEAD,
    ]
    for r in st.accounts:
        rows.append(
            [
                r.code,
                r.name,
                r.invoice,
                r.cameras,
                r.camera_days,
                r.invoiced,
                r.paid,
                r.commission,
                r.clawbacks,
            ]
        )
    rows += [[], ["commission by level"], ["level", "base", "commission", "clawbacks"]]
    rows += [[lv.level, lv.base, lv.commission, lv.clawbacks] for lv in st.levels]
    rows += [[], ["downline"], ["agent", "name", "level", "base", "commission", "clawbacks"]]
    rows += [[d.code, d.name, d.level, d.base, d.commission, d.clawbacks] for d in st.downline]
    rows += [
        [],
        ["totals"],
        ["commission", st.commission],
        ["clawbacks", st.clawbacks],
        ["period net", st.net],
        ["carried from earlier periods", st.carried],
        ["total due", st.total_due],
        ["paid", st.payout.amount if st.payout else Decimal(0)],
        ["paid on", st.payout.paid_on.isoformat() if st.payout else ""],
        ["reference", st.payout.reference if st.payout else ""],
        ["outstanding", st.outstanding],
    ]
    return rows


def _csv(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else str(v) for v in row])
    return buf.getvalue()


def statement_csv(st: Statement) -> str:
    return _csv(statement_rows(st))


def statement_xlsx(st: Statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"Statement {st.period}"
    bold = Font(bold=True)
    for row in statement_rows(st):
        # Decimals become numbers, so the sheet sums; the currency is in row 1.
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
        if row and len(row) == 1:
            ws.cell(row=ws.max_row, column=1).font = bold
    for col, width in zip("ABCDEFGHI", (22, 30, 18, 10, 12, 14, 14, 14, 14), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def statement_html(st: Statement) -> str:
    cur = st.currency

    def m(v: Decimal) -> str:
        return format_money(v, cur)

    return render_to_string(
        "referrals/statement_pdf.html",
        {
            "st": st,
            "cloud": st.agent.cloud,
            "m": m,
            "accounts": [
                {
                    **r.__dict__,
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
                ("Commission", m(st.commission)),
                ("Clawbacks", m(st.clawbacks)),
                ("Period net", m(st.net)),
                ("Carried from earlier periods", m(st.carried)),
                ("Total due", m(st.total_due)),
                ("Paid", m(st.payout.amount) if st.payout else m(Decimal(0))),
                ("Outstanding", m(st.outstanding)),
            ],
        },
    )


def statement_pdf(st: Statement) -> bytes:
    from weasyprint import HTML

    return HTML(string=statement_html(st)).write_pdf()  # type: ignore[no-any-return]


def statement_filename(st: Statement, ext: str) -> str:
    return f"statement-{st.agent.code}-{st.period}.{ext}"


def due_payouts_csv(rows: list[DuePayout]) -> str:
    out: list[list[Any]] = [["agent", "name", "email", "period", "currency", "amount"]]
    out += [
        [r.agent.code, r.agent.name, r.agent.email, r.period, r.currency, r.amount] for r in rows
    ]
    return _csv(out)

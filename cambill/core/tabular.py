"""Rows of plain values to CSV and XLSX, safely: the one module every tabular export
goes through (list pages, usage and bill-run reports, commission statements, due
payouts, the gateway charges file).

Values keep their types until the last moment:

* money is a :class:`Money` cell (amount and currency, made by :func:`money`): written
  exactly in the currency's ISO 4217 minor unit, in CSV as the plain decimal
  (``-10.00``, ``1.235``, ``500``: never float, never ``3E+1``, no thousands
  separator), in XLSX as a numeric cell whose number format has the currency's
  places (``#,##0.00``);
* another ``Decimal`` (a quantity, a rate) is a number too, written plainly in CSV
  and numeric in XLSX with as many places as it has;
* an instant is ISO 8601 in the zone it is given in, a date ISO.

Numbers use "." whatever the user's language, so a file reads back the same
everywhere; only the headers and labels are translated.

Spreadsheet formula injection: a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be run as a formula by Excel or LibreOffice
when the file is opened (an account called ``=HYPERLINK(...)``). Such text is
prefixed with an apostrophe, the OWASP advice, in CSV and XLSX alike, and an XLSX
text cell is always stored as text, never as a formula. Numbers are never prefixed
(a negative amount stays a number); text that merely looks like a number
(``"-10.00"``) is text and is neutralised.

Size: CSV is streamed (rows are produced as they are written, the queryset read in
chunks), so it has no limit; XLSX answered on the spot is built in memory (openpyxl)
and is refused above ``XLSX_MAX_ROWS`` rows (setting ``CAMBILL_EXPORT_XLSX_MAX_ROWS``),
with a message to narrow the filter or use CSV; a background export writes XLSX in
openpyxl's write-only mode (:func:`xlsx_stream`), row by row, with no limit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any
from zoneinfo import ZoneInfo

from .money import minor_units, money_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The characters a worksheet cannot hold (openpyxl refuses them).
XLSX_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
XLSX_MAX_ROWS_DEFAULT = 100_000
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MEDIA_TYPE = "application/pdf"
# Excel only reads a CSV as UTF-8 (accents of Spanish names) when it starts with a BOM.
UTF8_BOM = "\ufeff"


def xlsx_max_rows() -> int:
    from django.conf import settings

    return int(getattr(settings, "CAMBILL_EXPORT_XLSX_MAX_ROWS", XLSX_MAX_ROWS_DEFAULT))


def safe_text(text: str) -> str:
    """``text`` that a spreadsheet shows as text, never evaluates."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True, slots=True)
class Money:
    """A money cell of an export: an amount and its currency, written exactly in the
    currency's ISO 4217 minor unit (:func:`~cambill.core.money.money_text`)."""

    amount: Decimal
    currency: str


def money(amount: Decimal | None, currency: str) -> Money | None:
    """A money cell (None stays an empty cell)."""
    return None if amount is None else Money(Decimal(amount), currency)


def plain(value: Any, tz: ZoneInfo | None = None) -> Any:
    """One cell: numbers stay numbers (money rounded to its minor unit), times become
    ISO text, text is made safe."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Money):
        return Decimal(money_text(value.amount, value.currency))
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        # Money never is a float; a stray float (a chart ratio) is written as its
        # shortest exact text so nothing prints 0.30000000000000004.
        return Decimal(repr(value))
    if isinstance(value, datetime):
        if value.tzinfo is not None and tz is not None:
            value = value.astimezone(tz)
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return safe_text(str(value))


def csv_cell(value: Any) -> str:
    """A value already made :func:`plain` as CSV text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def csv_text(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    tz: ZoneInfo | None = None,
    *,
    lineterminator: str = "\r\n",
) -> str:
    """The whole CSV as one string (small reports)."""
    return "".join(csv_lines(header, rows, tz, lineterminator=lineterminator))


def csv_lines(
    header: Sequence[Any] | None,
    rows: Iterable[Sequence[Any]],
    tz: ZoneInfo | None = None,
    *,
    lineterminator: str = "\r\n",
) -> Iterator[str]:
    """CSV one line at a time, for a streaming response (``header`` None: no header
    line, for a file whose rows carry their own headings)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=lineterminator)

    def line(values: Iterable[Any]) -> str:
        writer.writerow([csv_cell(plain(v, tz)) for v in values])
        out = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return out

    if header is not None:
        yield line(str(h) for h in header)
    for row in rows:
        yield line(row)


def number_format(value: Any) -> str | None:
    """The XLSX number format of a cell: money shows its currency's places, another
    Decimal as many places as it has; None for the default."""
    if isinstance(value, Money):
        places = minor_units(value.currency)
    elif isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    else:
        return None
    return "#,##0" + ("." + "0" * places if places else "")


def xlsx_write_row(ws: Any, values: Sequence[Any], tz: ZoneInfo | None = None) -> None:
    """Append one row to an openpyxl worksheet: text stored as text (never a
    formula), numbers as numeric cells with their number format."""
    ws.append([None] * len(values) if values else [])
    r = ws.max_row
    for i, value in enumerate(values, start=1):
        cell_value = plain(value, tz)
        if cell_value is None:
            continue
        cell = ws.cell(row=r, column=i)
        if isinstance(cell_value, str):
            # Control characters are not allowed in a sheet; the text is stored as
            # text even when it reads like an error code ("#N/A").
            cell.value = safe_text(XLSX_ILLEGAL.sub("", cell_value))[:32767]
            cell.data_type = "s"
        else:
            cell.value = cell_value
            fmt = number_format(value if isinstance(value, Money) else cell_value)
            if fmt is not None:
                cell.number_format = fmt


def xlsx_sheet(
    wb: Any, header: Sequence[Any] | None, title: str = "", index: int | None = None
) -> Any:
    """A new sheet (or the workbook's first, when it is still untitled and empty)
    with a bold, frozen header row."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(sheet_title(title), index)
    if header is not None:
        xlsx_write_row(ws, [str(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    return ws


def xlsx_bytes(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    tz: ZoneInfo | None = None,
) -> bytes:
    """One sheet with a bold, frozen header row."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    ws = xlsx_sheet(wb, header, title)
    for row in rows:
        xlsx_write_row(ws, row, tz)
    return xlsx_save(wb)


def xlsx_cells(ws: Any, values: Sequence[Any], tz: ZoneInfo | None = None) -> list[Any]:
    """One row of a write-only worksheet, cell by cell as :func:`xlsx_write_row`
    writes them: text stored as text, numbers numeric with their number format."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for value in values:
        cell_value = plain(value, tz)
        if cell_value is None:
            cells.append(None)
            continue
        if isinstance(cell_value, str):
            cell = WriteOnlyCell(ws, value=safe_text(XLSX_ILLEGAL.sub("", cell_value))[:32767])
            cell.data_type = "s"
        else:
            cell = WriteOnlyCell(ws, value=cell_value)
            fmt = number_format(value if isinstance(value, Money) else cell_value)
            if fmt is not None:
                cell.number_format = fmt
        cells.append(cell)
    return cells


def xlsx_stream(
    out: IO[bytes],
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    tz: ZoneInfo | None = None,
) -> None:
    """As :func:`xlsx_bytes`, written to ``out`` in openpyxl's write-only mode:
    each row goes to the sheet's temporary file as it comes, so memory stays
    flat whatever the number of rows (background exports of whole clouds)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    head = xlsx_cells(ws, [str(h) for h in header])
    for cell in head:
        if cell is not None:
            cell.font = bold
    ws.append(head)
    for row in rows:
        ws.append(xlsx_cells(ws, row, tz))
    wb.save(out)


def xlsx_save(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sheet_title(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(title)).strip("'")
    return cleaned[:31] or "Export"


def export_filename(name: str, fmt: str, day: date, scope: str = "") -> str:
    """``invoices-telenet-2026-04-05.csv``: what, whose, when."""
    from django.utils.text import slugify

    parts = [slugify(name) or "export"]
    if scope:
        parts.append(slugify(scope))
    parts.append(day.isoformat())
    return "-".join(parts) + "." + fmt


__all__ = [
    "CSV_MEDIA_TYPE",
    "PDF_MEDIA_TYPE",
    "UTF8_BOM",
    "XLSX_MEDIA_TYPE",
    "Money",
    "csv_cell",
    "csv_lines",
    "csv_text",
    "export_filename",
    "money",
    "number_format",
    "plain",
    "safe_text",
    "sheet_title",
    "xlsx_bytes",
    "xlsx_cells",
    "xlsx_max_rows",
    "xlsx_save",
    "xlsx_sheet",
    "xlsx_stream",
    "xlsx_write_row",
]

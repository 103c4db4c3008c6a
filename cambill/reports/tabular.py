"""Rows of plain values to CSV and XLSX, safely, for every list and report.

Values keep their types until the last moment: a ``Decimal`` is a number (in
CSV written plainly, ``1234.5``, never in exponent form or with a thousands
separator; in XLSX a numeric cell), an instant is ISO 8601 in the zone it is
given in, a date ISO. Numbers use "." whatever the user's language, so a file
reads back the same everywhere; only the headers and labels are translated.

Spreadsheet formula injection: a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return would be run as a formula by Excel or
LibreOffice when the file is opened (an account called ``=HYPERLINK(...)``).
Such text is prefixed with an apostrophe, the OWASP advice, in CSV and XLSX
alike. Numbers are never prefixed (a negative amount stays a number).

Size: CSV is streamed (rows are produced as they are written, the queryset
read in chunks), so it has no limit; XLSX is built in memory (openpyxl through
tablib) and is refused above ``XLSX_MAX_ROWS`` rows (setting
``CAMBILL_EXPORT_XLSX_MAX_ROWS``), with a message to narrow the filter or use CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def plain(value: Any, tz: ZoneInfo | None = None) -> Any:
    """One cell: numbers stay numbers, times become ISO text, text is made safe."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        if value.tzinfo is not None and tz is not None:
            value = value.astimezone(tz)
        return value.isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return safe_text(str(value))


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def csv_text(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], tz: ZoneInfo | None = None
) -> str:
    """The whole CSV as one string (small reports)."""
    return "".join(csv_lines(header, rows, tz))


def csv_lines(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], tz: ZoneInfo | None = None
) -> Iterator[str]:
    """CSV one line at a time, for a streaming response."""
    buf = io.StringIO()
    writer = csv.writer(buf)

    def line(values: Iterable[Any]) -> str:
        writer.writerow([csv_cell(plain(v, tz)) for v in values])
        out = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return out

    yield line(str(h) for h in header)
    for row in rows:
        yield line(row)


def xlsx_bytes(
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    tz: ZoneInfo | None = None,
) -> bytes:
    """One sheet with a bold, frozen header row (tablib over openpyxl)."""
    from tablib import Dataset

    data = Dataset(title=sheet_title(title))
    data.headers = [safe_text(str(h)) for h in header]
    for row in rows:
        data.append([plain(v, tz) for v in row])
    return data.export("xlsx")  # type: ignore[no-any-return]


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

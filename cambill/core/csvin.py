"""Reading CSV files that come from outside: one reader for every import.

The usage upload, the bank statement, the gateway results and the Flussonic
Agent intake all read their files through :func:`read`, so one rule holds
everywhere:

* the bytes are UTF-8, with or without a byte-order mark (what Excel writes as
  "CSV UTF-8"); anything else is refused as a whole (no guessing of legacy code
  pages: a wrongly guessed encoding would store wrong names silently);
* no NUL characters (PostgreSQL cannot store them) and no field over
  :data:`MAX_FIELD` characters (the csv module's own limit);
* the first line is the header: column names are trimmed and matched to the
  importer's known columns without regard to case; a missing required column,
  a column named twice, or (where the importer says so) an unknown column
  refuses the file;
* rows come with the line number where they start in the file (the header is
  line 1; a quoted value spanning lines counts them all), blank rows are
  skipped, and a row with more values than the header has columns is an error
  of its line;
* every refusal is one :class:`CSVError`: a ``validation_error`` whose fields
  are ``{"file": [reason]}`` for the file as a whole, or ``{"lines": [{"line":
  3, "errors": {"<column>": [reason]}}]}`` for its lines (``"row"`` names a
  problem of the whole line). The importer collects the problems of its
  lines in :class:`LineErrors`, checks every line before it writes anything,
  and raises once, so nothing of a refused file is stored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _

from .errors import DomainError, ErrorCode

# The csv module's field limit (its default, 128 KB): a longer value is an error of its line.
MAX_FIELD = csv.field_size_limit()
# Lines named in the message of a refused file (all of them are in ``fields``).
LINES_IN_MESSAGE = 10
# The key of a problem that belongs to the whole line rather than to one column.
ROW = "row"


class CSVError(DomainError):
    """A refused file: ``fields`` is ``{"file": [...]}`` or ``{"lines": [...]}``."""

    def __init__(
        self,
        message: str,
        *,
        file: Sequence[str] = (),
        lines: Sequence[dict[str, Any]] = (),
    ) -> None:
        fields: dict[str, Any] = {}
        if file:
            fields["file"] = [str(m) for m in file]
        if lines:
            fields["lines"] = list(lines)
        super().__init__(ErrorCode.VALIDATION, message, fields)

    @property
    def lines(self) -> list[dict[str, Any]]:
        return list(self.fields.get("lines", []))


def file_error(message: str) -> CSVError:
    """The file as a whole is refused (encoding, header, size...)."""
    return CSVError(message, file=[message])


@dataclass
class LineErrors:
    """The problems of a file's lines, by line and column, in the order found."""

    by_line: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    where: str = "line"

    def add(self, line: int, column: str, message: str) -> None:
        self.by_line.setdefault(line, {}).setdefault(column or ROW, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.by_line)

    def __len__(self) -> int:
        return len(self.by_line)

    def as_list(self) -> list[dict[str, Any]]:
        return [{self.where: n, "errors": errs} for n, errs in sorted(self.by_line.items())]

    def error(self) -> CSVError:
        shown = []
        for n, errs in sorted(self.by_line.items())[:LINES_IN_MESSAGE]:
            reasons = ", ".join(
                m.rstrip(".") if column == ROW else f"{column}: {m.rstrip('.')}"
                for column, messages in errs.items()
                for m in messages
            )
            shown.append(f"{self.where} {n}: {reasons}")
        more = len(self.by_line) - LINES_IN_MESSAGE
        message = _("Nothing was imported: %(count)s line(s) are wrong. %(lines)s") % {
            "count": len(self.by_line),
            "lines": "; ".join(shown),
        }
        if more > 0:
            message += "; " + _("and %(count)s more.") % {"count": more}
        else:
            message += "."
        if self.where == "line":
            return CSVError(message, lines=self.as_list())
        err = CSVError(message)
        err.fields = {f"{self.where}s": self.as_list()}
        return err

    def raise_if_any(self) -> None:
        if self.by_line:
            raise self.error()


@dataclass(frozen=True)
class Row:
    """One row: its line in the file (where it starts) and its cells by column."""

    line: int
    cells: dict[str, str]
    # Values beyond the header's columns (the row is an error when there are any).
    extra: int = 0

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)


@dataclass
class Table:
    """The checked header and the rows, read lazily (a bad row raises when reached)."""

    header: list[str]
    rows: Iterator[Row]


def decode(data: str | bytes) -> str:
    """The text of an upload: UTF-8 with or without a byte-order mark."""
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise file_error(
                _(
                    "The file is not UTF-8 text (byte %(position)s); save it as "
                    '"CSV UTF-8" and upload it again.'
                )
                % {"position": exc.start + 1}
            ) from None
    text = data.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise file_error(
            _("The file contains a NUL character (line %(line)s); it is not CSV text.")
            % {"line": line}
        )
    return text


def read(
    data: str | bytes,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    unknown: Literal["ignore", "keep", "error"] = "ignore",
    max_rows: int | None = None,
) -> Table:
    """Read ``data`` as CSV with a header line; see the module docstring.

    ``unknown`` says what a column that is neither required nor optional does:
    ``ignore`` drops it, ``keep`` passes it through under its trimmed name (the
    usage upload's value columns), ``error`` refuses the file. Header problems
    and undecodable files raise :class:`CSVError` here; a row the csv module
    cannot read raises it while iterating, naming the line.
    """
    text = decode(data)
    known = {c.lower(): c for c in (*required, *optional)}
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        raw_header = next(reader)
    except StopIteration:
        raise file_error(_("The file is empty; the first line names the columns.")) from None
    except csv.Error as exc:
        raise _unreadable(1, exc) from None
    header: list[str] = []
    seen: set[str] = set()
    twice: list[str] = []
    strange: list[str] = []
    for name in (h.strip() for h in raw_header):
        column = known.get(name.lower(), name)
        if column in seen and column:
            twice.append(column)
        seen.add(column)
        if column and column not in known.values() and unknown == "error":
            strange.append(column)
        header.append(column)
    missing = [c for c in required if c not in seen]
    if missing:
        hint = ""
        if len(raw_header) == 1 and (";" in raw_header[0] or "\t" in raw_header[0]):
            hint = " " + _("Separate the values with commas.")
        raise file_error(
            _("Columns needed: %(needed)s; missing: %(missing)s.")
            % {"needed": ", ".join(required), "missing": ", ".join(missing)}
            + hint
        )
    if twice:
        raise file_error(
            _("The column %(columns)s appears twice in the header.")
            % {"columns": ", ".join(sorted(set(twice)))}
        )
    if strange:
        raise file_error(
            _("Unknown column(s) %(columns)s; the columns are %(known)s.")
            % {"columns": ", ".join(strange), "known": ", ".join(known.values())}
        )
    keep = [i for i, c in enumerate(header) if c and (c in known.values() or unknown == "keep")]
    return Table(header=[header[i] for i in keep], rows=_rows(reader, header, keep, max_rows))


def _unreadable(line: int, exc: Exception) -> CSVError:
    message = _("The CSV cannot be read (line %(line)s: %(error)s); nothing was imported.") % {
        "line": line,
        "error": exc,
    }
    return CSVError(message, lines=[{"line": line, "errors": {ROW: [str(exc)]}}])


def _rows(reader: Any, header: list[str], keep: list[int], max_rows: int | None) -> Iterator[Row]:
    count = 0
    width = len(header)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # a field over MAX_FIELD, a stray quote
            raise _unreadable(start, exc) from None
        if not any(cell.strip() for cell in record):
            continue  # a blank line is no row
        count += 1
        if max_rows is not None and count > max_rows:
            raise file_error(
                _("The file has more than %(count)s rows; split it.") % {"count": max_rows}
            )
        cells = {header[i]: (record[i].strip() if i < len(record) else "") for i in keep}
        yield Row(line=start, cells=cells, extra=max(len(record) - width, 0))


def rows_checked(table: Table, errors: LineErrors) -> Iterator[Row]:
    """The table's rows that have no more values than the header has columns
    (the others are noted in ``errors``)."""
    for row in table.rows:
        if row.extra:
            errors.add(
                row.line,
                ROW,
                _("The line has %(extra)s value(s) more than the header has columns.")
                % {"extra": row.extra},
            )
            continue
        yield row

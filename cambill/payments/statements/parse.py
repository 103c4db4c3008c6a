"""Bank statements read into plain values: one :class:`Statement` per statement
in the file, one :class:`Entry` per booked movement (a batch booking with
several transaction details becomes one entry per transaction).

Two formats, detected from the content: ISO 20022 camt.053 (XML, read by
:mod:`.camt053` with lxml, see docs/decisions/0017-camt053-with-lxml.md) and
SWIFT MT940 (read by the ``mt-940`` library in :mod:`.mt940_reader`); for the
provider's own account also a plain CSV (:mod:`.csv_reader`; a cloud's CSV
goes through :mod:`cambill.payments.bank`). A file that is
neither, or that breaks its format, is refused whole with one
``validation_error`` on ``file``: nothing of it is imported.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cambill.core.errors import validation

from . import camt053, csv_reader, mt940_reader
from .types import Entry, Statement, StatementError

__all__ = ["Entry", "Statement", "StatementError", "parse_statements"]

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 20000


def parse_statements(content: bytes | str, *, csv: bool = False) -> list[Statement]:
    """The statements in ``content`` (camt.053 or MT940, detected; with ``csv``,
    anything else is read as a CSV statement, :mod:`.csv_reader`)."""
    raw = content.encode() if isinstance(content, str) else bytes(content)
    if len(raw) > MAX_BYTES:
        raise validation("file", _("The file is larger than 5 MB."))
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    try:
        if head.startswith(b"<"):
            statements = camt053.parse(raw)
        elif b":20:" in raw[:2000] and (b":61:" in raw or b":62" in raw):
            statements = mt940_reader.parse(raw)
        elif csv:
            statements = csv_reader.parse(raw, MAX_ENTRIES)
        else:
            raise StatementError(
                _("This is neither an ISO 20022 camt.053 statement nor a SWIFT MT940 statement.")
            )
    except StatementError as exc:
        raise validation("file", str(exc)) from None
    if not statements:
        raise validation("file", _("The file holds no statement."))
    if sum(len(s.entries) for s in statements) > MAX_ENTRIES:
        raise validation(
            "file", _("More than %(n)s entries: split the statement.") % {"n": MAX_ENTRIES}
        )
    return statements

"""Bank statements read into plain values: one :class:`Statement` per statement
in the file, one :class:`Entry` per booked movement (a batch booking with
several transaction details becomes one entry per transaction).

Two formats, detected from the content: ISO 20022 camt.053 (XML, read by
:mod:`.camt053` with lxml, see docs/decisions/0017-camt053-with-lxml.md) and
SWIFT MT940 (read by the ``mt-940`` library in :mod:`.mt940_reader`). A file that is
neither, or that breaks its format, is refused whole with one
``validation_error`` on ``file``: nothing of it is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cambill.core.errors import validation

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 20000


@dataclass(frozen=True, slots=True)
class Entry:
    """One movement on the account. ``amount`` is signed: money received is
    positive, money going out negative. ``ref`` is the bank's own reference of
    the movement (camt ``AcctSvcrRef``/``NtryRef``, MT940 bank reference);
    with the statement id it identifies the line for ever, so a statement
    imported again changes nothing."""

    ref: str
    booking_date: date
    amount: Decimal
    currency: str
    payer_name: str = ""
    payer_iban: str = ""
    reference: str = ""  # structured creditor reference or end-to-end id
    remittance: str = ""  # free text: unstructured remittance information


@dataclass(frozen=True, slots=True)
class Statement:
    format: str  # camt053 | mt940
    statement_id: str
    account: str  # IBAN or other account id
    currency: str
    entries: tuple[Entry, ...]


class StatementError(ValueError):
    """The file is not a statement this module reads (message for the user)."""


def parse_statements(content: bytes | str) -> list[Statement]:
    """The statements in ``content`` (camt.053 or MT940, detected)."""
    from . import camt053, mt940_reader

    raw = content.encode() if isinstance(content, str) else bytes(content)
    if len(raw) > MAX_BYTES:
        raise validation("file", "The file is larger than 5 MB.")
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    try:
        if head.startswith(b"<"):
            statements = camt053.parse(raw)
        elif b":20:" in raw[:2000] and (b":61:" in raw or b":62" in raw):
            statements = mt940_reader.parse(raw)
        else:
            raise StatementError(
                "This is neither an ISO 20022 camt.053 statement nor a SWIFT MT940 statement."
            )
    except StatementError as exc:
        raise validation("file", str(exc)) from None
    if not statements:
        raise validation("file", "The file holds no statement.")
    if sum(len(s.entries) for s in statements) > MAX_ENTRIES:
        raise validation("file", f"More than {MAX_ENTRIES} entries: split the statement.")
    return statements

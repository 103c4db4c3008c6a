"""The shapes a bank statement is read into (camt.053 and MT940 alike)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


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

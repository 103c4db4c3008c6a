"""A plain CSV statement of the provider's bank account (wholesale).

The columns of a cloud's CSV import (:mod:`cambill.payments.bank`): ``date``
(``YYYY-MM-DD``), ``amount`` (a dot for decimals; money going out negative),
``reference``, ``description``; and, because the provider's account receives
money from every cloud, optional ``payer`` (the name on the transfer, matched
against the clouds' names) and ``currency`` (ISO 4217; empty: the currency of
the invoice the line names). Read by :mod:`cambill.core.csvin`; a line that
is no statement line refuses the whole file, naming each bad line.

A line's reference for ever is a hash of its fields: with its occurrence in
the file it identifies the line, so the same lines imported again (the same
file, or an overlapping export) change nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.utils.translation import gettext as _

from cambill.core import csvin
from cambill.core.validation import parse_decimal

from .types import Entry, Statement

COLUMNS = ["date", "amount", "reference", "description"]
OPTIONAL = ["payer", "currency"]
MAX_AMOUNT = 10**12


def parse(raw: bytes, max_rows: int) -> list[Statement]:
    table = csvin.read(raw, required=COLUMNS, optional=OPTIONAL, max_rows=max_rows)
    errors = csvin.LineErrors()
    entries: list[Entry] = []
    for row in csvin.rows_checked(table, errors):
        amount = parse_decimal(row["amount"].replace(",", ""))
        if amount is None or abs(amount) >= MAX_AMOUNT:
            errors.add(
                row.line,
                "amount",
                _("%(value)r is not a number below 10^12 (digits 0-9, a dot)")
                % {"value": row["amount"][:40]},
            )
            continue
        try:
            booked = date.fromisoformat(row["date"])
        except ValueError:
            errors.add(row.line, "date", _("Give the date as YYYY-MM-DD."))
            continue
        fields = [row[c] for c in (*COLUMNS, *OPTIONAL)]
        ref = hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:40]
        entries.append(
            Entry(
                ref=ref,
                booking_date=booked,
                amount=amount,
                currency=row["currency"].upper()[:3],
                payer_name=row["payer"],
                reference=row["reference"],
                remittance=row["description"],
            )
        )
    errors.raise_if_any()
    return [
        Statement(format="csv", statement_id="csv", account="", currency="", entries=tuple(entries))
    ]

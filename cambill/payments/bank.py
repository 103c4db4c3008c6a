"""Bank statement import.

The file is CSV with a header row and the columns ``date, amount, reference,
description`` (other columns are ignored):

* ``date``: ``YYYY-MM-DD`` (the booking day; the payment is dated at noon UTC);
* ``amount``: money received, a dot as decimal separator (``25.91``); lines
  with zero or negative amounts (money going out) are listed as unmatched;
  a bad date or more places than the currency has leaves the line unmatched;
  an amount that is no number (not ASCII digits, not finite, 10^12 or more)
  refuses the whole file, by line;
* ``reference`` / ``description``: free text. A line matches an invoice when an
  issued retail invoice number of the cloud appears in either (``TN-2026-000123``),
  else an account when the reference equals an account code.

A matched line becomes a payment applied to that invoice (the rest oldest
first, then credit). Each line has a key, the hash of its four fields and its
occurrence number in the file (two identical lines on one day are two
payments); the key is unique per cloud, so importing the same file again, or
an overlapping statement, changes nothing for lines already imported.

The file is read by :mod:`cambill.core.csvin` (UTF-8 with or without BOM,
column names in any case, a refused file is one ``validation_error`` naming
each bad line).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, Cloud
from cambill.core import clock, csvin
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.money import minor_units
from cambill.core.permissions import require
from cambill.core.validation import parse_decimal
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from .models import BankImport, BankLine, PaymentMethod

COLUMNS = ["date", "amount", "reference", "description"]
MAX_LINES = 20000


def line_key(d: str, amount: str, reference: str, description: str, occurrence: int) -> str:
    raw = "\x1f".join([d, amount, reference, description, str(occurrence)])
    return hashlib.sha256(raw.encode()).hexdigest()


def _parse(content: str | bytes) -> list[dict[str, str]]:
    """The statement's lines (:mod:`cambill.core.csvin`), each checked: an
    amount that is no number at all refuses the whole file, by line (the file
    is not a statement in the documented format). A bad date or more places
    than the currency has only leaves the line unmatched, with a note."""
    table = csvin.read(content, required=COLUMNS, unknown="ignore", max_rows=MAX_LINES)
    errors = csvin.LineErrors()
    rows = []
    for row in csvin.rows_checked(table, errors):
        if _number(row["amount"]) is None:
            errors.add(
                row.line,
                "amount",
                gettext("%(value)r is not a number below 10^12 (digits 0-9, a dot)")
                % {"value": row["amount"][:40]},
            )
        rows.append({c: row[c] for c in COLUMNS})
    errors.raise_if_any()
    return rows


# Far beyond any bank transfer; also keeps the stored decimal within its column.
_MAX_AMOUNT = Decimal(10) ** 12


def _number(text: str) -> Decimal | None:
    """The line's amount as a number (``1,234.50`` allowed), or None when it is
    no number a bank writes: ASCII digits and a dot only, finite, below 10^12."""
    amount = parse_decimal(text.replace(",", ""))
    if amount is None or abs(amount) >= _MAX_AMOUNT:
        return None
    return amount


def _match(
    cloud: Cloud, numbers: dict[str, Invoice], codes: dict[str, Account], row: dict[str, str]
) -> tuple[Invoice | None, Account | None]:
    text = f"{row['reference']} {row['description']}".upper()
    for token in re.findall(r"[A-Z0-9][A-Z0-9\-/._]*[A-Z0-9]", text):
        inv = numbers.get(token)
        if inv is not None:
            return inv, inv.account
    acc = codes.get(row["reference"].lower())
    return None, acc


@transaction.atomic
def bank_import(
    *,
    actor: Actor,
    cloud: Cloud,
    content: str | bytes,
    filename: str = "",
    now: datetime | None = None,
) -> BankImport:
    """Import a statement; see the module docstring for the format and matching."""
    from .services import payment_record

    require(actor, "payment.manage", cloud)
    now = clock.given(now)
    rows = _parse(content)
    imp = BankImport.objects.create(
        cloud=cloud, filename=filename[:200], imported_at=now, created_by=actor.user
    )
    numbers = {
        inv.number.upper(): inv
        for inv in Invoice.objects.filter(
            cloud=cloud, kind=InvoiceKind.RETAIL, number__isnull=False
        ).select_related("account")
        if inv.number
    }
    codes = {a.code.lower(): a for a in Account.objects.filter(cloud=cloud)}
    seen: Counter[tuple[str, ...]] = Counter()
    places = minor_units(cloud.currency)
    for row in rows:
        ident = (row["date"], row["amount"], row["reference"], row["description"])
        seen[ident] += 1
        key = line_key(*ident, seen[ident])
        imp.lines_total += 1
        if BankLine.objects.filter(cloud=cloud, key=key).exists():
            imp.lines_skipped += 1
            continue
        note = ""
        try:
            day = date.fromisoformat(row["date"])
        except ValueError:
            day, note = None, f"bad date {row['date']!r}"
        amount = _number(row["amount"])  # a number: checked by _parse
        assert amount is not None
        if amount.as_tuple().exponent < -places:  # type: ignore[operator]
            amount, note = Decimal(0), note or f"bad amount {row['amount']!r}"
        inv, acc = _match(cloud, numbers, codes, row) if not note else (None, None)
        if not note and amount <= 0:
            note = "not money received"
        elif not note and acc is None:
            note = "no invoice number or account code found"
        elif inv is not None and inv.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
            note, inv, acc = f"invoice {inv.number} is {inv.status}", None, None
        payment = None
        if not note and acc is not None:
            payment = payment_record(
                actor=actor,
                cloud=cloud,
                account=acc,
                amount=amount,
                received_at=datetime.combine(day, time(12), tzinfo=UTC),  # type: ignore[arg-type]
                method=PaymentMethod.BANK_TRANSFER,
                reference=(row["reference"] or row["description"])[:200],
                invoices=[inv] if inv is not None and inv.status == InvoiceStatus.ISSUED else None,
                external_id=f"bank:{key}",
                now=now,
            )
        try:
            with transaction.atomic():
                BankLine.objects.create(
                    cloud=cloud,
                    bank_import=imp,
                    key=key,
                    date=day or now.date(),
                    amount=amount,
                    reference=row["reference"][:200],
                    description=row["description"][:500],
                    status="matched" if payment is not None else "unmatched",
                    note=note[:300],
                    invoice=inv,
                    account=acc if payment is not None else None,
                    payment=payment,
                )
        except IntegrityError:
            # The same line imported at this very moment by another upload: its
            # payment (same external id) was returned, not made again.
            imp.lines_skipped += 1
            continue
        if payment is not None:
            imp.lines_matched += 1
        else:
            imp.lines_unmatched += 1
    imp.save()
    audit(
        actor=actor,
        verb="bank_import",
        obj=imp,
        after={
            "filename": filename,
            "total": imp.lines_total,
            "matched": imp.lines_matched,
            "unmatched": imp.lines_unmatched,
            "skipped": imp.lines_skipped,
        },
        now=now,
    )
    return imp


def bank_import_report(imp: BankImport) -> dict[str, Any]:
    lines = list(imp.lines.select_related("invoice", "account"))
    return {
        "id": imp.pk,
        "filename": imp.filename,
        "total": imp.lines_total,
        "matched": [_line(x) for x in lines if x.status == "matched"],
        "unmatched": [_line(x) for x in lines if x.status == "unmatched"],
        "skipped": imp.lines_skipped,
    }


def _line(x: BankLine) -> dict[str, Any]:
    return {
        "date": x.date.isoformat(),
        "amount": str(x.amount),
        "reference": x.reference,
        "description": x.description,
        "invoice": x.invoice.number if x.invoice else None,
        "account": x.account.code if x.account else None,
        "payment": x.payment_id,
        "note": x.note,
    }

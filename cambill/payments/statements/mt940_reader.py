"""SWIFT MT940 statements, read by the ``mt-940`` library (maintained on PyPI).

The statement id is ``:20:`` (transaction reference), ``:25:`` (account) and
``:28C:`` (statement/sequence number); an entry's reference is the bank
reference of its ``:61:`` line (after ``//``), else the customer reference,
else its position in the statement. The payer's name and the remittance text
come from ``:86:`` when the bank writes it in the common ``/NAME/.../REMI/...``
or German ``?32``/``?20`` sub-field layouts; otherwise ``:86:`` is kept whole as
remittance text (matching looks for an invoice number in it anyway).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .types import Entry, Statement, StatementError


def _details(text: str) -> tuple[str, str, str]:
    """(payer name, payer IBAN, remittance) from a :86: text."""
    text = text.replace("\r", "").replace("\n", "")
    if text.startswith("/") and "/" in text[1:]:
        parts = text.split("/")
        fields: dict[str, str] = {}
        key = None
        for part in parts[1:]:
            if key is None:
                key = part
            else:
                fields[key] = part
                key = None
        name = fields.get("NAME", "")
        iban = fields.get("IBAN", "")
        remi = fields.get("REMI", "") or text
        if fields.get("EREF") and fields["EREF"] != "NOTPROVIDED":
            remi = f"{remi} {fields['EREF']}"
        return name.strip(), iban.strip(), remi.strip()
    if "?" in text:
        sub = dict(re.findall(r"\?(\d\d)([^?]*)", text))
        name = (sub.get("32", "") + sub.get("33", "")).strip()
        iban = sub.get("31", "").strip()
        remi = "".join(sub.get(str(k), "") for k in range(20, 30)).strip()
        return name, iban, remi or text
    return "", "", text.strip()


def _plain(d: date) -> date:
    return date(d.year, d.month, d.day)  # the library's Date subclass, as a date


def parse(raw: bytes) -> list[Statement]:
    import mt940 as lib

    try:
        blocks = lib.parse_statements(raw)
    except Exception as exc:  # the library raises many kinds on a broken file
        raise StatementError(
            _("Not a readable MT940 statement: %(error)s") % {"error": str(exc)[:200]}
        ) from None
    out = []
    for block in blocks:
        data: dict[str, Any] = block.data
        ref20 = str(data.get("transaction_reference") or "")
        if not ref20:
            raise StatementError(_("An MT940 statement without its :20: reference."))
        number = f"{data.get('statement_number') or ''}/{data.get('sequence_number') or ''}"
        account = str(data.get("account_identification") or "")
        balance = data.get("final_opening_balance") or data.get("final_closing_balance")
        currency = str(getattr(getattr(balance, "amount", None), "currency", "") or "")
        entries = []
        for i, tx in enumerate(block, start=1):
            t = tx.data
            amount = getattr(t.get("amount"), "amount", None)
            if not isinstance(amount, Decimal) or t.get("date") is None:
                raise StatementError(
                    _("MT940 entry %(n)s of %(ref)s has no amount or date.")
                    % {"n": i, "ref": ref20}
                )
            name, iban, remi = _details(str(t.get("transaction_details") or ""))
            bank_ref = str(t.get("bank_reference") or "")
            cust_ref = str(t.get("customer_reference") or "")
            ref = bank_ref or (cust_ref if cust_ref != "NONREF" else "") or f"#{i}"
            entries.append(
                Entry(
                    ref=ref,
                    booking_date=_plain(t.get("entry_date") or t["date"]),
                    amount=amount,
                    currency=str(t.get("currency") or currency),
                    payer_name=name,
                    payer_iban=iban,
                    reference=cust_ref if cust_ref != "NONREF" else "",
                    remittance=remi,
                )
            )
        out.append(
            Statement(
                format="mt940",
                statement_id=f"{account}:{ref20}:{number}",
                account=account,
                currency=currency,
                entries=tuple(entries),
            )
        )
    return out

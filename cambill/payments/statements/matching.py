"""Which open invoice a statement line pays (issue #13, point 4).

In this order, the first rule that decides wins:

1. **number or reference**: an issued (or paid) retail invoice number of the
   cloud appears in the line's reference or remittance text, or the
   structured reference equals an account code: the payment is recorded at
   once, applied to that invoice (or to the account's oldest open invoices);
2. **amount and payer**: exactly one open invoice whose open amount equals
   the line's amount and whose account is the payer (the payer's name equals
   the account's name, legal name or the invoice's customer name, ignoring
   case, spaces and punctuation): recorded at once, applied to that invoice;
3. **suggestions**: otherwise the open invoices of the same amount and those
   of the payer's accounts, best first (amount and payer, then amount, then
   payer; oldest due first), at most :data:`MAX_SUGGESTIONS`, for a person to
   confirm or reject. A line with none stays unmatched in the queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cambill.clouds.models import Account, Cloud
from cambill.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

MAX_SUGGESTIONS = 5
_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9\-/._]*[A-Z0-9]")
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def normalise_name(name: str) -> str:
    return _NOT_ALNUM.sub("", (name or "").casefold())


@dataclass
class Decision:
    """What the rules decided for one line: ``invoice``/``account`` to record a
    payment for, or ``suggestions`` (invoice, reason), or neither."""

    invoice: Invoice | None = None
    account: Account | None = None
    suggestions: list[tuple[Invoice, str]] | None = None
    note: str = ""


class Matcher:
    """The cloud's invoices and accounts loaded once per import; open amounts
    are refreshed after each payment the import records."""

    def __init__(self, cloud: Cloud) -> None:
        from cambill.payments.services import invoice_open_amount

        self._open_amount = invoice_open_amount
        invoices = list(
            Invoice.objects.filter(
                cloud=cloud, kind=InvoiceKind.RETAIL, number__isnull=False
            ).select_related("account")
        )
        self.numbers = {inv.number.upper(): inv for inv in invoices if inv.number}
        self.codes = {a.code.lower(): a for a in Account.objects.filter(cloud=cloud)}
        self.open: dict[int, Decimal] = {
            inv.pk: invoice_open_amount(inv)
            for inv in invoices
            if inv.status == InvoiceStatus.ISSUED
        }
        self.by_pk = {inv.pk: inv for inv in invoices}
        self.names: dict[int, set[str]] = {}
        for inv in invoices:
            acc = inv.account
            if acc is None:
                continue
            names = self.names.setdefault(acc.pk, set())
            names |= {normalise_name(n) for n in (acc.name, acc.legal_name, inv.customer_name)}
            names.discard("")

    def refresh(self, invoice: Invoice) -> None:
        invoice.refresh_from_db()
        if invoice.status == InvoiceStatus.ISSUED:
            self.open[invoice.pk] = self._open_amount(invoice)
        else:
            self.open.pop(invoice.pk, None)

    def decide(self, *, amount: Decimal, payer: str, reference: str, text: str) -> Decision:
        found = self._by_number(f"{reference} {text}")
        if found is not None:
            if found.status in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
                return Decision(invoice=found, account=found.account)
            return Decision(note=f"invoice {found.number} is {found.status}")
        acc = self.codes.get(reference.strip().lower()) if reference.strip() else None
        if acc is not None:
            return Decision(account=acc)
        payer_key = normalise_name(payer)
        candidates: list[tuple[int, Any, Invoice, str]] = []
        for pk, open_amount in self.open.items():
            if open_amount <= 0:
                continue
            inv = self.by_pk[pk]
            same_amount = open_amount == amount
            same_payer = bool(payer_key) and payer_key in self.names.get(inv.account_id or 0, ())
            if same_amount and same_payer:
                candidates.append((0, inv.due_at, inv, "amount_and_payer"))
            elif same_amount:
                candidates.append((1, inv.due_at, inv, "amount"))
            elif same_payer:
                candidates.append((2, inv.due_at, inv, "payer"))
        candidates.sort(key=lambda c: (c[0], c[1] is None, c[1], c[2].pk))
        best = [c for c in candidates if c[0] == 0]
        if len(best) == 1:
            return Decision(invoice=best[0][2], account=best[0][2].account)
        if candidates:
            return Decision(suggestions=[(c[2], c[3]) for c in candidates[:MAX_SUGGESTIONS]])
        return Decision(note="no invoice number, account code, amount or payer found")

    def _by_number(self, text: str) -> Invoice | None:
        for token in _TOKEN.findall(text.upper()):
            inv = self.numbers.get(token)
            if inv is not None:
                return inv
        return None

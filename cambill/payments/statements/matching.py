"""Which open invoice a statement line pays (issue #13, point 4).

The same rules for a cloud's statement (its retail invoices; the payer is an
account) and for the provider's (``kind`` ``wholesale``: the wholesale
invoices of every cloud; the payer is a cloud). In this order, the first rule
that decides wins:

1. **number or reference**: an issued (or paid) invoice number of the book
   appears in the line's reference or remittance text, or the structured
   reference equals a payer's code (an account code; a cloud's slug): the
   payment is recorded at once, applied to that invoice (or to the payer's
   oldest open invoices);
2. **amount and payer**: exactly one open invoice whose open amount equals
   the line's amount and whose payer is the line's (the payer's name equals
   the account's or cloud's name, legal name or the invoice's customer name,
   ignoring case, spaces and punctuation): recorded at once, applied to it;
3. **suggestions**: otherwise the open invoices of the same amount and those
   of the payer, best first (amount and payer, then amount, then payer;
   oldest due first), at most :data:`MAX_SUGGESTIONS`, for a person to
   confirm or reject. A line with none stays unmatched in the queue.

A line in another currency than an invoice never pays it.
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
    """What the rules decided for one line: ``invoice``/``payer`` to record a
    payment for (``payer``: the account of a retail invoice, the cloud of a
    wholesale one), or ``suggestions`` (invoice, reason), or neither."""

    invoice: Invoice | None = None
    payer: Account | Cloud | None = None
    suggestions: list[tuple[Invoice, str]] | None = None
    note: str = ""


def payer_of(invoice: Invoice) -> Account | Cloud | None:
    """Who pays an invoice: its account (retail) or its cloud (wholesale)."""
    return invoice.account if invoice.kind == InvoiceKind.RETAIL else invoice.cloud


class Matcher:
    """The book's invoices and payers loaded once per import; open amounts are
    refreshed after each payment the import records. ``cloud`` given: that
    cloud's retail invoices; ``None`` with ``kind`` ``wholesale``: the
    provider's invoices to every cloud."""

    def __init__(self, cloud: Cloud | None, kind: str = InvoiceKind.RETAIL) -> None:
        from cambill.payments.services import invoice_open_amount

        self._open_amount = invoice_open_amount
        self.kind = kind
        invoices_qs = Invoice.objects.filter(kind=kind, number__isnull=False)
        if kind == InvoiceKind.RETAIL:
            invoices = list(invoices_qs.filter(cloud=cloud).select_related("account"))
            payers: list[Any] = list(Account.objects.filter(cloud=cloud))
            self.codes = {a.code.lower(): a for a in payers}
        else:
            invoices = list(invoices_qs.select_related("cloud"))
            payers = list(Cloud.objects.all())
            self.codes = {c.slug.lower(): c for c in payers}
        self.numbers = {inv.number.upper(): inv for inv in invoices if inv.number}
        self.open: dict[int, Decimal] = {
            inv.pk: invoice_open_amount(inv)
            for inv in invoices
            if inv.status == InvoiceStatus.ISSUED
        }
        self.by_pk = {inv.pk: inv for inv in invoices}
        self.names: dict[int, set[str]] = {}
        for inv in invoices:
            payer = payer_of(inv)
            if payer is None:
                continue
            names = self.names.setdefault(payer.pk, set())
            names |= {normalise_name(n) for n in (payer.name, payer.legal_name, inv.customer_name)}
            names.discard("")

    def _payer_id(self, inv: Invoice) -> int:
        return (inv.account_id if self.kind == InvoiceKind.RETAIL else inv.cloud_id) or 0

    def refresh(self, invoice: Invoice) -> None:
        invoice.refresh_from_db()
        if invoice.status == InvoiceStatus.ISSUED:
            self.open[invoice.pk] = self._open_amount(invoice)
        else:
            self.open.pop(invoice.pk, None)

    def decide(
        self, *, amount: Decimal, payer: str, reference: str, text: str, currency: str = ""
    ) -> Decision:
        found = self._by_number(f"{reference} {text}")
        if found is not None:
            if currency and found.currency != currency:
                return Decision(note=f"invoice {found.number} is in {found.currency}")
            if found.status in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
                return Decision(invoice=found, payer=payer_of(found))
            return Decision(note=f"invoice {found.number} is {found.status}")
        code = self.codes.get(reference.strip().lower()) if reference.strip() else None
        if code is not None:
            return Decision(payer=code)
        payer_key = normalise_name(payer)
        candidates: list[tuple[int, Any, Invoice, str]] = []
        for pk, open_amount in self.open.items():
            if open_amount <= 0:
                continue
            inv = self.by_pk[pk]
            if currency and inv.currency != currency:
                continue
            same_amount = open_amount == amount
            same_payer = bool(payer_key) and payer_key in self.names.get(self._payer_id(inv), ())
            if same_amount and same_payer:
                candidates.append((0, inv.due_at, inv, "amount_and_payer"))
            elif same_amount:
                candidates.append((1, inv.due_at, inv, "amount"))
            elif same_payer:
                candidates.append((2, inv.due_at, inv, "payer"))
        candidates.sort(key=lambda c: (c[0], c[1] is None, c[1], c[2].pk))
        best = [c for c in candidates if c[0] == 0]
        if len(best) == 1:
            return Decision(invoice=best[0][2], payer=payer_of(best[0][2]))
        if candidates:
            return Decision(suggestions=[(c[2], c[3]) for c in candidates[:MAX_SUGGESTIONS]])
        return Decision(note="no invoice number, payer code, amount or payer found")

    def _by_number(self, text: str) -> Invoice | None:
        for token in _TOKEN.findall(text.upper()):
            inv = self.numbers.get(token)
            if inv is not None:
                return inv
        return None

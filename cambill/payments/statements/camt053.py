"""ISO 20022 camt.053 (bank-to-customer statement), read with lxml.

No maintained, widely used camt.053 parser exists on PyPI (see
docs/decisions/0017-camt053-with-lxml.md), so this reads the XML itself. The
paths used are the same in every version from camt.053.001.02 to .001.08 and
later; where versions differ (``Sts`` a code or ``Sts/Cd``; the debtor's name
in ``Dbtr/Nm`` or ``Dbtr/Pty/Nm``; an amount per transaction in
``AmtDtls/TxAmt/Amt`` or ``Amt``) both are read. Elements are looked up by
local name inside the message's own namespace, which must be a camt.053 one.

Only booked entries (``Sts`` ``BOOK``) are statement lines; pending or
information-only ones are skipped. A reversal (``RvslInd`` true) flips the
sign. The file is parsed without DTDs, entities or network access: a file
with a DOCTYPE is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .types import Entry, Statement, StatementError

NS_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."


class _Doc:
    def __init__(self, ns: str) -> None:
        self.ns = ns

    def q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{p}" for p in path.split("/"))

    def find(self, el: Any, *paths: str) -> Any:
        for path in paths:
            found = el.find(self.q(path))
            if found is not None:
                return found
        return None

    def text(self, el: Any, *paths: str) -> str:
        found = self.find(el, *paths)
        return (found.text or "").strip() if found is not None else ""

    def all(self, el: Any, path: str) -> list[Any]:
        return list(el.findall(self.q(path)))


def _amount(el: Any, where: str) -> tuple[Decimal, str]:
    if el is None:
        raise StatementError(_("%(where)s: no amount.") % {"where": where})
    try:
        value = Decimal((el.text or "").strip())
    except InvalidOperation:
        raise StatementError(
            _("%(where)s: '%(text)s' is not an amount.") % {"where": where, "text": el.text}
        ) from None
    if not value.is_finite() or value < 0 or value >= Decimal(10) ** 12:
        raise StatementError(
            _("%(where)s: '%(text)s' is not an amount.") % {"where": where, "text": el.text}
        )
    return value, el.get("Ccy", "")


def _date(doc: _Doc, el: Any, where: str) -> date:
    text = doc.text(el, "Dt") or doc.text(el, "DtTm")[:10] if el is not None else ""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise StatementError(
            _("%(where)s: '%(text)s' is not a date.") % {"where": where, "text": text}
        ) from None


def _party(doc: _Doc, tx: Any) -> tuple[str, str]:
    if tx is None:
        return "", ""
    name = doc.text(tx, "RltdPties/Dbtr/Nm", "RltdPties/Dbtr/Pty/Nm")
    iban = doc.text(tx, "RltdPties/DbtrAcct/Id/IBAN")
    return name, iban


def _remittance(doc: _Doc, tx: Any, entry: Any) -> tuple[str, str]:
    """(structured reference or end-to-end id, free text)."""
    texts: list[str] = []
    ref = ""
    if tx is not None:
        texts += [(u.text or "").strip() for u in doc.all(tx, "RmtInf/Ustrd")]
        for strd in doc.all(tx, "RmtInf/Strd"):
            ref = ref or doc.text(strd, "CdtrRefInf/Ref")
            texts += [(r.text or "").strip() for r in doc.all(strd, "RfrdDocInf/Nb")]
        e2e = doc.text(tx, "Refs/EndToEndId")
        if not ref and e2e and e2e.upper() != "NOTPROVIDED":
            ref = e2e
    texts.append(doc.text(entry, "AddtlNtryInf"))
    return ref, " ".join(t for t in texts if t)


def _entries(doc: _Doc, stmt: Any, sid: str) -> list[Entry]:
    out: list[Entry] = []
    for n, ntry in enumerate(doc.all(stmt, "Ntry"), start=1):
        where = _("statement %(id)s, entry %(n)s") % {"id": sid, "n": n}
        status = doc.text(ntry, "Sts/Cd") or doc.text(ntry, "Sts")
        if status and status != "BOOK":
            continue
        amount, ccy = _amount(doc.find(ntry, "Amt"), where)
        ind = doc.text(ntry, "CdtDbtInd")
        if ind not in ("CRDT", "DBIT"):
            raise StatementError(_("%(where)s: CdtDbtInd must be CRDT or DBIT.") % {"where": where})
        sign = 1 if ind == "CRDT" else -1
        if doc.text(ntry, "RvslInd").lower() == "true":
            sign = -sign
        booked = _date(doc, doc.find(ntry, "BookgDt"), where)
        ref = doc.text(ntry, "AcctSvcrRef") or doc.text(ntry, "NtryRef") or f"#{n}"
        txs = doc.all(ntry, "NtryDtls/TxDtls")
        amounts = [doc.find(tx, "AmtDtls/TxAmt/Amt", "Amt") for tx in txs]
        if len(txs) > 1 and all(a is not None for a in amounts):
            # A batch booking: one line per transaction, each with its own payer.
            for i, (tx, amt) in enumerate(zip(txs, amounts, strict=True), start=1):
                value, tx_ccy = _amount(amt, f"{where}, transaction {i}")
                name, iban = _party(doc, tx)
                reference, text = _remittance(doc, tx, ntry)
                tx_ref = doc.text(tx, "Refs/AcctSvcrRef") or f"{ref}/{i}"
                out.append(
                    Entry(tx_ref, booked, sign * value, tx_ccy or ccy, name, iban, reference, text)
                )
            continue
        tx = txs[0] if txs else None
        name, iban = _party(doc, tx)
        reference, text = _remittance(doc, tx, ntry)
        out.append(Entry(ref, booked, sign * amount, ccy, name, iban, reference, text))
    return out


def parse(raw: bytes) -> list[Statement]:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise StatementError(
            _("Not well-formed XML: %(error)s") % {"error": str(exc)[:200]}
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise StatementError(_("A statement with a DOCTYPE is refused."))
    ns = etree.QName(root).namespace or ""
    if etree.QName(root).localname != "Document" or not ns.startswith(NS_PREFIX):
        raise StatementError(
            _(
                "This XML is not an ISO 20022 camt.053 statement (urn:iso:std:iso:20022:tech:xsd:"
                "camt.053.001.xx Document)."
            )
        )
    doc = _Doc(ns)
    body = doc.find(root, "BkToCstmrStmt")
    if body is None:
        raise StatementError(_("camt.053 without BkToCstmrStmt."))
    out = []
    for stmt in doc.all(body, "Stmt"):
        sid = doc.text(stmt, "Id")
        if not sid:
            raise StatementError(_("A camt.053 statement without its Id."))
        account = doc.text(stmt, "Acct/Id/IBAN") or doc.text(stmt, "Acct/Id/Othr/Id")
        currency = doc.text(stmt, "Acct/Ccy")
        out.append(
            Statement(
                format="camt053",
                statement_id=f"{account}:{sid}",
                account=account,
                currency=currency,
                entries=tuple(_entries(doc, stmt, sid)),
            )
        )
    return out

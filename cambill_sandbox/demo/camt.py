"""A bank's end-of-day statement as ISO 20022 camt.053 (version 08), for the demo.

The demo's bank transfers reach cambill the way a billing team receives them:
the bank's camt.053 file, imported through the statement verbs
(``cambill.payments.statements``). This writes the file a bank would send: one
booked credit entry per transfer, with the payer's name and IBAN and the
payer's remittance (a structured creditor reference, or free text, or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


@dataclass(frozen=True)
class Transfer:
    """One credit on the statement."""

    ref: str  # the bank's own reference of the entry (AcctSvcrRef), unique per statement
    amount: Decimal
    payer: str
    payer_iban: str = ""
    reference: str = ""  # structured creditor reference (SCOR), e.g. an invoice number
    text: str = ""  # unstructured remittance


def _entry(t: Transfer, currency: str, day: date) -> str:
    iban = (
        f"<DbtrAcct><Id><IBAN>{escape(t.payer_iban)}</IBAN></Id></DbtrAcct>" if t.payer_iban else ""
    )
    rmt = ""
    if t.reference:
        rmt += (
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
            f"<Ref>{escape(t.reference)}</Ref></CdtrRefInf></Strd>"
        )
    if t.text:
        rmt += f"<Ustrd>{escape(t.text)}</Ustrd>"
    return (
        "<Ntry>"
        f'<Amt Ccy="{currency}">{t.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{day.isoformat()}</Dt></BookgDt>"
        f"<ValDt><Dt>{day.isoformat()}</Dt></ValDt><AcctSvcrRef>{escape(t.ref)}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
        f'<Amt Ccy="{currency}">{t.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        f"<RltdPties><Dbtr><Pty><Nm>{escape(t.payer)}</Nm></Pty></Dbtr>{iban}</RltdPties>"
        f"{'<RmtInf>' + rmt + '</RmtInf>' if rmt else ''}"
        "</TxDtls></NtryDtls></Ntry>"
    )


def camt053(
    *,
    statement_id: str,
    iban: str,
    currency: str,
    day: date,
    opening: Decimal,
    transfers: list[Transfer],
) -> bytes:
    """The statement of ``day`` on the account ``iban``: opening and closing
    booked balances and one entry per transfer."""
    closing = opening + sum((t.amount for t in transfers), Decimal(0))
    stamp = f"{day.isoformat()}T18:00:00+00:00"

    def bal(code: str, amount: Decimal) -> str:
        return (
            f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
            f'<Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            f"<Dt><Dt>{day.isoformat()}</Dt></Dt></Bal>"
        )

    body = "".join(_entry(t, currency, day) for t in transfers)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="{NS}"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{escape(statement_id)}</MsgId><CreDtTm>{stamp}</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{escape(statement_id)}</Id><CreDtTm>{stamp}</CreDtTm>"
        f"<Acct><Id><IBAN>{escape(iban)}</IBAN></Id><Ccy>{currency}</Ccy></Acct>"
        f"{bal('OPBD', opening)}{bal('CLBD', closing)}{body}</Stmt></BkToCstmrStmt></Document>\n"
    )
    return xml.encode()

"""DIAN's unique codes: the CUFE of an invoice, the CUDE of a credit note, the
SoftwareSecurityCode, the NIT's check digit and the QR text (annex 1.9, 11.1 and 11.2).

Pure functions over strings: the adapter feeds them the document's own rendered
values, and the sandbox DIAN feeds them the values it reads back from the XML, so
both compute the same code from the same text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from stdnum.co import nit as co_nit

from .codes import QR_HOST

TWO = Decimal("0.01")


def amount(value: Decimal) -> str:
    """An amount as DIAN writes it: a dot and exactly two decimals."""
    return f"{value.quantize(TWO, rounding=ROUND_HALF_UP):.2f}"


def sha384(text: str) -> str:
    return hashlib.sha384(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CodeFields:
    """The fields of the CUFE / CUDE, in the annex's order, as rendered text."""

    number: str  # NumFac: prefix + consecutive
    issue_date: str  # FecFac: YYYY-MM-DD
    issue_time: str  # HorFac: HH:MM:SS-05:00
    value: str  # ValFac: LineExtensionAmount
    iva: str  # ValImp1 (tax 01)
    inc: str  # ValImp2 (tax 04)
    ica: str  # ValImp3 (tax 03)
    total: str  # ValTot: PayableAmount
    seller_nit: str  # NitOFE: without check digit
    buyer_id: str  # NumAdq
    key: str  # ClTec (invoice: the resolution's technical key) or the software PIN (notes)
    environment: str  # TipoAmbiente: 1 production, 2 test

    def text(self) -> str:
        return "".join(
            [
                self.number,
                self.issue_date,
                self.issue_time,
                self.value,
                "01",
                self.iva,
                "04",
                self.inc,
                "03",
                self.ica,
                self.total,
                self.seller_nit,
                self.buyer_id,
                self.key,
                self.environment,
            ]
        )

    def code(self) -> str:
        """The SHA-384 (hex) of the concatenation: the CUFE or the CUDE."""
        return sha384(self.text())


def software_security_code(software_id: str, pin: str, number: str) -> str:
    """SoftwareSecurityCode = SHA-384(software id + PIN + document number)."""
    return sha384(software_id + pin + number)


def nit_check_digit(nit: str) -> str:
    """The NIT's verification digit (DV), DIAN's modulo 11 (as python-stdnum computes it)."""
    return str(co_nit.calc_check_digit(nit))


def qr_url(code: str, environment: str) -> str:
    """DIAN's query link for a document (the ``sts:QRCode`` of annex 1.9)."""
    return f"https://{QR_HOST.get(environment, QR_HOST['2'])}/document/searchqr?documentkey={code}"


@dataclass(frozen=True)
class QrFields:
    number: str  # NumFac
    issue_date: str  # FecFac
    issue_time: str  # HorFac
    seller_nit: str  # NitFac
    buyer_id: str  # DocAdq
    value: str  # ValFac
    iva: str  # ValIva
    other_taxes: str  # ValOtroIm
    total: str  # ValTolFac
    code: str  # CUFE / CUDE
    environment: str

    def text(self) -> str:
        """The text the printed QR holds, one ``Name: value`` per line (annex 1.9, 11.7)."""
        rows = [
            ("NumFac", self.number),
            ("FecFac", self.issue_date),
            ("HorFac", self.issue_time),
            ("NitFac", self.seller_nit),
            ("DocAdq", self.buyer_id),
            ("ValFac", self.value),
            ("ValIva", self.iva),
            ("ValOtroIm", self.other_taxes),
            ("ValTolFac", self.total),
            ("CUFE", self.code),
            ("QRCode", qr_url(self.code, self.environment)),
        ]
        return "\n".join(f"{name}: {value}" for name, value in rows)

"""AEAT's Verifactu fingerprint (``Huella``) and the QR of the printed invoice: pure.

The ``Huella`` of a record is the SHA-256, in upper-case hexadecimal, of the UTF-8 text
``name=value`` pairs joined by ``&`` in the order AEAT's specification gives ("Detalle de
las especificaciones técnicas para generación de la huella o hash de los registros de
facturación"), each value trimmed, and the previous record's ``Huella`` (empty for the
first record of the chain):

- a ``RegistroAlta``: ``IDEmisorFactura``, ``NumSerieFactura``, ``FechaExpedicionFactura``,
  ``TipoFactura``, ``CuotaTotal``, ``ImporteTotal``, ``Huella``, ``FechaHoraHusoGenRegistro``;
- a ``RegistroAnulacion``: ``IDEmisorFacturaAnulada``, ``NumSerieFacturaAnulada``,
  ``FechaExpedicionFacturaAnulada``, ``Huella``, ``FechaHoraHusoGenRegistro``.

Amounts are written exactly as in the record's XML (``money``), so the hash AEAT
recomputes from the XML is this one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

QR_URL = "https://www2.agenciatributaria.gob.es/wlpl/TIKE-CONT/ValidarQR"
QR_URL_TEST = "https://prewww2.aeat.es/wlpl/TIKE-CONT/ValidarQR"
LEGEND = "VERI*FACTU"
TIPO_HUELLA_SHA256 = "01"


def money(amount: Decimal) -> str:
    """An amount as AEAT's ``ImporteSgn12.2Type``: two decimals, point, sign if negative."""
    return f"{Decimal(amount).quantize(Decimal('0.01')):.2f}"


def fecha(day: date) -> str:
    """AEAT's ``fecha``: dd-mm-yyyy."""
    return f"{day:%d-%m-%Y}"


def timestamp(moment: datetime, zone: str) -> str:
    """``FechaHoraHusoGenRegistro``: the local time with its offset, to the second
    (``2024-01-01T19:20:30+01:00``)."""
    return moment.astimezone(ZoneInfo(zone)).replace(microsecond=0).isoformat()


def _digest(pairs: list[tuple[str, str]]) -> str:
    text = "&".join(f"{name}={value.strip()}" for name, value in pairs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest().upper()


@dataclass(frozen=True)
class AltaFields:
    """The fields of a ``RegistroAlta`` its ``Huella`` is computed from."""

    nif: str
    num_serie: str
    fecha_expedicion: str  # dd-mm-yyyy
    tipo_factura: str
    cuota_total: str
    importe_total: str
    previous: str  # the previous record's Huella, "" for the first
    generated_at: str  # FechaHoraHusoGenRegistro

    def huella(self) -> str:
        return _digest(
            [
                ("IDEmisorFactura", self.nif),
                ("NumSerieFactura", self.num_serie),
                ("FechaExpedicionFactura", self.fecha_expedicion),
                ("TipoFactura", self.tipo_factura),
                ("CuotaTotal", self.cuota_total),
                ("ImporteTotal", self.importe_total),
                ("Huella", self.previous),
                ("FechaHoraHusoGenRegistro", self.generated_at),
            ]
        )


@dataclass(frozen=True)
class AnulacionFields:
    """The fields of a ``RegistroAnulacion`` its ``Huella`` is computed from."""

    nif: str
    num_serie: str
    fecha_expedicion: str
    previous: str
    generated_at: str

    def huella(self) -> str:
        return _digest(
            [
                ("IDEmisorFacturaAnulada", self.nif),
                ("NumSerieFacturaAnulada", self.num_serie),
                ("FechaExpedicionFacturaAnulada", self.fecha_expedicion),
                ("Huella", self.previous),
                ("FechaHoraHusoGenRegistro", self.generated_at),
            ]
        )


def qr_url(nif: str, num_serie: str, fecha_expedicion: str, total: str, *, test: bool) -> str:
    """The URL of AEAT's checking service (``ValidarQR``) the printed invoice's QR holds."""
    query = urlencode(
        {"nif": nif, "numserie": num_serie, "fecha": fecha_expedicion, "importe": total}
    )
    return f"{QR_URL_TEST if test else QR_URL}?{query}"

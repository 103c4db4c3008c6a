"""A sandbox AEAT: the Verifactu web service (``RegFactuSistemaFacturacion``) for the
demo and the tests, answering as AEAT does with a ``RespuestaRegFactuSistemaFacturacion``
(valid against ``RespuestaSuministro.xsd``): the submission's ``CSV``, ``EstadoEnvio``
and, per record, ``EstadoRegistro`` with ``CodigoErrorRegistro`` and its description.

It checks what AEAT checks and what a chain must hold:

- the envelope against ``SuministroLR.xsd``: a failure is a SOAP fault for the whole
  batch (AEAT's 4102 "El XML no cumple el esquema");
- each record's ``Huella``, recomputed from its own fields and its ``RegistroAnterior``
  (2000 "El cálculo de la huella suministrada es incorrecta");
- the chain: a record names as ``RegistroAnterior`` the last record the sandbox received
  from that issuer (accepted or not: a rejected record stays in the issuer's chain), and
  ``PrimerRegistro`` only for an issuer it has not heard from; an issuer first heard of
  mid-chain (the demo's sandbox restarted) is taken where it is (2001);
- an alta of an invoice it already holds is a duplicate unless it says ``Subsanacion``
  (3000, with ``RegistroDuplicado``); a new alta of an invoice it rejected must say
  ``Subsanacion`` S and ``RechazoPrevio`` X (1239); an anulación of an invoice it does not
  hold needs ``SinRegistroPrevio`` (3002);
- a recipient's NIF its census does not know (``unknown_nifs``) is refused (1104).

Codes 4102, 2000 and 3000 are AEAT's; the others are this sandbox's, in AEAT's style.
``outage(n)`` makes the next ``n`` batches fail as an unreachable service does.
"""

from __future__ import annotations

import secrets
import string
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from cambill.einvoice.regimes.es_verifactu.client import SOAPENV, RecordService
from cambill.einvoice.regimes.es_verifactu.records import SF, SFLR, SFR, Read, read, records_of
from cambill.einvoice.regimes.es_verifactu.schema import validate

# A NIF with a valid check letter that the sandbox's census does not know.
UNKNOWN_NIF = "99999999R"


@dataclass
class _Issuer:
    last_huella: str = ""
    invoices: dict[str, str] = field(default_factory=dict)  # num_serie -> Correcta | Anulada
    rejected: set[str] = field(default_factory=set)


def _csv() -> str:
    alphabet = string.ascii_uppercase + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(16))


class SandboxAeat(RecordService):
    """AEAT's Verifactu service, in memory."""

    def __init__(self, *, unknown_nifs: tuple[str, ...] = (UNKNOWN_NIF,)) -> None:
        self.unknown_nifs = set(unknown_nifs)
        self.issuers: dict[str, _Issuer] = {}
        self.calls: list[str] = []
        self.batches: list[bytes] = []
        self._outages = 0
        self._refusals: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def outage(self, n: int = 1) -> None:
        self._outages = n

    def refuse_next(self, code: str, message: str) -> None:
        """The next record received is refused with ``code`` (an error AEAT may give
        that the sandbox has no rule for)."""
        self._refusals.append((code, message))

    # --- the service ---------------------------------------------------------------------

    def send(self, envelope: bytes) -> bytes:
        with self._lock:
            self.calls.append("send")
            if self._outages:
                self._outages -= 1
                raise OSError("sandbox AEAT: service unavailable")
            self.batches.append(envelope)
            problems = validate(envelope)
            if problems:
                return _fault("4102", "El XML no cumple el esquema: " + problems[0].message)
            root = etree.fromstring(envelope)
            header = root.find(f"{{{SFLR}}}Cabecera")
            lines = [self._record(read(el)) for el in records_of(envelope)]
            return _answer(header, lines)

    def _record(self, record: Read) -> tuple[Read, str, str, str]:
        """(record, EstadoRegistro, code, description) for one record."""
        issuer = self.issuers.get(record.nif)
        known = issuer is not None
        if issuer is None:
            issuer = self.issuers[record.nif] = _Issuer()
        verdict = self._check(issuer, known, record)
        if verdict[1] != "3000":  # a record sent again is not a new link
            issuer.last_huella = record.huella  # it is the issuer's chain's last link now
        if verdict[0] != "Correcto":
            if record.operation == "Alta" and record.num_serie not in issuer.invoices:
                issuer.rejected.add(record.num_serie)
            return (record, *verdict)
        if record.operation == "Alta":
            issuer.invoices[record.num_serie] = "Correcta"
            issuer.rejected.discard(record.num_serie)
        else:
            issuer.invoices[record.num_serie] = "Anulada"
        return (record, *verdict)

    def _check(self, issuer: _Issuer, known: bool, record: Read) -> tuple[str, str, str]:
        if self._refusals:
            code, message = self._refusals.pop(0)
            return "Incorrecto", code, message
        if record.recomputed() != record.huella:
            return "Incorrecto", "2000", "El cálculo de la huella suministrada es incorrecta."
        held = issuer.invoices.get(record.num_serie)
        if record.operation == "Alta" and held and not record.subsanacion:
            return "Incorrecto", "3000", "Registro de facturación duplicado."
        if known and (record.previous is None or record.previous.huella != issuer.last_huella):
            return (
                "Incorrecto",
                "2001",
                "El registro anterior no es el último registro recibido de este obligado.",
            )
        if record.operation == "Anulacion":
            if held != "Correcta" and record.extra.get("sin_registro_previo") != "S":
                return "Incorrecto", "3002", "No existe el registro de facturación a anular."
            return "Correcto", "", ""
        if record.num_serie in issuer.rejected and not (
            record.subsanacion and record.rechazo_previo == "X"
        ):
            return (
                "Incorrecto",
                "1239",
                "Un registro rechazado se subsana con Subsanacion S y RechazoPrevio X.",
            )
        if record.recipient_nif and record.recipient_nif in self.unknown_nifs:
            return (
                "Incorrecto",
                "1104",
                "El NIF del destinatario no está identificado en el censo de la AEAT.",
            )
        return "Correcto", "", ""


def _fault(code: str, message: str) -> bytes:
    fault = etree.Element(f"{{{SOAPENV}}}Fault", nsmap={"env": SOAPENV})
    etree.SubElement(fault, "faultcode").text = f"env:Client.{code}"
    etree.SubElement(fault, "faultstring").text = f"Codigo[{code}].{message}"[:1500]
    return etree.tostring(fault, encoding="UTF-8")


def _sf(parent: etree._Element, name: str, text: str) -> None:
    etree.SubElement(parent, f"{{{SF}}}{name}").text = text


def _answer(header: etree._Element | None, lines: list[tuple[Read, str, str, str]]) -> bytes:
    root = etree.Element(
        f"{{{SFR}}}RespuestaRegFactuSistemaFacturacion", nsmap={"sfR": SFR, "sf": SF}
    )
    etree.SubElement(root, f"{{{SFR}}}CSV").text = _csv()
    presented = etree.SubElement(root, f"{{{SFR}}}DatosPresentacion")
    nif = header.findtext(f"{{{SF}}}ObligadoEmision/{{{SF}}}NIF") if header is not None else ""
    _sf(presented, "NIFPresentador", nif or "")
    _sf(presented, "TimestampPresentacion", datetime.now(UTC).replace(microsecond=0).isoformat())
    echo = etree.SubElement(root, f"{{{SFR}}}Cabecera")
    if header is not None:
        for child in header:
            echo.append(child)
    etree.SubElement(root, f"{{{SFR}}}TiempoEsperaEnvio").text = "60"
    good = sum(1 for line in lines if line[1] == "Correcto")
    state = (
        "Correcto" if good == len(lines) else "Incorrecto" if good == 0 else "ParcialmenteCorrecto"
    )
    etree.SubElement(root, f"{{{SFR}}}EstadoEnvio").text = state
    for record, estado, code, description in lines:
        line = etree.SubElement(root, f"{{{SFR}}}RespuestaLinea")
        ident = etree.SubElement(line, f"{{{SFR}}}IDFactura")
        _sf(ident, "IDEmisorFactura", record.nif)
        _sf(ident, "NumSerieFactura", record.num_serie)
        _sf(ident, "FechaExpedicionFactura", record.fecha)
        operation = etree.SubElement(line, f"{{{SFR}}}Operacion")
        _sf(operation, "TipoOperacion", record.operation)
        if record.subsanacion:
            _sf(operation, "Subsanacion", "S")
        etree.SubElement(line, f"{{{SFR}}}EstadoRegistro").text = estado
        if code:
            etree.SubElement(line, f"{{{SFR}}}CodigoErrorRegistro").text = code
            etree.SubElement(line, f"{{{SFR}}}DescripcionErrorRegistro").text = description
        if code == "3000":
            duplicate = etree.SubElement(line, f"{{{SFR}}}RegistroDuplicado")
            _sf(duplicate, "IdPeticionRegistroDuplicado", _csv())
            _sf(duplicate, "EstadoRegistroDuplicado", "Correcta")
    return etree.tostring(root, encoding="UTF-8")


_SHARED: list[SandboxAeat] = []


def shared() -> SandboxAeat:
    """The process's sandbox AEAT (the demo's)."""
    if not _SHARED:
        _SHARED.append(SandboxAeat())
    return _SHARED[0]

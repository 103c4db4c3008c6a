"""AEAT's Verifactu web service (``SistemaFacturacion.wsdl``, ``RegFactuSistemaFacturacion``)
behind a small client: SOAP 1.1, document/literal, over mutual TLS with the issuer's
certificate (the private key is written to a private temporary file for the length of
one call, as ``ssl`` loads client keys only from files).

``send(envelope)`` posts one ``RegFactuSistemaFacturacion`` (a batch of up to 1000
records of one issuer, in chain order) and returns AEAT's
``RespuestaRegFactuSistemaFacturacion``; ``parse`` reads it into one ``AuthorityReply``
per record, keyed by operation and ``NumSerieFactura``: ``Correcto`` and
``AceptadoConErrores`` are accepted (the latter keeps its code), ``Incorrecto`` is
rejected with ``CodigoErrorRegistro``; a record AEAT already holds as ``Correcta``
(a duplicate after a lost answer) counts as accepted, so a retry never stalls. A SOAP
fault (a schema or certificate error of the whole envelope) rejects every record.

Endpoints from the WSDL by ``CAMBILL_VERIFACTU_ENVIRONMENT`` (``test``: ``prewww1.aeat.es``;
``production``: ``www1.agenciatributaria.gob.es``), overridden by ``CAMBILL_VERIFACTU_URL``;
``CAMBILL_VERIFACTU_TIMEOUT`` in seconds (default 60). The tests never call AEAT: they
talk to ``cambill_sandbox.einvoice.aeat`` and check the envelope and the parsing offline.
"""

from __future__ import annotations

import os
import ssl
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...protocol import AuthorityReply, Credentials
from .records import SF, SFR

URLS = {
    "test": "https://prewww1.aeat.es/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP",
    "production": "https://www1.agenciatributaria.gob.es/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP",
}
SOAPENV = "http://schemas.xmlsoap.org/soap/envelope/"
ACCEPTED_STATES = ("Correcto", "AceptadoConErrores")

Post = Callable[[str, bytes, dict[str, str]], bytes]


def soap(envelope: bytes) -> bytes:
    """The batch inside a SOAP 1.1 envelope."""
    root = etree.Element(f"{{{SOAPENV}}}Envelope", nsmap={"soapenv": SOAPENV})
    etree.SubElement(root, f"{{{SOAPENV}}}Header")
    body = etree.SubElement(root, f"{{{SOAPENV}}}Body")
    body.append(etree.fromstring(envelope))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def unwrap(response: bytes) -> bytes:
    """AEAT's answer out of its SOAP envelope; a fault is returned as it is."""
    root = etree.fromstring(response)
    body = root.find(f"{{{SOAPENV}}}Body")
    if body is None or not len(body):
        return response
    return etree.tostring(body[0], encoding="UTF-8")


@dataclass(frozen=True)
class Answer:
    """AEAT's answer to one batch."""

    csv: str
    state: str  # EstadoEnvio: Correcto, ParcialmenteCorrecto, Incorrecto ("" for a fault)
    replies: dict[tuple[str, str], AuthorityReply] = field(default_factory=dict)
    fault: AuthorityReply | None = None
    wait_seconds: int = 0

    def reply_for(self, operation: str, num_serie: str) -> AuthorityReply:
        if self.fault is not None:
            return self.fault
        return self.replies.get(
            (operation, num_serie),
            AuthorityReply(status="rejected", message="AEAT's answer does not name this record."),
        )


def _text(el: etree._Element, path: str) -> str:
    found = el.find(path, {"sf": SF, "sfR": SFR})
    return (found.text or "").strip() if found is not None else ""


def parse(xml: bytes) -> Answer:
    """AEAT's ``RespuestaRegFactuSistemaFacturacion`` (or a SOAP fault), per record."""
    root = etree.fromstring(xml)
    raw = xml.decode("utf-8", "replace")
    if etree.QName(root).localname == "Fault":
        code = (root.findtext("faultcode") or "").strip()
        message = (root.findtext("faultstring") or "").strip()
        return Answer(
            csv="",
            state="",
            fault=AuthorityReply(
                status="rejected", codes=(code,) if code else (), message=message, raw=raw
            ),
        )
    csv = _text(root, "sfR:CSV")
    replies = {}
    for line in root.iterfind(f"{{{SFR}}}RespuestaLinea"):
        operation = _text(line, "sfR:Operacion/sf:TipoOperacion")
        num = _text(line, "sfR:IDFactura/sf:NumSerieFactura")
        state = _text(line, "sfR:EstadoRegistro")
        code = _text(line, "sfR:CodigoErrorRegistro")
        message = _text(line, "sfR:DescripcionErrorRegistro") or state
        duplicate = _text(line, "sfR:RegistroDuplicado/sf:EstadoRegistroDuplicado")
        accepted = state in ACCEPTED_STATES or duplicate == "Correcta"
        replies[(operation, num)] = AuthorityReply(
            status="accepted" if accepted else "rejected",
            unique_code=csv,
            codes=(code,) if code else (),
            message=message,
            raw=raw,
        )
    wait = _text(root, "sfR:TiempoEsperaEnvio")
    return Answer(
        csv=csv,
        state=_text(root, "sfR:EstadoEnvio"),
        replies=replies,
        wait_seconds=int(wait) if wait.isdigit() else 0,
    )


def _post_tls(credentials: Credentials, timeout: float) -> Post:
    def post(url: str, body: bytes, headers: dict[str, str]) -> bytes:
        import httpx

        with tempfile.TemporaryDirectory() as folder:
            cert, key = Path(folder, "cert.pem"), Path(folder, "key.pem")
            for path, data in (
                (cert, credentials.certificate_pem),
                (key, credentials.private_key_pem),
            ):
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
            context = ssl.create_default_context()
            context.load_cert_chain(str(cert), str(key))
            response = httpx.post(
                url, content=body, headers=headers, timeout=timeout, verify=context
            )
        if response.status_code >= 500 and b"Fault" not in response.content:
            raise OSError(f"AEAT answered HTTP {response.status_code}")
        return response.content

    return post


class RecordService:
    """The ``AuthorityClient`` protocol over ``send`` (one record at a time), for AEAT
    and the sandbox alike: AEAT is not queried, and a void is a record of its own."""

    def send(self, envelope: bytes) -> bytes:
        raise NotImplementedError

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        from .records import read, records_of

        record = read(records_of(xml)[0])
        return parse(self.send(xml)).reply_for(record.operation, record.num_serie)

    def status(self, unique_code: str) -> AuthorityReply:
        return AuthorityReply(status="pending", message="AEAT is not queried by cambill.")

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        return AuthorityReply(
            status="rejected", message="Verifactu voids with a RegistroAnulacion, sent as a record."
        )


class AeatClient(RecordService):
    """The real AEAT, reached with the issuer's certificate."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        environment: str = "test",
        url: str = "",
        timeout: float = 60,
        post: Post | None = None,
    ) -> None:
        self.url = url or URLS["production" if environment == "production" else "test"]
        self._post = post or _post_tls(credentials, timeout)

    @classmethod
    def from_settings(cls, credentials: Credentials, environment: str) -> AeatClient:
        from django.conf import settings

        return cls(
            credentials,
            environment=environment,
            url=str(getattr(settings, "CAMBILL_VERIFACTU_URL", "") or ""),
            timeout=float(getattr(settings, "CAMBILL_VERIFACTU_TIMEOUT", 60)),
        )

    def send(self, envelope: bytes) -> bytes:
        response = self._post(
            self.url, soap(envelope), {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": ""}
        )
        return unwrap(response)

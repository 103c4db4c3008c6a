"""A sandbox DIAN: validates electronic invoices and credit notes the way DIAN's
web service does, for the demo and the tests.

``SandboxDian`` is an ``AuthorityClient``. It knows each enabled issuer as DIAN does
from its registration: the NIT, the software (id and PIN) and the technical key of
its numbering resolution (``DianIssuer``). On ``submit`` it checks the document
against the UBL 2.1 / DIAN schemas, verifies the XAdES-EPES signature with
``signxml`` and DIAN's policy, recomputes the CUFE (technical key) or the CUDE
(software PIN) and the SoftwareSecurityCode from the document's own fields, checks
the number against the resolution in the document, and answers with an
``ApplicationResponse`` signed by a throwaway "DIAN" key made at start (it is not
DIAN's): ``02`` accepted, or ``04`` rejected with one ``LineResponse`` per failed
rule, with DIAN's codes:

- ``ZB01`` the XML fails its schema; ``ZE02`` the signature does not verify;
- ``FAD06`` the CUFE (``CAD06`` the CUDE) is not the one computed from the document;
- ``FAB27b`` the SoftwareSecurityCode is wrong; ``FAB19b`` issuer or software not
  enabled; ``FAB10b`` number outside the resolution's range; ``FAB07b`` issue date
  outside the resolution's dates; ``FAD05a`` the number was already accepted with
  another document;
- a document sent again once accepted gets its first answer back with code ``90``
  (processed before), so a retry never makes a second document.

``status`` answers from what was received; ``cancel`` is refused (DIAN has no
cancellation: a credit note with discrepancy code 2 annuls an invoice);
``outage(n)`` makes the next ``n`` calls answer ``unavailable``. A test set id is
accepted and processed synchronously.

``serve()`` puts the same DIAN behind HTTP speaking DIAN's own SOAP protocol
(``SendBillSync``, ``SendTestSetAsync``, ``GetStatus``; the WS-Security signature of the
request is verified, a bad one is a SOAP fault), so the product's real
``co_dian.client.DianClient`` talks to it unchanged: point
``CAMBILL_EINVOICE_DIAN_URL_TEST`` at ``http://host:port/WcfDianCustomerServices.svc``.
An outage is HTTP 503.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

from cambill.einvoice.protocol import AuthorityReply
from cambill.einvoice.regimes.co_dian import codes
from cambill.einvoice.regimes.co_dian.context import COLOMBIA
from cambill.einvoice.regimes.co_dian.cufe import software_security_code
from cambill.einvoice.regimes.co_dian.read import Document, read
from cambill.einvoice.regimes.co_dian.schema import validate
from cambill.einvoice.regimes.co_dian.signature import SignatureError, sign, verify
from cambill.einvoice.regimes.co_dian.ubl import new_document, signature_placeholder, sub

NS = codes.NS


@dataclass(frozen=True)
class DianIssuer:
    """What DIAN knows of an enabled issuer."""

    nit: str  # without the check digit
    technical_key: str
    software_id: str
    software_pin: str


@dataclass(frozen=True)
class _DianKey:
    certificate_pem: bytes
    private_key_pem: bytes


@cache
def _dian_key() -> _DianKey:
    """A throwaway key and self-signed certificate that sign the sandbox's answers."""
    from .selfsigned import self_signed

    certificate_pem, private_key_pem = self_signed(
        [
            (NameOID.COUNTRY_NAME, "CO"),
            (NameOID.ORGANIZATION_NAME, "cambill sandbox DIAN (not DIAN)"),
            (NameOID.COMMON_NAME, "sandbox DIAN"),
        ]
    )
    return _DianKey(certificate_pem=certificate_pem, private_key_pem=private_key_pem)


@dataclass
class _Record:
    reply: AuthorityReply
    number: str


def application_response(
    doc: Document,
    *,
    accepted: bool,
    rules: list[tuple[str, str]],
    at: datetime,
    receiver: tuple[str, str],
) -> bytes:
    """DIAN's signed answer to ``doc``: accepted (``02``) or rejected (``04``) with
    one line per failed rule (code, description)."""
    local = at.astimezone(COLOMBIA)
    root, exts = new_document("ar", "ApplicationResponse")
    signature_placeholder(exts)
    sub(root, "cbc:UBLVersionID", "UBL 2.1")
    sub(root, "cbc:CustomizationID", "1")
    sub(root, "cbc:ProfileID", "DIAN 2.1")
    sub(root, "cbc:ProfileExecutionID", doc.environment or "2")
    response_id = hashlib.sha256(f"{doc.unique_code}{local.isoformat()}".encode()).hexdigest()[:16]
    sub(root, "cbc:ID", response_id)
    sub(
        root,
        "cbc:UUID",
        hashlib.sha384(f"{response_id}{doc.unique_code}{local.isoformat()}".encode()).hexdigest(),
        schemeName="CUDE-SHA384",
    )
    sub(root, "cbc:IssueDate", local.strftime("%Y-%m-%d"))
    sub(root, "cbc:IssueTime", local.strftime("%H:%M:%S") + "-05:00")
    for tag, (name, nit) in (
        ("cac:SenderParty", (codes.DIAN_NAME, codes.DIAN_NIT)),
        ("cac:ReceiverParty", receiver),
    ):
        scheme = sub(sub(root, tag), "cac:PartyTaxScheme")
        sub(scheme, "cbc:RegistrationName", name)
        sub(scheme, "cbc:CompanyID", nit, schemeName=codes.NIT)
        tax = sub(scheme, "cac:TaxScheme")
        sub(tax, "cbc:ID", "01")
        sub(tax, "cbc:Name", "IVA")
    response = sub(root, "cac:DocumentResponse")
    verdict = sub(response, "cac:Response")
    sub(verdict, "cbc:ResponseCode", codes.ACCEPTED if accepted else codes.REJECTED)
    sub(
        verdict,
        "cbc:Description",
        "Documento validado por la DIAN" if accepted else "Documento rechazado por la DIAN",
    )
    ref = sub(response, "cac:DocumentReference")
    sub(ref, "cbc:ID", doc.number or "-")
    sub(ref, "cbc:UUID", doc.unique_code or "-", schemeName=doc.unique_code_scheme or "CUFE-SHA384")
    for i, (code, description) in enumerate(rules or [("0000", "0")], start=1):
        line = sub(response, "cac:LineResponse")
        sub(sub(line, "cac:LineReference"), "cbc:LineID", str(i))
        answer = sub(line, "cac:Response")
        sub(answer, "cbc:ResponseCode", code)
        sub(answer, "cbc:Description", description)
    key = _dian_key()
    xml = sign(
        root,
        certificate_pem=key.certificate_pem,
        private_key_pem=key.private_key_pem,
        signing_time=local,
    )
    return xml


def _rule(code: str, detail: str = "") -> tuple[str, str]:
    text = codes.RULES.get(code, code)
    return code, f"{text}: {detail}" if detail else text


@dataclass
class SandboxDian:
    """In-process sandbox of DIAN's validation web service (``AuthorityClient``)."""

    issuers: dict[str, DianIssuer] = field(default_factory=dict)
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    received: list[bytes] = field(default_factory=list)
    _documents: dict[str, _Record] = field(default_factory=dict)
    _numbers: dict[tuple[str, str], str] = field(default_factory=dict)
    _outage: int = 0

    @classmethod
    def with_issuers(cls, issuers: Iterable[DianIssuer], **kwargs: object) -> SandboxDian:
        return cls(issuers={i.nit: i for i in issuers}, **kwargs)  # type: ignore[arg-type]

    def register(self, issuer: DianIssuer) -> None:
        self.issuers[issuer.nit] = issuer

    def outage(self, calls: int = 1) -> None:
        """The next ``calls`` calls answer ``unavailable`` (DIAN's service down)."""
        self._outage = calls

    def _down(self) -> AuthorityReply | None:
        if self._outage > 0:
            self._outage -= 1
            return AuthorityReply(
                status="unavailable",
                message="Servicio de DIAN no disponible (sandbox outage)",
                raw="503 Service Unavailable",
            )
        return None

    def _rules(self, xml: bytes, doc: Document) -> list[tuple[str, str]]:
        rules: list[tuple[str, str]] = []
        try:
            verify(xml)
        except SignatureError as exc:
            rules.append(_rule("ZE02", str(exc)))
        issuer = self.issuers.get(doc.seller_nit)
        if issuer is None or issuer.software_id != doc.software_id:
            rules.append(_rule("FAB19b", f"NIT {doc.seller_nit}, software {doc.software_id}"))
            return rules
        if doc.kind == "invoice":
            expected = doc.code_fields(issuer.technical_key).code()
            if doc.unique_code != expected:
                rules.append(_rule("FAD06"))
        else:
            expected = doc.code_fields(issuer.software_pin).code()
            if doc.unique_code != expected:
                rules.append(_rule("CAD06"))
        if doc.security_code != software_security_code(
            issuer.software_id, issuer.software_pin, doc.number
        ):
            rules.append(_rule("FAB27b"))
        if doc.kind == "invoice":
            rules += self._resolution_rules(doc)
        earlier = self._numbers.get((doc.seller_nit, doc.number))
        if earlier is not None and earlier != doc.unique_code:
            rules.append(_rule("FAD05a", doc.number))
        return rules

    @staticmethod
    def _resolution_rules(doc: Document) -> list[tuple[str, str]]:
        rules = []
        rest = doc.number[len(doc.prefix) :] if doc.number.startswith(doc.prefix) else ""
        try:
            inside = int(doc.range_from) <= int(rest) <= int(doc.range_to)
        except ValueError:
            inside = False
        if not inside:
            rules.append(_rule("FAB10b", doc.number))
        try:
            on = date.fromisoformat(doc.issue_date)
            valid = date.fromisoformat(doc.valid_from) <= on <= date.fromisoformat(doc.valid_until)
        except ValueError:
            valid = False
        if not valid:
            rules.append(_rule("FAB07b", doc.issue_date))
        return rules

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        down = self._down()
        if down is not None:
            return down
        self.received.append(xml)
        now = self.now()
        problems = validate(xml)
        if problems:
            try:
                doc = read(xml)
            except etree.XMLSyntaxError:
                doc = read(b"<Invalid/>")
            detail = "; ".join(p.message for p in problems[:5])
            return self._answer(doc, [_rule("ZB01", detail)], now)
        doc = read(xml)
        stored = self._documents.get(doc.unique_code)
        if stored is not None and stored.reply.status == "accepted":
            first = stored.reply
            return AuthorityReply(
                status="accepted",
                unique_code=first.unique_code,
                xml=first.xml,
                codes=("90",),
                message=codes.RULES["90"],
                raw=first.raw,
            )
        reply = self._answer(doc, self._rules(xml, doc), now)
        if reply.status == "accepted":
            self._numbers[(doc.seller_nit, doc.number)] = doc.unique_code
        self._documents[doc.unique_code] = _Record(reply=reply, number=doc.number)
        return reply

    def _answer(self, doc: Document, rules: list[tuple[str, str]], now: datetime) -> AuthorityReply:
        response = application_response(
            doc,
            accepted=not rules,
            rules=rules,
            at=now,
            receiver=(doc.seller_name or doc.seller_nit, doc.seller_nit or "0"),
        )
        return AuthorityReply(
            status="rejected" if rules else "accepted",
            unique_code=doc.unique_code,
            xml=response,
            codes=tuple(code for code, _ in rules),
            message="; ".join(f"{c}: {d}" for c, d in rules) or "Documento validado por la DIAN",
            raw=response.decode("utf-8"),
        )

    def status(self, unique_code: str) -> AuthorityReply:
        down = self._down()
        if down is not None:
            return down
        stored = self._documents.get(unique_code)
        if stored is None:
            return AuthorityReply(
                status="pending",
                unique_code=unique_code,
                codes=("66",),
                message="TrackId no existe en los registros de la DIAN",
            )
        return stored.reply

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        down = self._down()
        if down is not None:
            return down
        return AuthorityReply(
            status="rejected",
            unique_code=unique_code,
            codes=("CANCEL",),
            message="DIAN has no cancellation: issue a credit note with discrepancy code 2.",
        )


DEMO_DIR = Path(__file__).resolve().parent / "dian_sandbox"

# The demo Colombian issuer, as DIAN's habilitation test set publishes its resolution
# (resolution 18760000001, prefix SETP, 990000000-995000000, 2019-01-19 to 2030-01-19, and
# its technical key); the NIT, the software and its PIN are the demo's own.
DEMO_NIT = "9012345677"  # 901234567, check digit 7
DEMO_ISSUER = DianIssuer(
    nit="901234567",
    technical_key="fc8eac422eba16e22ffd8c6f94b3f40a6e38162c",
    software_id="5d1f0a5c-9a1e-4c6e-8f51-2b0e9d7c4a11",
    software_pin="75315",
)
DEMO_REGIME = {
    "tax_responsibilities": ["O-13"],
    "software_id": DEMO_ISSUER.software_id,
    "environment": "2",
    "test_set_id": "",
    "resolution": {
        "number": "18760000001",
        "prefix": "SETP",
        "range_from": 990000000,
        "range_to": 995000000,
        "valid_from": "2019-01-19",
        "valid_until": "2030-01-19",
    },
}
DEMO_SECRETS = {
    "software_pin": DEMO_ISSUER.software_pin,
    "technical_key": DEMO_ISSUER.technical_key,
}


def issuer_of(tax_id: str, regime_data: dict[str, Any], secrets: dict[str, str]) -> DianIssuer:
    """What DIAN knows of an issuer, from its legal data (NIT with its check digit, its
    ``einvoice`` object and the write-only secrets): register it with ``register``."""
    return DianIssuer(
        nit=tax_id[:-1],
        technical_key=secrets.get("technical_key", ""),
        software_id=str(regime_data.get("software_id") or ""),
        software_pin=secrets.get("software_pin", ""),
    )


_SHARED: list[SandboxDian] = []


def shared() -> SandboxDian:
    """The process's sandbox DIAN (the demo issuer enabled), for the demo and the
    embedded default."""
    if not _SHARED:
        _SHARED.append(SandboxDian.with_issuers([DEMO_ISSUER]))
    return _SHARED[0]


def demo_certificate() -> tuple[bytes, bytes]:
    """The demo issuer's certificate and key (PEM; see dian_sandbox/PROVENANCE)."""
    return (
        (DEMO_DIR / "demo_issuer.cer.pem").read_bytes(),
        (DEMO_DIR / "demo_issuer.key.pem").read_bytes(),
    )


# --- DIAN's web service over HTTP: the product's real ``DianClient`` talks to it -----

_SOAP = "http://www.w3.org/2003/05/soap-envelope"
_WCF = "http://wcf.dian.colombia"
_RESULT_NS = {
    "SendBillSync": "http://schemas.datacontract.org/2004/07/DianResponse",
    "GetStatus": "http://schemas.datacontract.org/2004/07/DianResponse",
    "SendTestSetAsync": "http://schemas.datacontract.org/2004/07/UploadDocumentResponse",
}
_ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays"


def _fault(text: str) -> bytes:
    env = etree.Element(f"{{{_SOAP}}}Envelope", nsmap={"s": _SOAP})
    fault = etree.SubElement(etree.SubElement(env, f"{{{_SOAP}}}Body"), f"{{{_SOAP}}}Fault")
    code = etree.SubElement(fault, f"{{{_SOAP}}}Code")
    etree.SubElement(code, f"{{{_SOAP}}}Value").text = "s:Sender"
    reason = etree.SubElement(fault, f"{{{_SOAP}}}Reason")
    etree.SubElement(reason, f"{{{_SOAP}}}Text").text = text
    out: bytes = etree.tostring(env, xml_declaration=True, encoding="UTF-8")
    return out


def _rules_of(reply: AuthorityReply) -> list[str]:
    """DIAN's "Regla: X, Rechazo: ..." lines, from the ApplicationResponse's lines."""
    if not reply.xml:
        return []
    root = etree.fromstring(reply.xml)
    lines = []
    for response in root.findall("cac:DocumentResponse/cac:LineResponse/cac:Response", NS):
        code = response.findtext("cbc:ResponseCode", namespaces=NS) or ""
        if code in reply.codes:
            text = response.findtext("cbc:Description", namespaces=NS) or ""
            lines.append(f"Regla: {code}, Rechazo: {text}")
    if "90" in reply.codes:
        lines.append(f"Regla: 90, Rechazo: {codes.RULES['90']}")
    return lines


def soap_result(
    operation: str, reply: AuthorityReply, *, file_name: str = "", zip_key: str = ""
) -> bytes:
    """The SOAP 1.2 answer DIAN gives to ``operation`` for ``reply``."""
    ns = _RESULT_NS[operation]
    env = etree.Element(f"{{{_SOAP}}}Envelope", nsmap={"s": _SOAP})
    body = etree.SubElement(env, f"{{{_SOAP}}}Body")
    response = etree.SubElement(body, f"{{{_WCF}}}{operation}Response", nsmap={None: _WCF})
    result = etree.SubElement(
        response, f"{{{_WCF}}}{operation}Result", nsmap={"b": ns, "c": _ARRAYS}
    )
    if operation == "SendTestSetAsync":
        etree.SubElement(result, f"{{{ns}}}ErrorMessageList")
        etree.SubElement(result, f"{{{ns}}}ZipKey").text = zip_key
    else:
        errors = etree.SubElement(result, f"{{{ns}}}ErrorMessage")
        for line in _rules_of(reply):
            etree.SubElement(errors, f"{{{_ARRAYS}}}string").text = line
        accepted = reply.status == "accepted"
        pending = reply.status == "pending"
        etree.SubElement(result, f"{{{ns}}}IsValid").text = "true" if accepted else "false"
        etree.SubElement(result, f"{{{ns}}}StatusCode").text = (
            "00" if accepted else "66" if pending else "99"
        )
        etree.SubElement(result, f"{{{ns}}}StatusDescription").text = (
            "Procesado Correctamente."
            if accepted
            else "NSU no encontrado."
            if pending
            else "Validación contiene errores en campos mandatorios."
        )
        etree.SubElement(result, f"{{{ns}}}StatusMessage").text = reply.message
        etree.SubElement(result, f"{{{ns}}}XmlBase64Bytes").text = (
            base64.b64encode(reply.xml).decode() if reply.xml else ""
        )
        etree.SubElement(result, f"{{{ns}}}XmlDocumentKey").text = reply.unique_code
        etree.SubElement(result, f"{{{ns}}}XmlFileName").text = file_name
    out: bytes = etree.tostring(env, xml_declaration=True, encoding="UTF-8")
    return out


def _verify_ws_security(envelope: Any) -> None:
    """The request's WS-Security signature, with the certificate it carries."""
    token = envelope.find(".//{*}BinarySecurityToken")
    if token is None or not token.text:
        raise InvalidSignature("no BinarySecurityToken")
    cert = x509.load_der_x509_certificate(base64.b64decode(token.text))
    XMLVerifier().verify(
        envelope, x509_cert=cert, expect_config=SignatureConfiguration(expect_references=1)
    )


def handle_soap(dian: SandboxDian, body: bytes) -> tuple[int, bytes]:
    """One request to the sandbox's web service: (HTTP status, SOAP answer)."""
    try:
        envelope = etree.fromstring(body)
        _verify_ws_security(envelope)
    except (etree.XMLSyntaxError, InvalidSignature, InvalidInput, ValueError) as exc:
        return 500, _fault(f"InvalidSecurity: {exc}")
    call = envelope.find(f"{{{_SOAP}}}Body/*")
    if call is None:
        return 500, _fault("empty body")
    operation = etree.QName(call).localname
    params = {etree.QName(el).localname: (el.text or "") for el in call}
    if operation in ("SendBillSync", "SendTestSetAsync"):
        try:
            with zipfile.ZipFile(io.BytesIO(base64.b64decode(params.get("contentFile", "")))) as z:
                name = z.namelist()[0]
                xml = z.read(name)
        except (zipfile.BadZipFile, IndexError, ValueError):
            return 500, _fault("contentFile is not a zip with one document")
        reply = dian.submit(xml, test_set_id=params.get("testSetId", ""))
        if reply.status == "unavailable":
            return 503, b""
        zip_key = str(uuid.uuid5(uuid.NAMESPACE_URL, reply.unique_code or name))
        return 200, soap_result(operation, reply, file_name=name, zip_key=zip_key)
    if operation == "GetStatus":
        reply = dian.status(params.get("trackId", ""))
        if reply.status == "unavailable":
            return 503, b""
        return 200, soap_result(operation, reply)
    return 500, _fault(f"unknown operation {operation}")


def serve(dian: SandboxDian, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """The sandbox DIAN's web service over HTTP on a background thread (point
    ``CAMBILL_EINVOICE_DIAN_URL_TEST`` at ``http://host:port/WcfDianCustomerServices.svc``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            status, answer = handle_soap(dian, self.rfile.read(length))
            self.send_response(status)
            self.send_header("Content-Type", "application/soap+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

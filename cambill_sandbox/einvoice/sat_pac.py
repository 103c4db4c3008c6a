"""A sandbox PAC: stamps CFDI 4.0 the way a real PAC does, for the demo and the tests.

``SandboxPac`` is an ``AuthorityClient``. On ``submit`` it checks the document
against SAT's schemas, recomputes the cadena original with SAT's XSLT and
verifies the ``Sello`` against the certificate inside the document, checks that
the certificate is the issuer's (RFC and ``NoCertificado``), and then stamps a
``TimbreFiscalDigital`` 1.1 (UUID, FechaTimbrado, RfcProvCertif, SelloCFD,
NoCertificadoSAT, SelloSAT) signed with a throwaway "SAT" key vendored next to
this file (``sat_sandbox/``; it is not SAT's and stamps nothing real). A
document sent twice gets its first stamp back (code ``307``, as PACs answer),
so a retry never makes a second UUID. ``status`` and ``cancel`` answer like
SAT's services; ``outage(n)`` makes the next ``n`` calls answer ``unavailable``.

Rejection codes: ``301`` malformed or invalid against the schema, ``CFDI40102``
the Sello does not verify over the cadena original, ``CFDI40101`` no or bad
certificate, ``303`` certificate not the issuer's; cancellation ``205`` unknown
UUID, ``202`` already cancelled, ``CA-MOTIVO`` bad reason, ``201`` accepted.

The certificate's validity dates are not checked: SAT's public test CSD expired
in 2023 and the sandbox must keep stamping with it.

With ``store=<directory>`` the stamped documents live in a JSON file there, so
several processes (web, workers, ``make demo``) share one sandbox PAC;
``default_pac()`` is the process's PAC over ``CAMBILL_EINVOICE_SANDBOX_DIR`` when set.

``serve()`` puts the same PAC behind HTTP (``POST /stamp``, ``GET /status/<uuid>``,
``POST /cancel``) and ``HttpSandboxPacClient`` talks to it.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import urllib.error
import urllib.request
import uuid as uuid_module
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

from cryptography import x509
from lxml import etree
from satcfdi.create.cfd.tfd11 import TimbreFiscalDigital
from satcfdi.models import Signer

from cambill.einvoice.protocol import AuthorityReply
from cambill.einvoice.regimes.mx_cfdi40 import catalogs as cat
from cambill.einvoice.regimes.mx_cfdi40.sign import (
    cadena_original,
    certificate_number,
    certificate_rfc,
    signer_from_pem,
    verify_sha256,
)
from cambill.einvoice.regimes.mx_cfdi40.validate import validate

HERE = Path(__file__).resolve().parent / "sat_sandbox"
MEXICO = ZoneInfo("America/Mexico_City")


def sandbox_sat_signer() -> Signer:
    """The sandbox's throwaway "SAT" key and certificate (vendored, see PROVENANCE)."""
    return signer_from_pem(
        (HERE / "sat_sandbox.cer.pem").read_bytes(), (HERE / "sat_sandbox.key.pem").read_bytes()
    )


@dataclass
class Stamped:
    xml: bytes
    sello: str
    issuer: str
    status: str = "accepted"  # accepted | cancelled
    cancel_reason: str = ""
    replacement: str = ""


class SandboxPac:
    """In-process sandbox PAC (``AuthorityClient``)."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        uuid_factory: Callable[[], str] | None = None,
        store: Path | None = None,
    ) -> None:
        self.signer = sandbox_sat_signer()
        self.clock = clock or (lambda: datetime.now(tz=MEXICO))
        self.uuid_factory = uuid_factory or (lambda: str(uuid_module.uuid4()).upper())
        self.documents: dict[str, Stamped] = {}
        self.by_sello: dict[str, str] = {}
        self.calls: list[str] = []  # "submit", "status", "cancel", in order, for the tests
        self._down = 0
        self._lock = threading.Lock()
        self.store = store / "sat_pac.json" if store else None
        self._load()

    # -- shared state between processes (optional) ---------------------------
    def _load(self) -> None:
        if self.store is None or not self.store.exists():
            return
        data = json.loads(self.store.read_text())
        self.documents = {
            uuid: Stamped(**{**doc, "xml": base64.b64decode(doc["xml"])})
            for uuid, doc in data["documents"].items()
        }
        self.by_sello = {doc.sello: uuid for uuid, doc in self.documents.items()}

    def _save(self) -> None:
        if self.store is None:
            return
        documents = {
            uuid: {**asdict(doc), "xml": base64.b64encode(doc.xml).decode()}
            for uuid, doc in self.documents.items()
        }
        self.store.parent.mkdir(parents=True, exist_ok=True)
        partial = self.store.with_suffix(".tmp")
        partial.write_text(json.dumps({"documents": documents}))
        partial.replace(self.store)

    # -- simulation ---------------------------------------------------------
    def outage(self, calls: int = 1) -> None:
        """The next ``calls`` calls answer ``unavailable`` (a PAC down or timing out)."""
        self._down = calls

    def _unavailable(self) -> AuthorityReply | None:
        if self._down > 0:
            self._down -= 1
            return AuthorityReply(
                status="unavailable",
                codes=("503",),
                message="PAC temporarily unavailable",
                raw="503",
            )
        return None

    @staticmethod
    def _rejected(code: str, message: str) -> AuthorityReply:
        raw = json.dumps({"code": code, "message": message})
        return AuthorityReply(status="rejected", codes=(code,), message=message, raw=raw)

    # -- AuthorityClient ----------------------------------------------------
    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        with self._lock:
            self.calls.append("submit")
            self._load()
            down = self._unavailable()
            if down:
                return down
            problem = self._inspect(xml)
            if problem:
                return problem
            root = etree.fromstring(xml)
            sello = root.get("Sello", "")
            if sello in self.by_sello:
                previous = self.documents[self.by_sello[sello]]
                return AuthorityReply(
                    status="accepted",
                    unique_code=self.by_sello[sello],
                    xml=previous.xml,
                    codes=("307",),
                    message="CFDI previamente timbrado",
                    raw="307",
                )
            stamped, uuid = self._stamp(root)
            issuer = root.find(f"{{{cat.NS_CFDI}}}Emisor")
            self.documents[uuid] = Stamped(
                xml=stamped, sello=sello, issuer=issuer.get("Rfc", "") if issuer is not None else ""
            )
            self.by_sello[sello] = uuid
            self._save()
            return AuthorityReply(
                status="accepted",
                unique_code=uuid,
                xml=stamped,
                codes=("100",),
                message="Comprobante timbrado satisfactoriamente",
                raw=json.dumps({"code": "100", "uuid": uuid}),
            )

    def status(self, unique_code: str) -> AuthorityReply:
        with self._lock:
            self.calls.append("status")
            self._load()
            down = self._unavailable()
            if down:
                return down
            document = self.documents.get(unique_code.upper())
            if document is None:
                return self._rejected("N 602", "Comprobante no encontrado")
            state = "Vigente" if document.status == "accepted" else "Cancelado"
            return AuthorityReply(
                status=document.status,
                unique_code=unique_code.upper(),
                xml=document.xml,
                codes=("S",),
                message=state,
                raw=json.dumps(
                    {
                        "Estado": state,
                        "CodigoEstatus": "S - Comprobante obtenido satisfactoriamente.",
                    }
                ),
            )

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        with self._lock:
            self.calls.append("cancel")
            self._load()
            down = self._unavailable()
            if down:
                return down
            document = self.documents.get(unique_code.upper())
            if document is None:
                return self._rejected("205", "UUID no existe")
            if reason_code not in cat.MOTIVOS:
                return self._rejected(
                    "CA-MOTIVO", f"Motivo {reason_code!r} no está en el catálogo (01-04)"
                )
            if reason_code == "01" and replacement.upper() not in self.documents:
                return self._rejected(
                    "CA-MOTIVO", "El motivo 01 requiere el UUID timbrado que sustituye"
                )
            if document.status == "cancelled":
                return AuthorityReply(
                    status="cancelled",
                    unique_code=unique_code.upper(),
                    codes=("202",),
                    message="Previamente cancelado",
                )
            document.status = "cancelled"
            document.cancel_reason = reason_code
            document.replacement = replacement.upper()
            self._save()
            return AuthorityReply(
                status="cancelled",
                unique_code=unique_code.upper(),
                codes=("201",),
                message="Solicitud de cancelación recibida",
                raw=json.dumps({"code": "201", "uuid": unique_code.upper(), "motivo": reason_code}),
            )

    # -- what a PAC checks and adds ----------------------------------------
    def _inspect(self, xml: bytes) -> AuthorityReply | None:
        issues = validate(xml)
        if issues:
            return self._rejected(
                "301", "; ".join(f"{i.field}: {i.message}" for i in issues)[:2000]
            )
        root = etree.fromstring(xml)
        try:
            certificate = x509.load_der_x509_certificate(
                base64.b64decode(root.get("Certificado", ""))
            )
        except ValueError:
            return self._rejected("CFDI40101", "El certificado del comprobante no es válido")
        if certificate_number(certificate) != root.get("NoCertificado"):
            return self._rejected("303", "NoCertificado no corresponde al certificado")
        issuer = root.find(f"{{{cat.NS_CFDI}}}Emisor")
        if issuer is None or certificate_rfc(certificate) != issuer.get("Rfc"):
            return self._rejected("303", "Sello no corresponde a emisor")
        if not verify_sha256(
            certificate, cadena_original(xml).encode("utf-8"), root.get("Sello", "")
        ):
            return self._rejected(
                "CFDI40102",
                "El resultado de la digestión debe ser igual al resultado de desencriptar el sello",
            )
        if (
            root.find(f"{{{cat.NS_CFDI}}}Complemento/{{{cat.NS_TFD}}}TimbreFiscalDigital")
            is not None
        ):
            return self._rejected("307", "El CFDI contiene un timbre previo")
        return None

    def _stamp(self, root: etree._Element) -> tuple[bytes, str]:
        uuid = self.uuid_factory().upper()
        tfd = TimbreFiscalDigital(
            proveedor=self.signer,
            uuid=uuid,
            fecha_timbrado=self.clock().astimezone(MEXICO).replace(tzinfo=None, microsecond=0),
            sello_cfd=root.get("Sello", ""),
        )
        complemento = root.find(f"{{{cat.NS_CFDI}}}Complemento")
        if complemento is None:
            complemento = etree.Element(f"{{{cat.NS_CFDI}}}Complemento")
            addenda = root.find(f"{{{cat.NS_CFDI}}}Addenda")
            if addenda is not None:
                addenda.addprevious(complemento)
            else:
                root.append(complemento)
        complemento.append(tfd.to_xml())
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8"), uuid


_DEFAULT: SandboxPac | None = None


def default_pac() -> SandboxPac:
    """The process's sandbox PAC (the demo's and the embedded default's), sharing its
    stamps through ``CAMBILL_EINVOICE_SANDBOX_DIR`` when that is set."""
    global _DEFAULT
    if _DEFAULT is None:
        directory = os.environ.get("CAMBILL_EINVOICE_SANDBOX_DIR", "")
        _DEFAULT = SandboxPac(store=Path(directory) if directory else None)
    return _DEFAULT


# -- over HTTP ---------------------------------------------------------------
def _reply_json(reply: AuthorityReply) -> bytes:
    return json.dumps(
        {
            "status": reply.status,
            "unique_code": reply.unique_code,
            "xml": base64.b64encode(reply.xml).decode(),
            "codes": list(reply.codes),
            "message": reply.message,
            "raw": reply.raw,
        }
    ).encode()


def _reply_of(data: bytes) -> AuthorityReply:
    body = json.loads(data)
    return AuthorityReply(
        status=body["status"],
        unique_code=body["unique_code"],
        xml=base64.b64decode(body["xml"]),
        codes=tuple(body["codes"]),
        message=body["message"],
        raw=body["raw"],
    )


def serve(pac: SandboxPac, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """The sandbox PAC over HTTP on a background thread (``server.server_address``)."""

    class Handler(BaseHTTPRequestHandler):
        def _send(self, reply: AuthorityReply) -> None:
            body = _reply_json(reply)
            self.send_response(503 if reply.status == "unavailable" else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def do_POST(self) -> None:
            if self.path == "/stamp":
                self._send(pac.submit(self._body()))
            elif self.path == "/cancel":
                data = json.loads(self._body())
                self._send(
                    pac.cancel(
                        data["uuid"],
                        reason_code=data["motivo"],
                        replacement=data.get("replacement", ""),
                    )
                )
            else:
                self.send_error(404)

        def do_GET(self) -> None:
            if self.path.startswith("/status/"):
                self._send(pac.status(self.path.removeprefix("/status/")))
            else:
                self.send_error(404)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class HttpSandboxPacClient:
    """``AuthorityClient`` for a sandbox PAC served by ``serve``."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body: bytes | None = None) -> AuthorityReply:
        request = urllib.request.Request(self.base_url + path, data=body, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _reply_of(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 503:
                return _reply_of(error.read())
            return AuthorityReply(
                status="unavailable", codes=(str(error.code),), message=str(error)
            )
        except (urllib.error.URLError, TimeoutError) as error:
            return AuthorityReply(status="unavailable", codes=("network",), message=str(error))

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        return self._call("POST", "/stamp", xml)

    def status(self, unique_code: str) -> AuthorityReply:
        return self._call("GET", f"/status/{unique_code}")

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        body = json.dumps({"uuid": unique_code, "motivo": reason_code, "replacement": replacement})
        return self._call("POST", "/cancel", body.encode())

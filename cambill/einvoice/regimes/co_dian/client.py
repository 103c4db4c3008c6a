"""DIAN's web service (``WcfDianCustomerServices``) behind ``AuthorityClient``.

SOAP 1.2 with WS-Addressing; the request is signed with the issuer's certificate as
DIAN requires (WS-Security X.509 token profile: a ``wsu:Timestamp``, the certificate as
a ``wsse:BinarySecurityToken`` and an exclusive-C14N RSA-SHA256 ``ds:Signature`` of the
``wsa:To`` header, made with ``signxml``). The document travels zipped in base64 under
DIAN's file names (``fv``/``nc`` + NIT + provider code + year + consecutive in hex).

- ``submit``: ``SendBillSync`` (the answer carries DIAN's ``ApplicationResponse``), or
  ``SendTestSetAsync`` while enabling (``test_set_id``): the answer is then ``pending``
  with the ``ZipKey`` in its message, and ``status`` tells the verdict later.
- ``status``: ``GetStatus`` by CUFE / CUDE.
- ``cancel``: DIAN has no cancellation (a credit note with discrepancy code 2 annuls).

The endpoint follows the issuer's environment (``2`` habilitación, ``1`` production);
``settings.CAMBILL_EINVOICE_DIAN_URL_TEST`` / ``CAMBILL_EINVOICE_DIAN_URL_PRODUCTION``
and ``CAMBILL_EINVOICE_DIAN_TIMEOUT`` (seconds, default 60) override it. Never called
by the tests: they use ``cambill_sandbox.einvoice.dian``; building the envelope and
reading DIAN's replies is what they check offline, through ``post``.
"""

from __future__ import annotations

import base64
import io
import re
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml import (
    CanonicalizationMethod,
    DigestAlgorithm,
    SignatureConstructionMethod,
    SignatureMethod,
    SignatureReference,
    XMLSigner,
)

from ...protocol import AuthorityReply, Credentials
from .read import read

URLS = {
    "1": "https://vpfe.dian.gov.co/WcfDianCustomerServices.svc",
    "2": "https://vpfe-hab.dian.gov.co/WcfDianCustomerServices.svc",
}
SOAP = "http://www.w3.org/2003/05/soap-envelope"
WSA = "http://www.w3.org/2005/08/addressing"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WCF = "http://wcf.dian.colombia"
DS = "http://www.w3.org/2000/09/xmldsig#"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64 = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
ACTION = "http://wcf.dian.colombia/IWcfDianCustomerServices/"
_RULE = re.compile(r"Regla:\s*([A-Za-z0-9]+)")

# post(url, body, headers) -> (HTTP status, body); raises OSError on a network failure
Post = Callable[[str, bytes, dict[str, str]], tuple[int, bytes]]


def _httpx_post(timeout: float) -> Post:
    def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        import httpx

        try:
            response = httpx.post(url, content=body, headers=headers, timeout=timeout)
        except httpx.HTTPError as exc:
            raise OSError(str(exc)) from exc
        return response.status_code, response.content

    return post


def endpoint(environment: str) -> str:
    from django.conf import settings

    name = "PRODUCTION" if environment == "1" else "TEST"
    return str(
        getattr(settings, f"CAMBILL_EINVOICE_DIAN_URL_{name}", "")
        or URLS[environment if environment == "1" else "2"]
    )


def file_names(xml: bytes, *, year: int) -> tuple[str, str]:
    """DIAN's names of the XML and of the zip carrying it."""
    doc = read(xml)
    prefix = "fv" if doc.kind == "invoice" else "nc"
    digits = re.sub(r"\D", "", doc.number[len(doc.prefix) :] if doc.prefix else doc.number) or "0"
    stem = f"{doc.seller_nit.zfill(10)}000{year % 100:02d}{int(digits) % 16**8:08x}"
    return f"{prefix}{stem}.xml", f"z{stem}.zip"


def zipped(name: str, xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, xml)
    return buffer.getvalue()


def envelope(
    operation: str,
    params: list[tuple[str, str]],
    credentials: Credentials,
    *,
    url: str,
    now: datetime,
) -> bytes:
    """The signed SOAP 1.2 request of ``operation`` with its parameters."""
    nsmap = {"soap": SOAP, "wcf": WCF}
    env = etree.Element(f"{{{SOAP}}}Envelope", nsmap=nsmap)
    header = etree.SubElement(env, f"{{{SOAP}}}Header", nsmap={"wsa": WSA})
    security = etree.SubElement(
        header,
        f"{{{WSSE}}}Security",
        {f"{{{SOAP}}}mustUnderstand": "true"},
        nsmap={"wsse": WSSE, "wsu": WSU},
    )
    stamp = etree.SubElement(
        security, f"{{{WSU}}}Timestamp", {f"{{{WSU}}}Id": f"TS-{uuid.uuid4().hex}"}
    )
    etree.SubElement(stamp, f"{{{WSU}}}Created").text = now.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    etree.SubElement(stamp, f"{{{WSU}}}Expires").text = (now + timedelta(minutes=60)).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    cert = x509.load_pem_x509_certificate(credentials.certificate_pem)
    token_id = f"X509-{uuid.uuid4().hex}"
    token = etree.SubElement(
        security,
        f"{{{WSSE}}}BinarySecurityToken",
        {"EncodingType": BASE64, "ValueType": X509V3, f"{{{WSU}}}Id": token_id},
    )
    token.text = base64.b64encode(cert.public_bytes(Encoding.DER)).decode()
    etree.SubElement(header, f"{{{WSA}}}Action").text = ACTION + operation
    to_id = f"id-{uuid.uuid4().hex}"
    to = etree.SubElement(header, f"{{{WSA}}}To", {f"{{{WSU}}}Id": to_id}, nsmap={"wsu": WSU})
    to.text = url
    body = etree.SubElement(env, f"{{{SOAP}}}Body")
    call = etree.SubElement(body, f"{{{WCF}}}{operation}")
    for name, value in params:
        etree.SubElement(call, f"{{{WCF}}}{name}").text = value
    key_info = etree.Element(f"{{{DS}}}KeyInfo", nsmap={"ds": DS})
    etree.SubElement(
        etree.SubElement(key_info, f"{{{WSSE}}}SecurityTokenReference", nsmap={"wsse": WSSE}),
        f"{{{WSSE}}}Reference",
        {"URI": f"#{token_id}", "ValueType": X509V3},
    )
    signer = XMLSigner(
        method=SignatureConstructionMethod.detached,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    signature = signer.sign(
        env,
        key=credentials.private_key_pem,
        reference_uri=[SignatureReference(URI=f"#{to_id}")],
        key_info=key_info,
        id_attribute="Id",
    )
    security.append(signature)
    out: bytes = etree.tostring(env, xml_declaration=True, encoding="UTF-8")
    return out


def _local(root: Any, name: str) -> str:
    found = root.xpath(f"//*[local-name() = '{name}']")
    return (found[0].text or "").strip() if found else ""


def parse_reply(body: bytes, *, unique_code: str = "") -> AuthorityReply:
    """DIAN's answer to ``SendBillSync`` / ``GetStatus`` / ``SendTestSetAsync``."""
    raw = body.decode("utf-8", "replace")
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return AuthorityReply(status="unavailable", message="Unreadable answer from DIAN", raw=raw)
    fault = root.xpath("//*[local-name() = 'Fault']")
    if fault:
        return AuthorityReply(
            status="unavailable", message=_local(fault[0], "Text") or "SOAP fault", raw=raw
        )
    zip_key = _local(root, "ZipKey")
    errors = [el.text or "" for el in root.xpath("//*[local-name() = 'ErrorMessage']/*")]
    errors += [
        el.text or ""
        for el in root.xpath(
            "//*[local-name() = 'ErrorMessageList']//*[local-name() = 'ProcessedMessage']"
        )
    ]
    codes = tuple(m.group(1) for e in errors for m in [_RULE.search(e)] if m)
    if zip_key:
        return AuthorityReply(
            status="pending" if not errors else "rejected",
            unique_code=unique_code,
            codes=codes,
            message=f"ZipKey: {zip_key}" + ("; " + "; ".join(errors) if errors else ""),
            raw=raw,
        )
    valid = _local(root, "IsValid").lower() == "true"
    status_code = _local(root, "StatusCode")
    xml_b64 = _local(root, "XmlBase64Bytes")
    response = base64.b64decode(xml_b64) if xml_b64 else b""
    key = _local(root, "XmlDocumentKey") or unique_code
    if valid:
        status = "accepted"
    elif status_code in ("66", "90") or (not status_code and not errors):
        status = "pending"
    else:
        status = "rejected"
    message = "; ".join([_local(root, "StatusDescription"), _local(root, "StatusMessage"), *errors])
    return AuthorityReply(
        status=status,
        unique_code=key,
        xml=response,
        codes=codes or ((status_code,) if status == "rejected" and status_code else ()),
        message=message.strip("; "),
        raw=raw,
    )


class DianClient:
    """The real DIAN, signing each request with the issuer's ``credentials``."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        environment: str,
        post: Post | None = None,
        now: Callable[[], datetime] | None = None,
        url: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.credentials = credentials
        self.environment = environment
        self.url = url or endpoint(environment)
        if post is None:
            if timeout is None:
                from django.conf import settings

                timeout = float(getattr(settings, "CAMBILL_EINVOICE_DIAN_TIMEOUT", 60))
            post = _httpx_post(timeout)
        self.post = post
        self.now = now or (lambda: datetime.now(UTC))

    def _call(
        self, operation: str, params: list[tuple[str, str]], *, unique_code: str
    ) -> AuthorityReply:
        body = envelope(operation, params, self.credentials, url=self.url, now=self.now())
        headers = {
            "Content-Type": f'application/soap+xml; charset=utf-8; action="{ACTION}{operation}"'
        }
        try:
            status, answer = self.post(self.url, body, headers)
        except OSError as exc:
            return AuthorityReply(status="unavailable", unique_code=unique_code, message=str(exc))
        if status >= 500 and b"Fault" not in answer:
            return AuthorityReply(
                status="unavailable",
                unique_code=unique_code,
                message=f"DIAN answered HTTP {status}",
                raw=answer.decode("utf-8", "replace"),
            )
        return parse_reply(answer, unique_code=unique_code)

    def submit(self, xml: bytes, *, test_set_id: str = "") -> AuthorityReply:
        doc = read(xml)
        name, zip_name = file_names(xml, year=self.now().year)
        content = base64.b64encode(zipped(name, xml)).decode()
        params = [("fileName", zip_name), ("contentFile", content)]
        if test_set_id:
            return self._call(
                "SendTestSetAsync",
                [*params, ("testSetId", test_set_id)],
                unique_code=doc.unique_code,
            )
        return self._call("SendBillSync", params, unique_code=doc.unique_code)

    def status(self, unique_code: str) -> AuthorityReply:
        return self._call("GetStatus", [("trackId", unique_code)], unique_code=unique_code)

    def cancel(
        self, unique_code: str, *, reason_code: str, replacement: str = ""
    ) -> AuthorityReply:
        return AuthorityReply(
            status="rejected",
            unique_code=unique_code,
            codes=("CANCEL",),
            message="DIAN has no cancellation: issue a credit note with discrepancy code 2.",
        )

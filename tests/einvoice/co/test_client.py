"""The real DIAN client offline: the signed SOAP request it would send and how it
reads DIAN's answers (no network: ``post`` is a fake)."""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import UTC, datetime

from cryptography import x509
from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier

from cambill.einvoice.regimes.co_dian import DianAdapter
from cambill.einvoice.regimes.co_dian.client import URLS, DianClient, file_names

from . import factories as f

NOW = datetime(2026, 4, 1, 14, 5, tzinfo=UTC)
DIAN_OK = b"""<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
<SendBillSyncResponse xmlns="http://wcf.dian.colombia"><SendBillSyncResult
 xmlns:b="http://schemas.datacontract.org/2004/07/DianResponse"
 xmlns:c="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
<b:ErrorMessage/><b:IsValid>true</b:IsValid><b:StatusCode>00</b:StatusCode>
<b:StatusDescription>Procesado Correctamente.</b:StatusDescription>
<b:StatusMessage>La Factura electr\xc3\xb3nica SETP990000002, ha sido autorizada.</b:StatusMessage>
<b:XmlBase64Bytes>PEFwcGxpY2F0aW9uUmVzcG9uc2UvPg==</b:XmlBase64Bytes>
<b:XmlDocumentKey>KEY</b:XmlDocumentKey><b:XmlFileName>fv</b:XmlFileName>
</SendBillSyncResult></SendBillSyncResponse></s:Body></s:Envelope>"""
DIAN_REJECTED = b"""<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
<SendBillSyncResponse xmlns="http://wcf.dian.colombia"><SendBillSyncResult
 xmlns:b="http://schemas.datacontract.org/2004/07/DianResponse"
 xmlns:c="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
<b:ErrorMessage><c:string>Regla: FAD06, Rechazo: Valor del CUFE no est\xc3\xa1 calculado correctamente.</c:string>
<c:string>Regla: ZE02, Rechazo: Valor de la firma inv\xc3\xa1lido.</c:string></b:ErrorMessage>
<b:IsValid>false</b:IsValid><b:StatusCode>99</b:StatusCode>
<b:StatusDescription>Validaci\xc3\xb3n contiene errores en campos mandatorios.</b:StatusDescription>
<b:XmlBase64Bytes/><b:XmlDocumentKey>KEY</b:XmlDocumentKey>
</SendBillSyncResult></SendBillSyncResponse></s:Body></s:Envelope>"""


class FakeDian:
    def __init__(self, answer: bytes, status: int = 200) -> None:
        self.answer, self.code = answer, status
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        self.calls.append((url, body, headers))
        return self.code, self.answer


def test_send_bill_sync_is_a_signed_soap_request_with_the_zipped_document() -> None:
    built = DianAdapter().build(f.invoice(), f.credentials())
    fake = FakeDian(DIAN_OK.replace(b"KEY", built.unique_code.encode()))
    client = DianClient(f.credentials(), environment="2", post=fake, now=lambda: NOW)
    reply = client.submit(built.xml)
    assert (reply.status, reply.unique_code, reply.xml) == (
        "accepted",
        built.unique_code,
        b"<ApplicationResponse/>",
    )
    assert "autorizada" in reply.message
    url, body, headers = fake.calls[0]
    assert url == URLS["2"]
    assert (
        'action="http://wcf.dian.colombia/IWcfDianCustomerServices/SendBillSync"'
        in headers["Content-Type"]
    )
    root = etree.fromstring(body)
    ns = {
        "soap": "http://www.w3.org/2003/05/soap-envelope",
        "wcf": "http://wcf.dian.colombia",
        "wsa": "http://www.w3.org/2005/08/addressing",
    }
    assert root.findtext(".//wsa:To", namespaces=ns) == URLS["2"]
    xml_name, zip_name = file_names(built.xml, year=2026)
    assert (xml_name, zip_name) == (
        "fv0900373115000263b023382.xml",
        "z0900373115000263b023382.zip",
    )
    assert root.findtext(".//wcf:fileName", namespaces=ns) == zip_name
    content = base64.b64decode(root.findtext(".//wcf:contentFile", namespaces=ns))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == [xml_name]
        assert archive.read(xml_name) == built.xml
    # WS-Security: the wsa:To signed with the issuer's certificate
    cert = x509.load_pem_x509_certificate(f.credentials().certificate_pem)
    result = XMLVerifier().verify(
        body, x509_cert=cert, expect_config=SignatureConfiguration(expect_references=1)
    )
    assert etree.QName(result.signed_xml).localname == "To"


def test_test_set_goes_to_send_test_set_async_and_waits() -> None:
    built = DianAdapter().build(f.invoice(), f.credentials())
    answer = b"""<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>
    <SendTestSetAsyncResponse xmlns="http://wcf.dian.colombia"><SendTestSetAsyncResult
     xmlns:b="http://schemas.datacontract.org/2004/07/UploadDocumentResponse">
    <b:ErrorMessageList/><b:ZipKey>0d8a7e02-1a2b-4c5d-9e8f-0123456789ab</b:ZipKey>
    </SendTestSetAsyncResult></SendTestSetAsyncResponse></s:Body></s:Envelope>"""
    fake = FakeDian(answer)
    reply = DianClient(f.credentials(), environment="2", post=fake, now=lambda: NOW).submit(
        built.xml, test_set_id="set-123"
    )
    assert (reply.status, reply.unique_code) == ("pending", built.unique_code)
    assert "0d8a7e02-1a2b-4c5d-9e8f-0123456789ab" in reply.message
    body = fake.calls[0][1]
    assert b"<wcf:testSetId>set-123</wcf:testSetId>" in body


def test_a_rejection_keeps_dians_rule_codes() -> None:
    fake = FakeDian(DIAN_REJECTED)
    reply = DianClient(f.credentials(), environment="1", post=fake, now=lambda: NOW).status("abc")
    assert (reply.status, reply.codes) == ("rejected", ("FAD06", "ZE02"))
    assert fake.calls[0][0] == URLS["1"]
    assert b"<wcf:trackId>abc</wcf:trackId>" in fake.calls[0][1]


def test_network_failures_and_server_errors_are_unavailable() -> None:
    def down(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        raise OSError("connection refused")

    client = DianClient(f.credentials(), environment="2", post=down, now=lambda: NOW)
    assert client.status("abc").status == "unavailable"
    busy = DianClient(
        f.credentials(), environment="2", post=FakeDian(b"busy", 503), now=lambda: NOW
    )
    assert busy.status("abc").status == "unavailable"
    assert client.cancel("abc", reason_code="2").status == "rejected"

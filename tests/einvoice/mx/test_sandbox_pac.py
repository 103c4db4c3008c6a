"""The sandbox PAC behaves like a PAC: checks schema and Sello, stamps a
TimbreFiscalDigital 1.1 signed with its "SAT" key, answers status and cancel,
and can be down."""

from __future__ import annotations

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from lxml import etree

from cambill.einvoice.regimes.mx_cfdi40 import Cfdi40Adapter, validate, verify_sello
from cambill.einvoice.regimes.mx_cfdi40.sign import cadena_tfd, verify_sha256
from cambill_sandbox.einvoice.sat_pac import HERE, HttpSandboxPacClient, SandboxPac, serve
from tests.einvoice.mx import values as v

NS = {"cfdi": "http://www.sat.gob.mx/cfd/4", "tfd": "http://www.sat.gob.mx/TimbreFiscalDigital"}
UUID_1 = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
UUID_2 = "1A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"
ADAPTER = Cfdi40Adapter()


@pytest.fixture()
def pac() -> SandboxPac:
    uuids = iter([UUID_1, UUID_2, "2A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"])
    return SandboxPac(
        clock=lambda: datetime(2026, 4, 1, 9, 31, 5, tzinfo=ZoneInfo("America/Mexico_City")),
        uuid_factory=lambda: next(uuids),
    )


@pytest.fixture(scope="module")
def invoice_xml() -> bytes:
    return ADAPTER.build(v.invoice(), v.test_credentials()).xml


def test_stamps_a_timbre_fiscal_digital(pac: SandboxPac, invoice_xml: bytes) -> None:
    reply = pac.submit(invoice_xml)
    assert (reply.status, reply.unique_code, reply.codes) == ("accepted", UUID_1, ("100",))
    assert validate(reply.xml) == []  # the Comprobante and the TFD, each by its schema
    assert verify_sello(reply.xml)  # the stamp left the sealed document untouched
    root = etree.fromstring(reply.xml)
    tfd = root.find("cfdi:Complemento/tfd:TimbreFiscalDigital", NS)
    assert tfd.get("Version") == "1.1"
    assert tfd.get("UUID") == UUID_1
    assert tfd.get("FechaTimbrado") == "2026-04-01T09:31:05"
    assert tfd.get("RfcProvCertif") == "SPR190613I52"
    assert tfd.get("SelloCFD") == root.get("Sello")
    assert tfd.get("NoCertificadoSAT") == "30001000000599999999"
    sat = x509.load_pem_x509_certificate((HERE / "sat_sandbox.cer.pem").read_bytes())
    cadena = cadena_tfd(tfd)
    assert cadena.startswith(
        f"||1.1|{UUID_1}|2026-04-01T09:31:05|SPR190613I52|{root.get('Sello')}|"
    )
    assert verify_sha256(sat, cadena.encode(), tfd.get("SelloSAT"))
    assert base64.b64decode(tfd.get("SelloSAT"))  # a real signature, not a placeholder


def test_rejects_a_tampered_document(pac: SandboxPac, invoice_xml: bytes) -> None:
    reply = pac.submit(invoice_xml.replace(b'Total="25.25"', b'Total="25.26"'))
    assert (reply.status, reply.codes) == ("rejected", ("CFDI40102",))
    assert reply.unique_code == "" and pac.documents == {}


def test_rejects_a_document_failing_the_schema(pac: SandboxPac, invoice_xml: bytes) -> None:
    reply = pac.submit(invoice_xml.replace(b'UsoCFDI="G03"', b'UsoCFDI="Z99"'))
    assert (reply.status, reply.codes) == ("rejected", ("301",))
    assert "buyer.einvoice.cfdi_use" in reply.message


def test_rejects_a_certificate_that_is_not_the_issuers(pac: SandboxPac, invoice_xml: bytes) -> None:
    reply = pac.submit(
        invoice_xml.replace(
            b'NoCertificado="30001000000400002434"', b'NoCertificado="30001000000400002435"'
        )
    )
    assert (reply.status, reply.codes) == ("rejected", ("303",))


def test_a_second_submission_returns_the_first_stamp(pac: SandboxPac, invoice_xml: bytes) -> None:
    first = pac.submit(invoice_xml)
    again = pac.submit(invoice_xml)
    assert (again.status, again.unique_code, again.codes) == (
        "accepted",
        first.unique_code,
        ("307",),
    )
    assert again.xml == first.xml and len(pac.documents) == 1


def test_outage_then_retry_stamps_exactly_once(pac: SandboxPac, invoice_xml: bytes) -> None:
    pac.outage(2)
    assert pac.submit(invoice_xml).status == "unavailable"
    assert pac.submit(invoice_xml).status == "unavailable"
    reply = pac.submit(invoice_xml)
    assert reply.status == "accepted" and list(pac.documents) == [UUID_1]
    assert pac.calls == ["submit", "submit", "submit"]


def test_status_and_cancel(pac: SandboxPac, invoice_xml: bytes) -> None:
    uuid = pac.submit(invoice_xml).unique_code
    assert pac.status(uuid).status == "accepted"
    assert pac.status(UUID_2).codes == ("N 602",)
    refused = pac.cancel(uuid, reason_code="01")  # 01 needs the replacing CFDI
    assert (refused.status, refused.codes) == ("rejected", ("CA-MOTIVO",))
    assert pac.cancel(uuid, reason_code="09").status == "rejected"
    cancelled = pac.cancel(uuid, reason_code="02")
    assert (cancelled.status, cancelled.codes) == ("cancelled", ("201",))
    assert pac.status(uuid).status == "cancelled"
    assert pac.cancel(uuid, reason_code="02").codes == ("202",)
    assert pac.cancel(UUID_2, reason_code="02").codes == ("205",)


def test_cancel_with_replacement(pac: SandboxPac, invoice_xml: bytes) -> None:
    first = pac.submit(invoice_xml).unique_code
    second = pac.submit(
        ADAPTER.build(v.invoice(number="TN-2026-000124"), v.test_credentials()).xml
    ).unique_code
    reply = pac.cancel(first, reason_code="01", replacement=second)
    assert reply.status == "cancelled"
    assert pac.documents[first].replacement == second


def test_over_http(pac: SandboxPac, invoice_xml: bytes) -> None:
    server = serve(pac)
    try:
        host, port = server.server_address[:2]
        client = HttpSandboxPacClient(f"http://{host!s}:{port}")
        reply = client.submit(invoice_xml)
        assert (reply.status, reply.unique_code) == ("accepted", UUID_1)
        assert verify_sello(reply.xml)
        assert client.status(UUID_1).status == "accepted"
        pac.outage(1)
        assert client.status(UUID_1).status == "unavailable"
        assert client.cancel(UUID_1, reason_code="03").status == "cancelled"
    finally:
        server.shutdown()
        server.server_close()


def test_processes_share_stamps_through_a_store(tmp_path, invoice_xml: bytes) -> None:  # type: ignore[no-untyped-def]
    web = SandboxPac(store=tmp_path, uuid_factory=lambda: UUID_1)
    worker = SandboxPac(store=tmp_path, uuid_factory=lambda: UUID_2)
    assert web.submit(invoice_xml).unique_code == UUID_1
    again = worker.submit(invoice_xml)  # the worker sees the web's stamp
    assert (again.unique_code, again.codes) == (UUID_1, ("307",))
    assert worker.cancel(UUID_1, reason_code="02").status == "cancelled"
    assert web.status(UUID_1).status == "cancelled"

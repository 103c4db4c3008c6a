"""AEAT's client offline: the batch travels in a SOAP 1.1 envelope to the endpoint of
the environment; AEAT's answers (a partial success, a duplicate, a fault) are read per
record; the sandbox's answers are valid against RespuestaSuministro.xsd."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

from lxml import etree

from cambill.einvoice.protocol import Credentials
from cambill.einvoice.regimes.es_verifactu import VerifactuAdapter
from cambill.einvoice.regimes.es_verifactu.client import SOAPENV, URLS, AeatClient, parse
from cambill.einvoice.regimes.es_verifactu.records import SFLR, envelope, records_of
from cambill.einvoice.regimes.es_verifactu.schema import validate_reply
from cambill.einvoice.value import EInvoice, Party, TaxSubtotal
from cambill_sandbox.einvoice.aeat import UNKNOWN_NIF, SandboxAeat

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def value(number: str, buyer_nif: str, previous: dict[str, str] | None = None) -> EInvoice:
    return EInvoice(
        kind="invoice",
        number=number,
        issued_at=NOW,
        time_zone="Europe/Madrid",
        currency="EUR",
        seller=Party(
            name="Telenet Videovigilancia SL",
            tax_id="B58378431",
            regime_data={"series": "A/", "verifactu": {"previous": previous}},
        ),
        buyer=Party(name="Acme Seguridad SA", tax_id=buyer_nif),
        taxes=(TaxSubtotal(category="S", percent=D("21"), taxable=D("100.00"), amount=D("21.00")),),
        net=D("100.00"),
        tax_total=D("21.00"),
        total=D("121.00"),
    )


def two_records() -> bytes:
    adapter = VerifactuAdapter()
    first = adapter.build(value("1", "A08001851"), Credentials(b"", b""))
    link = {
        "nif": "B58378431",
        "num_serie": "A/1",
        "fecha": "01-03-2026",
        "huella": first.unique_code,
    }
    second = adapter.build(value("2", UNKNOWN_NIF, link), Credentials(b"", b""))
    elements = [records_of(first.xml)[0], records_of(second.xml)[0]]
    return envelope("Telenet Videovigilancia SL", "B58378431", elements)


def test_the_batch_is_posted_in_soap_to_the_environments_endpoint() -> None:
    posted: list[tuple[str, bytes]] = []
    sandbox = SandboxAeat()

    def post(url: str, body: bytes, headers: dict[str, str]) -> bytes:
        posted.append((url, body))
        inner = etree.tostring(etree.fromstring(body).find(f"{{{SOAPENV}}}Body")[0])
        reply = sandbox.send(inner)
        wrapped = etree.Element(f"{{{SOAPENV}}}Envelope")
        etree.SubElement(wrapped, f"{{{SOAPENV}}}Body").append(etree.fromstring(reply))
        return etree.tostring(wrapped)

    client = AeatClient(Credentials(b"", b""), environment="test", post=post)
    answer = parse(client.send(two_records()))
    url, body = posted[0]
    assert (
        url
        == URLS["test"]
        == ("https://prewww1.aeat.es/wlpl/TIKE-CONT/ws/SistemaFacturacion/VerifactuSOAP")
    )
    sent = etree.fromstring(body).find(f"{{{SOAPENV}}}Body/{{{SFLR}}}RegFactuSistemaFacturacion")
    assert sent is not None and len(sent.findall(f"{{{SFLR}}}RegistroFactura")) == 2
    assert answer.state == "ParcialmenteCorrecto" and len(answer.csv) == 16
    assert answer.reply_for("Alta", "A/1").status == "accepted"
    refused = answer.reply_for("Alta", "A/2")
    assert (refused.status, refused.codes) == ("rejected", ("1104",))
    assert (
        AeatClient(Credentials(b"", b""), environment="production", post=post).url
        == (URLS["production"])
    )


def test_sandbox_answers_are_valid_and_a_duplicate_counts_as_accepted() -> None:
    sandbox = SandboxAeat(unknown_nifs=())
    batch = two_records()
    first = sandbox.send(batch)
    assert validate_reply(first) == []
    assert parse(first).state == "Correcto"
    # the same batch again: AEAT holds both (a lost answer, a retry): not stuck
    again = sandbox.send(batch)
    assert validate_reply(again) == []
    answer = parse(again)
    assert answer.replies[("Alta", "A/1")].codes == ("3000",)
    assert answer.reply_for("Alta", "A/1").status == "accepted"


def test_a_wrong_huella_and_a_broken_schema_are_refused() -> None:
    sandbox = SandboxAeat()
    batch = two_records().replace(b"<sf:CuotaTotal>21.00<", b"<sf:CuotaTotal>21.01<", 1)
    answer = parse(sandbox.send(batch))
    assert answer.replies[("Alta", "A/1")].codes == ("2000",)
    broken = two_records().replace(b"<sf:TipoFactura>F1<", b"<sf:TipoFactura>F9<", 1)
    fault = parse(SandboxAeat().send(broken))
    assert fault.fault is not None and fault.reply_for("Alta", "A/1").status == "rejected"
    assert "4102" in fault.fault.message

"""The adapter end to end with the sandbox PAC, the QR text, the cancellation
request, and the real PAC client's mapping of replies (no network)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from lxml import etree
from satcfdi.exceptions import ResponseError
from satcfdi.pacs import Document, Environment

from cambill.einvoice.protocol import AuthorityReply, EInvoiceError, RegimeAdapter
from cambill.einvoice.regimes.mx_cfdi40 import Cfdi40Adapter, validate
from cambill.einvoice.regimes.mx_cfdi40.pac import PacConfigurationError, SatcfdiPacClient, make_pac
from cambill_sandbox.einvoice.sat_pac import SandboxPac
from tests.einvoice.mx import values as v

UUID = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"


@pytest.fixture()
def pac() -> SandboxPac:
    return SandboxPac(uuid_factory=lambda: UUID)


def test_is_a_regime_adapter() -> None:
    adapter: RegimeAdapter = Cfdi40Adapter()
    assert adapter.regime == "mx-cfdi40"


def test_build_submit_accept(pac: SandboxPac) -> None:
    adapter = Cfdi40Adapter()
    built = adapter.build(v.invoice(), v.test_credentials())
    assert (built.unique_code, built.qr) == ("", "")
    assert built.extras["cadena_original"].startswith("||4.0|TN-2026|000123|")
    accepted = adapter.accept_reply(built, pac.submit(built.xml))
    assert accepted.unique_code == UUID
    sello = etree.fromstring(built.xml).get("Sello")
    assert accepted.qr == (
        "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"
        f"?id={UUID}&re=EKU9003173C9&rr=URE180429TM6&tt=25.25&fe={sello[-8:]}"
    )
    assert accepted.extras["uuid"] == UUID
    assert accepted.extras["rfc_prov_certif"] == "SPR190613I52"
    assert accepted.extras["cadena_tfd"].startswith(f"||1.1|{UUID}|")
    assert accepted.extras["sello"] == sello
    assert b"TimbreFiscalDigital" in accepted.xml and validate(accepted.xml) == []


def test_a_rejection_leaves_the_document_as_built(pac: SandboxPac) -> None:
    adapter = Cfdi40Adapter()
    built = adapter.build(v.invoice(), v.test_credentials())
    reply = pac.submit(built.xml.replace(b'Total="25.25"', b'Total="25.26"'))
    assert adapter.accept_reply(built, reply) is built


def test_a_stamp_of_another_document_is_refused(pac: SandboxPac) -> None:
    adapter = Cfdi40Adapter()
    built = adapter.build(v.invoice(), v.test_credentials())
    other = adapter.build(v.invoice(number="TN-2026-000999"), v.test_credentials())
    with pytest.raises(EInvoiceError) as error:
        adapter.accept_reply(built, pac.submit(other.xml))
    assert error.value.code == "mx-cfdi40.stamp"


def test_cancellation_request() -> None:
    value = v.invoice(
        kind="cancellation",
        preceding_unique_code=v.INVOICE_UUID.lower(),
        reason_code="01",
        replacement_unique_code=UUID,
    )
    built = Cfdi40Adapter().build(value, v.test_credentials())
    root = etree.fromstring(built.xml)
    assert root.tag == "{http://cancelacfd.sat.gob.mx}Cancelacion"
    assert (root.get("RfcEmisor"), root.get("Fecha")) == ("EKU9003173C9", "2026-04-01T09:30:00")
    folio = root.find("{http://cancelacfd.sat.gob.mx}Folios/{http://cancelacfd.sat.gob.mx}Folio")
    assert dict(folio.attrib) == {"UUID": v.INVOICE_UUID, "Motivo": "01", "FolioSustitucion": UUID}
    assert root.find("{http://www.w3.org/2000/09/xmldsig#}Signature") is not None
    assert built.unique_code == v.INVOICE_UUID
    assert built.extras == {"motivo": "01", "folio_sustitucion": UUID}


def test_cancellation_defaults_to_motivo_02() -> None:
    value = v.invoice(kind="cancellation", preceding_unique_code=v.INVOICE_UUID)
    built = Cfdi40Adapter().build(value, v.test_credentials())
    assert built.extras["motivo"] == "02"
    assert b'Motivo="02"' in built.xml and b"FolioSustitucion" not in built.xml


def test_make_pac_from_the_issuers_settings() -> None:
    finkok = make_pac("finkok", {"pac_username": "u", "pac_password": "p"}, Environment.TEST)
    assert type(finkok).__name__ == "Finkok" and finkok.environment == Environment.TEST
    with pytest.raises(PacConfigurationError, match="pac_contract"):
        make_pac("prodigia", {"pac_username": "u", "pac_password": "p"}, Environment.TEST)
    with pytest.raises(PacConfigurationError, match="Unknown PAC"):
        make_pac("nope", {}, Environment.TEST)


class FakePac:
    """Stands in for a satcfdi PAC adapter (no network): stamps with the sandbox."""

    environment = Environment.TEST

    def __init__(self, error: Exception | None = None) -> None:
        self.sandbox = SandboxPac(uuid_factory=lambda: UUID)
        self.error = error

    def stamp(self, cfdi):  # type: ignore[no-untyped-def]
        if self.error:
            raise self.error
        reply = self.sandbox.submit(cfdi.xml_bytes())
        return Document(document_id=reply.unique_code, xml=reply.xml)


def test_real_pac_client_maps_a_stamp() -> None:
    built = Cfdi40Adapter().build(v.invoice(), v.test_credentials())
    client = SatcfdiPacClient(FakePac(), v.test_credentials(), sat=object())  # type: ignore[arg-type]
    reply = client.submit(built.xml)
    assert (reply.status, reply.unique_code) == ("accepted", UUID)
    assert Cfdi40Adapter().accept_reply(built, reply).unique_code == UUID


@pytest.mark.parametrize(
    ("error", "status", "codes"),
    [
        (
            ResponseError(SimpleNamespace(status_code=400, text="CFDI40102 Sello inválido")),
            "rejected",
            ("CFDI40102",),
        ),
        (ResponseError(SimpleNamespace(status_code=503, text="down")), "unavailable", ("503",)),
        (ConnectionError("refused"), "unavailable", ("network",)),
    ],
)
def test_real_pac_client_maps_failures(
    error: Exception, status: str, codes: tuple[str, ...]
) -> None:
    built = Cfdi40Adapter().build(v.invoice(), v.test_credentials())
    client = SatcfdiPacClient(FakePac(error), v.test_credentials(), sat=object())  # type: ignore[arg-type]
    reply: AuthorityReply = client.submit(built.xml)
    assert (reply.status, reply.codes) == (status, codes)


def test_cancellation_request_validates() -> None:
    adapter = Cfdi40Adapter()
    value = v.invoice(kind="cancellation", preceding_unique_code=v.INVOICE_UUID, reason_code="03")
    xml = adapter.build(value, v.test_credentials()).xml
    assert adapter.validate(xml) == []
    broken = xml.replace(b'Motivo="03"', b'Motivo="01"')
    assert [i.field for i in adapter.validate(broken)] == ["replacement_unique_code"]

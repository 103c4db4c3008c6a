"""DIAN's unique codes reproduce the annex's worked examples exactly (../shared/
einvoice-official/SOURCES.md)."""

from __future__ import annotations

import hashlib

from cambill.einvoice.regimes.co_dian.cufe import (
    CodeFields,
    QrFields,
    nit_check_digit,
    qr_url,
    software_security_code,
)


def test_cufe_of_dians_worked_example() -> None:
    fields = CodeFields(
        number="323200000129",
        issue_date="2019-01-16",
        issue_time="10:53:10-05:00",
        value="1500000.00",
        iva="285000.00",
        inc="0.00",
        ica="0.00",
        total="1785000.00",
        seller_nit="700085371",
        buyer_id="800199436",
        key="693ff6f2a553c3646a063436fd4dd9ded0311471",
        environment="1",
    )
    assert fields.text() == (
        "3232000001292019-01-1610:53:10-05:001500000.0001285000.00040.00030.00"
        "1785000.00700085371800199436693ff6f2a553c3646a063436fd4dd9ded03114711"
    )
    assert fields.code() == (
        "8bb918b19ba22a694f1da11c643b5e9de39adf60311cf179179e9b33381030bc"
        "d4c3c3f156c506ed5908f9276f5bd9b4"
    )


def test_cude_of_dians_worked_example_uses_the_software_pin() -> None:
    fields = CodeFields(
        number="8110007871",
        issue_date="2019-01-12",
        issue_time="07:00:00-05:00",
        value="5000.00",
        iva="950.00",
        inc="0.00",
        ica="0.00",
        total="5950.00",
        seller_nit="900373076",
        buyer_id="8355990",
        key="12301",  # the software PIN
        environment="1",
    )
    assert fields.code() == (
        "907e4444decc9e59c160a2fb3b6659b33dc5b632a5008922b9a62f83f757b1c4"
        "48e47f5867f2b50dbdb96f48c7681168"
    )


def test_software_security_code_is_sha384_of_id_pin_and_number() -> None:
    expected = hashlib.sha384(b"56f2ae4e-9812-4fad-9255-08fcfcd5ccb012345SETP990000002").hexdigest()
    assert (
        software_security_code("56f2ae4e-9812-4fad-9255-08fcfcd5ccb0", "12345", "SETP990000002")
        == expected
    )


def test_nit_check_digits() -> None:
    assert nit_check_digit("800197268") == "4"  # DIAN itself
    assert nit_check_digit("900373115") == "3"
    assert nit_check_digit("860069804") == "2"


def test_qr_text_and_link_per_environment() -> None:
    code = "ab" * 48
    assert (
        qr_url(code, "1")
        == f"https://catalogo-vpfe.dian.gov.co/document/searchqr?documentkey={code}"
    )
    assert (
        qr_url(code, "2")
        == f"https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey={code}"
    )
    text = QrFields(
        number="SETP990000002",
        issue_date="2026-04-01",
        issue_time="09:00:00-05:00",
        seller_nit="900373115",
        buyer_id="860069804",
        value="14129.03",
        iva="2684.52",
        other_taxes="0.00",
        total="16813.55",
        code=code,
        environment="2",
    ).text()
    assert text.splitlines() == [
        "NumFac: SETP990000002",
        "FecFac: 2026-04-01",
        "HorFac: 09:00:00-05:00",
        "NitFac: 900373115",
        "DocAdq: 860069804",
        "ValFac: 14129.03",
        "ValIva: 2684.52",
        "ValOtroIm: 0.00",
        "ValTolFac: 16813.55",
        f"CUFE: {code}",
        f"QRCode: https://catalogo-vpfe-hab.dian.gov.co/document/searchqr?documentkey={code}",
    ]

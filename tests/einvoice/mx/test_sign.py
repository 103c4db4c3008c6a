"""The Sello: RSA-SHA256 PKCS#1 v1.5 with the CSD over the cadena original that SAT's
XSLT computes; deterministic, so a fixed document has one exact Sello."""

from __future__ import annotations

import base64
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from cambill.einvoice.regimes.mx_cfdi40 import Cfdi40Adapter, cadena_original, verify_sello
from cambill.einvoice.regimes.mx_cfdi40 import catalogs as cat
from tests.einvoice.mx import values as v

EXAMPLES = v.OFFICIAL / "examples"

GOLDEN_CADENA = (
    "||4.0|TN-2026|000123|2026-04-01T09:30:00|99|30001000000400002434|21.77|MXN|25.25|I|01|PPD|42501"
    "|EKU9003173C9|ESCUELA KEMPER URGATE|601|URE180429TM6|UNIVERSIDAD ROBOTICA ESPAÑOLA|86991|601|G03"
    "|81112106|TRAFFIC7|1|E48|Camera A, TRAFFIC7, 1-31 Mar|12.00|12.00|02|12.00|002|Tasa|0.160000|1.92"
    "|81112106|HOME3|0.709677|E48|Camera B, HOME3, 10-31 Mar|3.00|2.13|02|2.13|002|Tasa|0.160000|0.34"
    "|81112106|HOME3|0.483871|E48|Camera C, HOME3, 1-15 Mar|3.00|1.45|02|1.45|002|Tasa|0.160000|0.23"
    "|81112106|TRAFFIC7|0.516129|E48|Camera C, TRAFFIC7, 16-31 Mar|12.00|6.19|02|6.19|002|Tasa|0.160000|0.99"
    "|21.77|002|Tasa|0.160000|3.48|3.48||"
)
GOLDEN_SELLO = (
    "NwvE1RQM7Kol6xeDa/bvSZOYyQj6stM2s9FN79bAxdNr6frTBRSl4345BLsOXWp19YQi9zorLqhs4JCWR7wfVGJsCMnKXFX/"
    "T6lszQ/iAy3B3PagEiI4b7P0MnjBxXBP05f9yHAjbaxSmtfDTY2cC/8DzvL9iBp6/4qdCJLBe8vy2hsubeoXSL0cBUA68OrK"
    "6T2iOfAGBNc2ofgekqSXtO0FB2XbAEek/C4T2Zaz1Z78hRZ9Npe9cpKQ5mopd5ahMcwmSopvWhGZJhJ0ksKjxm/BfyXiKMXP"
    "S57+8pus/o1Kfv3U1z8gVzAt0kAog8qW1R+xmZd+emcrZU058g5Kow=="
)


def sat_xslt_cadena(xml: bytes) -> str:
    """The cadena straight from SAT's stylesheet file, without the adapter's helpers."""
    transform = etree.XSLT(etree.parse(cat.CADENA_CFDI40_XSLT))
    return str(transform(etree.fromstring(xml)))


def test_golden_sello_of_a_fixed_document() -> None:
    built = Cfdi40Adapter().build(v.invoice(), v.test_credentials())
    assert built.extras["cadena_original"] == GOLDEN_CADENA
    assert built.extras["sello"] == GOLDEN_SELLO
    root = etree.fromstring(built.xml)
    assert root.get("Sello") == GOLDEN_SELLO
    # the same signature straight from the CSD's key file with `cryptography`
    key = serialization.load_der_private_key(
        (v.CSD / "eku9003173c9_csd.key").read_bytes(),
        password=(v.CSD / "eku9003173c9_csd.txt").read_text().strip().encode(),
    )
    assert isinstance(key, rsa.RSAPrivateKey)
    signature = key.sign(GOLDEN_CADENA.encode(), padding.PKCS1v15(), hashes.SHA256())
    assert base64.b64encode(signature).decode() == GOLDEN_SELLO


def test_sello_verifies_against_the_documents_certificate_over_sat_cadena() -> None:
    for value in (v.invoice(), v.credit_note(), v.payment(v.part(1, "25.25", "10.00"))):
        xml = Cfdi40Adapter().build(value, v.test_credentials()).xml
        root = etree.fromstring(xml)
        certificate = x509.load_der_x509_certificate(base64.b64decode(root.get("Certificado")))
        assert certificate.serial_number.to_bytes(20, "big").decode() == root.get("NoCertificado")
        public_key = certificate.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        public_key.verify(
            base64.b64decode(root.get("Sello")),
            sat_xslt_cadena(xml).encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
        assert cadena_original(xml) == sat_xslt_cadena(xml)
        assert verify_sello(xml)


def test_a_changed_document_no_longer_verifies() -> None:
    xml = Cfdi40Adapter().build(v.invoice(), v.test_credentials()).xml
    assert not verify_sello(xml.replace(b'Total="25.25"', b'Total="25.26"'))
    assert not verify_sello(xml.replace(b'Nombre="UNIVERSIDAD', b'Nombre="UNIVERSITY'))


def test_sat_signed_example_verifies_with_our_cadena() -> None:
    """SAT's own stamped example: its Sello verifies over the cadena we compute."""
    xml = Path(EXAMPLES / "cfdv40-ejemplo-signed-tfd.xml").read_bytes()
    assert verify_sello(xml)

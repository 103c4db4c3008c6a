"""The cadena original (SAT's XSLT) and the ``Sello`` (RSA-SHA256, PKCS#1 v1.5).

``satcfdi`` signs (``CFDI.sign``: NoCertificado, Certificado, Sello over the
cadena from SAT's ``cadenaoriginal_4_0.xslt``, shipped in its wheel). The
functions here recompute the cadena from the XML *bytes* with the same XSLT and
verify a seal against the certificate inside the document, which is what a PAC
does and what the tests assert.
"""

from __future__ import annotations

import base64
from functools import cache

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree
from satcfdi.cfdi import CFDI
from satcfdi.models import Signer

from ...protocol import Credentials
from . import catalogs as cat


def signer(credentials: Credentials) -> Signer:
    """satcfdi's signer over the issuer's CSD (raises when key and certificate differ)."""
    return signer_from_pem(credentials.certificate_pem, credentials.private_key_pem)


def signer_from_pem(certificate_pem: bytes, private_key_pem: bytes) -> Signer:
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("A CSD key is RSA.")
    return Signer.load(
        certificate=certificate.public_bytes(serialization.Encoding.DER),
        key=key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def credentials_from_csd(certificate_der: bytes, key_der: bytes, password: str) -> Credentials:
    """``Credentials`` from a CSD as SAT issues it: ``.cer`` (DER) and ``.key``
    (encrypted PKCS#8 DER) with its password."""
    certificate = x509.load_der_x509_certificate(certificate_der)
    key = serialization.load_der_private_key(key_der, password=password.encode())
    return Credentials(
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM),
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def sign(document: CFDI, credentials: Credentials) -> CFDI:
    document.sign(signer(credentials))
    return document


@cache
def _xslt(path: str) -> etree.XSLT:
    return etree.XSLT(etree.parse(path))


def cadena_original(xml: bytes) -> str:
    """The cadena original of a CFDI 4.0, by SAT's ``cadenaoriginal_4_0.xslt``."""
    return str(_xslt(cat.CADENA_CFDI40_XSLT)(etree.fromstring(xml)))


def cadena_tfd(tfd: etree._Element) -> str:
    """The cadena original of a ``TimbreFiscalDigital`` 1.1 (what ``SelloSAT`` signs,
    and the "cadena original del complemento de certificación" a printed CFDI shows)."""
    return str(_xslt(cat.CADENA_TFD11_XSLT)(etree.ElementTree(tfd)))


def certificate_number(certificate: x509.Certificate) -> str:
    """SAT's 20-digit certificate number: the serial's bytes are ASCII digits."""
    serial = certificate.serial_number
    return serial.to_bytes((serial.bit_length() + 7) // 8, "big").decode("ascii", "replace")


def certificate_rfc(certificate: x509.Certificate) -> str:
    """The RFC of a CSD's holder (x500UniqueIdentifier: ``RFC / RFC of the representative``)."""
    for attribute in certificate.subject.get_attributes_for_oid(x509.ObjectIdentifier("2.5.4.45")):
        value = attribute.value
        if isinstance(value, bytes):
            value = value.decode()
        return value.split("/")[0].strip()
    return ""


def verify_sha256(certificate: x509.Certificate, data: bytes, signature_b64: str) -> bool:
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        return False
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def document_certificate(xml: bytes) -> x509.Certificate:
    """The certificate a CFDI carries in its ``Certificado`` attribute."""
    root = etree.fromstring(xml)
    return x509.load_der_x509_certificate(base64.b64decode(root.get("Certificado", "")))


def verify_sello(xml: bytes) -> bool:
    """Whether the ``Sello`` verifies against the document's own certificate over the
    cadena original computed by SAT's XSLT."""
    root = etree.fromstring(xml)
    try:
        certificate = document_certificate(xml)
    except ValueError:
        return False
    return verify_sha256(certificate, cadena_original(xml).encode("utf-8"), root.get("Sello", ""))

"""The XAdES-EPES signature DIAN prescribes, made and checked with ``signxml``.

Enveloped (reference URI ""), RSA-SHA256, SHA-256 digests, inclusive C14N, in the
document's second ``ext:UBLExtension``; its signed properties carry the signing time,
the signing certificate (XAdES 1.3.2 ``SigningCertificate``: digest and issuer
serial, which UBL 2.1's bundled XAdES schema and DIAN's own documents use, where
``signxml``'s stock signer writes 1.4.1's ``SigningCertificateV2``), DIAN's signature
policy (URL and the SHA-256 of its document) and the signer role ``supplier``.
"""

from __future__ import annotations

from base64 import b64encode
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidInput, InvalidSignature
from signxml.util import add_pem_header, ds_tag, xades_tag
from signxml.xades import (
    XAdESSignatureConfiguration,
    XAdESSignaturePolicy,
    XAdESSigner,
    XAdESVerifier,
)

from .codes import (
    NS,
    SIGNATURE_POLICY_DESCRIPTION,
    SIGNATURE_POLICY_DIGEST,
    SIGNATURE_POLICY_URL,
    SIGNER_ROLE,
)

POLICY = XAdESSignaturePolicy(
    Identifier=SIGNATURE_POLICY_URL,
    Description=SIGNATURE_POLICY_DESCRIPTION,
    DigestMethod=DigestAlgorithm.SHA256,
    DigestValue=SIGNATURE_POLICY_DIGEST,
)


class DianSigner(XAdESSigner):  # type: ignore[misc]
    """``signxml``'s XAdES signer with DIAN's signed properties."""

    def __init__(self, signing_time: datetime) -> None:
        super().__init__(
            signature_policy=POLICY,
            claimed_roles=[SIGNER_ROLE],
            signature_algorithm=SignatureMethod.RSA_SHA256,
            digest_algorithm=DigestAlgorithm.SHA256,
            c14n_algorithm=CanonicalizationMethod.CANONICAL_XML_1_0,
        )
        self.signing_time = signing_time
        # DIAN's documents carry no DataObjectFormat
        self.signed_data_object_properties_annotators = []

    def add_signing_time(
        self, signed_signature_properties: Any, sig_root: Any, signing_settings: Any
    ) -> None:
        el = etree.SubElement(
            signed_signature_properties, xades_tag("SigningTime"), nsmap=self.namespaces
        )
        el.text = self.signing_time.isoformat(timespec="seconds")

    def add_signing_certificate(
        self, signed_signature_properties: Any, sig_root: Any, signing_settings: Any
    ) -> None:
        signing_cert = etree.SubElement(
            signed_signature_properties, xades_tag("SigningCertificate"), nsmap=self.namespaces
        )
        for cert in signing_settings.cert_chain:
            loaded = cert if isinstance(cert, x509.Certificate) else _load_cert(cert)
            node = etree.SubElement(signing_cert, xades_tag("Cert"), nsmap=self.namespaces)
            digest = etree.SubElement(node, xades_tag("CertDigest"), nsmap=self.namespaces)
            etree.SubElement(
                digest,
                ds_tag("DigestMethod"),
                nsmap=self.namespaces,
                Algorithm=self.digest_alg.value,
            )
            value = etree.SubElement(digest, ds_tag("DigestValue"), nsmap=self.namespaces)
            value.text = b64encode(
                self._get_digest(loaded.public_bytes(Encoding.DER), algorithm=self.digest_alg)
            ).decode()
            serial = etree.SubElement(node, xades_tag("IssuerSerial"), nsmap=self.namespaces)
            name = etree.SubElement(serial, ds_tag("X509IssuerName"), nsmap=self.namespaces)
            name.text = loaded.issuer.rfc4514_string()
            number = etree.SubElement(serial, ds_tag("X509SerialNumber"), nsmap=self.namespaces)
            number.text = str(loaded.serial_number)


def _load_cert(pem: str | bytes) -> x509.Certificate:
    """A certificate from PEM, or from the bare base64 of an ``X509Certificate``."""
    return x509.load_pem_x509_certificate(add_pem_header(pem))


def sign(
    root: Any, *, certificate_pem: bytes, private_key_pem: bytes, signing_time: datetime
) -> bytes:
    """``root`` (which holds a ``ds:Signature Id="placeholder"``) signed, serialized as it
    is sent: UTF-8 with its XML declaration."""
    signed = DianSigner(signing_time).sign(
        root,
        key=private_key_pem,
        cert=certificate_pem.decode() if isinstance(certificate_pem, bytes) else certificate_pem,
        always_add_key_value=False,
    )
    out: bytes = etree.tostring(signed, xml_declaration=True, encoding="UTF-8")
    return out


@dataclass(frozen=True)
class Verified:
    certificate: x509.Certificate


class SignatureError(Exception):
    """The document's signature does not verify."""


def verify(xml: bytes, *, at: datetime | None = None) -> Verified:
    """Verify the document's XAdES-EPES signature with the certificate it carries and
    DIAN's policy (``at``: the time the certificate must be valid at; the signing time
    when omitted). Raises ``SignatureError``."""
    try:
        root = etree.fromstring(xml)
        cert_el = root.find(f".//{{{NS['ds']}}}X509Certificate")
        if cert_el is None or not cert_el.text:
            raise SignatureError("the signature carries no certificate")
        cert = _load_cert(cert_el.text.strip())
        if at is None:
            time_el = root.find(f".//{{{NS['xades']}}}SigningTime")
            if time_el is not None and time_el.text:
                at = datetime.fromisoformat(time_el.text)
        config = XAdESSignatureConfiguration(
            signature_methods=frozenset({SignatureMethod.RSA_SHA256}),
            digest_algorithms=frozenset({DigestAlgorithm.SHA256}),
            verification_time=at,
        )
        XAdESVerifier().verify(
            xml, x509_cert=cert, expect_signature_policy=POLICY, expect_config=config
        )
    except SignatureError:
        raise
    except (InvalidInput, InvalidSignature, ValueError, etree.XMLSyntaxError) as exc:
        raise SignatureError(str(exc)) from exc
    return Verified(certificate=cert)

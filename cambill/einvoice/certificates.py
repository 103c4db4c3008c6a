"""Reading the signing material an issuer uploads: pure functions over bytes.

Two shapes: what SAT issues as a CSD (the certificate as DER ``.cer`` and the
private key as password-encrypted DER PKCS#8 ``.key``; PEM is read too), or one
PKCS#12 file with its password (what Colombian certificate authorities issue).
The result is the certificate's facts and the key as unencrypted PKCS#8 PEM,
which the caller encrypts before storing (``cambill.einvoice.vault``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.utils.translation import gettext as _


class CertificateProblem(StrEnum):
    """Why an upload is refused (the API's error codes)."""

    UNREADABLE = "certificate_unreadable"
    WRONG_PASSWORD = "certificate_wrong_password"
    KEY_MISMATCH = "certificate_key_mismatch"
    EXPIRED = "certificate_expired"
    TAX_ID_MISMATCH = "certificate_tax_id_mismatch"


class CertificateError(Exception):
    def __init__(self, problem: CertificateProblem, message: str, field: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Material:
    """A certificate and its key, checked to belong together."""

    certificate_pem: bytes
    private_key_pem: bytes  # unencrypted PKCS#8
    subject: str
    issuer: str
    serial_number: str
    tax_ids: tuple[str, ...]  # candidates read from the subject, most specific first
    valid_from: datetime
    valid_until: datetime
    fingerprint_sha256: str

    @property
    def tax_id(self) -> str:
        return self.tax_ids[0] if self.tax_ids else ""


def _load_certificate(data: bytes) -> x509.Certificate:
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise CertificateError(
            CertificateProblem.UNREADABLE,
            _("This is not an X.509 certificate (DER .cer or PEM)."),
            "certificate",
        ) from None


def _load_key(data: bytes, password: str) -> serialization.PrivateFormat:
    pw = password.encode() if password else None
    loader = (
        serialization.load_pem_private_key
        if data.lstrip().startswith(b"-----BEGIN")
        else serialization.load_der_private_key
    )
    try:
        return loader(data, pw)  # type: ignore[return-value]
    except TypeError:  # a password for a clear key, or none for an encrypted one
        if pw is None:
            raise CertificateError(
                CertificateProblem.WRONG_PASSWORD,
                _("The private key is encrypted: give its password."),
                "password",
            ) from None
        return loader(data, None)  # type: ignore[return-value]
    except ValueError as e:
        if "password" in str(e).lower() or "decrypt" in str(e).lower():
            raise CertificateError(
                CertificateProblem.WRONG_PASSWORD,
                _("Wrong password: the private key cannot be decrypted with it."),
                "password",
            ) from None
        raise CertificateError(
            CertificateProblem.UNREADABLE,
            _("This is not a private key (DER PKCS#8 .key or PEM)."),
            "private_key",
        ) from None
    except Exception:  # cryptography raises UnsupportedAlgorithm for odd files
        raise CertificateError(
            CertificateProblem.UNREADABLE,
            _("This is not a private key (DER PKCS#8 .key or PEM)."),
            "private_key",
        ) from None


def _pem_of(key: object) -> bytes:
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise CertificateError(
            CertificateProblem.UNREADABLE,
            _("Only RSA and elliptic-curve keys sign e-invoices."),
            "private_key",
        )
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _public_der(key: object) -> bytes:
    return key.public_key().public_bytes(  # type: ignore[attr-defined, no-any-return]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def serial_of(cert: x509.Certificate) -> str:
    """SAT's certificate number where the serial is ASCII digits (a CSD's
    ``NoCertificado``, e.g. 30001000000400002434), else the serial in hex."""
    raw = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 7) // 8 or 1, "big")
    if raw.isdigit():
        return raw.decode("ascii")
    return format(cert.serial_number, "X")


# Where certificate authorities put the holder's tax id: SAT in x500UniqueIdentifier
# ("EKU9003173C9 / XIQB891116QE4": the company's RFC, then its legal representative's),
# Colombian authorities in serialNumber; some in the common name ("... NIT 900123456").
_TAX_ID_OIDS = (NameOID.X500_UNIQUE_IDENTIFIER, NameOID.SERIAL_NUMBER, NameOID.COMMON_NAME)


def tax_ids_of(cert: x509.Certificate) -> tuple[str, ...]:
    found: list[str] = []
    for oid in _TAX_ID_OIDS:
        for attr in cert.subject.get_attributes_for_oid(oid):
            value = attr.value if isinstance(attr.value, str) else attr.value.decode()
            for token in re.split(r"[\s/,;:]+", value):
                token = re.sub(r"[.\-]", "", token).upper()
                if len(token) >= 8 and any(c.isdigit() for c in token):
                    found.append(token)
    return tuple(dict.fromkeys(found))


def _facts(cert: x509.Certificate, key: object) -> Material:
    if _public_der(cert) != _public_der(key):
        raise CertificateError(
            CertificateProblem.KEY_MISMATCH,
            _("The private key does not belong to this certificate."),
            "private_key",
        )
    return Material(
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM),
        private_key_pem=_pem_of(key),
        subject=cert.subject.rfc4514_string()[:500],
        issuer=cert.issuer.rfc4514_string()[:500],
        serial_number=serial_of(cert),
        tax_ids=tax_ids_of(cert),
        valid_from=cert.not_valid_before_utc,
        valid_until=cert.not_valid_after_utc,
        fingerprint_sha256=cert.fingerprint(hashes.SHA256()).hex(),
    )


def read_pair(certificate: bytes, private_key: bytes, password: str) -> Material:
    """A CSD: the certificate and its (encrypted) private key."""
    cert = _load_certificate(certificate)
    key = _load_key(private_key, password)
    return _facts(cert, key)


def read_pkcs12(data: bytes, password: str) -> Material:
    """A PKCS#12 (.p12, .pfx) holding the key and its certificate."""
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(
            data, password.encode() if password else None
        )
    except ValueError as e:
        if "password" in str(e).lower() or "decrypt" in str(e).lower() or "mac" in str(e).lower():
            raise CertificateError(
                CertificateProblem.WRONG_PASSWORD,
                _("Wrong password: the PKCS#12 file cannot be opened with it."),
                "password",
            ) from None
        raise CertificateError(
            CertificateProblem.UNREADABLE, _("This is not a PKCS#12 file (.p12, .pfx)."), "pkcs12"
        ) from None
    except TypeError:
        raise CertificateError(
            CertificateProblem.WRONG_PASSWORD,
            _("The PKCS#12 file is encrypted: give its password."),
            "password",
        ) from None
    if key is None or cert is None:
        raise CertificateError(
            CertificateProblem.UNREADABLE,
            _("The PKCS#12 file must hold both the certificate and its private key."),
            "pkcs12",
        )
    return _facts(cert, key)


def matches_tax_id(material: Material, tax_id: str, country: str) -> bool:
    """Whether the certificate names the issuer's tax id (a Colombian NIT with or
    without its check digit)."""
    if not tax_id:
        return False
    wanted = {tax_id.upper()}
    if country == "CO" and len(tax_id) > 1:
        wanted.add(tax_id[:-1])
    if country == "ES":
        # ETSI EN 319 412-1 semantics identifiers, as Spain's FNMT writes them
        # (serialNumber "IDCES-B86123452", organizationIdentifier "VATES-B86123452")
        wanted |= {f"IDCES{tax_id.upper()}", f"VATES{tax_id.upper()}"}
    return any(t in wanted for t in material.tax_ids)

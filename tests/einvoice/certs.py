"""Signing material for the tests: SAT's test CSD (the project's vendored byte copy,
``cambill_sandbox/einvoice/sat_test_csd``; ``test_legal_demo`` compares it with
../shared) and self-signed certificates made on the spot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

_REPO = Path(__file__).resolve().parents[2]
SHARED = _REPO.parent / "shared" / "einvoice-official" / "mx" / "csd"
if not SHARED.is_dir():  # a clone elsewhere than beside ../shared
    SHARED = Path("/work/shared/einvoice-official/mx/csd")
VENDORED = _REPO / "cambill_sandbox" / "einvoice" / "sat_test_csd"
CSD_RFC = "EKU9003173C9"
CSD_SERIAL = "30001000000400002434"
# SAT's test CSD is in force from 2019-06-17 to 2023-06-17
CSD_IN_FORCE = datetime(2022, 3, 1, 12, 0, tzinfo=UTC)


def sat_csd() -> tuple[bytes, bytes, str]:
    """The certificate (DER .cer), its encrypted DER PKCS#8 key (.key), the password."""
    cer = (VENDORED / "eku9003173c9_csd.cer").read_bytes()
    key = (VENDORED / "eku9003173c9_csd.key").read_bytes()
    password = (VENDORED / "eku9003173c9_csd.txt").read_text().strip()
    return cer, key, password


_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def self_signed(
    tax_id: str, *, not_before: datetime, days: int = 365, key: rsa.RSAPrivateKey | None = None
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A certificate naming ``tax_id`` in its subject serialNumber (as Colombian
    authorities do)."""
    key = key or _KEY
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Telenet Colombia SAS"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, tax_id),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CO"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(0x1234ABCD)
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert, key


def p12_of(cert: x509.Certificate, key: rsa.RSAPrivateKey, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"test", key, cert, None, serialization.BestAvailableEncryption(password.encode())
    )


def pem_pair(cert: x509.Certificate, key: rsa.RSAPrivateKey, password: str) -> tuple[bytes, bytes]:
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password.encode()),
        ),
    )

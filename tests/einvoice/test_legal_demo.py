"""The demo's e-invoicing issuers and receivers (cambill_sandbox.einvoice.legal_demo):
set through the verbs, with certificates the product accepts and can sign with."""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from cambill.clouds.models import Account, Cloud
from cambill.einvoice.models import SigningCredential
from cambill.einvoice.services import credentials_for
from cambill_sandbox.einvoice import legal_demo

from .certs import SHARED


def test_the_vendored_csd_is_a_byte_copy_of_sats(world: Any) -> None:
    for name in ("eku9003173c9_csd.cer", "eku9003173c9_csd.key", "eku9003173c9_csd.txt"):
        ours = (legal_demo.CSD_DIR / name).read_bytes()
        if SHARED.is_dir():  # beside ../shared (this workplace); elsewhere PROVENANCE's digest
            assert ours == (SHARED / name).read_bytes()
        digest = hashlib.sha256(ours).hexdigest()
        assert digest in (legal_demo.CSD_DIR / "PROVENANCE").read_text()


def test_demo_issuers_get_legal_data_and_a_certificate_to_sign_with(world: Any) -> None:
    mx = legal_demo.setup_issuer(Cloud.objects.get(slug="telenet"), country="MX")
    co = legal_demo.setup_issuer(Cloud.objects.get(slug="othercloud"), country="CO")
    provider = legal_demo.setup_issuer(None, country="MX")
    legal_demo.setup_issuer(mx, country="MX")  # again: nothing more uploaded
    assert SigningCredential.objects.count() == 3
    assert (mx.tax_id, mx.einvoice["pac"]) == ("EKU9003173C9", "sandbox")
    assert (co.tax_id, co.einvoice["environment"]) == ("9012345677", 2)
    assert provider.einvoice.get("cfdi_use") is None
    for issuer in (mx, co, provider):
        creds = credentials_for(issuer)
        cert = x509.load_pem_x509_certificate(creds.certificate_pem)
        key = serialization.load_pem_private_key(creds.private_key_pem, None)
        assert cert.public_key().public_numbers() == key.public_key().public_numbers()  # type: ignore[union-attr]
    assert credentials_for(co).secrets == {
        "software_pin": "75315",
        "technical_key": "fc8eac422eba16e22ffd8c6f94b3f40a6e38162c",
    }
    acme = legal_demo.setup_receiver(Account.objects.get(code="acme"), country="MX")
    assert (acme.tax_id, acme.einvoice["cfdi_use"]) == ("XAXX010101000", "S01")
    gamma = legal_demo.setup_receiver(
        Account.objects.get(code="gamma"), country="CO", tax_id="900373076-4"
    )
    assert (gamma.tax_id, gamma.einvoice["id_type"]) == ("9003730764", "31")

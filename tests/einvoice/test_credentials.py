"""Signing certificates: upload (SAT's CSD pair, PKCS#12), refusals with their
codes, the key never returned and stored only encrypted, rotation of the
encryption keys, ``credentials_for`` and the expiry notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cambill.clouds.models import Cloud
from cambill.core.access import SYSTEM
from cambill.einvoice import vault
from cambill.einvoice.models import SigningCredential
from cambill.einvoice.protocol import EInvoiceError
from cambill.einvoice.services import (
    cloud_legal_update,
    credentials_for,
    credentials_notify_expiring,
    provider_legal_update,
)
from cambill.notifications.models import Message
from tests.api.helpers import bearer, err, unchanged

from .certs import CSD_IN_FORCE, CSD_RFC, CSD_SERIAL, p12_of, pem_pair, sat_csd, self_signed

URL = "/api/v1/clouds/telenet/einvoice/credentials/"
PROVIDER_URL = "/api/v1/provider/einvoice/credentials/"
NIT = "9003730764"  # 900373076 with its check digit


def mexican(pac: str = "finkok") -> Cloud:
    return cloud_legal_update(
        actor=SYSTEM,
        cloud=Cloud.objects.get(slug="telenet"),
        country="MX",
        tax_id=CSD_RFC,
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "pac": pac},
    )


def colombian() -> Cloud:
    return cloud_legal_update(
        actor=SYSTEM, cloud=Cloud.objects.get(slug="telenet"), country="CO", tax_id=NIT
    )


def csd_body(password: str | None = None) -> dict[str, Any]:
    cer, key, pw = sat_csd()
    return {
        "certificate": SimpleUploadedFile("csd.cer", cer),
        "private_key": SimpleUploadedFile("csd.key", key),
        "password": pw if password is None else password,
    }


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_the_cloud_admin_uploads_sats_csd_and_the_key_never_comes_back(world: Any) -> None:
    mexican()
    client = bearer("cadmin")
    resp = client.post(URL, csd_body(), format="multipart")
    assert resp.status_code == 201, resp.json()
    body = resp.json()
    assert body["serial_number"] == CSD_SERIAL
    assert body["tax_id"] == CSD_RFC
    assert body["valid_from"] == "2019-06-17T14:44:14-05:00"  # in the cloud's zone
    assert body["valid_until"] == "2023-06-17T14:44:14-05:00"
    assert body["expired"] is False
    assert len(body["fingerprint_sha256"]) == 64
    assert "ESCUELA KEMPER URGATE" in body["subject"]
    listed = client.get(URL).json()
    assert [c["serial_number"] for c in listed["results"]] == [CSD_SERIAL]
    for text in (resp.content, client.get(URL).content):
        assert b"PRIVATE KEY" not in text and b"private_key" not in text
    cred = SigningCredential.objects.get()
    assert "PRIVATE KEY" not in cred.private_key  # a Fernet token
    assert vault.decrypt(cred.private_key).startswith(b"-----BEGIN PRIVATE KEY-----")
    # the same certificate twice: a conflict, nothing added
    again = client.post(URL, csd_body(), format="multipart")
    err(again, 409, "duplicate")
    assert SigningCredential.objects.count() == 1


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_credentials_for_gives_the_issuer_its_key_decrypted_and_its_secrets(world: Any) -> None:
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=mexican(),
        einvoice={
            "regime": "mx-cfdi40",
            "tax_regime": "601",
            "pac": "finkok",
            "pac_username": "user@example.com",
            "pac_password": "pac-secret",
        },
    )
    bearer("cadmin").post(URL, csd_body(), format="multipart")
    creds = credentials_for(cloud)
    key = serialization.load_pem_private_key(creds.private_key_pem, None)
    cer, _, _ = sat_csd()
    from cryptography import x509

    assert (
        x509.load_pem_x509_certificate(creds.certificate_pem).public_bytes(
            serialization.Encoding.DER
        )
        == cer
    )
    assert key.public_key().public_numbers() == (  # type: ignore[union-attr]
        x509.load_der_x509_certificate(cer).public_key().public_numbers()  # type: ignore[union-attr]
    )
    assert creds.secrets == {"pac_password": "pac-secret", "pac_username": "user@example.com"}


def test_credentials_for_without_a_certificate_in_force_says_so(world: Any) -> None:
    cloud = mexican()
    with pytest.raises(EInvoiceError) as e:
        credentials_for(cloud)
    assert e.value.code == "no_credentials"


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_a_wrong_password_is_a_400_with_its_code_and_nothing_stored(world: Any) -> None:
    mexican()
    client = bearer("cadmin")
    with unchanged():
        resp = client.post(URL, csd_body(password="wrong"), format="multipart")
    body = err(resp, 400, "certificate_wrong_password")
    assert list(body["fields"]) == ["password"]


def test_an_expired_certificate_is_refused(world: Any) -> None:
    mexican(pac="finkok")  # a real PAC: SAT's test CSD (expired 2023) is refused
    client = bearer("cadmin")
    with unchanged():
        resp = client.post(URL, csd_body(), format="multipart")
    body = err(resp, 400, "certificate_expired")
    assert "2023-06-17" in body["message"]


def test_with_the_sandbox_pac_sats_expired_test_csd_is_accepted_and_used(world: Any) -> None:
    cloud = mexican(pac="sandbox")
    resp = bearer("cadmin").post(URL, csd_body(), format="multipart")
    assert resp.status_code == 201, resp.json()
    assert resp.json()["expired"] is True
    assert credentials_for(cloud).certificate_pem.startswith(b"-----BEGIN CERTIFICATE-----")


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_a_certificate_of_another_tax_id_is_refused(world: Any) -> None:
    colombian()  # NIT 900373076-4, but the CSD is EKU9003173C9's
    client = bearer("cadmin")
    with unchanged():
        resp = client.post(URL, csd_body(), format="multipart")
    body = err(resp, 400, "certificate_tax_id_mismatch")
    assert CSD_RFC in body["message"] and NIT in body["message"]


def test_a_pkcs12_naming_the_nit_without_its_check_digit_is_accepted(world: Any) -> None:
    colombian()
    now = datetime.now(UTC)
    cert, key = self_signed("900373076", not_before=now - timedelta(days=1))
    client = bearer("cadmin")
    resp = client.post(
        URL,
        {"pkcs12": SimpleUploadedFile("cert.p12", p12_of(cert, key, "p12pw")), "password": "p12pw"},
        format="multipart",
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["tax_id"] == "900373076"
    with unchanged():
        wrong = client.post(
            URL,
            {"pkcs12": SimpleUploadedFile("c.p12", p12_of(cert, key, "p12pw")), "password": "x"},
            format="multipart",
        )
    err(wrong, 400, "certificate_wrong_password")


def test_a_key_of_another_certificate_is_refused(world: Any) -> None:
    colombian()
    now = datetime.now(UTC)
    cert, _key = self_signed(NIT, not_before=now - timedelta(days=1))
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cer, key = pem_pair(cert, other, "pw")
    client = bearer("cadmin")
    with unchanged():
        resp = client.post(
            URL,
            {
                "certificate": SimpleUploadedFile("c.pem", cer),
                "private_key": SimpleUploadedFile("k.pem", key),
                "password": "pw",
            },
            format="multipart",
        )
    err(resp, 400, "certificate_key_mismatch")


def test_a_missing_part_and_a_file_that_is_no_certificate(world: Any) -> None:
    colombian()
    client = bearer("cadmin")
    cer, _key, _pw = sat_csd()
    with unchanged():
        resp = client.post(
            URL, {"certificate": SimpleUploadedFile("c.cer", cer)}, format="multipart"
        )
        assert list(err(resp, 400, "validation_error")["fields"]) == ["private_key"]
        resp = client.post(
            URL,
            {
                "certificate": SimpleUploadedFile("c.cer", b"not a certificate"),
                "private_key": SimpleUploadedFile("k.key", b"junk"),
                "password": "x",
            },
            format="multipart",
        )
        err(resp, 400, "certificate_unreadable")


@pytest.mark.parametrize("user", ["amanager", "caccountant", "subscriber", "otheradmin"])
def test_only_the_cloud_admin_and_the_provider_admin_manage_a_clouds_certificates(
    world: Any, user: str
) -> None:
    colombian()
    client = bearer(user)
    with unchanged():
        assert client.get(URL).status_code in (403, 404)
        assert client.post(URL, csd_body(), format="multipart").status_code in (403, 404)
    assert bearer("padmin").get(URL).status_code == 200


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_the_provider_admin_uploads_the_providers_own_csd(world: Any) -> None:
    provider_legal_update(
        actor=SYSTEM,
        country="MX",
        tax_id=CSD_RFC,
        einvoice={"regime": "mx-cfdi40", "tax_regime": "601", "pac": "sandbox"},
    )
    resp = bearer("padmin").post(PROVIDER_URL, csd_body(), format="multipart")
    assert resp.status_code == 201, resp.json()
    assert SigningCredential.objects.get().cloud_id is None
    assert bearer("padmin").get(PROVIDER_URL).json()["count"] == 1
    assert bearer("cadmin").get(PROVIDER_URL).status_code == 403
    assert bearer("padmin").get(URL).json()["count"] == 0  # not the cloud's
    assert credentials_for(None).certificate_pem.startswith(b"-----BEGIN CERTIFICATE-----")
    cred = SigningCredential.objects.get()
    assert bearer("padmin").delete(f"{PROVIDER_URL}{cred.pk}/").status_code == 204
    assert not SigningCredential.objects.exists()


def test_rotating_the_keys_re_encrypts_every_secret(world: Any, settings: Any) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CAMBILL_EINVOICE_KEYS = [old]
    cloud = cloud_legal_update(
        actor=SYSTEM,
        cloud=mexican(pac="sandbox"),
        einvoice={
            "regime": "mx-cfdi40",
            "tax_regime": "601",
            "pac": "sandbox",
            "pac_password": "p",
        },
    )
    bearer("cadmin").post(URL, csd_body(), format="multipart")
    key_before = vault.decrypt(SigningCredential.objects.get().private_key)
    settings.CAMBILL_EINVOICE_KEYS = [new, old]
    out = StringIO()
    call_command("einvoice_rotate_keys", stdout=out)
    assert "Re-encrypted 2 secret(s)" in out.getvalue()
    settings.CAMBILL_EINVOICE_KEYS = [new]  # the old key dropped: everything still opens
    assert vault.decrypt(SigningCredential.objects.get().private_key) == key_before
    cloud.refresh_from_db()
    assert vault.decrypt_json(cloud.einvoice_secrets) == {"pac_password": "p"}
    assert credentials_for(cloud).private_key_pem == key_before
    settings.CAMBILL_EINVOICE_KEYS = [old]  # and the old key alone opens nothing any more
    with pytest.raises(vault.InvalidToken):
        vault.decrypt(SigningCredential.objects.get().private_key)


def test_the_expiry_notice_goes_once_to_the_cloud_admins_30_days_ahead(world: Any) -> None:
    colombian()
    world.users["cadmin"].email = "admin@telenet.test"
    world.users["cadmin"].save()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cert, key = self_signed(NIT, not_before=start, days=100)  # until 2026-04-11
    with time_machine.travel(start + timedelta(days=1), tick=False):
        p12 = SimpleUploadedFile("c.p12", p12_of(cert, key, "pw"))
        resp = bearer("cadmin").post(URL, {"pkcs12": p12, "password": "pw"}, format="multipart")
        assert resp.status_code == 201, resp.json()
    assert credentials_notify_expiring(now=start + timedelta(days=69)) == 0  # 31 days before
    assert credentials_notify_expiring(now=start + timedelta(days=71)) == 1
    msg = Message.objects.get(kind="certificate_expiring")
    assert msg.to == ["admin@telenet.test"]
    assert msg.cloud_id == Cloud.objects.get(slug="telenet").pk
    assert "2026-04-11" in msg.subject
    assert "/clouds/telenet/einvoice/credentials/" in msg.body
    assert credentials_notify_expiring(now=start + timedelta(days=72)) == 0  # once
    assert Message.objects.filter(kind="certificate_expiring").count() == 1


def test_no_expiry_notice_when_a_successor_is_in_force(world: Any) -> None:
    colombian()
    world.users["cadmin"].email = "admin@telenet.test"
    world.users["cadmin"].save()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    client = bearer("cadmin")
    from cryptography.hazmat.primitives.asymmetric import rsa

    for days, key in (
        (100, None),
        (800, rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    ):
        cert, k = self_signed(NIT, not_before=start, days=days, key=key)
        with time_machine.travel(start + timedelta(days=1), tick=False):
            p12 = SimpleUploadedFile("c.p12", p12_of(cert, k, "pw"))
            assert (
                client.post(URL, {"pkcs12": p12, "password": "pw"}, format="multipart").status_code
                == 201
            )
    assert credentials_notify_expiring(now=start + timedelta(days=71)) == 0


def test_the_providers_expiry_notice_goes_to_the_provider_admins(world: Any) -> None:
    provider_legal_update(actor=SYSTEM, country="CO", tax_id=NIT)
    world.users["padmin"].email = "padmin@cambill.test"
    world.users["padmin"].save()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cert, key = self_signed(NIT, not_before=start, days=100)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        p12 = SimpleUploadedFile("c.p12", p12_of(cert, key, "pw"))
        resp = bearer("padmin").post(
            PROVIDER_URL, {"pkcs12": p12, "password": "pw"}, format="multipart"
        )
        assert resp.status_code == 201, resp.json()
    assert credentials_notify_expiring(now=start + timedelta(days=80)) == 1
    msg = Message.objects.get(kind="certificate_expiring")
    assert (msg.cloud_id, msg.to) == (None, ["padmin@cambill.test"])
    assert "/provider/einvoice/credentials/" in msg.body


@time_machine.travel(CSD_IN_FORCE, tick=False)
def test_credentials_for_takes_the_certificate_in_force_with_the_latest_expiry(world: Any) -> None:
    colombian()
    client = bearer("cadmin")
    from cryptography.hazmat.primitives.asymmetric import rsa

    made = {}
    for days in (400, 800):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert, k = self_signed(NIT, not_before=CSD_IN_FORCE - timedelta(days=1), days=days, key=key)
        p12 = SimpleUploadedFile("c.p12", p12_of(cert, k, "pw"))
        assert (
            client.post(URL, {"pkcs12": p12, "password": "pw"}, format="multipart").status_code
            == 201
        )
        made[days] = cert.public_bytes(serialization.Encoding.PEM)
    assert credentials_for(Cloud.objects.get(slug="telenet")).certificate_pem == made[800]

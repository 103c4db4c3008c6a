"""Writes of the e-invoicing domain: legal data of the provider, clouds and
accounts; signing certificates (upload, expiry notices, key rotation); and
``credentials_for``, what the issuing code calls to sign.

Each verb is one transaction and one audit row; secrets never reach the audit
log (only the names of the secrets that changed).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cambill.clouds.models import Account, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.permissions import require
from cambill.core.validation import validate_model

from . import certificates, legal, vault
from .models import ProviderProfile, SigningCredential
from .protocol import Credentials, EInvoiceError, ValidationIssue
from .selectors import LEGAL_FIELDS, legal_of, provider_profile

AUDITED = (*LEGAL_FIELDS, "einvoice")
PROVIDER_ONLY = ("name", "email", "address")  # the provider's record has these too


def legal_error(error: legal.LegalDataError) -> DomainError:
    """The API's 400 (and the form's errors) for refused legal data."""
    fields = error.fields()
    if len(error.issues) == 1:
        message = error.issues[0].message
    else:
        message = _("%(count)d fields of the legal data are not valid; each says why.") % {
            "count": len(fields)
        }
    return DomainError(ErrorCode.VALIDATION, message, fields)


def _apply(
    party: Any, changes: dict[str, Any], *, role: legal.PartyRole, secrets: bool
) -> list[str]:
    """Check ``changes`` and set them on ``party``; the names of changed secrets."""
    stored = vault.decrypt_json(party.einvoice_secrets) if secrets else {}
    try:
        data, new_secrets = legal.clean_legal(
            changes, current=legal_of(party), role=role, secrets=stored
        )
    except legal.LegalDataError as e:
        raise legal_error(e) from None
    for key, value in data.items():
        setattr(party, key, value)
    validate_model(party, fields=[k for k in data if k != "einvoice"])
    if not secrets or new_secrets is None or new_secrets == stored:
        return []
    party.einvoice_secrets = vault.encrypt_json(new_secrets)
    return sorted(
        set(stored) ^ set(new_secrets) | {k for k in new_secrets if stored.get(k) != new_secrets[k]}
    )


def _audit_legal(
    actor: Actor, verb: str, obj: Any, before: dict[str, Any], changed: list[str]
) -> None:
    after = snapshot(obj, list(AUDITED))
    if changed:
        after["secrets_changed"] = changed
    cloud_id = getattr(obj, "cloud_id", None) or (obj.pk if isinstance(obj, Cloud) else None)
    audit(actor=actor, verb=verb, obj=obj, before=before, after=after, cloud_id=cloud_id)


@transaction.atomic
def cloud_legal_update(*, actor: Actor, cloud: Cloud, **changes: Any) -> Cloud:
    """Change a cloud's legal data and e-invoicing regime (its cloud admin's)."""
    require(actor, "cloud.legal_edit", cloud)
    cloud = Cloud.objects.select_for_update().get(pk=cloud.pk)
    before = snapshot(cloud, list(AUDITED))
    changed = _apply(cloud, changes, role="cloud", secrets=True)
    cloud.save()
    _audit_legal(actor, "cloud_legal_update", cloud, before, changed)
    return cloud


@transaction.atomic
def account_legal_update(*, actor: Actor, account: Account, **changes: Any) -> Account:
    """Change a subscriber account's legal data as a receiver of e-invoices."""
    require(actor, "account.legal_edit", account)
    account = Account.objects.select_for_update().get(pk=account.pk)
    before = snapshot(account, list(AUDITED))
    _apply(account, changes, role="receiver", secrets=False)
    account.save()
    _audit_legal(actor, "account_legal_update", account, before, [])
    return account


@transaction.atomic
def provider_legal_update(*, actor: Actor, **changes: Any) -> ProviderProfile:
    """Change the provider's legal data (the issuer of wholesale invoices).
    The first change stores the record the settings only suggested until then."""
    require(actor, "provider.legal_edit")
    profile = provider_profile()
    if profile._state.adding:
        try:
            with transaction.atomic():
                profile.save(force_insert=True)
        except IntegrityError:  # made meanwhile by a concurrent first edit
            pass
    profile = ProviderProfile.objects.select_for_update().get(pk=1)
    before = snapshot(profile, [*AUDITED, *PROVIDER_ONLY])
    own = {k: changes.pop(k) for k in PROVIDER_ONLY if k in changes}
    for key, value in own.items():
        if not isinstance(value, str):
            raise validation(key, _("Text expected."))
        setattr(profile, key, value.strip())
    if "name" in own and not profile.name:
        raise validation("name", _("This field is required."))
    validate_model(profile, fields=list(own))
    changed = _apply(profile, changes, role="issuer", secrets=True)
    profile.updated_at = clock.now()
    profile.save()
    after = snapshot(profile, [*AUDITED, *PROVIDER_ONLY])
    if changed:
        after["secrets_changed"] = changed
    audit(actor=actor, verb="provider_legal_update", obj=profile, before=before, after=after)
    return profile


# --- signing certificates -----------------------------------------------------------


def _issuer(actor: Actor, cloud: Cloud | None) -> Any:
    if cloud is None:
        require(actor, "einvoice.provider_credentials")
        return provider_profile()
    require(actor, "einvoice.credentials", cloud)
    # its legal data as stored now (the caller's object may predate an edit)
    return Cloud.objects.get(pk=cloud.pk)


def _sandbox(issuer: Any) -> bool:
    """Whether the issuer signs for cambill's sandbox PAC only: SAT's published test
    CSDs are long expired, and only a test authority accepts them."""
    einvoice = getattr(issuer, "einvoice", None) or {}
    return einvoice.get("regime") == legal.MX_CFDI40 and einvoice.get("pac") == "sandbox"


def _read(
    certificate: bytes | None, private_key: bytes | None, pkcs12: bytes | None, password: str
) -> certificates.Material:
    if pkcs12 and (certificate or private_key):
        raise validation("pkcs12", _("Send either a certificate and its private key, or pkcs12."))
    if not pkcs12 and not certificate:
        raise validation("certificate", _("Send the certificate (.cer) and its private key."))
    if not pkcs12 and not private_key:
        raise validation("private_key", _("Send the private key (.key) with the certificate."))
    try:
        if pkcs12:
            return certificates.read_pkcs12(pkcs12, password)
        assert certificate is not None and private_key is not None
        return certificates.read_pair(certificate, private_key, password)
    except certificates.CertificateError as e:
        raise DomainError(ErrorCode(e.problem.value), e.message, {e.field: [e.message]}) from None


@transaction.atomic
def credential_upload(
    *,
    actor: Actor,
    cloud: Cloud | None,
    certificate: bytes | None = None,
    private_key: bytes | None = None,
    pkcs12: bytes | None = None,
    password: str = "",
    now: datetime | None = None,
) -> SigningCredential:
    """Store an issuer's certificate and key (a cloud's, or the provider's with
    ``cloud=None``): the key must open with ``password`` and belong to the
    certificate, the certificate must be in force and name the issuer's tax id."""
    issuer = _issuer(actor, cloud)
    now = clock.given(now)
    material = _read(certificate, private_key, pkcs12, password or "")
    where = "pkcs12" if pkcs12 else "certificate"
    if material.valid_until <= now and not _sandbox(issuer):
        message = _("This certificate expired on %(date)s.") % {
            "date": material.valid_until.date().isoformat()
        }
        raise DomainError(ErrorCode.CERTIFICATE_EXPIRED, message, {where: [message]})
    if not certificates.matches_tax_id(material, issuer.tax_id, issuer.country):
        if not issuer.tax_id:
            message = _("Set the issuer's tax id in its legal data before uploading a certificate.")
        else:
            message = _(
                "This certificate is issued to %(cert)s, not to the issuer's tax id %(tax_id)s."
            ) % {"cert": material.tax_id or material.subject, "tax_id": issuer.tax_id}
        raise DomainError(ErrorCode.CERTIFICATE_TAX_ID_MISMATCH, message, {where: [message]})
    tax_id = next(
        (t for t in material.tax_ids if certificates.matches_tax_id(material, t, "")),
        material.tax_id,
    )
    cred = SigningCredential(
        cloud=cloud,
        subject=material.subject,
        issuer=material.issuer,
        serial_number=material.serial_number[:100],
        tax_id=(issuer.tax_id if issuer.tax_id in material.tax_ids else tax_id)[:64],
        valid_from=material.valid_from,
        valid_until=material.valid_until,
        fingerprint_sha256=material.fingerprint_sha256,
        certificate_pem=material.certificate_pem.decode("ascii"),
        private_key=vault.encrypt(material.private_key_pem),
        uploaded_at=now,
        uploaded_by=getattr(actor, "user", None),
    )
    try:
        with transaction.atomic():
            cred.save()
    except IntegrityError:
        raise DomainError(
            ErrorCode.DUPLICATE, _("This certificate is already stored for this issuer.")
        ) from None
    facts = (
        "subject",
        "serial_number",
        "tax_id",
        "valid_from",
        "valid_until",
        "fingerprint_sha256",
    )
    audit(
        actor=actor,
        verb="credential_upload",
        obj=cred,
        after=snapshot(cred, list(facts)),
        cloud_id=cloud.pk if cloud is not None else None,
        now=now,
    )
    return cred


@transaction.atomic
def credential_delete(*, actor: Actor, credential: SigningCredential) -> None:
    """Forget a certificate and its key (a replaced or compromised one)."""
    cloud = credential.cloud
    _issuer(actor, cloud)
    before = snapshot(credential, ["subject", "serial_number", "tax_id", "fingerprint_sha256"])
    audit(
        actor=actor,
        verb="credential_delete",
        obj=credential,
        before=before,
        cloud_id=credential.cloud_id,
    )
    credential.delete()


def credentials_for(
    issuer: Cloud | ProviderProfile | None, *, now: datetime | None = None
) -> Credentials:
    """The issuer's signing material, decrypted for one signing: its certificate in
    force with the latest expiry, its key, and its regime's secrets. ``issuer`` is
    a cloud, or the provider (``None`` or its profile).

    ``EInvoiceError("no_credentials")`` when it has none in force (with the
    sandbox PAC, SAT's expired test CSD is used)."""
    now = clock.given(now)
    if issuer is None or isinstance(issuer, ProviderProfile):
        issuer = provider_profile()
        qs = SigningCredential.objects.filter(cloud__isnull=True)
    else:
        qs = SigningCredential.objects.filter(cloud=issuer)
    cred = (
        qs.filter(valid_from__lte=now, valid_until__gt=now).order_by("-valid_until", "-id").first()
    )
    if cred is None and _sandbox(issuer):
        cred = qs.order_by("-valid_until", "-id").first()
    if cred is None:
        raise EInvoiceError(
            "no_credentials",
            [
                ValidationIssue(
                    "credentials",
                    "no_credentials",
                    _("Upload a signing certificate in force for %(issuer)s.") % {"issuer": issuer},
                )
            ],
        )
    secrets = vault.decrypt_json(getattr(issuer, "einvoice_secrets", "") or "")
    einvoice = getattr(issuer, "einvoice", None) or {}
    if einvoice.get("pac_username"):
        secrets.setdefault("pac_username", str(einvoice["pac_username"]))
    return Credentials(
        certificate_pem=cred.certificate_pem.encode("ascii"),
        private_key_pem=vault.decrypt(cred.private_key),
        secrets={k: str(v) for k, v in secrets.items()},
    )


def expiry_notice_days() -> int:
    return int(getattr(settings, "CAMBILL_EINVOICE_EXPIRY_NOTICE_DAYS", 30))


def credentials_expiring(now: datetime) -> list[SigningCredential]:
    """Certificates that expire within the notice period, not yet announced, whose
    issuer has no other certificate in force past it (a replaced one is no news)."""
    horizon = now + timedelta(days=expiry_notice_days())
    due = list(
        SigningCredential.objects.filter(
            valid_until__gt=now, valid_until__lte=horizon, expiry_notified_at__isnull=True
        )
        .select_related("cloud")
        .defer("private_key")
    )
    out = []
    for cred in due:
        later = SigningCredential.objects.filter(valid_until__gt=horizon, valid_from__lte=now)
        later = (
            later.filter(cloud_id=cred.cloud_id)
            if cred.cloud_id
            else later.filter(cloud__isnull=True)
        )
        if not later.exists():
            out.append(cred)
    return out


def credentials_notify_expiring(now: datetime | None = None) -> int:
    """The scheduled job: tell each issuer, once, that its certificate expires soon
    (the cloud admins of a cloud, the provider admins for the provider's)."""
    from .notices import notify_expiring

    now = clock.given(now)
    sent = 0
    for cred in credentials_expiring(now):
        with transaction.atomic():
            locked = SigningCredential.objects.select_for_update().filter(
                pk=cred.pk, expiry_notified_at__isnull=True
            )
            if not locked.exists():
                continue
            notify_expiring(cred, now=now)
            locked.update(expiry_notified_at=now)
            sent += 1
    return sent


def keys_rotate() -> int:
    """Re-encrypt every stored secret with the newest of ``CAMBILL_EINVOICE_KEYS``
    (``cambill einvoice_rotate_keys``); the number of values re-encrypted."""
    count = 0
    with transaction.atomic():
        for cred in SigningCredential.objects.select_for_update().only("pk", "private_key"):
            SigningCredential.objects.filter(pk=cred.pk).update(
                private_key=vault.rotate(cred.private_key)
            )
            count += 1
        for model in (Cloud, ProviderProfile):
            rows = model.objects.select_for_update().exclude(einvoice_secrets="")
            for row in rows.only("pk", "einvoice_secrets"):
                model.objects.filter(pk=row.pk).update(
                    einvoice_secrets=vault.rotate(row.einvoice_secrets)
                )
                count += 1
    return count

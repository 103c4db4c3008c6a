"""Reads of the e-invoicing domain: the provider's legal data, an issuer's
certificates (never their keys), legal data as a plain mapping."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from cambill.core.access import Actor
from cambill.core.permissions import require

from . import legal
from .models import ProviderProfile, SigningCredential

LEGAL_FIELDS = ("legal_name", "tax_id", "street", "city", "region", "postal_code", "country")


def provider_profile() -> ProviderProfile:
    """The provider's legal data: its record, or (before the first edit) an unsaved
    one holding the ``CAMBILL_PROVIDER_*`` settings."""
    found = ProviderProfile.objects.filter(pk=1).first()
    if found is not None:
        return found
    return ProviderProfile(pk=1, **provider_defaults())


def provider_defaults() -> dict[str, Any]:
    def s(name: str, default: str = "") -> str:
        return str(getattr(settings, f"CAMBILL_PROVIDER_{name}", default) or "")

    return {
        "name": s("NAME", "cambill Platform Ltd."),
        "legal_name": s("LEGAL_NAME"),
        "tax_id": s("TAX_ID"),
        "address": s("ADDRESS"),
        "email": s("EMAIL"),
        "street": s("STREET"),
        "city": s("CITY"),
        "region": s("REGION"),
        "postal_code": s("POSTAL_CODE"),
        "country": s("COUNTRY").upper(),
        "einvoice": {},
    }


def provider_legal_get(*, actor: Actor) -> ProviderProfile:
    require(actor, "provider.legal_view")
    return provider_profile()


def legal_of(party: Any) -> dict[str, Any]:
    """A party's legal data (cloud, account or provider profile) as a mapping:
    the address fields and the public ``einvoice`` object (no secrets)."""
    out = {name: getattr(party, name, "") or "" for name in LEGAL_FIELDS}
    einvoice = dict(getattr(party, "einvoice", None) or {})
    einvoice.setdefault("regime", legal.NONE)
    out["einvoice"] = einvoice
    return out


def secrets_set(party: Any) -> list[str]:
    """The names of the regime secrets the party has stored (never their values)."""
    from . import vault

    token = getattr(party, "einvoice_secrets", "") or ""
    if not token:
        return []
    try:
        return sorted(vault.decrypt_json(token))
    except vault.InvalidToken:
        return []


def credential_list(*, actor: Actor, cloud: Any | None) -> QuerySet[SigningCredential]:
    """An issuer's certificates, newest expiry first: a cloud's, or the provider's
    (``cloud=None``). The key column is deferred: lists never read it."""
    if cloud is None:
        require(actor, "einvoice.provider_credentials")
        qs = SigningCredential.objects.filter(cloud__isnull=True)
    else:
        require(actor, "einvoice.credentials", cloud)
        qs = SigningCredential.objects.filter(cloud=cloud)
    return qs.defer("private_key", "certificate_pem")


def credential_none() -> QuerySet[SigningCredential]:
    return SigningCredential.objects.none()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)


def credential_get(*, actor: Actor, cloud: Any | None, pk: int) -> SigningCredential:
    """One certificate of the issuer (another issuer's is "no such certificate")."""
    from cambill.core.errors import NotFound

    found = credential_list(actor=actor, cloud=cloud).filter(pk=pk).first()
    if found is None:
        raise NotFound("certificate")
    return found

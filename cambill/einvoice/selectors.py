"""Reads of the e-invoicing domain: the provider's legal data, an issuer's
certificates (never their keys), legal data as a plain mapping."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext

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


# --- legal documents ------------------------------------------------------------------------


def documents_in_scope(actor: Actor, cloud: Any) -> QuerySet[Any]:
    """A cloud's legal documents the actor may see, as its invoices: provider staff and
    the cloud's admin and accountant all (retail and wholesale), an account manager the
    retail ones of its accounts, a subscriber its own."""
    from cambill.accounts.roles import Role
    from cambill.invoicing.selectors import invoices_in_scope

    from .models import EInvoiceDocument

    require(actor, "einvoice.view")
    invoices_in_scope(actor, cloud)  # the cloud in reach, or "no such cloud"
    qs = EInvoiceDocument.objects.filter(cloud=cloud)
    if actor.is_provider or actor.role in (Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT):
        return qs
    if actor.role == Role.ACCOUNT_MANAGER:
        return qs.filter(level="retail", account__account_manager_id=actor.user.pk)
    if actor.role == Role.SUBSCRIBER and actor.account_id is not None:
        return qs.filter(level="retail", account_id=actor.account_id)
    return qs.none()


def _int_or_404(value: Any, what: str) -> int:
    from cambill.core.errors import NotFound

    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound(what) from None


def document_list(
    *,
    actor: Actor,
    cloud: Any,
    invoice: Any = None,
    status: str | None = None,
    document: str | None = None,
    level: str | None = None,
) -> QuerySet[Any]:
    qs = documents_in_scope(actor, cloud)
    return _filtered(qs, invoice=invoice, status=status, document=document, level=level).order_by(
        "-created_at", "-id"
    )


def _filtered(
    qs: QuerySet[Any], *, invoice: Any, status: Any, document: Any, level: Any
) -> QuerySet[Any]:
    from cambill.core.errors import validation

    from .models import DocumentKind, DocumentStatus

    if invoice not in (None, ""):
        try:
            qs = qs.filter(invoice_id=int(invoice))
        except (TypeError, ValueError):
            raise validation("invoice", gettext("An invoice id is a whole number.")) from None
    if status:
        if status not in DocumentStatus.values:
            raise validation(
                "status",
                gettext("Use one of %(value)s.") % {"value": ", ".join(DocumentStatus.values)},
            )
        qs = qs.filter(status=status)
    if document:
        if document not in DocumentKind.values:
            raise validation(
                "document",
                gettext("Use one of %(value)s.") % {"value": ", ".join(DocumentKind.values)},
            )
        qs = qs.filter(document=document)
    if level:
        if level not in ("retail", "wholesale"):
            raise validation("level", gettext("Use 'retail' or 'wholesale'."))
        qs = qs.filter(level=level)
    return qs.select_related("cloud", "invoice", "credit_note", "account")


def document_get(*, actor: Actor, cloud: Any, pk: Any) -> Any:
    from cambill.core.errors import NotFound

    found = documents_in_scope(actor, cloud).filter(pk=_int_or_404(pk, "e-invoice")).first()
    if found is None:
        raise NotFound("e-invoice")
    return found


def provider_document_list(
    *, actor: Actor, invoice: Any = None, status: str | None = None, document: str | None = None
) -> QuerySet[Any]:
    """The provider's own documents (wholesale, to every cloud): provider staff only."""
    from .models import EInvoiceDocument

    require(actor, "einvoice.view")
    if not actor.is_provider:
        from cambill.core.errors import Forbidden

        raise Forbidden(gettext("Only the provider's staff see the provider's e-invoices."))
    from cambill.clouds.selectors import provider_clouds

    clouds = provider_clouds(actor, "invoice.view")
    qs = EInvoiceDocument.objects.filter(level="wholesale", cloud__in=clouds)
    return _filtered(qs, invoice=invoice, status=status, document=document, level=None).order_by(
        "-created_at", "-id"
    )


def provider_document_get(*, actor: Actor, pk: Any) -> Any:
    from cambill.core.errors import NotFound

    found = provider_document_list(actor=actor).filter(pk=_int_or_404(pk, "e-invoice")).first()
    if found is None:
        raise NotFound("e-invoice")
    return found


def documents_of_invoice(invoice: Any) -> list[Any]:
    """An invoice's documents for its page (the page has checked the invoice)."""
    from .models import EInvoiceDocument

    return list(
        EInvoiceDocument.objects.filter(invoice=invoice)
        .select_related("credit_note", "payment")
        .order_by("created_at", "id")
    )


def document_xml(doc: Any) -> bytes:
    """The XML as submitted, or as the authority stamped it once accepted (a CFDI with
    its TimbreFiscalDigital)."""
    stamped = doc.stamped_xml
    return bytes(stamped) if stamped else bytes(doc.xml or b"")


def accepted_invoice_document(invoice: Any) -> Any:
    """The accepted legal document of an invoice (for its PDF and e-mail), or None."""
    from .models import DocumentStatus, EInvoiceDocument

    return (
        EInvoiceDocument.objects.filter(
            invoice=invoice,
            document="invoice",
            status__in=[DocumentStatus.ACCEPTED, DocumentStatus.CANCELLED],
        )
        .exclude(unique_code="")
        .first()
    )


def document_none() -> QuerySet[Any]:
    from .models import EInvoiceDocument

    return EInvoiceDocument.objects.none()


def invoice_document_waiting(invoice: Any) -> Any:
    """An invoice's legal document still on its way (signed, submitted, rejected or
    failed: not yet of legal effect), or None."""
    from .models import DocumentStatus, EInvoiceDocument

    return EInvoiceDocument.objects.filter(
        invoice=invoice,
        document="invoice",
        status__in=[
            DocumentStatus.BUILT,
            DocumentStatus.SIGNED,
            DocumentStatus.SUBMITTED,
            DocumentStatus.REJECTED,
            DocumentStatus.FAILED,
        ],
    ).first()

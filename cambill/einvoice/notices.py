"""The notice that a signing certificate expires soon, through the e-mail outbox:
to the cloud admins of a cloud, to the provider admins for the provider's own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from cambill.accounts.models import User
from cambill.accounts.roles import Role
from cambill.notifications.choices import Kind
from cambill.notifications.services import message_enqueue

from .models import SigningCredential
from .selectors import provider_profile


def _recipients(cred: SigningCredential) -> list[Any]:
    if cred.cloud_id is None:
        qs = User.objects.filter(role=Role.PROVIDER_ADMIN, is_active=True)
    else:
        qs = User.objects.filter(
            role=Role.CLOUD_ADMIN, is_active=True, membership__cloud_id=cred.cloud_id
        )
    return [u for u in qs.order_by("pk") if u.email]


def _page(cred: SigningCredential) -> str:
    from django.conf import settings

    if cred.cloud is None:
        path = reverse("web:provider_einvoice_credentials")
    else:
        path = reverse("web:cloud_einvoice_credentials", args=[cred.cloud.slug])
    return str(getattr(settings, "CAMBILL_PUBLIC_URL", "")).rstrip("/") + path


def notify_expiring(cred: SigningCredential, *, now: datetime) -> None:
    """Queue one message per recipient (in its language), in the caller's transaction."""
    issuer = cred.cloud.name if cred.cloud is not None else provider_profile().name
    values = {
        "issuer_name": issuer,
        "serial_number": cred.serial_number,
        "tax_id": cred.tax_id,
        "valid_until": cred.valid_until.date().isoformat(),
        "portal_url": _page(cred),
    }
    for user in _recipients(cred):
        message_enqueue(
            cloud=cred.cloud,
            kind=Kind.CERTIFICATE_EXPIRING,
            dedup_key=f"certificate-expiring:{cred.pk}:{user.pk}",
            to=[user.email],
            language=getattr(user, "language", "") or "en",
            values=values,
            user=user,
            now=now,
        )


def _document_page(doc: Any) -> str:
    from django.conf import settings

    if doc.invoice_id is not None:
        path = reverse("web:invoice_detail", args=[doc.cloud.slug, doc.invoice_id])
    else:
        path = reverse("web:cloud_einvoices", args=[doc.cloud.slug])
    return str(getattr(settings, "CAMBILL_PUBLIC_URL", "")).rstrip("/") + path


def notify_rejected(doc: Any, *, now: datetime) -> None:
    """Tell the issuer's admins (the cloud admins; the provider admins for a wholesale
    document) that the authority rejected a document, once per document and reply."""
    wholesale = doc.level == "wholesale"
    if wholesale:
        users = User.objects.filter(role=Role.PROVIDER_ADMIN, is_active=True)
        issuer = provider_profile().name
    else:
        users = User.objects.filter(
            role=Role.CLOUD_ADMIN, is_active=True, membership__cloud_id=doc.cloud_id
        )
        issuer = doc.cloud.name
    reply = doc.authority_reply or {}
    try:
        url = _document_page(doc)
    except Exception:  # the pages are not mounted (a worker without the web layer)
        url = ""
    values = {
        "issuer_name": issuer,
        "document": str(doc.document).replace("_", " "),
        "number": doc.number,
        "codes": ", ".join(reply.get("codes") or []) or "-",
        "message": str(reply.get("message") or "")[:500],
        "portal_url": url,
    }
    for user in users.order_by("pk"):
        if not user.email:
            continue
        message_enqueue(
            cloud=None if wholesale else doc.cloud,
            kind=Kind.EINVOICE_REJECTED,
            dedup_key=f"einvoice-rejected:{doc.pk}:{doc.attempts}:{user.pk}",
            to=[user.email],
            language=getattr(user, "language", "") or "en",
            values=values,
            user=user,
            now=now,
        )


def notify_resolution(doc: Any, res: Any, used: Any, *, now: datetime) -> None:
    """Tell a co-dian issuer's admins, once per resolution, that 90 % of its range is
    used (the number that crosses the line sends it)."""
    wholesale = doc.level == "wholesale"
    if wholesale:
        users = User.objects.filter(role=Role.PROVIDER_ADMIN, is_active=True)
        issuer = provider_profile().name
        path = reverse("web:provider_legal")
    else:
        users = User.objects.filter(
            role=Role.CLOUD_ADMIN, is_active=True, membership__cloud_id=doc.cloud_id
        )
        issuer = doc.cloud.name
        path = reverse("web:cloud_legal", args=[doc.cloud.slug])
    from django.conf import settings

    values = {
        "issuer_name": issuer,
        "resolution": res.number,
        "used": str(used.used),
        "size": str(used.size),
        "remaining": str(used.remaining),
        "valid_until": res.valid_until.isoformat(),
        "portal_url": str(getattr(settings, "CAMBILL_PUBLIC_URL", "")).rstrip("/") + path,
    }
    for user in users.order_by("pk"):
        if not user.email:
            continue
        message_enqueue(
            cloud=None if wholesale else doc.cloud,
            kind=Kind.EINVOICE_RESOLUTION,
            dedup_key=f"einvoice-resolution:{doc.level}:{doc.cloud_id}:{res.number}:{user.pk}",
            to=[user.email],
            language=getattr(user, "language", "") or "en",
            values=values,
            user=user,
            now=now,
        )

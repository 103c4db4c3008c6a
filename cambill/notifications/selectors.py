"""Reads of the outbox, scoped to the actor: a cloud's staff who see its payments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cambill.core.access import Actor
from cambill.core.errors import NotFound

from . import defaults
from .choices import Kind
from .models import Message, Template
from .services import account_contacts, cloud_contacts, template_for


def message_list(*, actor: Actor, cloud: Any, status: str | None = None) -> QuerySet[Message]:
    if not actor.can("payment.view", cloud):
        return Message.objects.none()
    qs = Message.objects.filter(cloud=cloud).select_related("account", "invoice")
    if status:
        qs = qs.filter(status=status)
    return qs.defer("attachment")


def message_get(*, actor: Actor, cloud: Any, pk: Any) -> Message:
    try:
        return message_list(actor=actor, cloud=cloud).get(pk=int(pk))
    except (Message.DoesNotExist, ValueError, TypeError):
        raise NotFound("notification") from None


def templates_of(*, cloud: Any, language: str) -> list[dict[str, Any]]:
    """Every kind's subject and body in ``language`` (the cloud's own or the default)."""
    own = set(
        Template.objects.filter(cloud=cloud, language=language).values_list("kind", flat=True)
    )
    rows = []
    for kind in Kind:
        subject, body = template_for(cloud, kind.value, language)
        rows.append(
            {
                "kind": kind.value,
                "label": kind.label,
                "language": language,
                "subject": subject,
                "body": body,
                "custom": kind.value in own,
                "placeholders": defaults.PLACEHOLDERS[kind],
            }
        )
    return rows


def billing_contacts_of_account(account: Any) -> list[str]:
    return account_contacts(account)


def billing_contacts_of_cloud(cloud: Any) -> list[str]:
    return cloud_contacts(cloud)


def message_none() -> QuerySet[Message]:
    return Message.objects.none()

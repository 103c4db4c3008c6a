"""Reads of the core records (the audit log), scoped to the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from .access import Actor
from .models import AuditEntry
from .permissions import require


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    """Audit rows the actor may read (only provider admins may read any)."""
    require(actor, "audit.view")
    return AuditEntry.objects.select_related("cloud", "actor")


def audit_none() -> QuerySet[AuditEntry]:
    """No audit rows: the schema generator's stand-in for ``audit_list`` (it has no actor)."""
    return AuditEntry.objects.none()

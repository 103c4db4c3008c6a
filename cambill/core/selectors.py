"""Reads of the core records (the audit log), scoped to the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from .access import Actor
from .models import AuditEntry
from .permissions import require


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    require(actor, "audit.view")
    return AuditEntry.objects.select_related("cloud")

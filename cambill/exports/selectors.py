"""Reads of export jobs: a job is its owner's alone (anyone else gets "no such export")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cambill.core.errors import NotFound

from .models import ExportJob


def export_jobs_of(*, actor: Any) -> QuerySet[ExportJob]:
    user = getattr(actor, "user", None)
    if user is None or not getattr(user, "pk", None):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(owner_id=user.pk).select_related("cloud")


def export_job_get(*, actor: Any, pk: Any) -> ExportJob:
    try:
        return export_jobs_of(actor=actor).get(pk=int(pk))
    except (ExportJob.DoesNotExist, TypeError, ValueError):
        raise NotFound("export") from None

"""Writes of export jobs: ask for one (``export_job_request``), build it
(``export_job_run``, the job's body) and delete expired files
(``export_jobs_purge``)."""

from __future__ import annotations

import logging
import tempfile
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from cambill.core import clock, languages
from cambill.core.audit import audit
from cambill.core.db_router import replica_caught_up, replica_reads
from cambill.core.errors import DomainError, ErrorCode, validation

from .choices import FORMATS, ExportFormat, ExportKind, ExportStatus
from .models import ExportJob
from .registry import builder_for

logger = logging.getLogger(__name__)

RUN_TASK = "exports.run"
# How long a built file waits for its owner.
RETENTION_HOURS_DEFAULT = 24


def retention() -> timedelta:
    hours = getattr(settings, "CAMBILL_EXPORT_RETENTION_HOURS", RETENTION_HOURS_DEFAULT)
    return timedelta(hours=float(hours))


def _clean_params(kind: str, params: Any) -> dict[str, Any]:
    if not isinstance(params, dict):
        raise validation("params", _("Give the export's parameters as an object."))
    if kind == ExportKind.LIST:
        path = params.get("path")
        if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
            raise validation("params", _("A list export needs the path of a list page."))
        if path.startswith("/api/"):
            raise validation("params", _("A list export needs the path of a list page."))
        return {"path": path[:2000]}
    out: dict[str, Any] = {}
    for name in ("from", "to"):
        raw = params.get(name)
        try:
            out[name] = date.fromisoformat(raw).isoformat() if isinstance(raw, str) else None
        except ValueError:
            out[name] = None
        if out[name] is None:
            raise validation("params", _("'%(name)s' must be a date, YYYY-MM-DD.") % {"name": name})
    if out["from"] > out["to"]:
        raise validation("params", _("The first day comes after the last."))
    account = params.get("account")
    if account not in (None, ""):
        if not isinstance(account, str):
            raise validation("params", _("The account is its code, as text."))
        out["account"] = account
    return out


def export_job_request(
    *,
    actor: Any,
    kind: str,
    format: str,
    params: Any,
    cloud_slug: str | None = None,
    now: datetime | None = None,
) -> ExportJob:
    """Queue the building of one file for ``actor``; it starts after commit."""
    from cambill.clouds.selectors import cloud_in_scope

    now = clock.given(now)
    if kind not in ExportKind.values:
        raise validation("kind", _("Unknown kind of export."))
    if format not in [f.value for f in FORMATS[ExportKind(kind)]]:
        raise validation("format", _("This export cannot be built in that format."))
    clean = _clean_params(kind, params)
    cloud = None
    if kind == ExportKind.USAGE_REPORT and not cloud_slug:
        raise validation("cloud", _("A usage report needs its cloud."))
    if cloud_slug:
        cloud = cloud_in_scope(actor=actor, slug=str(cloud_slug))
    if kind == ExportKind.USAGE_REPORT and not actor.can("report.view"):
        from cambill.core.errors import Forbidden

        raise Forbidden(_("Your role may not do this."))
    with transaction.atomic():
        job = ExportJob.objects.create(
            owner=actor.user,
            cloud=cloud,
            kind=kind,
            format=format,
            params=clean,
            language=languages.supported(translation.get_language()),
            created_at=now,
            expires_at=now + retention(),
        )
        audit(
            actor=actor,
            verb="export.request",
            obj=job,
            after={"kind": kind, "format": format, "params": clean},
            cloud_id=cloud.pk if cloud else None,
            now=now,
        )
    pk = job.pk
    transaction.on_commit(lambda: _start(pk), robust=True)
    return job


def _start(pk: int) -> None:
    """Start the build by the task's registered name (the tasks import the services)."""
    from cambill.celery import app

    if RUN_TASK not in app.tasks:
        app.loader.import_default_modules()
    app.tasks[RUN_TASK].delay(pk)


def _progress(pk: int) -> Any:
    def report(done: int, total: int | None) -> None:
        percent = min(99, done * 100 // total) if total else 0
        ExportJob.objects.filter(pk=pk).update(rows_done=done, rows_total=total, progress=percent)

    return report


def export_job_run(*, job_id: int, now: datetime | None = None) -> ExportJob:
    """Build the file of a queued job. Runs once: a second start (a retried task)
    finds the job no longer queued and leaves it. The builder runs outside any
    transaction so that each progress update is seen by the page polling it."""
    started = clock.given(now)
    if not ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, started_at=started
    ):
        return ExportJob.objects.get(pk=job_id)
    job = ExportJob.objects.select_related("owner", "cloud").get(pk=job_id)
    builder = builder_for(job.kind)
    error = ""
    with tempfile.TemporaryFile() as tmp:
        try:
            if builder is None:
                raise DomainError(ErrorCode.VALIDATION, _("Unknown kind of export."))
            # The file may be read from the replica once it has replayed everything
            # up to the request, so it holds what the user wrote before asking.
            reads = replica_reads() if replica_caught_up(job.created_at) else nullcontext()
            with translation.override(job.language), reads:
                built = builder(job, tmp, _progress(job.pk))
        except DomainError as e:
            error = e.message
        except Http404:
            error = _("There is nothing here, or nothing you may see.")
        except PermissionDenied:
            error = _("Your role may not do this.")
        except Exception:  # a bug must not leave the job "being built" forever
            logger.exception("export job %s failed", job_id)
            error = _("The file could not be built. Try again, or ask for less.")
        finished = clock.now() if now is None else now
        if error:
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportStatus.FAILED, error=error, finished_at=finished
            )
            job.refresh_from_db()
            return job
        tmp.seek(0, 2)
        size = tmp.tell()
        tmp.seek(0)
        job.file.save(f"{job.pk}-{built.filename}", File(tmp), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        file=job.file.name,
        filename=built.filename,
        media_type=built.media_type,
        title=built.title[:200],
        size=size,
        progress=100,
        status=ExportStatus.DONE,
        finished_at=finished,
    )
    job.refresh_from_db()
    return job


def export_jobs_purge(*, now: datetime | None = None) -> int:
    """Delete the files of jobs past their expiry; the rows stay as "expired"."""
    now = clock.given(now)
    count = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(status=ExportStatus.EXPIRED):
        if job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING):
            continue
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, file="")
        count += 1
    return count


__all__ = [
    "ExportFormat",
    "export_job_request",
    "export_job_run",
    "export_jobs_purge",
    "retention",
]

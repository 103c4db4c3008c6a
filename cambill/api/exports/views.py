"""Export jobs: ask for a file of any size (``POST /exports/``), follow it
(``GET /exports/{id}/``: status, progress, download URL) and fetch it
(``GET /exports/{id}/file/``). A job is its owner's alone: anyone else's id is a
404. Files are deleted after their retention (``expires_at``)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import ApiViewSet, valid
from cambill.core.errors import DomainError, ErrorCode
from cambill.exports.choices import ExportStatus
from cambill.exports.selectors import export_job_get, export_jobs_of
from cambill.exports.services import export_job_request

from .serializers import ExportIn, ExportOut


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def export_data(job: Any) -> dict[str, Any]:
    done = job.status == ExportStatus.DONE and bool(job.file)
    return {
        "id": job.pk,
        "kind": job.kind,
        "format": job.format,
        "cloud": job.cloud.slug if job.cloud_id else None,
        "params": job.params,
        "status": job.status,
        "progress": job.progress,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "filename": job.filename,
        "size": job.size,
        "error": job.error,
        "download_url": reverse("api:export-file", args=[job.pk]) if done else None,
        "created_at": _iso(job.created_at),
        "finished_at": _iso(job.finished_at),
        "expires_at": _iso(job.expires_at),
    }


class ExportViewSet(ApiViewSet):
    """Files built in the background, of any size, for their owner only."""

    serializer_class = ExportOut
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return export_jobs_of(actor=self.actor)

    @extend_schema(responses=ExportOut(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(export_jobs_of(actor=self.actor))
        return self.get_paginated_response([export_data(j) for j in page or []])

    @extend_schema(
        request=ExportIn,
        responses={202: ExportOut},
        description=(
            "Queue an export. The answer is the job (202); poll `GET /exports/{id}/` "
            "until `status` is `done`, then GET its `download_url`. With no broker "
            "configured (the embedded default) the job is built before this answers."
        ),
    )
    def create(self, request: Request) -> Response:
        data = valid(ExportIn, request.data)
        job = export_job_request(
            actor=self.actor,
            kind=data["kind"],
            format=data["format"],
            params=data.get("params") or {},
            cloud_slug=data.get("cloud") or None,
        )
        job.refresh_from_db()
        return Response(export_data(job), status=202)

    @extend_schema(responses=ExportOut)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(export_data(export_job_get(actor=self.actor, pk=pk)))

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file (CSV, XLSX or PDF)"
            )
        },
    )
    def file(self, request: Request, pk: str) -> Any:
        job = export_job_get(actor=self.actor, pk=pk)
        if job.status != ExportStatus.DONE or not job.file:
            raise DomainError(
                ErrorCode.CONFLICT,
                _("The file is not ready (status: %(status)s).") % {"status": job.status},
            )
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=job.media_type,
        )

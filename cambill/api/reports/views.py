"""The usage report endpoint: ``GET /clouds/{slug}/reports/usage``.

JSON by default; ``?format=csv`` or ``?format=xlsx`` downloads the same report.
(DRF reads ``format`` to pick a renderer, so CSV and XLSX have renderers that
pass the prepared bytes through.)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import renderers
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.api.core.common import CloudScopedViewSet, slug_param
from cambill.api.core.renderers import CSVRenderer, XLSXRenderer
from cambill.core.db_router import replica_reads
from cambill.core.errors import validation
from cambill.reports.export import report_csv, report_json, report_xlsx
from cambill.reports.usage import usage_report

from .serializers import UsageReportOut


def _date(request: Request, name: str) -> date:
    raw = request.query_params.get(name)
    if not raw:
        raise validation(
            name, gettext("'%(name)s' is required (a local date, YYYY-MM-DD).") % {"name": name}
        )
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise validation(
            name, gettext("'%(raw)s' is not a date; use YYYY-MM-DD.") % {"raw": raw}
        ) from None


@extend_schema(parameters=[slug_param()])
class UsageReportViewSet(CloudScopedViewSet):
    """Resources used and services rendered, per camera, account and tariff."""

    renderer_classes = [renderers.JSONRenderer, CSVRenderer, XLSXRenderer]
    serializer_class = UsageReportOut
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, required=True, description="First local day"
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, required=True, description="Last local day (inclusive)"
            ),
            OpenApiParameter(
                "account", str, description="Account code (default: every account you see)"
            ),
            OpenApiParameter(
                "format", str, enum=["json", "csv", "xlsx"], description="Download format"
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(UsageReportOut, description="The report"),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV download"),
            (200, XLSXRenderer.media_type): OpenApiResponse(
                OpenApiTypes.BINARY, description="XLSX download"
            ),
        },
    )
    @replica_reads()  # after authentication: the report may come from the replica
    def list(self, request: Request, slug: str) -> Any:
        cloud = self.cloud
        report = usage_report(
            actor=self.actor,
            cloud=cloud,
            date_from=_date(request, "from"),
            date_to=_date(request, "to"),
            account=request.query_params.get("account") or None,
        )
        fmt = request.query_params.get("format") or "json"
        stem = f"usage-{cloud.slug}-{report['from']}-{report['to']}"
        if fmt == "csv":
            resp = HttpResponse(report_csv(report).encode(), content_type="text/csv; charset=utf-8")
            resp["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
            return resp
        if fmt == "xlsx":
            resp = HttpResponse(report_xlsx(report), content_type=XLSXRenderer.media_type)
            resp["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
            return resp
        return Response(report_json(report))

"""A user's exports: ask for one (from a list page or a report), watch it being
built (the status panel polls with htmx; without JavaScript the page refreshes
itself), download it when ready. Only the owner ever sees a job."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cambill.core.errors import DomainError
from cambill.exports.choices import ExportStatus
from cambill.exports.selectors import export_job_get, export_jobs_of
from cambill.exports.services import export_job_request
from cambill.web.core.pages import ActorMixin

IN_PROGRESS = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def safe_back(url: str) -> str:
    """A same-site path to go back to (never another host)."""
    parts = urlsplit(url or "")
    if parts.scheme or parts.netloc or not url.startswith("/") or url.startswith("//"):
        return ""
    return url


class ExportListView(ActorMixin, TemplateView):
    template_name = "web/exports/list.html"
    title = _("My exports")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["jobs"] = list(export_jobs_of(actor=self.actor)[:50])
        ctx["in_progress"] = IN_PROGRESS
        return ctx


class ExportRequestView(ActorMixin, View):
    """POST: queue an export and go to its page (in the embedded default it is
    already built by then)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data = request.POST
        kind = data.get("kind", "")
        params: dict[str, Any]
        if kind == "list":
            params = {"path": safe_back(data.get("path", ""))}
        else:
            params = {k: data.get(k, "") for k in ("from", "to", "account")}
        try:
            job = export_job_request(
                actor=self.actor,
                kind=kind,
                format=data.get("format", ""),
                params=params,
                cloud_slug=data.get("cloud") or None,
            )
        except DomainError as e:
            messages.error(request, e.message)
            back = safe_back(data.get("path", "")) or reverse("web:export_list")
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(reverse("web:export_detail", args=[job.pk]))


class ExportDetailView(ActorMixin, TemplateView):
    template_name = "web/exports/detail.html"
    title = _("Export")

    def resolve(self, **kwargs: Any) -> None:
        self.job = export_job_get(actor=self.actor, pk=kwargs["pk"])

    def get_template_names(self) -> list[str]:
        htmx = getattr(self.request, "htmx", None)
        if htmx and htmx.target == "export-status":
            return ["web/exports/_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["job"] = self.job
        ctx["running"] = self.job.status in IN_PROGRESS
        ctx["back"] = self.job.params.get("path") if self.job.kind == "list" else ""
        return ctx

    def get_title(self) -> Any:
        return self.job.title or _("Export")


class ExportDownloadView(ActorMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        job = export_job_get(actor=self.actor, pk=kwargs["pk"])
        if job.status != ExportStatus.DONE or not job.file:
            return HttpResponseRedirect(reverse("web:export_detail", args=[job.pk]))
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename,
            content_type=job.media_type,
        )

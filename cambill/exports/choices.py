"""The enums of an export job (pages and the API import them from here)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    # The rows of a list page, with its filters and sort (params: "path").
    LIST = "list", _("List")
    # A cloud's usage report (params: "from", "to", optional "account").
    USAGE_REPORT = "usage_report", _("Usage report")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


# Formats each kind can be built in.
FORMATS = {
    ExportKind.LIST: (ExportFormat.CSV, ExportFormat.XLSX),
    ExportKind.USAGE_REPORT: (ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.PDF),
}

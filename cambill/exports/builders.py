"""The builders this package knows itself: reports (the usage report in CSV, Excel
and PDF). A PDF of a large report takes WeasyPrint minutes; here it has no row cap,
since nobody waits on a request for it."""

from __future__ import annotations

from datetime import date
from typing import IO, Any

from django.utils.translation import gettext as _

from cambill.core import clock, tabular
from cambill.core.access import actor_for

from .choices import ExportKind
from .registry import Built, Progress, register


def build_usage_report(job: Any, out: IO[bytes], progress: Progress) -> Built:
    from cambill.clouds.selectors import cloud_in_scope
    from cambill.reports.export import report_csv, report_xlsx
    from cambill.reports.pdf import render_pdf, usage_report_filename, usage_report_html
    from cambill.reports.usage import usage_report

    actor = actor_for(job.owner)
    cloud = cloud_in_scope(actor=actor, slug=job.cloud.slug)
    progress(0, 3)
    report = usage_report(
        actor=actor,
        cloud=cloud,
        date_from=date.fromisoformat(job.params["from"]),
        date_to=date.fromisoformat(job.params["to"]),
        account=job.params.get("account") or None,
    )
    progress(1, 3)
    if job.format == "csv":
        out.write((tabular.UTF8_BOM + report_csv(report, labelled=True)).encode())
        media = tabular.CSV_MEDIA_TYPE
    elif job.format == "xlsx":
        out.write(report_xlsx(report, labelled=True))
        media = tabular.XLSX_MEDIA_TYPE
    else:
        html = usage_report_html(report, cloud_name=cloud.name, now=clock.now())
        progress(2, 3)
        out.write(render_pdf(html))
        media = tabular.PDF_MEDIA_TYPE
    progress(3, 3)
    title = _("Resources used and services rendered")
    return Built(usage_report_filename(report, job.format), media, str(title))


def register_builtin() -> None:
    register(ExportKind.USAGE_REPORT, build_usage_report)

"""The review screen of a bill run (issue #13): totals beside last month's run,
every invoice of the run with its change against the account's previous
invoice (flagged first), and actions on all or on the selected drafts: issue
(one background job with a progress bar), regenerate, void.

Regenerate and void call the single verbs once per draft (each its own
transaction and audit row); issue queues one :mod:`cambill.invoicing.issuing`
job, which is idempotent and keeps the numbers gapless.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode, Forbidden
from cambill.invoicing.choices import BillRunStatus, InvoiceStatus
from cambill.invoicing.issuing import issuable_kinds, issue_job_start
from cambill.invoicing.review import (
    issue_job_get,
    job_percent,
    latest_issue_job,
    review_rows,
    review_totals,
)
from cambill.invoicing.selectors import bill_run_get, invoice_list
from cambill.invoicing.services import invoice_regenerate, invoice_void
from cambill.web.core.format import period_key_text
from cambill.web.core.pages import CloudListPage
from cambill.web.invoicing.filters import ReviewFilter
from cambill.web.invoicing.tables import ReviewTable, pct_text
from cambill.web.invoicing.views import BillRunsMixin, download, report_downloads

ACTIONS = ("issue", "regenerate", "void")
MAX_SINGLE_ACTIONS = 2000


class RunMixin(BillRunsMixin):
    run: Any

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        super().resolve_in_cloud(**kwargs)
        self.run = bill_run_get(actor=self.actor, cloud=self.cloud, pk=kwargs["pk"])

    def review_url(self) -> str:
        return reverse("web:bill_run_detail", args=[self.cloud.slug, self.run.pk])


def job_context(cloud: Any, run: Any, job: Any) -> dict[str, Any]:
    active = job is not None and job.status in ("queued", "running")
    return {
        "job": job,
        "job_active": active,
        "job_percent": job_percent(job) if job is not None else 0,
        "job_url": reverse("web:issue_job", args=[cloud.slug, run.pk, job.pk]) if job else "",
    }


class BillRunReviewView(RunMixin, CloudListPage):
    """The bill-run page: its progress, its report and the review of its drafts."""

    action = "invoice.view"
    table_class = ReviewTable
    filterset_class = ReviewFilter
    template_name = "web/invoicing/bill_run_detail.html"
    table_pagination = {"per_page": 50}

    def get_title(self) -> Any:
        return _("Bill run %(period)s") % {"period": period_key_text(self.run.period)}

    def export_filename(self, fmt: str) -> str:
        return f"bill-run-{self.cloud.slug}-{self.run.period}.{fmt}"

    def rows(self) -> Any:
        return review_rows(actor=self.actor, cloud=self.cloud, run=self.run)

    def report(self) -> dict[str, Any]:
        from cambill.reports.billrun import bill_run_report

        return bill_run_report(actor=self.actor, cloud=self.cloud, run=self.run)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        fmt = request.GET.get("format")
        if fmt is None:
            return super().get(request, *args, **kwargs)
        from cambill.core import tabular
        from cambill.reports.billrun import bill_run_csv, bill_run_filename, bill_run_xlsx
        from cambill.reports.pdf import bill_run_pdf

        report = self.report()
        if fmt == "csv":
            body: Any = tabular.UTF8_BOM + bill_run_csv(report)
            media = tabular.CSV_MEDIA_TYPE
        elif fmt == "xlsx":
            body, media = bill_run_xlsx(report), tabular.XLSX_MEDIA_TYPE
        elif fmt == "pdf":
            body, media = bill_run_pdf(report, now=clock.now()), tabular.PDF_MEDIA_TYPE
        else:
            raise DomainError(ErrorCode.VALIDATION, str(_("Unknown format; use csv, xlsx or pdf.")))
        return download(body, media, bill_run_filename(report, fmt))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        run = self.run
        ctx["run"] = run
        ctx["running"] = run.status in (BillRunStatus.PENDING, BillRunStatus.RUNNING)
        ctx["percent"] = (
            int(100 * run.accounts_done / run.accounts_total) if run.accounts_total else 0
        )
        ctx["invoices_url"] = (
            reverse("web:invoice_list", args=[self.cloud.slug]) + f"?period={run.period}"
        )
        ctx["can_rerun"] = self.actor.can("billrun.manage", self.cloud)
        ctx["start_url"] = reverse("web:bill_run_start", args=[self.cloud.slug])
        ctx["report"] = self.report()
        ctx["downloads"] = report_downloads("")
        ctx["totals"] = review_totals(actor=self.actor, cloud=self.cloud, run=run)
        ctx["threshold"] = pct_text(self.cloud.review_threshold_percent)
        ctx["can_act"] = bool(issuable_kinds(self.actor, self.cloud))
        ctx["action_url"] = reverse("web:bill_run_action", args=[self.cloud.slug, run.pk])
        ctx.update(
            job_context(
                self.cloud, run, latest_issue_job(actor=self.actor, cloud=self.cloud, run=run)
            )
        )
        return ctx


class IssueJobView(RunMixin, TemplateView):
    """The progress of one bulk issue: the panel the review page polls (htmx)."""

    action = "invoice.view"
    template_name = "web/invoicing/_issue_job.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = issue_job_get(actor=self.actor, cloud=self.cloud, pk=kwargs["job"])
        if job.bill_run_id != self.run.pk:
            raise DomainError(ErrorCode.NOT_FOUND, _("Not found."))
        ctx = {"cloud": self.cloud, "run": self.run, **job_context(self.cloud, self.run, job)}
        return render(request, self.template_name, ctx)


class BillRunActionView(RunMixin, TemplateView):
    """POST: issue, regenerate or void all the run's drafts or the selected ones."""

    action = "invoice.view"
    http_method_names = ["post"]

    def selected(self, request: HttpRequest) -> list[int] | None:
        if request.POST.get("scope") == "all":
            return None
        ids = []
        for v in request.POST.getlist("invoice"):
            try:
                ids.append(int(v))
            except ValueError:
                continue
        if not ids:
            raise DomainError(
                ErrorCode.VALIDATION, _("Select at least one draft, or choose all drafts.")
            )
        return ids

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        what = request.POST.get("action")
        try:
            if what not in ACTIONS:
                raise DomainError(ErrorCode.VALIDATION, _("Choose issue, regenerate or void."))
            ids = self.selected(request)
            if what == "issue":
                job = issue_job_start(
                    actor=self.actor, cloud=self.cloud, run=self.run, invoice_ids=ids
                )
                job = issue_job_get(actor=self.actor, cloud=self.cloud, pk=job.pk)
                if job.status == "completed":
                    messages.success(
                        request,
                        _("%(done)s invoices issued (%(first)s to %(last)s).")
                        % {
                            "done": job.done,
                            "first": job.first_number or "—",
                            "last": job.last_number or "—",
                        }
                        if job.done
                        else _("Nothing to issue: the chosen invoices are no longer drafts."),
                    )
                elif job.status == "failed":
                    messages.error(
                        request,
                        _("The issue stopped: %(error)s") % {"error": "; ".join(job.errors)},
                    )
                else:
                    messages.info(
                        request, _("Issuing %(n)s drafts in the background.") % {"n": job.total}
                    )
            else:
                self.one_by_one(request, what, ids)
        except Forbidden:
            raise
        except DomainError as e:
            messages.error(request, e.message)
        return HttpResponseRedirect(self.review_url())

    def one_by_one(self, request: HttpRequest, what: str, ids: list[int] | None) -> None:
        qs = invoice_list(
            actor=self.actor, cloud=self.cloud, period=self.run.period, status=InvoiceStatus.DRAFT
        ).filter(kind__in=issuable_kinds(self.actor, self.cloud))
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        drafts = list(qs[:MAX_SINGLE_ACTIONS])
        if not drafts:
            raise DomainError(ErrorCode.VALIDATION, _("No drafts to act on."))
        done, errors = 0, []
        reason = (request.POST.get("reason") or "").strip()
        for inv in drafts:
            try:
                if what == "void":
                    invoice_void(actor=self.actor, invoice=inv, reason=reason)
                else:
                    invoice_regenerate(actor=self.actor, invoice=inv)
                done += 1
            except DomainError as e:
                errors.append(
                    f"{inv.account.code if inv.account is not None else inv.pk}: {e.message}"
                )
        label = _("%(n)s drafts voided.") if what == "void" else _("%(n)s drafts regenerated.")
        messages.success(request, label % {"n": done})
        if errors:
            messages.error(request, "; ".join(errors[:10]))

"""Pages of invoicing: invoices (issue, void, credit notes, PDF), bill runs (the review
screen of one run is in review.py) and
the usage report, under ``/clouds/<slug>/``; a billing overview for provider staff.

Reads go through the invoicing selectors (scoped: another cloud's or account's
invoice is a 404); every button calls one verb, whose refusal comes back as a
message on the page. Buttons are shown only to roles the verb would accept.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode, Forbidden
from cambill.core.periods import Period
from cambill.invoicing.choices import ALLOWANCE_KINDS, BillRunStatus, InvoiceKind, InvoiceStatus
from cambill.invoicing.selectors import (
    bill_run_list,
    credit_notes_of,
    invoice_get,
    invoice_list,
)
from cambill.invoicing.services import (
    bill_run_execute,
    bill_run_start,
    credit_note_create,
    creditable,
    invoice_issue,
    invoice_void,
)
from cambill.web.core.pages import (
    ActorMixin,
    CloudDetailPage,
    CloudFormPage,
    CloudListPage,
    CloudMixin,
)
from cambill.web.invoicing.filters import InvoiceFilter
from cambill.web.invoicing.forms import BillRunForm, CreditNoteForm, UsageForm, VoidForm
from cambill.web.invoicing.tables import BillRunTable, InvoiceTable

# --- invoices -------------------------------------------------------------------


class InvoiceListView(CloudListPage):
    action = "invoice.view"
    title = _("Invoices")
    table_class = InvoiceTable
    filterset_class = InvoiceFilter
    # Every page shows the total of the whole filtered list (per currency) and its own.
    sum_fields = {"total": _("Total")}

    def rows(self) -> Any:
        return invoice_list(actor=self.actor, cloud=self.cloud)

    def get_actions(self) -> Any:
        out = []
        if self.actor.can("billrun.view", self.cloud):
            out.append(
                self.button(_("Bill runs"), reverse("web:bill_run_list", args=[self.cloud.slug]))
            )
        out.append(
            self.button(
                _("Usage report"),
                reverse("web:usage_report", args=[self.cloud.slug]),
                "report.view",
            )
        )
        return out


class InvoiceMixin(CloudMixin):
    invoice: Any

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.invoice = invoice_get(actor=self.actor, cloud=self.cloud, pk=kwargs["pk"])

    def detail_url(self) -> str:
        return reverse("web:invoice_detail", args=[self.cloud.slug, self.invoice.pk])


class InvoiceDetailView(InvoiceMixin, CloudDetailPage):
    action = "invoice.view"
    template_name = "web/invoicing/invoice_detail.html"

    def get_title(self) -> Any:
        inv = self.invoice
        kind = _("Wholesale invoice") if inv.kind == InvoiceKind.WHOLESALE else _("Invoice")
        return f"{kind} {inv.number or _('(draft)')}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        inv = self.invoice
        lines = list(inv.lines.order_by("position"))
        manage = self.actor.can("invoice.manage", inv)
        ctx.update(
            {
                "invoice": inv,
                "lines": [ln for ln in lines if ln.kind not in ALLOWANCE_KINDS],
                "allowances": [ln for ln in lines if ln.kind in ALLOWANCE_KINDS],
                "credit_notes": list(credit_notes_of(inv)),
                "creditable": creditable(inv) if inv.status in ("issued", "paid") else None,
                "can_issue": manage and inv.status == InvoiceStatus.DRAFT,
                "can_void": manage and inv.status in (InvoiceStatus.DRAFT, InvoiceStatus.ISSUED),
                "can_credit": manage and inv.status in (InvoiceStatus.ISSUED, InvoiceStatus.PAID),
                "wholesale": inv.kind == InvoiceKind.WHOLESALE,
            }
        )
        # Its legal e-invoice documents (status, code, QR, the authority's reply, retry)
        from cambill.web.einvoice.document_views import documents_block

        ctx["einvoice_rows"] = documents_block(self.actor, inv)
        if inv.kind == InvoiceKind.WHOLESALE and self.actor.can("payment.view", self.cloud):
            # Its payments, what is open and (provider staff) a payment to record.
            ctx["wholesale_url"] = reverse("web:wholesale_invoice", args=[self.cloud.slug, inv.pk])
        return ctx


class InvoiceIssueView(InvoiceMixin, TemplateView):
    """POST only: issue the draft, then back to it with a message."""

    action = "invoice.view"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            inv = invoice_issue(actor=self.actor, invoice=self.invoice)
            messages.success(request, _("Issued as %(number)s.") % {"number": inv.number})
        except (DomainError, Forbidden) as e:
            if isinstance(e, Forbidden):
                raise
            messages.error(request, e.message)
        return HttpResponseRedirect(self.detail_url())


class InvoiceVoidView(InvoiceMixin, CloudFormPage):
    action = "invoice.view"
    form_class = VoidForm
    submit_label = _("Void the invoice")
    success_message = _("The invoice is void.")

    def get_title(self) -> Any:
        return _("Void %(what)s") % {
            "what": self.invoice.number or _("draft #%(pk)s") % {"pk": self.invoice.pk}
        }

    def perform(self, form: Any) -> Any:
        return invoice_void(
            actor=self.actor, invoice=self.invoice, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return self.detail_url()

    def default_cancel_url(self) -> str:
        return self.detail_url()


class CreditNoteCreateView(InvoiceMixin, CloudFormPage):
    action = "invoice.view"
    form_class = CreditNoteForm
    submit_label = _("Issue the credit note")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        super().resolve_in_cloud(**kwargs)
        if self.invoice.status not in (InvoiceStatus.ISSUED, InvoiceStatus.PAID):
            raise DomainError(ErrorCode.INVALID_STATE, str(_("Only issued invoices are credited.")))

    def get_title(self) -> Any:
        return _("Credit note for %(number)s") % {"number": self.invoice.number}

    def form_extra_kwargs(self) -> dict[str, Any]:
        left = (
            creditable(self.invoice) if self.invoice.status in ("issued", "paid") else {"lines": {}}
        )
        return {"invoice": self.invoice, "left": left}

    def perform(self, form: Any) -> Any:
        items = None if form.cleaned_data.get("whole") else form.items()
        note = credit_note_create(
            actor=self.actor, invoice=self.invoice, reason=form.cleaned_data["reason"], lines=items
        )
        messages.success(
            self.request, _("Credit note %(number)s issued.") % {"number": note.number}
        )
        return note

    def get_success_url(self) -> str:
        return self.detail_url()

    def default_cancel_url(self) -> str:
        return self.detail_url()


class InvoicePdfView(InvoiceMixin, TemplateView):
    action = "invoice.view"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cambill.invoicing.pdf import pdf_filename, render_invoice_pdf

        data = render_invoice_pdf(self.invoice, list(credit_notes_of(self.invoice)))
        resp = HttpResponse(data, content_type="application/pdf")
        disposition = "attachment" if request.GET.get("download") else "inline"
        resp["Content-Disposition"] = f'{disposition}; filename="{pdf_filename(self.invoice)}"'
        return resp


# --- bill runs ------------------------------------------------------------------


class BillRunsMixin(CloudMixin):
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not self.actor.can("billrun.view", self.cloud):
            raise Forbidden(str(_("Your role does not see bill runs.")))


class BillRunListView(BillRunsMixin, CloudListPage):
    action = "invoice.view"
    title = _("Bill runs")
    table_class = BillRunTable
    template_name = "web/invoicing/bill_runs.html"

    def rows(self) -> Any:
        return bill_run_list(actor=self.actor, cloud=self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        if self.actor.can("billrun.manage", self.cloud):
            ctx["start_form"] = BillRunForm(cloud=self.cloud)
            ctx["start_url"] = reverse("web:bill_run_start", args=[self.cloud.slug])
        return ctx


class BillRunStartView(CloudFormPage):
    """Start (or rerun) a month; in the embedded mode it runs before the answer."""

    action = "invoice.manage"
    form_class = BillRunForm
    title = _("Run bills for a month")
    submit_label = _("Run bills")
    error_aliases = {"now": "period"}

    def perform(self, form: Any) -> Any:
        now = clock.now()
        run = bill_run_start(
            actor=self.actor, cloud=self.cloud, period=form.cleaned_data["period"], now=now
        )
        self.run = run
        return run

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        run = getattr(self, "run", None)
        if run is None:
            return response
        # The run writes in chunks of its own transactions: outside perform's atomic block.
        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
            try:
                run = bill_run_execute(run=run, now=clock.now(), actor=self.actor)
            except DomainError as e:
                messages.error(self.request, e.message)
            else:
                if run.status == BillRunStatus.COMPLETED:
                    messages.success(
                        self.request,
                        _(
                            "%(period)s billed: %(created)s invoices created, %(updated)s regenerated."
                        )
                        % {
                            "period": run.period,
                            "created": run.invoices_created,
                            "updated": run.invoices_updated,
                        },
                    )
                else:
                    messages.error(self.request, run.error or run.status)
        else:
            from cambill.invoicing.tasks import execute_bill_run

            execute_bill_run.delay(run.pk, clock.now().isoformat())
            messages.info(self.request, _("The bill run is queued."))
        return HttpResponseRedirect(reverse("web:bill_run_detail", args=[self.cloud.slug, run.pk]))

    def get_success_url(self) -> str:
        return reverse("web:bill_run_list", args=[self.cloud.slug])

    def default_cancel_url(self) -> str:
        return reverse("web:bill_run_list", args=[self.cloud.slug])


def download(body: Any, media_type: str, filename: str) -> HttpResponse:
    resp = HttpResponse(body, content_type=media_type)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def report_downloads(query: str) -> list[dict[str, Any]]:
    """The download buttons of a report page: the same report in each format."""
    prefix = "?" + (query + "&" if query else "")
    return [
        {"label": _("Download CSV"), "url": prefix + "format=csv"},
        {"label": _("Download Excel (XLSX)"), "url": prefix + "format=xlsx"},
        {"label": _("Download PDF"), "url": prefix + "format=pdf"},
    ]


# --- usage report ------------------------------------------------------------------


class UsageReportView(CloudMixin, TemplateView):
    # GET reads may come from the read replica (cambill.core.db_router).
    replica_reads = True
    action = "report.view"
    template_name = "web/invoicing/usage_report.html"
    title = _("Resources used and services rendered")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from cambill.reports.export import report_csv, report_xlsx
        from cambill.reports.usage import usage_report

        data = request.GET.copy()
        if "date_from" not in data:
            last = Period.containing(clock.now(), self.cloud.timezone).previous()
            data["date_from"] = last.first_day.isoformat()
            data["date_to"] = (last.next_first_day - timedelta(days=1)).isoformat()
        form = UsageForm(data)
        report = None
        error = None
        if form.is_valid():
            try:
                report = usage_report(
                    actor=self.actor,
                    cloud=self.cloud,
                    date_from=form.cleaned_data["date_from"],
                    date_to=form.cleaned_data["date_to"],
                    account=form.cleaned_data["account"] or None,
                )
            except DomainError as e:
                if e.code == "not_found" and form.cleaned_data["account"]:
                    form.add_error("account", e.message)
                else:
                    error = e.message
        fmt = request.GET.get("format")
        if report is not None and fmt in ("csv", "xlsx", "pdf"):
            from cambill.core import tabular
            from cambill.reports.pdf import usage_report_filename, usage_report_pdf

            if fmt == "csv":
                body: Any = tabular.UTF8_BOM + report_csv(report, labelled=True)
                media = tabular.CSV_MEDIA_TYPE
            elif fmt == "xlsx":
                body, media = report_xlsx(report, labelled=True), tabular.XLSX_MEDIA_TYPE
            else:
                try:
                    body = usage_report_pdf(report, cloud_name=self.cloud.name, now=clock.now())
                except DomainError:
                    # Too big for a PDF made while the reader waits: the report page,
                    # whose buttons now build the file in the background.
                    msg = _(
                        "This report is too large for a PDF made on the spot; "
                        "choose the PDF button to build it in the background."
                    )
                    return self.render_page(form, report, msg, data, status=200)
                media = tabular.PDF_MEDIA_TYPE
            return download(body, media, usage_report_filename(report, fmt))
        return self.render_page(form, report, error, data)

    def render_page(
        self, form: Any, report: Any, error: Any, data: Any, status: int = 200
    ) -> HttpResponse:
        from cambill.reports.pdf import pdf_max_rows, usage_report_rows

        query = data.copy()
        query.pop("format", None)
        query.pop("page", None)
        downloads = report_downloads(query.urlencode())
        ctx: dict[str, Any] = {}
        if report is not None:
            ctx = self.paginate(report, query)
            # A report too big for a PDF on the spot is built in the background,
            # in every format, with the form's range and account.
            if usage_report_rows(report) > pdf_max_rows():
                for d, fmt in zip(downloads, ("csv", "xlsx", "pdf"), strict=True):
                    d["background"] = {
                        "format": fmt,
                        "from": form.cleaned_data["date_from"].isoformat(),
                        "to": form.cleaned_data["date_to"].isoformat(),
                        "account": form.cleaned_data["account"] or "",
                    }
        ctx.update(
            form=form,
            report=report,
            error=error,
            query=query.urlencode(),
            downloads=downloads,
        )
        return self.render_to_response(self.get_context_data(**ctx), status=status)

    per_page = 20

    def paginate(self, report: dict[str, Any], query: Any) -> dict[str, Any]:
        """The accounts of one page (the report's totals stay whole on every page),
        with the page's subtotal."""
        from django.core.paginator import Paginator

        paginator = Paginator(report["accounts"], self.per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        subtotal: dict[str, Any] = {}
        for key in ("net", "wholesale_cost", "margin", "billed_days"):
            values = [a["totals"].get(key) for a in page.object_list]
            if values and all(v is not None for v in values):
                subtotal[key] = sum(values)
        base = "?" + (query.urlencode() + "&" if query else "")
        return {
            "accounts_page": page,
            "page_subtotal": subtotal if paginator.num_pages > 1 else None,
            "page_base": base,
            "page_links": list(paginator.get_elided_page_range(page.number)),
        }


# --- provider overview -------------------------------------------------------------


class BillingOverviewView(ActorMixin, TemplateView):
    """Provider staff: every cloud in scope with its latest run and its billing pages."""

    action = "invoice.view"
    provider_only = True
    template_name = "web/invoicing/overview.html"
    title = _("Billing")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from cambill.clouds.selectors import clouds_in_scope
        from cambill.invoicing.selectors import latest_bill_runs

        ctx = super().get_context_data(**kwargs)
        clouds = list(clouds_in_scope(self.actor).order_by("slug"))
        latest = latest_bill_runs(clouds=clouds)
        ctx["rows"] = [
            {
                "cloud": c,
                "run": latest.get(c.pk),
                "previous": Period.containing(clock.now(), c.timezone).previous().key,
            }
            for c in clouds
        ]
        return ctx

"""Bank statements in the web (issue #13, point 4): upload a camt.053 or MT940
statement, see each import's lines, and work the reconciliation queue:
confirm or reject a suggestion, or match a line to an invoice by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cambill.core.errors import DomainError, ErrorCode, Forbidden
from cambill.invoicing.selectors import cloud_invoice_by_number
from cambill.payments.statements.selectors import (
    bank_import_get,
    bank_import_list,
    bank_line_get,
    bank_line_list,
    bank_suggestion_get,
)
from cambill.payments.statements.services import (
    bank_line_match,
    bank_statement_import,
    bank_suggestion_confirm,
    bank_suggestion_reject,
)
from cambill.web.core.pages import CloudDetailPage


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statement file"),
        help_text=_("ISO 20022 camt.053 (XML) or SWIFT MT940."),
    )


class LineMatchForm(forms.Form):
    invoice = forms.CharField(label=_("Invoice number"), max_length=48)


def _require_view(actor: Any, cloud: Any) -> None:
    if not actor.can("payment.view", cloud):
        raise Forbidden(gettext("Your role may not see this cloud's money."))


class BankStatementsPage(CloudDetailPage):
    """Upload a statement; the imports so far."""

    template_name = "web/payments/bank_statements.html"
    title = _("Bank statements")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        _require_view(self.actor, self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or StatementUploadForm()
        ctx["can_manage"] = self.actor.can("payment.manage", self.cloud)
        ctx["imports"] = list(bank_import_list(actor=self.actor, cloud=self.cloud)[:50])
        ctx["queue_count"] = bank_line_list(actor=self.actor, cloud=self.cloud, queue=True).count()
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StatementUploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                imp = bank_statement_import(
                    actor=self.actor, cloud=self.cloud, content=f.read(), filename=f.name
                )
            except DomainError as e:
                if isinstance(e, Forbidden):
                    raise
                form.add_error("file", e.message)
            else:
                if getattr(imp, "already_imported", False):
                    messages.info(
                        request, gettext("This statement was imported before; nothing changed.")
                    )
                else:
                    messages.success(
                        request,
                        gettext("%(total)s lines imported, %(matched)s matched.")
                        % {"total": imp.lines_total, "matched": imp.lines_matched},
                    )
                return HttpResponseRedirect(
                    reverse("web:payments_bank_statement", args=[self.cloud.slug, imp.pk])
                )
        return self.render_to_response(self.get_context_data(form=form))


class BankStatementPage(CloudDetailPage):
    """One import: every line and what became of it."""

    template_name = "web/payments/bank_statement_detail.html"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = bank_import_get(actor=self.actor, cloud=self.cloud, pk=kwargs["pk"])

    def get_title(self) -> Any:
        return _("Bank statement %(name)s") % {"name": self.object.filename or self.object.pk}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["imp"] = self.object
        ctx["lines"] = list(
            bank_line_list(actor=self.actor, cloud=self.cloud, bank_import=self.object.pk)
        )
        ctx["can_manage"] = self.actor.can("payment.manage", self.cloud)
        return ctx


class ReconcilePage(CloudDetailPage):
    """The queue: lines waiting for a person, with their suggestions."""

    template_name = "web/payments/reconcile.html"
    title = _("Reconcile bank lines")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        _require_view(self.actor, self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["lines"] = list(bank_line_list(actor=self.actor, cloud=self.cloud, queue=True)[:200])
        ctx["can_manage"] = self.actor.can("payment.manage", self.cloud)
        ctx["match_form"] = LineMatchForm()
        return ctx


class _QueueAction(CloudDetailPage):
    """A POST from the queue: run one verb, say what happened, back to the queue."""

    http_method_names = ["post"]

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.pk = kwargs["pk"]

    def act(self, request: HttpRequest) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            messages.success(request, self.act(request))
        except DomainError as e:
            if isinstance(e, Forbidden) or e.code == ErrorCode.NOT_FOUND:
                raise
            messages.error(request, e.message)
        return HttpResponseRedirect(reverse("web:payments_reconcile", args=[self.cloud.slug]))


class SuggestionConfirmAction(_QueueAction):
    def act(self, request: HttpRequest) -> str:
        s = bank_suggestion_get(actor=self.actor, cloud=self.cloud, pk=self.pk)
        bank_suggestion_confirm(actor=self.actor, suggestion=s)
        return gettext("Payment recorded for invoice %(number)s.") % {"number": s.invoice.number}


class SuggestionRejectAction(_QueueAction):
    def act(self, request: HttpRequest) -> str:
        s = bank_suggestion_get(actor=self.actor, cloud=self.cloud, pk=self.pk)
        bank_suggestion_reject(actor=self.actor, suggestion=s)
        return gettext("Suggestion rejected.")


class LineMatchAction(_QueueAction):
    def act(self, request: HttpRequest) -> str:
        line = bank_line_get(actor=self.actor, cloud=self.cloud, pk=self.pk)
        form = LineMatchForm(request.POST)
        if not form.is_valid():
            raise DomainError(ErrorCode.VALIDATION, gettext("Give an invoice number."))
        number = form.cleaned_data["invoice"].strip()
        invoice = cloud_invoice_by_number(cloud=self.cloud, number=number)
        if invoice is None:
            raise DomainError(
                ErrorCode.VALIDATION,
                gettext("No invoice %(number)s in this cloud.") % {"number": number},
            )
        bank_line_match(actor=self.actor, line=line, invoice=invoice)
        return gettext("Payment recorded for invoice %(number)s.") % {"number": number}

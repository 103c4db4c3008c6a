"""Bank statements in the web (issue #13, point 4): upload a camt.053 or MT940
statement, see each import's lines, and work the reconciliation queue:
confirm or reject a suggestion, or match a line to an invoice by hand.

Two books, the same pages: a cloud's bank account under ``/clouds/<slug>/payments/``
(its retail invoices; the cloud's admin and accountant) and the provider's own
account under ``/billing/`` (the wholesale invoices of every cloud; provider
admin and accountant). A page's ``book()`` is the cloud or ``None``; its links
come from ``link()``, so the templates serve both."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

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
    provider_statement_import,
)
from cambill.payments.wholesale import wholesale_invoice_by_number
from cambill.web.core.pages import ActorMixin, CloudDetailPage


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


class CloudBook:
    """A cloud's bank account: its retail invoices."""

    actor: Any
    cloud: Any

    def book(self) -> Any:
        return self.cloud

    def can_manage(self) -> bool:
        return bool(self.actor.can("payment.manage", self.cloud))

    def link(self, name: str, *args: Any) -> str:
        return reverse(f"web:payments_{name}", args=[self.cloud.slug, *args])

    def import_statement(self, content: bytes, filename: str) -> Any:
        return bank_statement_import(
            actor=self.actor, cloud=self.cloud, content=content, filename=filename
        )

    def invoice_by_number(self, number: str) -> Any:
        return cloud_invoice_by_number(cloud=self.cloud, number=number)


class ProviderBook:
    """The provider's own bank account: the wholesale invoices of every cloud."""

    actor: Any
    action: str | None = "payment.manage_wholesale"
    provider_only = True

    def book(self) -> Any:
        return None

    def can_manage(self) -> bool:
        return bool(self.actor.can("payment.manage_wholesale"))

    def link(self, name: str, *args: Any) -> str:
        return reverse(f"web:provider_{name}", args=list(args))

    def import_statement(self, content: bytes, filename: str) -> Any:
        return provider_statement_import(actor=self.actor, content=content, filename=filename)

    def invoice_by_number(self, number: str) -> Any:
        return wholesale_invoice_by_number(actor=self.actor, number=number)


class _StatementPage:
    """What every statement page shows of its book: links and who may act."""

    actor: Any
    book: Any
    link: Any
    can_manage: Any

    def statement_context(self, ctx: dict[str, Any]) -> dict[str, Any]:
        ctx["can_manage"] = self.can_manage()
        ctx["links"] = {
            "statements": self.link("bank_statements"),
            "reconcile": self.link("reconcile"),
        }
        ctx["wholesale"] = self.book() is None
        return ctx

    def with_links(self, lines: list[Any]) -> list[Any]:
        """Each line's and suggestion's action URLs, for the shared templates."""
        for line in lines:
            line.match_url = self.link("line_match", line.pk)
            for s in line.suggestions.all():
                s.confirm_url = self.link("suggestion_confirm", s.pk)
                s.reject_url = self.link("suggestion_reject", s.pk)
        return lines


class _StatementsList(_StatementPage):
    """Upload a statement; the imports so far."""

    template_name: str | None = "web/payments/bank_statements.html"
    title = _("Bank statements")
    request: Any
    import_statement: Any
    render_to_response: Any

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        form = ctx["form"] = kwargs.get("form") or StatementUploadForm()
        if self.book() is None:
            form.fields["file"].help_text = _(
                "ISO 20022 camt.053 (XML), SWIFT MT940, or CSV with the columns date, amount, "
                "reference, description and, optionally, payer and currency."
            )
        imports = list(bank_import_list(actor=self.actor, cloud=self.book())[:50])
        for imp in imports:
            imp.url = self.link("bank_statement", imp.pk)  # type: ignore[attr-defined]
        ctx["imports"] = imports
        ctx["queue_count"] = bank_line_list(actor=self.actor, cloud=self.book(), queue=True).count()
        return self.statement_context(ctx)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StatementUploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                imp = self.import_statement(f.read(), f.name)
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
                return HttpResponseRedirect(self.link("bank_statement", imp.pk))
        return self.render_to_response(self.get_context_data(form=form))  # type: ignore[no-any-return]


class _StatementDetail(_StatementPage):
    """One import: every line and what became of it."""

    template_name: str | None = "web/payments/bank_statement_detail.html"
    object: Any

    def load(self, pk: Any) -> None:
        self.object = bank_import_get(actor=self.actor, cloud=self.book(), pk=pk)

    def get_title(self) -> Any:
        return _("Bank statement %(name)s") % {"name": self.object.filename or self.object.pk}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["imp"] = self.object
        ctx["lines"] = list(
            bank_line_list(actor=self.actor, cloud=self.book(), bank_import=self.object.pk)
        )
        return self.statement_context(ctx)


class _Reconcile(_StatementPage):
    """The queue: lines waiting for a person, with their suggestions."""

    template_name: str | None = "web/payments/reconcile.html"
    title = _("Reconcile bank lines")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        lines = list(bank_line_list(actor=self.actor, cloud=self.book(), queue=True)[:200])
        ctx["lines"] = self.with_links(lines)
        ctx["match_form"] = LineMatchForm()
        return self.statement_context(ctx)


class _QueueAction:
    """A POST from the queue: run one verb, say what happened, back to the queue."""

    http_method_names: Sequence[str] = ["post"]
    actor: Any
    pk: Any
    book: Any
    link: Any
    invoice_by_number: Any

    def act(self, request: HttpRequest) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.pk = kwargs["pk"]
        try:
            messages.success(request, self.act(request))
        except DomainError as e:
            if isinstance(e, Forbidden) or e.code == ErrorCode.NOT_FOUND:
                raise
            messages.error(request, e.message)
        return HttpResponseRedirect(self.link("reconcile"))


class _Confirm(_QueueAction):
    def act(self, request: HttpRequest) -> str:
        s = bank_suggestion_get(actor=self.actor, cloud=self.book(), pk=self.pk)
        bank_suggestion_confirm(actor=self.actor, suggestion=s)
        return gettext("Payment recorded for invoice %(number)s.") % {"number": s.invoice.number}


class _Reject(_QueueAction):
    def act(self, request: HttpRequest) -> str:
        s = bank_suggestion_get(actor=self.actor, cloud=self.book(), pk=self.pk)
        bank_suggestion_reject(actor=self.actor, suggestion=s)
        return gettext("Suggestion rejected.")


class _Match(_QueueAction):
    def act(self, request: HttpRequest) -> str:
        line = bank_line_get(actor=self.actor, cloud=self.book(), pk=self.pk)
        form = LineMatchForm(request.POST)
        if not form.is_valid():
            raise DomainError(ErrorCode.VALIDATION, gettext("Give an invoice number."))
        number = form.cleaned_data["invoice"].strip()
        invoice = self.invoice_by_number(number)
        if invoice is None:
            raise DomainError(
                ErrorCode.VALIDATION,
                gettext("No invoice %(number)s in this cloud.") % {"number": number}
                if self.book() is not None
                else gettext("No wholesale invoice %(number)s.") % {"number": number},
            )
        bank_line_match(actor=self.actor, line=line, invoice=invoice)
        return gettext("Payment recorded for invoice %(number)s.") % {"number": number}


# --- a cloud's account --------------------------------------------------------------


class BankStatementsPage(CloudBook, _StatementsList, CloudDetailPage):
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        _require_view(self.actor, self.cloud)


class BankStatementPage(CloudBook, _StatementDetail, CloudDetailPage):
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.load(kwargs["pk"])


class ReconcilePage(CloudBook, _Reconcile, CloudDetailPage):
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        _require_view(self.actor, self.cloud)


class SuggestionConfirmAction(CloudBook, _Confirm, CloudDetailPage):
    pass


class SuggestionRejectAction(CloudBook, _Reject, CloudDetailPage):
    pass


class LineMatchAction(CloudBook, _Match, CloudDetailPage):
    pass


# --- the provider's account (wholesale) ---------------------------------------------


class ProviderBankStatementsPage(ProviderBook, _StatementsList, ActorMixin, TemplateView):
    title = _("Provider bank statements")


class ProviderBankStatementPage(ProviderBook, _StatementDetail, ActorMixin, TemplateView):
    def resolve(self, **kwargs: Any) -> None:
        self.load(kwargs["pk"])


class ProviderReconcilePage(ProviderBook, _Reconcile, ActorMixin, TemplateView):
    title = _("Reconcile the provider's bank lines")


class ProviderSuggestionConfirmAction(ProviderBook, _Confirm, ActorMixin, TemplateView):
    pass


class ProviderSuggestionRejectAction(ProviderBook, _Reject, ActorMixin, TemplateView):
    pass


class ProviderLineMatchAction(ProviderBook, _Match, ActorMixin, TemplateView):
    pass

"""Pages of payments under ``/clouds/<slug>/``: payments and the ledger, bank
import, an account's money (balance, ledger lines, dunning history), webhooks
(endpoints and the delivery log with replay).

Every form calls one verb; its refusal comes back as a message on the page.
Gateway keys and webhook secrets are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import account_get
from cambill.core import clock, csvin
from cambill.core.errors import DomainError, Forbidden, NotFound
from cambill.core.periods import Period
from cambill.payments import ledger as L
from cambill.payments.account_names import ledger_account_names
from cambill.payments.bank import bank_import, bank_import_report
from cambill.payments.collections.selectors import account_overdue
from cambill.payments.gateways.export import (
    EXPORT_FIELDS,
    IMPORT_FIELDS,
    charges_export,
    charges_import,
    rows_to_csv,
    rows_to_json,
)
from cambill.payments.selectors import (
    account_dunning_events,
    account_ledger_lines,
    account_payment_list,
    cloud_payment_list,
)
from cambill.payments.services import payment_record, payment_unapplied
from cambill.web.core.pages import CloudDetailPage, apply_domain_error
from cambill.web.payments.forms import (
    BankImportForm,
    GatewayPeriodForm,
    GatewayResultsForm,
    PaymentForm,
)
from cambill.webhooks.services import (
    webhook_delivery_get,
    webhook_delivery_list,
    webhook_delivery_replay,
    webhook_endpoint_list,
)


def _money_manager(actor: Any, cloud: Any) -> bool:
    return bool(actor.can("payment.manage", cloud))


def ledger_balances(cloud: Any) -> list[dict[str, Any]]:
    """The trial balance by ledger account name ("Receivable - Transportes Martinez"),
    the code kept for the title and the API."""
    balances = L.trial_balance(cloud.pk)
    names = ledger_account_names(balances, cloud_id=cloud.pk)
    rows = [{"code": c, "name": names[c], "value": v} for c, v in balances.items()]
    return sorted(rows, key=lambda r: (r["name"].casefold(), r["code"]))


class PaymentsPage(CloudDetailPage):
    """Payments received, the ledger's balances, and a form to record a payment."""

    template_name = "web/payments/payments.html"
    title = _("Payments")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not self.actor.can("payment.view", self.cloud):
            raise Forbidden(gettext("Your role may not see this cloud's money."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        payments = list(cloud_payment_list(actor=self.actor, cloud=self.cloud)[:200])
        for p in payments:
            p.unapplied = payment_unapplied(p)  # type: ignore[attr-defined]
        ctx.update(
            payments=payments,
            balances=ledger_balances(self.cloud),
            owed_to_provider=L.cloud_balance_to_provider(self.cloud),
            can_record=_money_manager(self.actor, self.cloud),
            form=kwargs.get("form") or PaymentForm(currency=self.cloud.currency),
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PaymentForm(request.POST, currency=self.cloud.currency)
        if form.is_valid():
            d = form.cleaned_data
            try:
                account = account_get(actor=self.actor, cloud=self.cloud, code=d["account"])
                payment_record(
                    actor=self.actor,
                    cloud=self.cloud,
                    account=account,
                    amount=d["amount"],
                    received_at=d["received_at"],
                    method=d["method"],
                    reference=d["reference"],
                )
            except NotFound:
                form.add_error("account", str(_("No such account.")))
            except (DomainError, Forbidden) as e:
                apply_domain_error(form, e)
            else:
                messages.success(request, str(_("Payment recorded.")))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


def csv_problems(error: csvin.CSVError) -> list[dict[str, Any]]:
    """A refused file's problems as table rows (line or item, column, reason)."""
    rows = []
    for key in ("lines", "items"):
        for entry in error.fields.get(key, []):
            where = entry.get("line", entry.get("item"))
            for column, reasons in entry["errors"].items():
                for message in reasons:
                    rows.append(
                        {
                            "where": where,
                            "column": "" if column == csvin.ROW else column,
                            "message": message,
                        }
                    )
    return rows


class BankImportPage(CloudDetailPage):
    """Upload a bank statement; show what matched and what did not."""

    template_name = "web/payments/bank_import.html"
    title = _("Bank statement import")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not _money_manager(self.actor, self.cloud):
            raise Forbidden(gettext("Your role may not import bank statements."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = kwargs.get("form") or BankImportForm()
        ctx["report"] = kwargs.get("report")
        ctx["csv_errors"] = kwargs.get("csv_errors") or []
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BankImportForm(request.POST, request.FILES)
        report = None
        problems: list[dict[str, Any]] = []
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                imp = bank_import(
                    actor=self.actor, cloud=self.cloud, content=f.read(), filename=f.name
                )
                report = bank_import_report(imp)
            except csvin.CSVError as e:
                # The same refusal as the API's: the file, or each bad line and column.
                form.add_error("file", e.message)
                problems = csv_problems(e)
            except DomainError as e:
                form.add_error(None, e.message)
        return self.render_to_response(
            self.get_context_data(form=form, report=report, csv_errors=problems)
        )


# --- export for the operator's own payment gateway -------------------------------

# What each column means; shown on the page and in docs/gateway-export.md (a
# test keeps the three in step with ``EXPORT_FIELDS`` / ``IMPORT_FIELDS``).
EXPORT_COLUMNS = {
    "invoice": _("The invoice number, e.g. TELENET-2026-000123. Send it back in the results."),
    "account": _("The subscriber account's code."),
    "customer": _("The customer's name as printed on the invoice."),
    "amount": _(
        "What is still open on the invoice (total less payments and credit notes), "
        "with the currency's decimals and a dot: 25.91."
    ),
    "currency": _("ISO 4217 code of the amount, e.g. USD."),
    "due_at": _("When the invoice is due, ISO 8601 in UTC; empty when it has no due date."),
    "reference": _("The text to put on the charge (the invoice number)."),
}
IMPORT_COLUMNS = {
    "invoice": _("The invoice number from the export."),
    "status": _("succeeded (also paid, success) or failed (also declined, error)."),
    "amount": _("The amount charged, with a dot for decimals."),
    "reference": _(
        "The gateway's transaction id. A reference is imported once: "
        "the same file imported again changes nothing."
    ),
}


class GatewayExportPage(CloudDetailPage):
    """Choose a month, preview and download what to charge (CSV or JSON) for the
    operator's own gateway; upload its results to record payments and refusals."""

    template_name = "web/payments/gateway_export.html"
    title = _("Payment gateway export")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not _money_manager(self.actor, self.cloud):
            raise Forbidden(gettext("Your role may not charge this cloud's invoices."))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        data = request.GET.copy()
        if not data.get("period"):
            data["period"] = Period.containing(clock.now(), self.cloud.timezone).previous().key
        form = GatewayPeriodForm(data)
        rows = None
        if form.is_valid():
            period = form.cleaned_data["period"].strip()
            try:
                rows = charges_export(actor=self.actor, cloud=self.cloud, period=period)
            except DomainError as e:
                form.add_error("period", e.message)
            else:
                fmt = request.GET.get("format")
                if fmt in ("csv", "json"):
                    return self.download(rows, period, fmt)
        return self.render_to_response(self.get_context_data(period_form=form, rows=rows))

    def download(self, rows: list[dict[str, str]], period: str, fmt: str) -> HttpResponse:
        if fmt == "csv":
            resp = HttpResponse(
                rows_to_csv(rows, EXPORT_FIELDS), content_type="text/csv; charset=utf-8"
            )
        else:
            resp = HttpResponse(rows_to_json(rows), content_type="application/json")
        name = f"charges-{self.cloud.slug}-{period}.{fmt}"
        resp["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = GatewayResultsForm(request.POST, request.FILES)
        report = None
        problems: list[dict[str, Any]] = []
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                report = charges_import(actor=self.actor, cloud=self.cloud, content=f.read())
            except csvin.CSVError as e:
                # The same refusal as the API's: the file, or each bad line and column.
                form.add_error("file", e.message)
                problems = csv_problems(e)
            except DomainError as e:
                # A refused file names each bad line in the message; nothing was recorded.
                form.add_error("file", e.message)
        period = GatewayPeriodForm(
            {"period": Period.containing(clock.now(), self.cloud.timezone).previous().key}
        )
        return self.render_to_response(
            self.get_context_data(
                period_form=period, upload_form=form, report=report, csv_errors=problems
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("upload_form", GatewayResultsForm())
        ctx["export_columns"] = [(f, EXPORT_COLUMNS[f]) for f in EXPORT_FIELDS]
        ctx["import_columns"] = [(f, IMPORT_COLUMNS[f]) for f in IMPORT_FIELDS]
        ctx["export_fields"] = EXPORT_FIELDS
        ctx["import_fields"] = IMPORT_FIELDS
        return ctx


def named_lines(lines: list[Any]) -> list[Any]:
    """Ledger lines with ``name``: their ledger account by what it is."""
    if lines:
        names = ledger_account_names((x.code for x in lines), cloud_id=lines[0].cloud_id)
        for x in lines:
            x.name = names[x.code]
    return lines


class AccountMoneyPage(CloudDetailPage):
    """An account's balance, credit, payments, ledger lines and dunning history."""

    template_name = "web/payments/account_money.html"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.account = account_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        if not self.actor.can("payment.view_account", self.account):
            raise NotFound("account")

    def get_title(self) -> Any:
        return _("Money of %(account)s") % {"account": self.account.name or self.account.code}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from cambill.web.payments.card_views import account_card_context

        ctx = super().get_context_data(**kwargs)
        a = self.account
        ctx.update(
            account=a,
            balance=L.account_balance(a),
            credit=L.account_credit(a),
            payments=account_payment_list(actor=self.actor, account=a)[:100],
            lines=named_lines(list(account_ledger_lines(actor=self.actor, account=a)[:200])),
            events=account_dunning_events(actor=self.actor, account=a)[:100],
            # The same count of overdue money as the collections page and the account's home.
            overdue=account_overdue(actor=self.actor, account=a),
            card=account_card_context(self.actor, self.cloud, a),
        )
        return ctx


class WebhooksPage(CloudDetailPage):
    """Webhook endpoints and the delivery log, with replay."""

    template_name = "web/payments/webhooks.html"
    title = _("Webhooks")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not self.actor.can("payment.view", self.cloud):
            raise Forbidden(gettext("Your role may not see this cloud's webhooks."))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["endpoints"] = webhook_endpoint_list(actor=self.actor, cloud=self.cloud)
        ctx["deliveries"] = webhook_delivery_list(actor=self.actor, cloud=self.cloud)[:200]
        ctx["can_replay"] = self.actor.is_system or self.actor.role in (
            "provider_admin",
            "cloud_admin",
        )
        return ctx

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        d = webhook_delivery_get(actor=self.actor, cloud=self.cloud, pk=request.POST.get("replay"))
        try:
            webhook_delivery_replay(actor=self.actor, delivery=d)
            messages.success(request, str(_("Delivery queued again.")))
        except DomainError as e:
            messages.error(request, e.message)
        return HttpResponseRedirect(
            reverse("web:payments_webhooks", kwargs={"slug": self.cloud.slug})
        )

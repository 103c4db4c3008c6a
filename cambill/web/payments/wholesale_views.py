"""Wholesale pages of a cloud (issue #13, "Collect"): the provider's invoices to
the cloud with their payments and the cloud's balance, seen by provider staff
and by the cloud's own admin and accountant (``payment.view``); provider staff
record a payment the cloud made (``payment.manage_wholesale``).

Reads go through :mod:`cambill.payments.wholesale` (another cloud's invoice, a
retail invoice and a missing one are the same 404); the form calls
:func:`cambill.payments.services.payment_record` without an account.

The invoice page includes ``web/payments/_wholesale_pay_card.html`` (empty
here): the card payment of a wholesale invoice hooks in there.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core import clock
from cambill.core.errors import Forbidden
from cambill.invoicing.choices import ALLOWANCE_KINDS, InvoiceStatus
from cambill.invoicing.selectors import credit_notes_of
from cambill.payments.services import payment_record, payment_unapplied
from cambill.payments.wholesale import (
    invoice_allocations,
    wholesale_balance,
    wholesale_invoice_get,
    wholesale_invoice_money,
    wholesale_invoice_rows,
    wholesale_open_invoices,
    wholesale_payment_list,
)
from cambill.web.core.format import price_text
from cambill.web.core.forms import local_to_utc
from cambill.web.core.pages import CloudDetailPage, CloudListPage, CloudMixin, VerbFormPage
from cambill.web.payments.card_views import CheckoutFormsMixin
from cambill.web.payments.forms import WholesalePaymentForm
from cambill.web.payments.wholesale_filters import WholesaleInvoiceFilter
from cambill.web.payments.wholesale_tables import WholesaleInvoiceTable


class WholesaleMixin(CloudMixin):
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        if not self.actor.can("payment.view", self.cloud):
            raise Forbidden(str(_("Your role may not see this cloud's wholesale invoices.")))
        super().resolve_in_cloud(**kwargs)


class WholesaleInvoicesPage(WholesaleMixin, CloudListPage):
    """The provider's invoices to the cloud, its balance and its payments."""

    template_name = "web/payments/wholesale_invoices.html"
    title = _("Wholesale")
    export_name = "Wholesale invoices"
    table_class = WholesaleInvoiceTable
    filterset_class = WholesaleInvoiceFilter

    def rows(self) -> Any:
        return wholesale_invoice_rows(actor=self.actor, cloud=self.cloud)

    def get_table(self, **kwargs: Any) -> Any:
        table = super().get_table(**kwargs)
        table.now = clock.now()
        return table

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        payments = list(wholesale_payment_list(actor=self.actor, cloud=self.cloud)[:50])
        for p in payments:
            p.unapplied = payment_unapplied(p)  # type: ignore[attr-defined]
        ctx["balance"] = wholesale_balance(actor=self.actor, cloud=self.cloud)
        ctx["payments"] = payments
        return ctx


class WholesaleInvoiceMixin(WholesaleMixin):
    invoice: Any

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        super().resolve_in_cloud(**kwargs)
        self.invoice = wholesale_invoice_get(actor=self.actor, cloud=self.cloud, pk=kwargs["pk"])

    def invoice_url(self) -> str:
        return reverse("web:wholesale_invoice", args=[self.cloud.slug, self.invoice.pk])


class WholesaleInvoicePage(CheckoutFormsMixin, WholesaleInvoiceMixin, CloudDetailPage):
    """One wholesale invoice: lines, what paid it, what is open, the PDF."""

    template_name = "web/payments/wholesale_invoice.html"

    def get_title(self) -> Any:
        return _("Wholesale invoice %(number)s") % {"number": self.invoice.number or _("(draft)")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        inv = self.invoice
        lines = list(inv.lines.order_by("position"))
        is_open = inv.status == InvoiceStatus.ISSUED
        ctx.update(
            invoice=inv,
            lines=[ln for ln in lines if ln.kind not in ALLOWANCE_KINDS],
            allowances=[ln for ln in lines if ln.kind in ALLOWANCE_KINDS],
            credit_notes=list(credit_notes_of(inv)),
            money=wholesale_invoice_money(inv),
            allocations=list(invoice_allocations(inv)),
            is_open=is_open,
            overdue=is_open
            and (inv.due_at or inv.issued_at) is not None
            and (inv.due_at or inv.issued_at) < clock.now(),
            can_record=is_open and self.actor.can("payment.manage_wholesale", self.cloud),
            list_url=reverse("web:wholesale_invoices", args=[self.cloud.slug]),
        )
        return ctx


class WholesalePaymentRecordPage(WholesaleInvoiceMixin, VerbFormPage):
    """Provider staff: the cloud paid (a bank transfer); this invoice first."""

    form_class = WholesalePaymentForm
    submit_label = _("Record the payment")
    success_message = _("Payment recorded.")
    error_aliases = {"received_at": "received_on"}

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        super().resolve_in_cloud(**kwargs)
        if not self.actor.can("payment.manage_wholesale", self.cloud):
            raise Forbidden(str(_("Your role may not record wholesale payments.")))

    def get_title(self) -> Any:
        return _("Record a payment of %(cloud)s") % {"cloud": self.cloud.name or self.cloud.slug}

    def open_invoices(self) -> list[Any]:
        return list(wholesale_open_invoices(actor=self.actor, cloud=self.cloud))

    def form_extra_kwargs(self) -> dict[str, Any]:
        from cambill.payments.services import invoice_open_amount

        return {
            "invoices": [
                (
                    inv,
                    _("%(number)s, %(open)s open")
                    % {
                        "number": inv.number,
                        "open": price_text(invoice_open_amount(inv), inv.currency),
                    },
                )
                for inv in self.open_invoices()
            ],
            "currency": self.invoice.currency,
        }

    def get_initial(self) -> dict[str, Any]:
        from cambill.payments.services import invoice_open_amount

        today = clock.now().astimezone(self.tz).date()
        initial: dict[str, Any] = {"received_on": today, "method": "bank_transfer"}
        if self.invoice.status == InvoiceStatus.ISSUED:
            initial["invoices"] = [str(self.invoice.pk)]
            initial["amount"] = invoice_open_amount(self.invoice).quantize(
                _quantum(self.invoice.currency)
            )
        return initial

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        by_pk = {str(inv.pk): inv for inv in self.open_invoices()}
        chosen = [by_pk[pk] for pk in d["invoices"] if pk in by_pk]
        assert self.tz is not None
        received_at: datetime = local_to_utc(datetime.combine(d["received_on"], time(12)), self.tz)
        return payment_record(
            actor=self.actor,
            cloud=self.cloud,
            amount=d["amount"],
            received_at=received_at,
            method=d["method"],
            reference=d["reference"],
            invoices=chosen,
        )

    def get_success_url(self) -> str:
        return self.invoice_url()

    def default_cancel_url(self) -> str:
        return self.invoice_url()


def _quantum(currency: str) -> Any:
    from cambill.core.money import quantum

    return quantum(currency)

"""The table of the provider's invoices to a cloud: the invoice list's columns
without kind, account and customer, with what was paid and what is open."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.web.core.format import price_text
from cambill.web.core.tables import badge, money_value
from cambill.web.invoicing.tables import InvoiceTable

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class WholesaleInvoiceTable(InvoiceTable):
    paid_amount = tables.Column(verbose_name=_("Paid"), attrs=NUM)
    open_amount = tables.Column(verbose_name=_("Open"), attrs=NUM)
    # When it was paid reads under what was paid (so the list fits a 1280 px screen);
    # exports keep it as a column of its own.
    paid_at = tables.Column(verbose_name=_("Paid on"), visible=False)
    # The due time reads under the issued one (so the amounts fit a 1280 px screen in
    # every language); exports keep it as a column of its own.
    due_at = tables.Column(verbose_name=_("Due"), visible=False)
    export_extra = ("currency", "paid_at", "due_at")
    detail_page = "wholesale_invoice"
    # The page sets it: an open invoice past due at this instant is overdue.
    now: Any = None

    class Meta(InvoiceTable.Meta):
        exclude = ("kind", "account", "customer_name")
        sequence = (
            "number",
            "period",
            "status",
            "issued_at",
            "due_at",
            "total",
            "paid_amount",
            "open_amount",
            "paid_at",
            "...",
        )

    def render_status(self, value: Any, record: Any) -> str:
        shown = badge(record.status, value)
        late = record.open_amount > 0 and self.now is not None and record.due < self.now
        if record.status == "issued" and late:
            return format_html("{} {}", shown, badge("suspended", _("overdue")))
        return shown

    def render_issued_at(self, value: Any, record: Any) -> str:
        if record.due_at is None:
            return self.when(value, record)
        return format_html(
            '{}<div class="muted small">{} {}</div>',
            self.when(value, record),
            _("Due"),
            self.when(record.due_at, record),
        )

    def render_paid_at(self, value: Any, record: Any) -> str:
        return self.when(value, record)

    def render_paid_amount(self, record: Any) -> str:
        paid = price_text(record.paid_amount, record.currency)
        if not record.paid_at:
            return paid
        return format_html(
            '{}<div class="muted small">{}</div>', paid, self.when(record.paid_at, record)
        )

    def value_paid_amount(self, record: Any) -> Any:
        return money_value(record.paid_amount, record.currency)

    def render_open_amount(self, record: Any) -> str:
        return price_text(record.open_amount, record.currency)

    def value_open_amount(self, record: Any) -> Any:
        return money_value(record.open_amount, record.currency)

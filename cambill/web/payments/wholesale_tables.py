"""Tables of the wholesale pages: the provider's invoices to a cloud and the
cloud's payments to the provider."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.web.core.format import price_text
from cambill.web.core.tables import BaseTable, badge, link, money_value

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class WholesaleInvoiceTable(BaseTable):
    number = tables.Column(verbose_name=_("Number"), empty_values=())
    period = tables.Column(verbose_name=_("Period"))
    status = tables.Column(verbose_name=_("Status"))
    issued_at = tables.Column(verbose_name=_("Issued"))
    due_at = tables.Column(verbose_name=_("Due"))
    total = tables.Column(verbose_name=_("Total"), attrs=NUM)
    paid_amount = tables.Column(verbose_name=_("Paid"), attrs=NUM)
    open_amount = tables.Column(verbose_name=_("Open"), attrs=NUM)
    paid_at = tables.Column(verbose_name=_("Paid on"))
    currency = tables.Column(verbose_name=_("Currency"), visible=False)
    export_extra = ("currency",)

    class Meta(BaseTable.Meta):
        pass

    def render_number(self, record: Any) -> str:
        text = record.number or format_html(
            '<span class="muted">{}</span>', _("draft #{}").format(record.pk)
        )
        return link(self.url("wholesale_invoice", record.pk), text)

    def render_status(self, value: Any, record: Any) -> str:
        overdue = (
            record.status == "issued"
            and record.open_amount > 0
            and record.due is not None
            and self.now is not None
            and record.due < self.now
        )
        if overdue:
            return format_html(
                "{} {}", badge(record.status, value), badge("suspended", _("overdue"))
            )
        return badge(record.status, value)

    now: Any = None

    def render_issued_at(self, value: Any) -> str:
        return self.when(value)

    def render_due_at(self, value: Any) -> str:
        return self.when(value)

    def render_paid_at(self, value: Any) -> str:
        return self.when(value)

    def render_total(self, record: Any) -> str:
        return price_text(record.total, record.currency)

    def value_total(self, record: Any) -> Any:
        return money_value(record.total, record.currency)

    def render_paid_amount(self, record: Any) -> str:
        return price_text(record.paid_amount, record.currency)

    def value_paid_amount(self, record: Any) -> Any:
        return money_value(record.paid_amount, record.currency)

    def render_open_amount(self, record: Any) -> str:
        return price_text(record.open_amount, record.currency)

    def value_open_amount(self, record: Any) -> Any:
        return money_value(record.open_amount, record.currency)

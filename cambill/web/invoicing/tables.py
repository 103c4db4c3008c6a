"""Tables of the invoice and bill-run lists."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.web.core.format import price_text
from cambill.web.core.tables import BaseTable, badge, link, money_value


class InvoiceTable(BaseTable):
    number = tables.Column(verbose_name=_("Number"), empty_values=())
    kind = tables.Column(verbose_name=_("Kind"))
    period = tables.Column(verbose_name=_("Period"))
    account = tables.Column(verbose_name=_("Account"), accessor="account__code", default="—")
    customer_name = tables.Column(verbose_name=_("Customer"))
    status = tables.Column(verbose_name=_("Status"))
    total = tables.Column(
        verbose_name=_("Total"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    issued_at = tables.Column(verbose_name=_("Issued"))
    due_at = tables.Column(verbose_name=_("Due"))
    currency = tables.Column(verbose_name=_("Currency"), visible=False)
    export_extra = ("currency",)

    class Meta(BaseTable.Meta):
        pass

    def render_number(self, record: Any) -> str:
        text = record.number or format_html(
            '<span class="muted">{}</span>', _("draft #{}").format(record.pk)
        )
        return link(self.url("invoice_detail", record.pk), text)

    def render_status(self, value: Any, record: Any) -> str:
        return badge(record.status, value)

    def render_total(self, record: Any) -> str:
        return price_text(record.total, record.currency)

    def value_total(self, record: Any) -> Any:
        return money_value(record.total, record.currency)

    def render_issued_at(self, value: Any) -> str:
        return self.when(value)

    def render_due_at(self, value: Any) -> str:
        return self.when(value)


class BillRunTable(BaseTable):
    period = tables.Column(verbose_name=_("Period"))
    status = tables.Column(verbose_name=_("Status"))
    progress = tables.Column(verbose_name=_("Accounts"), empty_values=(), orderable=False)
    invoices_created = tables.Column(verbose_name=_("Created"), attrs={"td": {"class": "num"}})
    invoices_updated = tables.Column(verbose_name=_("Regenerated"), attrs={"td": {"class": "num"}})
    attempts = tables.Column(verbose_name=_("Attempts"), attrs={"td": {"class": "num"}})
    finished_at = tables.Column(verbose_name=_("Finished"))

    class Meta(BaseTable.Meta):
        pass

    def render_period(self, record: Any) -> str:
        return link(self.url("bill_run_detail", record.pk), record.period)

    def render_status(self, value: Any, record: Any) -> str:
        return badge("active" if record.status == "completed" else record.status, value)

    def render_progress(self, record: Any) -> str:
        return f"{record.accounts_done} / {record.accounts_total}"

    def render_finished_at(self, value: Any) -> str:
        return self.when(value)

"""Tables of the invoice and bill-run lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.web.core.format import price_text
from cambill.web.core.labels import tr
from cambill.web.core.tables import BaseTable, badge, link, money_value


def customer_cell(name: Any, record: Any) -> str:
    """The customer's name, its account's code under it (an invoice of a list)."""
    code = record.account.code if record.account_id else ""
    if not code:
        return str(name)
    return format_html('{}<div class="muted small">{}</div>', name, code)


class InvoiceTable(BaseTable):
    number = tables.Column(verbose_name=_("Number"), empty_values=())
    # The kind reads under the period (so Issued, Due and Total fit a 1280 px screen in
    # every language); exports keep it as a column of its own.
    kind = tables.Column(verbose_name=_("Kind"), visible=False)
    period = tables.Column(verbose_name=_("Period"))
    # The account's code reads under the customer's name (one column fewer, so Issued,
    # Due and Total fit a 1280 px screen); exports keep it as a column of its own.
    account = tables.Column(
        verbose_name=_("Account"), accessor="account__code", default="—", visible=False
    )
    customer_name = tables.Column(verbose_name=_("Customer"))
    status = tables.Column(verbose_name=_("Status"))
    total = tables.Column(
        verbose_name=_("Total"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    issued_at = tables.Column(verbose_name=_("Issued"))
    due_at = tables.Column(verbose_name=_("Due"))
    currency = tables.Column(verbose_name=_("Currency"), visible=False)
    export_extra: tuple[str, ...] = ("kind", "account", "currency")
    # The page a number links to (the wholesale list links to its own).
    detail_page = "invoice_detail"

    class Meta(BaseTable.Meta):
        pass

    def render_number(self, record: Any) -> str:
        text = record.number or format_html(
            '<span class="muted">{}</span>', _("draft #{}").format(record.pk)
        )
        return link(self.url(self.detail_page, record.pk), text)

    def render_customer_name(self, value: Any, record: Any) -> str:
        return customer_cell(value, record)

    def value_customer_name(self, record: Any) -> Any:
        return record.customer_name

    def render_kind(self, value: Any, record: Any) -> str:
        # The short word in the list (its full label as a tooltip and in exports).
        short = _("Wholesale") if record.kind == "wholesale" else _("Retail")
        return format_html('<span title="{}">{}</span>', tr(value), short)

    def kind_under_period(self, record: Any) -> str:
        """The kind's short word, muted, for the period's cell (the list has no Kind
        column; a table without kinds shows none)."""
        if "kind" not in self.columns.names():
            return ""
        return format_html(
            '<div class="muted small">{}</div>',
            self.render_kind(record.get_kind_display(), record),
        )

    def value_kind(self, value: Any) -> Any:
        return tr(value)

    def render_status(self, value: Any, record: Any) -> str:
        return badge(record.status, value)

    def render_total(self, record: Any) -> str:
        return price_text(record.total, record.currency)

    def value_total(self, record: Any) -> Any:
        return money_value(record.total, record.currency)

    def render_period(self, record: Any) -> str:
        return format_html("{}{}", self.period_of(record), self.kind_under_period(record))

    def value_period(self, record: Any) -> str:
        return str(record.period)  # exports keep the key ("2026-03")

    def render_issued_at(self, value: Any, record: Any) -> str:
        return self.when(value, record)

    def render_due_at(self, value: Any, record: Any) -> str:
        return self.when(value, record)


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
        return link(self.url("bill_run_detail", record.pk), self.period_of(record))

    def value_period(self, record: Any) -> str:
        return str(record.period)

    def render_status(self, value: Any, record: Any) -> str:
        return badge("active" if record.status == "completed" else record.status, value)

    def render_progress(self, record: Any) -> str:
        return f"{record.accounts_done} / {record.accounts_total}"

    def render_finished_at(self, value: Any, record: Any) -> str:
        return self.when(value, record)


def pct_text(value: Any) -> str:
    return format(Decimal(value).normalize(), "f")


class ReviewTable(BaseTable):
    """The drafts of a bill run with their change against the previous invoice."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        orderable=False,
        exclude_from_export=True,
        attrs={
            "input": {"form": "review-actions", "name": "invoice"},
            "th__input": {
                "form": "review-actions",
                "data-select-all": "invoice",
                "aria-label": _("Select every draft"),
            },
        },
    )
    number = tables.Column(verbose_name=_("Number"), empty_values=())
    account = tables.Column(
        verbose_name=_("Account"), accessor="account__code", default="—", visible=False
    )
    customer_name = tables.Column(verbose_name=_("Customer"))
    status = tables.Column(verbose_name=_("Status"))
    previous_total = tables.Column(
        verbose_name=_("Previous invoice"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    total = tables.Column(
        verbose_name=_("Total"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    change = tables.Column(
        verbose_name=_("Change"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    # The change in percent reads under the change (so the check fits a 1280 px screen in
    # every language); exports keep it as a column of its own.
    change_percent = tables.Column(
        verbose_name=_("Change %"),
        empty_values=(),
        orderable=False,
        visible=False,
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    flag = tables.Column(verbose_name=_("Check"), empty_values=(), accessor="flagged")
    currency = tables.Column(verbose_name=_("Currency"), visible=False)
    export_extra = ("account", "change_percent", "currency")

    class Meta(BaseTable.Meta):
        pass

    def render_select(self, value: Any, record: Any, bound_column: Any) -> str:
        if record.status != "draft":
            return ""
        return format_html(
            '<input type="checkbox" name="invoice" value="{}" form="review-actions" '
            'aria-label="{}">',
            value,
            _("Select %(what)s") % {"what": record.account.code if record.account_id else value},
        )

    def render_number(self, record: Any) -> str:
        text = record.number or format_html(
            '<span class="muted">{}</span>', _("draft #{}").format(record.pk)
        )
        return link(self.url("invoice_detail", record.pk), text)

    def render_customer_name(self, value: Any, record: Any) -> str:
        return customer_cell(value, record)

    def value_customer_name(self, record: Any) -> Any:
        return record.customer_name

    def render_status(self, value: Any, record: Any) -> str:
        return badge(record.status, value)

    def render_previous_total(self, record: Any) -> str:
        return price_text(record.previous_total, record.currency)

    def value_previous_total(self, record: Any) -> Any:
        return money_value(record.previous_total, record.currency)

    def render_total(self, record: Any) -> str:
        return price_text(record.total, record.currency)

    def value_total(self, record: Any) -> Any:
        return money_value(record.total, record.currency)

    def render_change(self, record: Any) -> str:
        if record.change is None:
            return "—"
        text = price_text(record.change, record.currency)
        shown = f"+{text}" if record.change > 0 else text
        percent = self.render_change_percent(record)
        if percent == "—":
            return shown
        return format_html(
            '{}<div class="muted small" title="{}">{}</div>', shown, _("Change %"), percent
        )

    def value_change(self, record: Any) -> Any:
        return money_value(record.change, record.currency)

    def render_change_percent(self, record: Any) -> str:
        from cambill.invoicing.review import change_percent

        pct = change_percent(record.total, record.previous_total)
        if pct is None:
            return "—"
        return f"+{pct} %" if pct > 0 else f"{pct} %"

    def value_change_percent(self, record: Any) -> Any:
        from cambill.invoicing.review import change_percent

        return change_percent(record.total, record.previous_total)

    def render_flag(self, record: Any) -> str:
        from cambill.invoicing.review import flag_of

        if record.status == "void":
            return ""
        threshold = self.cloud.review_threshold_percent if self.cloud is not None else Decimal(20)
        flag = flag_of(record.total, record.previous_total, threshold)
        if record.previous_total is None and not flag:
            return format_html('<span class="badge badge-info">{}</span>', _("new"))
        labels = {
            "moved": _("moved over %(pct)s %%") % {"pct": pct_text(threshold)},
            "zero": _("zero"),
            "negative": _("negative"),
        }
        if not flag:
            return ""
        return format_html('<span class="badge badge-suspended">{}</span>', labels[flag])

    def value_flag(self, record: Any) -> Any:
        from cambill.invoicing.review import flag_of

        threshold = self.cloud.review_threshold_percent if self.cloud is not None else Decimal(20)
        return flag_of(record.total, record.previous_total, threshold)

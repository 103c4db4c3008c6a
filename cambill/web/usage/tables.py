"""Tables of the usage pages: events and late usage."""

from __future__ import annotations

import json
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.web.core.format import period_key_text, price_text, quantity_text
from cambill.web.core.tables import BaseTable, money_value


class EventTable(BaseTable):
    """Raw CloudEvents as received: late ones and unmatched ones marked."""

    time = tables.Column(verbose_name=_("Time"))
    subject = tables.Column(verbose_name=_("Camera"))
    type = tables.Column(verbose_name=_("Type"))
    # A JSON payload has no spaces: it breaks anywhere rather than widen the table.
    data = tables.Column(
        verbose_name=_("Data"),
        orderable=False,
        attrs={"td": {"class": "mono small break-anywhere"}},
    )
    source = tables.Column(verbose_name=_("Source"))
    # The event's id reads under its source and the time it was received under its own
    # time (so the list fits a 1280 px screen in every language); exports keep both as
    # columns of their own.
    event_id = tables.Column(verbose_name=_("Event id"), visible=False)
    late = tables.Column(verbose_name=_("Late"))
    billed_period = tables.Column(verbose_name=_("Late usage billed"), default="")
    received_at = tables.Column(verbose_name=_("Received"), visible=False)
    quarantine_reason = tables.Column(verbose_name=_("Quarantined"), default="")

    class Meta(BaseTable.Meta):
        fields = (
            "time",
            "subject",
            "type",
            "data",
            "source",
            "event_id",
            "late",
            "billed_period",
            "received_at",
            "quarantine_reason",
        )
        empty_text = _("No usage events.")

    export_extra = ("event_id", "received_at")

    def render_time(self, value: Any, record: Any) -> str:
        return format_html(
            '{}<div class="muted small">{} {}</div>',
            self.when(value),
            _("Received"),
            self.when(record.received_at),
        )

    def render_source(self, value: Any, record: Any) -> str:
        return format_html(
            '{}<div class="mono small" title="{}">{}</div>', value, _("Event id"), record.event_id
        )

    def value_source(self, value: Any) -> Any:
        return value

    def render_received_at(self, value: Any) -> str:
        return self.when(value)

    def render_subject(self, value: str, record: Any) -> str:
        if record.camera_id is None:
            return format_html('{} <span class="badge badge-off">{}</span>', value, _("unmatched"))
        return value

    def render_data(self, value: Any) -> str:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        return text if len(text) <= 120 else text[:117] + "..."

    def render_late(self, value: bool) -> str:
        if value:
            return format_html('<span class="badge badge-warn">{}</span>', _("late"))
        return ""

    def render_quarantine_reason(self, value: str, record: Any) -> str:
        if record.quarantined_at is None:
            return ""
        return format_html(
            '<span class="badge badge-warn">{}</span> {}', _("quarantined"), value or ""
        )

    def render_billed_period(self, value: str | None) -> str:
        if value == "manual":
            return str(_("settled by hand"))
        return period_key_text(value)


class LateItemTable(BaseTable):
    """Late usage per period, account, camera and meter (retail) or metered
    service (wholesale): what Q's invoices billed, what Q's usage is worth now."""

    period = tables.Column(verbose_name=_("Period"), orderable=False)
    level = tables.Column(verbose_name=_("Invoice"), orderable=False)
    account_code = tables.Column(verbose_name=_("Account"), orderable=False)
    camera_code = tables.Column(verbose_name=_("Camera"), orderable=False)
    key = tables.Column(verbose_name=_("Meter or service"), orderable=False)
    late_events = tables.Column(verbose_name=_("Late events"), orderable=False)
    quantity = tables.Column(verbose_name=_("Quantity"), orderable=False)
    amount_billed = tables.Column(verbose_name=_("Billed"), orderable=False)
    amount_now = tables.Column(verbose_name=_("Worth now"), orderable=False)
    amount = tables.Column(verbose_name=_("To charge (credit if negative)"), orderable=False)

    class Meta(BaseTable.Meta):
        fields = (
            "period",
            "level",
            "account_code",
            "camera_code",
            "key",
            "late_events",
            "quantity",
            "amount_billed",
            "amount_now",
            "amount",
        )
        empty_text = _("No late usage waiting.")

    def render_period(self, value: str) -> str:
        return period_key_text(value)

    def value_period(self, value: str) -> str:
        return value

    def render_level(self, value: str) -> str:
        return str(_("Retail") if value == "retail" else _("Wholesale"))

    def render_quantity(self, value: Any, record: Any) -> str:
        return f"{quantity_text(value)} {record.unit}"

    def render_amount_billed(self, value: Any, record: Any) -> str:
        return price_text(money_value(value, record.currency), record.currency)

    def render_amount_now(self, value: Any, record: Any) -> str:
        return price_text(money_value(value, record.currency), record.currency)

    def render_amount(self, value: Any, record: Any) -> str:
        return price_text(money_value(value, record.currency), record.currency)


class MeterTable(BaseTable):
    """The provider's meters: what each reads and how it adds up."""

    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    unit = tables.Column(verbose_name=_("Billing unit"))
    event_type = tables.Column(verbose_name=_("Event type"))
    value_path = tables.Column(verbose_name=_("Value path"), default="")
    aggregation = tables.Column(verbose_name=_("Aggregation"))
    unit_divisor = tables.Column(verbose_name=_("Unit divisor"))

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "unit", "event_type", "value_path", "aggregation", "unit_divisor")
        empty_text = _("No meters yet.")

    def render_code(self, value: str) -> str:
        from django.urls import reverse

        from cambill.web.core.tables import link

        if not self.can("usage.manage"):
            return value
        return link(reverse("web:meter_edit", args=[value]), value)

    def render_aggregation(self, record: Any) -> str:
        from cambill.web.core.labels import tr

        return str(tr(record.get_aggregation_display()))

    def render_unit_divisor(self, value: Any) -> str:
        return quantity_text(value)

"""Tables of the tariff pages."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.web.core.format import (
    components_text,
    price_text,
)
from cambill.web.core.tables import (
    ActiveColumn,
    BaseTable,
    link,
    money_value,
)


class TariffTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    price = tables.Column(verbose_name=_("Monthly price"))
    components = tables.Column(verbose_name=_("Components"), empty_values=(), orderable=False)
    owner = tables.Column(
        verbose_name=_("Owner"), accessor="cloud_id", orderable=False, empty_values=()
    )
    active = ActiveColumn(verbose_name=_("Active"))
    currency = tables.Column(verbose_name=_("Currency"), visible=False)
    export_extra = ("currency",)

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "price", "currency", "components", "owner", "active")

    def render_code(self, value: str, record: Any) -> str:
        if self.cloud is None:
            if self.actor is not None and self.actor.role == "provider_admin":
                return link(reverse("web:provider_tariff_edit", args=[value]), value)
            return value
        return link(self.url("tariff_detail", value), value)

    def render_price(self, value: Any, record: Any) -> str:
        return price_text(value, record.currency)

    def value_price(self, value: Any, record: Any) -> Any:
        return money_value(value, record.currency)

    def render_components(self, record: Any) -> str:
        return components_text(record)

    def render_owner(self, value: Any) -> Any:
        return _("cloud") if value else _("provider")

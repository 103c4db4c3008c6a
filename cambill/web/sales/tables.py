"""Tables of a cloud's products and coupons."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from cambill.sales.selectors import coupon_tariff_codes
from cambill.web.core.format import percent_text
from cambill.web.core.tables import ActiveColumn, BaseTable, link


class ProductTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    price = tables.Column(verbose_name=_("Price (tax excluded)"))
    active = ActiveColumn(verbose_name=_("On sale"))

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "price", "active")

    def render_code(self, value: str) -> str:
        return link(self.url("product_edit", value), value) if self.can("product.manage") else value

    def render_price(self, value: Any) -> str:
        from cambill.web.templatetags.cambill_web import price

        return price(value, self.cloud.currency)


class CouponTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    description = tables.Column(verbose_name=_("Description"))
    off = tables.Column(verbose_name=_("Off"), accessor="percent", empty_values=())
    duration = tables.Column(verbose_name=_("Duration"))
    tariffs = tables.Column(verbose_name=_("Tariffs"), accessor="pk", orderable=False)
    times_redeemed = tables.Column(verbose_name=_("Redeemed"))
    valid_until = tables.Column(verbose_name=_("Redeemable until"))
    active = ActiveColumn(verbose_name=_("Active"))

    class Meta(BaseTable.Meta):
        fields = (
            "code",
            "description",
            "off",
            "duration",
            "tariffs",
            "times_redeemed",
            "valid_until",
            "active",
        )

    def render_off(self, record: Any) -> str:
        from cambill.web.templatetags.cambill_web import price

        if record.percent is not None:
            return percent_text(record.percent)
        return price(record.amount, self.cloud.currency)

    def render_duration(self, record: Any) -> str:
        if record.duration == "repeating":
            return str(_("%(n)s months") % {"n": record.months})
        return str(record.get_duration_display())

    def render_tariffs(self, record: Any) -> str:
        return ", ".join(coupon_tariff_codes(record)) or str(_("all"))

    def render_times_redeemed(self, record: Any) -> str:
        if record.max_redemptions is None:
            return str(record.times_redeemed)
        return f"{record.times_redeemed} / {record.max_redemptions}"

"""Request and response bodies of the sales endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cambill.api.core.common import (
    DecimalIn,
    DecimalOut,
    Input,
    MoneyOut,
    Output,
    TimeField,
    code_field,
    text_of,
)
from cambill.sales.choices import CouponDuration, RedemptionSource
from cambill.sales.selectors import (
    charge_amount,
    charge_status,
    coupon_tariff_codes,
    field_max_length,
)

# --- products -------------------------------------------------------------


class ProductOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    price = MoneyOut(currency="cloud.currency", help_text="Per unit, tax excluded")
    tax_percent = DecimalOut(
        source="cloud.tax_percent", help_text="The cloud's retail tax rate, applied on the invoice"
    )
    active = serializers.BooleanField()


class ProductIn(Input):
    code = code_field(max_length=field_max_length("Product", "code"))
    name = text_of(field_max_length("Product", "name"))
    description = text_of(
        field_max_length("Product", "description"), required=False, allow_blank=True
    )
    price = DecimalIn(help_text='Per unit, tax excluded ("89.90")')
    active = serializers.BooleanField(required=False, default=True)


class ProductUpdateIn(Input):
    name = text_of(field_max_length("Product", "name"), required=False)
    description = text_of(
        field_max_length("Product", "description"), required=False, allow_blank=True
    )
    price = DecimalIn(required=False)
    active = serializers.BooleanField(required=False)


# --- one-off charges ------------------------------------------------------


def _code_or_none(obj: Any, attr: str) -> str | None:
    related = getattr(obj, attr)
    return related.code if related is not None else None


class ChargeOut(Output):
    id = serializers.IntegerField()
    account = serializers.CharField(source="account.code")
    description = serializers.CharField()
    product = serializers.SerializerMethodField()
    camera = serializers.SerializerMethodField()
    quantity = DecimalOut()
    unit_price = MoneyOut(currency="cloud.currency")
    amount = serializers.SerializerMethodField(help_text="round(quantity x unit_price)")
    date = serializers.DateField(help_text="Local date of the cloud")
    status = serializers.SerializerMethodField(
        help_text="pending (on no invoice yet), draft (on a draft invoice) or invoiced"
    )
    invoice = serializers.SerializerMethodField(help_text="Number (or id of a draft) or null")
    created_at = TimeField(tz_attr="cloud.timezone")

    def get_product(self, obj: Any) -> str | None:
        return _code_or_none(obj, "product")

    def get_camera(self, obj: Any) -> str | None:
        return _code_or_none(obj, "camera")

    def get_amount(self, obj: Any) -> str:
        from cambill.api.core.common import display_money

        return display_money(charge_amount(obj), obj.cloud.currency)

    def get_status(self, obj: Any) -> str:
        return charge_status(obj)

    def get_invoice(self, obj: Any) -> str | None:
        inv = obj.invoice
        if inv is None:
            return None
        return inv.number or str(inv.pk)


class ChargeIn(Input):
    description = text_of(
        field_max_length("Charge", "description"),
        required=False,
        allow_blank=True,
        help_text="Default: the product's name",
    )
    product = text_of(
        field_max_length("Product", "code"),
        required=False,
        allow_null=True,
        help_text="Product code",
    )
    quantity = DecimalIn(required=False, help_text='Default "1"')
    unit_price = DecimalIn(required=False, help_text="Default: the product's price")
    date = serializers.DateField(
        required=False, help_text="Local date of the cloud (default: today there)"
    )
    camera = text_of(128, required=False, allow_null=True, help_text="Camera code")


# --- coupons --------------------------------------------------------------


class CouponOut(Output):
    code = serializers.CharField()
    description = serializers.CharField()
    percent = DecimalOut(allow_null=True)
    amount = MoneyOut(currency="cloud.currency", allow_null=True)
    duration = serializers.ChoiceField(choices=CouponDuration.choices)
    months = serializers.IntegerField(allow_null=True)
    max_redemptions = serializers.IntegerField(allow_null=True)
    times_redeemed = serializers.IntegerField()
    valid_until = serializers.DateField(allow_null=True)
    tariffs = serializers.SerializerMethodField()
    active = serializers.BooleanField()
    created_at = TimeField(tz_attr="cloud.timezone")

    def get_tariffs(self, obj: Any) -> list[str]:
        return coupon_tariff_codes(obj)


class CouponIn(Input):
    code = code_field(max_length=field_max_length("Coupon", "code"))
    description = text_of(
        field_max_length("Coupon", "description"), required=False, allow_blank=True
    )
    percent = DecimalIn(required=False, allow_null=True, help_text='Percent off ("20")')
    amount = DecimalIn(
        required=False, allow_null=True, help_text="Amount off each invoice, cloud's currency"
    )
    duration = serializers.ChoiceField(choices=CouponDuration.choices)
    months = serializers.IntegerField(
        required=False, allow_null=True, help_text="Repeating coupons: periods covered"
    )
    max_redemptions = serializers.IntegerField(required=False, allow_null=True)
    valid_until = serializers.DateField(
        required=False, allow_null=True, help_text="Last local day it may be redeemed"
    )
    tariffs = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        help_text="Tariff codes it applies to (default: the whole invoice)",
    )


class RedemptionOut(Output):
    coupon = serializers.CharField(source="coupon.code")
    at = TimeField(source="redeemed_at", tz_attr="cloud.timezone")
    first_period = serializers.CharField()
    last_period = serializers.SerializerMethodField(help_text="null: forever")
    source = serializers.ChoiceField(choices=RedemptionSource.choices)  # type: ignore[assignment]

    def get_last_period(self, obj: Any) -> str | None:
        return obj.last_period or None


class RedeemIn(Input):
    coupon = text_of(field_max_length("Coupon", "code"), help_text="Coupon code")
    at = TimeField(required=False, help_text="Default: now")

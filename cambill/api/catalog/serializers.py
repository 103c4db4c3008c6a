"""Request and response bodies of the catalog endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cambill.api.core.common import (
    DecimalIn,
    DecimalOut,
    Input,
    MoneyOut,
    Output,
    code_field,
    currency_of,
    text_of,
)
from cambill.catalog.choices import DiscountKind, ServiceKind
from cambill.catalog.selectors import field_max_length as catalog_max_length

# --- services -------------------------------------------------------------


class ServicePriceOut(Output):
    currency = serializers.CharField()
    amount = MoneyOut()
    valid_from = serializers.DateField()


class ServiceOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    unit = serializers.CharField()
    preset_settings = serializers.JSONField()
    active = serializers.BooleanField()
    prices = ServicePriceOut(many=True, source="prices.all")


class ServicePriceIn(Input):
    currency = currency_of(
        catalog_max_length("ServicePrice", "currency"), help_text="ISO 4217, e.g. USD"
    )
    amount = DecimalIn(help_text='Price per unit, e.g. "0.30"')
    valid_from = serializers.DateField(
        required=False, help_text="First local day the price applies (default: since always)"
    )


class ServicePriceSetIn(ServicePriceIn):
    valid_from = serializers.DateField(help_text="First local day the new price applies")


class ServiceIn(Input):
    code = code_field(max_length=catalog_max_length("Service", "code"))
    name = text_of(catalog_max_length("Service", "name"))
    kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
    unit = text_of(catalog_max_length("Service", "unit"), required=False)
    preset_settings = serializers.JSONField(required=False, help_text='e.g. {"dvr_days": 1}')
    prices = ServicePriceIn(many=True, required=False)


class ServicePatchIn(Input):
    hints = {"code": "The code of a service cannot change."}

    name = text_of(catalog_max_length("Service", "name"), required=False)
    kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
    unit = text_of(catalog_max_length("Service", "unit"), required=False)
    preset_settings = serializers.JSONField(required=False)
    active = serializers.BooleanField(required=False)
    prices = ServicePriceSetIn(
        many=True, required=False, help_text="Prices to set; earlier prices stay for history"
    )


# --- tariffs --------------------------------------------------------------


class ComponentOut(Output):
    service = serializers.CharField(source="service.code")
    quantity = DecimalOut()


class TariffOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    currency = serializers.CharField()
    price = MoneyOut(help_text="Retail price per camera-month, tax excluded")
    active = serializers.BooleanField()
    components = ComponentOut(many=True, source="components.all")


class CloudTariffOut(TariffOut):
    owner = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=["cloud", "provider"]))
    def get_owner(self, obj: Any) -> str:
        return "cloud" if obj.cloud_id is not None else "provider"


class ComponentIn(Input):
    service = text_of(catalog_max_length("Service", "code"), help_text="Service code, e.g. REC_DAY")
    quantity = DecimalIn(required=False, help_text='e.g. "7" (default 1)')


class CloudTariffIn(Input):
    hints = {
        "currency": "A cloud's tariffs are priced in the cloud's currency; 'currency' is read-only.",
        "owner": "'owner' is read-only.",
    }

    code = code_field(max_length=catalog_max_length("TariffPlan", "code"))
    name = text_of(catalog_max_length("TariffPlan", "name"))
    price = DecimalIn(help_text='Retail price per camera-month, tax excluded, e.g. "12.00"')
    components = ComponentIn(many=True)


class ProviderTariffIn(CloudTariffIn):
    hints = {}
    currency = currency_of(
        catalog_max_length("TariffPlan", "currency"), help_text="ISO 4217, e.g. USD"
    )


class TariffPatchIn(Input):
    hints = {
        "code": "The code of a tariff cannot change.",
        "currency": "The currency of a tariff cannot change.",
    }

    name = text_of(catalog_max_length("TariffPlan", "name"), required=False)
    price = DecimalIn(required=False)
    active = serializers.BooleanField(required=False)
    components = ComponentIn(many=True, required=False)


# --- account discounts ----------------------------------------------------


def _discount_currency(d: Any) -> str | None:
    # A fixed discount is money of the cloud; a percentage is a plain number.
    return d.cloud.currency if d.kind == DiscountKind.FIXED else None


class DiscountOut(Output):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DiscountKind.choices)
    value = MoneyOut(
        currency=_discount_currency, help_text="Percent, or an amount of the cloud's currency"
    )
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True, help_text="Exclusive")
    description = serializers.CharField()


class DiscountIn(Input):
    kind = serializers.ChoiceField(choices=DiscountKind.choices)
    value = DecimalIn(help_text='Percent ("10") or amount ("5.00")')
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True, help_text="Exclusive")
    description = text_of(
        catalog_max_length("AccountDiscount", "description"), required=False, allow_blank=True
    )

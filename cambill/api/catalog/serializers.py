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
from cambill.usage.selectors import field_max_length as usage_max_length
from cambill.usage.selectors import metered_pricing_of, tariff_extras

# --- services -------------------------------------------------------------


class ServicePriceOut(Output):
    currency = serializers.CharField()
    amount = MoneyOut(allow_null=True, help_text="Price per unit (fixed services; null: metered)")
    valid_from = serializers.DateField()
    pricing = serializers.JSONField(
        allow_null=True,
        help_text='Metered services: the pricing model ({"kind": "per_unit" | "graduated" | '
        '"volume" | "package" | "flat", ...}); null for fixed services',
    )
    included_per_camera = DecimalOut(
        allow_null=True,
        help_text="Metered services: units of each camera not charged (null: none)",
    )


class ServiceOut(Output):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    unit = serializers.CharField()
    preset_settings = serializers.JSONField()
    active = serializers.BooleanField()
    billed_while_suspended = serializers.BooleanField(
        help_text="Still charged to the cloud while the camera's account is suspended"
    )
    sat_product_code = serializers.CharField(help_text="SAT c_ClaveProdServ (Mexico's CFDI)")
    sat_unit_code = serializers.CharField(help_text="SAT c_ClaveUnidad (Mexico's CFDI)")
    meter = serializers.SerializerMethodField(
        help_text="Metered services: the code of the meter they are priced from"
    )
    prices = serializers.SerializerMethodField()

    def _metered(self, obj: Any) -> dict[str, Any] | None:
        cache = self.context.setdefault("metered_services", {})
        if obj.pk not in cache:
            cache.update(metered_pricing_of([obj]))
            cache.setdefault(obj.pk, None)
        return cache[obj.pk]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_meter(self, obj: Any) -> str | None:
        info = self._metered(obj)
        return info["meter"] if info else None

    @extend_schema_field(ServicePriceOut(many=True))
    def get_prices(self, obj: Any) -> Any:
        info = self._metered(obj)
        if info is not None:
            rows: list[Any] = [{"amount": None, **p} for p in info["prices"]]
        else:
            rows = [
                {"pricing": None, "included_per_camera": None, **p}
                for p in obj.prices.all().values("currency", "amount", "valid_from")
            ]
        return ServicePriceOut(rows, many=True, context=self.context).data


class ServicePriceIn(Input):
    currency = currency_of(
        catalog_max_length("ServicePrice", "currency"), help_text="ISO 4217, e.g. USD"
    )
    amount = DecimalIn(required=False, help_text='Fixed services: price per unit, e.g. "0.30"')
    valid_from = serializers.DateField(
        required=False, help_text="First local day the price applies (default: since always)"
    )
    pricing = serializers.JSONField(
        required=False,
        help_text='Metered services: {"kind": "per_unit", "unit_price": "0.01"}, {"kind": '
        '"graduated" | "volume", "tiers": [{"up_to": "100", "unit_price": "0.05"}, {"up_to": '
        'null, "unit_price": "0.03"}]} or {"kind": "package", "package_size": "100", '
        '"package_price": "0.50"}',
    )
    included_per_camera = DecimalIn(
        required=False,
        allow_null=True,
        help_text='Metered services: units of each camera not charged, e.g. "100"',
    )


class ServicePriceSetIn(ServicePriceIn):
    valid_from = serializers.DateField(help_text="First local day the new price applies")


class ServiceIn(Input):
    code = code_field(max_length=catalog_max_length("Service", "code"))
    name = text_of(catalog_max_length("Service", "name"))
    kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
    unit = text_of(catalog_max_length("Service", "unit"), required=False)
    preset_settings = serializers.JSONField(required=False, help_text='e.g. {"dvr_days": 1}')
    billed_while_suspended = serializers.BooleanField(
        required=False,
        help_text="Still charged to the cloud while the camera's account is suspended "
        "(the archive still kept); default false: the service stops",
    )
    meter = text_of(
        usage_max_length("Meter", "code"),
        required=False,
        help_text='kind "metered": the code of the meter the service is priced from',
    )
    sat_product_code = text_of(
        catalog_max_length("Service", "sat_product_code"),
        required=False,
        help_text="SAT c_ClaveProdServ for Mexico's CFDI (default 81112000)",
    )
    sat_unit_code = text_of(
        catalog_max_length("Service", "sat_unit_code"),
        required=False,
        help_text="SAT c_ClaveUnidad for Mexico's CFDI (default E48)",
    )
    prices = ServicePriceIn(many=True, required=False)


class ServicePatchIn(Input):
    hints = {"code": "The code of a service cannot change."}

    name = text_of(catalog_max_length("Service", "name"), required=False)
    kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
    unit = text_of(catalog_max_length("Service", "unit"), required=False)
    preset_settings = serializers.JSONField(required=False)
    active = serializers.BooleanField(required=False)
    billed_while_suspended = serializers.BooleanField(required=False)
    meter = text_of(usage_max_length("Meter", "code"), required=False)
    sat_product_code = text_of(catalog_max_length("Service", "sat_product_code"), required=False)
    sat_unit_code = text_of(catalog_max_length("Service", "sat_unit_code"), required=False)
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
    self_service = serializers.BooleanField(
        help_text="Subscribers may switch their cameras to this tariff themselves"
    )
    components = ComponentOut(many=True, source="components.all")


class MeteredExtraOut(Output):
    meter = serializers.CharField(help_text="Meter code")
    description = serializers.CharField()
    included_per_camera = DecimalOut(
        allow_null=True, help_text="Units of each camera not charged (null: none)"
    )
    pricing = serializers.JSONField(help_text="The pricing model of the units beyond it")


class CloudTariffOut(TariffOut):
    owner = serializers.SerializerMethodField()
    metered = serializers.SerializerMethodField(
        help_text="Metered extras this cloud charges per camera holding the tariff"
    )

    @extend_schema_field(serializers.ChoiceField(choices=["cloud", "provider"]))
    def get_owner(self, obj: Any) -> str:
        return "cloud" if obj.cloud_id is not None else "provider"

    @extend_schema_field(MeteredExtraOut(many=True))
    def get_metered(self, obj: Any) -> Any:
        cloud = self.context.get("cloud")
        if cloud is None:
            return []
        rows = tariff_extras(cloud=cloud, tariffs=[obj])[obj.pk]
        return MeteredExtraOut(rows, many=True, context=self.context).data


class ComponentIn(Input):
    service = text_of(catalog_max_length("Service", "code"), help_text="Service code, e.g. REC_DAY")
    quantity = DecimalIn(required=False, help_text='e.g. "7" (default 1)')


class MeteredExtraIn(Input):
    meter = text_of(usage_max_length("Meter", "code"), help_text="Meter code, e.g. plate_reads")
    description = text_of(
        usage_max_length("TariffMeteredCharge", "description"),
        required=False,
        allow_blank=True,
        help_text="The invoice line's text (default: the meter's name)",
    )
    included_per_camera = DecimalIn(
        required=False, allow_null=True, help_text='Units of each camera not charged, e.g. "100"'
    )
    pricing = serializers.JSONField(
        help_text='The units beyond the allowance: {"kind": "per_unit", "unit_price": "0.01"}, '
        '"graduated" | "volume" with "tiers", or "package"'
    )


METERED_HELP = (
    "Metered extras, the whole list (it replaces the current one): "
    '[{"meter", "description", "included_per_camera", "pricing"}]'
)


class CloudTariffIn(Input):
    hints = {
        "currency": "A cloud's tariffs are priced in the cloud's currency; 'currency' is read-only.",
        "owner": "'owner' is read-only.",
    }

    code = code_field(max_length=catalog_max_length("TariffPlan", "code"))
    name = text_of(catalog_max_length("TariffPlan", "name"))
    price = DecimalIn(help_text='Retail price per camera-month, tax excluded, e.g. "12.00"')
    self_service = serializers.BooleanField(
        required=False,
        help_text="Subscribers may switch their cameras to this tariff themselves (default false)",
    )
    components = ComponentIn(many=True)
    metered = MeteredExtraIn(many=True, required=False, help_text=METERED_HELP)


PROVIDER_METERED_HINT = (
    "Metered extras are priced by each cloud: set them with PATCH /clouds/{slug}/tariffs/{code}/."
)


class ProviderTariffIn(CloudTariffIn):
    hints = {"metered": PROVIDER_METERED_HINT}
    metered = None  # type: ignore[assignment]
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
    self_service = serializers.BooleanField(
        required=False, help_text="Subscribers may switch their cameras to this tariff themselves"
    )
    components = ComponentIn(many=True, required=False)
    metered = MeteredExtraIn(many=True, required=False, help_text=METERED_HELP)


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

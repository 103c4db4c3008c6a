from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.service_kind_enum import ServiceKindEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.service_price_set_in_request import ServicePriceSetInRequest





T = TypeVar("T", bound="PatchedServicePatchInRequest")



@_attrs_define
class PatchedServicePatchInRequest:
    """ A request body: known keys only, shapes only, JSON types as the schema says.

    An unknown (or read-only) key is refused with a clear message instead of
    being silently dropped: a client that misspells ``discount_percnt`` must
    learn it changed nothing. ``hints`` adds a pointer for keys that are read
    elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

    A value of another JSON type than its field's is refused (``"yes"`` for a
    boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
    strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
    number, as the schema documents.

        Attributes:
            name (str | Unset):
            kind (ServiceKindEnum | Unset): * `fixed` - Fixed (per camera-month)
                * `metered` - Metered (from a meter)
            unit (str | Unset):
            preset_settings (Any | Unset):
            active (bool | Unset):
            billed_while_suspended (bool | Unset):
            meter (str | Unset):
            sat_product_code (str | Unset):
            sat_unit_code (str | Unset):
            prices (list[ServicePriceSetInRequest] | Unset): Prices to set; earlier prices stay for history
     """

    name: str | Unset = UNSET
    kind: ServiceKindEnum | Unset = UNSET
    unit: str | Unset = UNSET
    preset_settings: Any | Unset = UNSET
    active: bool | Unset = UNSET
    billed_while_suspended: bool | Unset = UNSET
    meter: str | Unset = UNSET
    sat_product_code: str | Unset = UNSET
    sat_unit_code: str | Unset = UNSET
    prices: list[ServicePriceSetInRequest] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.service_price_set_in_request import ServicePriceSetInRequest # noqa: PLC0415
        name = self.name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        unit = self.unit

        preset_settings = self.preset_settings

        active = self.active

        billed_while_suspended = self.billed_while_suspended

        meter = self.meter

        sat_product_code = self.sat_product_code

        sat_unit_code = self.sat_unit_code

        prices: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.prices, Unset):
            prices = []
            for prices_item_data in self.prices:
                prices_item = prices_item_data.to_dict()
                prices.append(prices_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if kind is not UNSET:
            field_dict["kind"] = kind
        if unit is not UNSET:
            field_dict["unit"] = unit
        if preset_settings is not UNSET:
            field_dict["preset_settings"] = preset_settings
        if active is not UNSET:
            field_dict["active"] = active
        if billed_while_suspended is not UNSET:
            field_dict["billed_while_suspended"] = billed_while_suspended
        if meter is not UNSET:
            field_dict["meter"] = meter
        if sat_product_code is not UNSET:
            field_dict["sat_product_code"] = sat_product_code
        if sat_unit_code is not UNSET:
            field_dict["sat_unit_code"] = sat_unit_code
        if prices is not UNSET:
            field_dict["prices"] = prices

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_price_set_in_request import ServicePriceSetInRequest # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _kind = d.pop("kind", UNSET)
        kind: ServiceKindEnum | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = ServiceKindEnum(_kind)




        unit = d.pop("unit", UNSET)

        preset_settings = d.pop("preset_settings", UNSET)

        active = d.pop("active", UNSET)

        billed_while_suspended = d.pop("billed_while_suspended", UNSET)

        meter = d.pop("meter", UNSET)

        sat_product_code = d.pop("sat_product_code", UNSET)

        sat_unit_code = d.pop("sat_unit_code", UNSET)

        _prices = d.pop("prices", UNSET)
        prices: list[ServicePriceSetInRequest] | Unset = UNSET
        if _prices is not UNSET:
            prices = []
            for prices_item_data in _prices:
                prices_item = ServicePriceSetInRequest.from_dict(prices_item_data)



                prices.append(prices_item)


        patched_service_patch_in_request = cls(
            name=name,
            kind=kind,
            unit=unit,
            preset_settings=preset_settings,
            active=active,
            billed_while_suspended=billed_while_suspended,
            meter=meter,
            sat_product_code=sat_product_code,
            sat_unit_code=sat_unit_code,
            prices=prices,
        )

        return patched_service_patch_in_request


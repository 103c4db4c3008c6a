from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.service_kind_enum import ServiceKindEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.service_price_out import ServicePriceOut





T = TypeVar("T", bound="ServiceOut")



@_attrs_define
class ServiceOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            kind (ServiceKindEnum): * `fixed` - Fixed (per camera-month)
                * `metered` - Metered (from a meter)
            unit (str):
            preset_settings (Any):
            active (bool):
            billed_while_suspended (bool): Still charged to the cloud while the camera's account is suspended
            sat_product_code (str): SAT c_ClaveProdServ (Mexico's CFDI)
            sat_unit_code (str): SAT c_ClaveUnidad (Mexico's CFDI)
            meter (None | str): Metered services: the code of the meter they are priced from
            prices (list[ServicePriceOut]):
     """

    code: str
    name: str
    kind: ServiceKindEnum
    unit: str
    preset_settings: Any
    active: bool
    billed_while_suspended: bool
    sat_product_code: str
    sat_unit_code: str
    meter: None | str
    prices: list[ServicePriceOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.service_price_out import ServicePriceOut # noqa: PLC0415
        code = self.code

        name = self.name

        kind = self.kind.value

        unit = self.unit

        preset_settings = self.preset_settings

        active = self.active

        billed_while_suspended = self.billed_while_suspended

        sat_product_code = self.sat_product_code

        sat_unit_code = self.sat_unit_code

        meter: None | str
        meter = self.meter

        prices = []
        for prices_item_data in self.prices:
            prices_item = prices_item_data.to_dict()
            prices.append(prices_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "kind": kind,
            "unit": unit,
            "preset_settings": preset_settings,
            "active": active,
            "billed_while_suspended": billed_while_suspended,
            "sat_product_code": sat_product_code,
            "sat_unit_code": sat_unit_code,
            "meter": meter,
            "prices": prices,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_price_out import ServicePriceOut # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        kind = ServiceKindEnum(d.pop("kind"))




        unit = d.pop("unit")

        preset_settings = d.pop("preset_settings")

        active = d.pop("active")

        billed_while_suspended = d.pop("billed_while_suspended")

        sat_product_code = d.pop("sat_product_code")

        sat_unit_code = d.pop("sat_unit_code")

        def _parse_meter(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        meter = _parse_meter(d.pop("meter"))


        prices = []
        _prices = d.pop("prices")
        for prices_item_data in (_prices):
            prices_item = ServicePriceOut.from_dict(prices_item_data)



            prices.append(prices_item)


        service_out = cls(
            code=code,
            name=name,
            kind=kind,
            unit=unit,
            preset_settings=preset_settings,
            active=active,
            billed_while_suspended=billed_while_suspended,
            sat_product_code=sat_product_code,
            sat_unit_code=sat_unit_code,
            meter=meter,
            prices=prices,
        )


        service_out.additional_properties = d
        return service_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

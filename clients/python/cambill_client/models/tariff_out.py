from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.component_out import ComponentOut





T = TypeVar("T", bound="TariffOut")



@_attrs_define
class TariffOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            currency (str):
            price (str): Retail price per camera-month, tax excluded
            active (bool):
            self_service (bool): Subscribers may switch their cameras to this tariff themselves
            components (list[ComponentOut]):
     """

    code: str
    name: str
    currency: str
    price: str
    active: bool
    self_service: bool
    components: list[ComponentOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.component_out import ComponentOut # noqa: PLC0415
        code = self.code

        name = self.name

        currency = self.currency

        price = self.price

        active = self.active

        self_service = self.self_service

        components = []
        for components_item_data in self.components:
            components_item = components_item_data.to_dict()
            components.append(components_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "currency": currency,
            "price": price,
            "active": active,
            "self_service": self_service,
            "components": components,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_out import ComponentOut # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        currency = d.pop("currency")

        price = d.pop("price")

        active = d.pop("active")

        self_service = d.pop("self_service")

        components = []
        _components = d.pop("components")
        for components_item_data in (_components):
            components_item = ComponentOut.from_dict(components_item_data)



            components.append(components_item)


        tariff_out = cls(
            code=code,
            name=name,
            currency=currency,
            price=price,
            active=active,
            self_service=self_service,
            components=components,
        )


        tariff_out.additional_properties = d
        return tariff_out

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

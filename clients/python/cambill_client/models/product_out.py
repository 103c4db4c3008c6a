from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ProductOut")



@_attrs_define
class ProductOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            description (str):
            price (str): Per unit, tax excluded
            tax_percent (str): The cloud's retail tax rate, applied on the invoice
            active (bool):
     """

    code: str
    name: str
    description: str
    price: str
    tax_percent: str
    active: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        description = self.description

        price = self.price

        tax_percent = self.tax_percent

        active = self.active


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "description": description,
            "price": price,
            "tax_percent": tax_percent,
            "active": active,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        description = d.pop("description")

        price = d.pop("price")

        tax_percent = d.pop("tax_percent")

        active = d.pop("active")

        product_out = cls(
            code=code,
            name=name,
            description=description,
            price=price,
            tax_percent=tax_percent,
            active=active,
        )


        product_out.additional_properties = d
        return product_out

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

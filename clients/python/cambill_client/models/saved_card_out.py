from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="SavedCardOut")



@_attrs_define
class SavedCardOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            brand (str):
            last4 (str):
            exp_month (int | None):
            exp_year (int | None):
            is_default (bool):
     """

    id: int
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    is_default: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        brand = self.brand

        last4 = self.last4

        exp_month: int | None
        exp_month = self.exp_month

        exp_year: int | None
        exp_year = self.exp_year

        is_default = self.is_default


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "brand": brand,
            "last4": last4,
            "exp_month": exp_month,
            "exp_year": exp_year,
            "is_default": is_default,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        brand = d.pop("brand")

        last4 = d.pop("last4")

        def _parse_exp_month(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exp_month = _parse_exp_month(d.pop("exp_month"))


        def _parse_exp_year(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        exp_year = _parse_exp_year(d.pop("exp_year"))


        is_default = d.pop("is_default")

        saved_card_out = cls(
            id=id,
            brand=brand,
            last4=last4,
            exp_month=exp_month,
            exp_year=exp_year,
            is_default=is_default,
        )


        saved_card_out.additional_properties = d
        return saved_card_out

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

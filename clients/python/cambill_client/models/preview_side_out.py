from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PreviewSideOut")



@_attrs_define
class PreviewSideOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            tariff (None | str): Tariff code (null: none)
            unit_price (None | str): Price per camera-month
            days (str): Days charged (seconds / 86,400 under `second` proration)
            amount (str): The camera's charge for the piece, rounded once per line
     """

    tariff: None | str
    unit_price: None | str
    days: str
    amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        tariff: None | str
        tariff = self.tariff

        unit_price: None | str
        unit_price = self.unit_price

        days = self.days

        amount = self.amount


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "tariff": tariff,
            "unit_price": unit_price,
            "days": days,
            "amount": amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_tariff(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tariff = _parse_tariff(d.pop("tariff"))


        def _parse_unit_price(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        unit_price = _parse_unit_price(d.pop("unit_price"))


        days = d.pop("days")

        amount = d.pop("amount")

        preview_side_out = cls(
            tariff=tariff,
            unit_price=unit_price,
            days=days,
            amount=amount,
        )


        preview_side_out.additional_properties = d
        return preview_side_out

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

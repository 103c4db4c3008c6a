from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ServicePriceOut")



@_attrs_define
class ServicePriceOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            currency (str):
            amount (None | str): Price per unit (fixed services; null: metered)
            valid_from (datetime.date):
            pricing (Any): Metered services: the pricing model ({"kind": "per_unit" | "graduated" | "volume" | "package" |
                "flat", ...}); null for fixed services
            included_per_camera (None | str): Metered services: units of each camera not charged (null: none)
     """

    currency: str
    amount: None | str
    valid_from: datetime.date
    pricing: Any
    included_per_camera: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        amount: None | str
        amount = self.amount

        valid_from = self.valid_from.isoformat()

        pricing = self.pricing

        included_per_camera: None | str
        included_per_camera = self.included_per_camera


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "currency": currency,
            "amount": amount,
            "valid_from": valid_from,
            "pricing": pricing,
            "included_per_camera": included_per_camera,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        def _parse_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount = _parse_amount(d.pop("amount"))


        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))




        pricing = d.pop("pricing")

        def _parse_included_per_camera(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        included_per_camera = _parse_included_per_camera(d.pop("included_per_camera"))


        service_price_out = cls(
            currency=currency,
            amount=amount,
            valid_from=valid_from,
            pricing=pricing,
            included_per_camera=included_per_camera,
        )


        service_price_out.additional_properties = d
        return service_price_out

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

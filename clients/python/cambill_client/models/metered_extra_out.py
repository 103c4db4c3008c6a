from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="MeteredExtraOut")



@_attrs_define
class MeteredExtraOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            meter (str): Meter code
            description (str):
            included_per_camera (None | str): Units of each camera not charged (null: none)
            pricing (Any): The pricing model of the units beyond it
     """

    meter: str
    description: str
    included_per_camera: None | str
    pricing: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        meter = self.meter

        description = self.description

        included_per_camera: None | str
        included_per_camera = self.included_per_camera

        pricing = self.pricing


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "meter": meter,
            "description": description,
            "included_per_camera": included_per_camera,
            "pricing": pricing,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        meter = d.pop("meter")

        description = d.pop("description")

        def _parse_included_per_camera(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        included_per_camera = _parse_included_per_camera(d.pop("included_per_camera"))


        pricing = d.pop("pricing")

        metered_extra_out = cls(
            meter=meter,
            description=description,
            included_per_camera=included_per_camera,
            pricing=pricing,
        )


        metered_extra_out.additional_properties = d
        return metered_extra_out

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

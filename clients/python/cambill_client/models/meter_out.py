from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.aggregation_enum import AggregationEnum






T = TypeVar("T", bound="MeterOut")



@_attrs_define
class MeterOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            unit (str):
            event_type (str):
            value_path (str):
            aggregation (AggregationEnum): * `sum` - Sum
                * `max` - Maximum
                * `latest` - Latest value
                * `unique_count` - Unique count
                * `time_weighted_avg` - Time-weighted average
                * `count` - Count
            unit_divisor (str):
            allow_negative (bool):
     """

    code: str
    name: str
    unit: str
    event_type: str
    value_path: str
    aggregation: AggregationEnum
    unit_divisor: str
    allow_negative: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        unit = self.unit

        event_type = self.event_type

        value_path = self.value_path

        aggregation = self.aggregation.value

        unit_divisor = self.unit_divisor

        allow_negative = self.allow_negative


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "unit": unit,
            "event_type": event_type,
            "value_path": value_path,
            "aggregation": aggregation,
            "unit_divisor": unit_divisor,
            "allow_negative": allow_negative,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        unit = d.pop("unit")

        event_type = d.pop("event_type")

        value_path = d.pop("value_path")

        aggregation = AggregationEnum(d.pop("aggregation"))




        unit_divisor = d.pop("unit_divisor")

        allow_negative = d.pop("allow_negative")

        meter_out = cls(
            code=code,
            name=name,
            unit=unit,
            event_type=event_type,
            value_path=value_path,
            aggregation=aggregation,
            unit_divisor=unit_divisor,
            allow_negative=allow_negative,
        )


        meter_out.additional_properties = d
        return meter_out

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

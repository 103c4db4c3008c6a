from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.aggregation_enum import AggregationEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedMeterPatchInRequest")



@_attrs_define
class PatchedMeterPatchInRequest:
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
            unit (str | Unset):
            event_type (str | Unset):
            value_path (str | Unset):
            aggregation (AggregationEnum | Unset): * `sum` - Sum
                * `max` - Maximum
                * `latest` - Latest value
                * `unique_count` - Unique count
                * `time_weighted_avg` - Time-weighted average
                * `count` - Count
            unit_divisor (float | str | Unset):
            allow_negative (bool | Unset):
     """

    name: str | Unset = UNSET
    unit: str | Unset = UNSET
    event_type: str | Unset = UNSET
    value_path: str | Unset = UNSET
    aggregation: AggregationEnum | Unset = UNSET
    unit_divisor: float | str | Unset = UNSET
    allow_negative: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        unit = self.unit

        event_type = self.event_type

        value_path = self.value_path

        aggregation: str | Unset = UNSET
        if not isinstance(self.aggregation, Unset):
            aggregation = self.aggregation.value


        unit_divisor: float | str | Unset
        if isinstance(self.unit_divisor, Unset):
            unit_divisor = UNSET
        else:
            unit_divisor = self.unit_divisor

        allow_negative = self.allow_negative


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if unit is not UNSET:
            field_dict["unit"] = unit
        if event_type is not UNSET:
            field_dict["event_type"] = event_type
        if value_path is not UNSET:
            field_dict["value_path"] = value_path
        if aggregation is not UNSET:
            field_dict["aggregation"] = aggregation
        if unit_divisor is not UNSET:
            field_dict["unit_divisor"] = unit_divisor
        if allow_negative is not UNSET:
            field_dict["allow_negative"] = allow_negative

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        unit = d.pop("unit", UNSET)

        event_type = d.pop("event_type", UNSET)

        value_path = d.pop("value_path", UNSET)

        _aggregation = d.pop("aggregation", UNSET)
        aggregation: AggregationEnum | Unset
        if isinstance(_aggregation,  Unset):
            aggregation = UNSET
        else:
            aggregation = AggregationEnum(_aggregation)




        def _parse_unit_divisor(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        unit_divisor = _parse_unit_divisor(d.pop("unit_divisor", UNSET))


        allow_negative = d.pop("allow_negative", UNSET)

        patched_meter_patch_in_request = cls(
            name=name,
            unit=unit,
            event_type=event_type,
            value_path=value_path,
            aggregation=aggregation,
            unit_divisor=unit_divisor,
            allow_negative=allow_negative,
        )

        return patched_meter_patch_in_request


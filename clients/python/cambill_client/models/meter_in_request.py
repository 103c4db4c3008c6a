from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.aggregation_enum import AggregationEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MeterInRequest")



@_attrs_define
class MeterInRequest:
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
            code (str):
            name (str):
            unit (str):
            event_type (str):
            aggregation (AggregationEnum): * `sum` - Sum
                * `max` - Maximum
                * `latest` - Latest value
                * `unique_count` - Unique count
                * `time_weighted_avg` - Time-weighted average
                * `count` - Count
            value_path (str | Unset):
            unit_divisor (float | str | Unset):
            allow_negative (bool | Unset): Accept negative readings (default false: they are refused at ingestion).
     """

    code: str
    name: str
    unit: str
    event_type: str
    aggregation: AggregationEnum
    value_path: str | Unset = UNSET
    unit_divisor: float | str | Unset = UNSET
    allow_negative: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        unit = self.unit

        event_type = self.event_type

        aggregation = self.aggregation.value

        value_path = self.value_path

        unit_divisor: float | str | Unset
        if isinstance(self.unit_divisor, Unset):
            unit_divisor = UNSET
        else:
            unit_divisor = self.unit_divisor

        allow_negative = self.allow_negative


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "name": name,
            "unit": unit,
            "event_type": event_type,
            "aggregation": aggregation,
        })
        if value_path is not UNSET:
            field_dict["value_path"] = value_path
        if unit_divisor is not UNSET:
            field_dict["unit_divisor"] = unit_divisor
        if allow_negative is not UNSET:
            field_dict["allow_negative"] = allow_negative

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        unit = d.pop("unit")

        event_type = d.pop("event_type")

        aggregation = AggregationEnum(d.pop("aggregation"))




        value_path = d.pop("value_path", UNSET)

        def _parse_unit_divisor(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        unit_divisor = _parse_unit_divisor(d.pop("unit_divisor", UNSET))


        allow_negative = d.pop("allow_negative", UNSET)

        meter_in_request = cls(
            code=code,
            name=name,
            unit=unit,
            event_type=event_type,
            aggregation=aggregation,
            value_path=value_path,
            unit_divisor=unit_divisor,
            allow_negative=allow_negative,
        )

        return meter_in_request


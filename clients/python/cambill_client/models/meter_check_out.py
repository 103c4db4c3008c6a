from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="MeterCheckOut")



@_attrs_define
class MeterCheckOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            ok (bool): Whether ingestion would count the event
            problem (str): Why ingestion would refuse it (empty when ok)
            reading (str): The reading at the value path (1 for a count, the key for a unique count)
            value (None | str): The reading in billing units (/ unit_divisor)
     """

    ok: bool
    problem: str
    reading: str
    value: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        problem = self.problem

        reading = self.reading

        value: None | str
        value = self.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "ok": ok,
            "problem": problem,
            "reading": reading,
            "value": value,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ok = d.pop("ok")

        problem = d.pop("problem")

        reading = d.pop("reading")

        def _parse_value(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        value = _parse_value(d.pop("value"))


        meter_check_out = cls(
            ok=ok,
            problem=problem,
            reading=reading,
            value=value,
        )


        meter_check_out.additional_properties = d
        return meter_check_out

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

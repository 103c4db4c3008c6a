from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="DunningPolicyOut")



@_attrs_define
class DunningPolicyOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            enabled (bool):
            reminder_days (list[int]):
            suspend_after_days (int | None):
     """

    enabled: bool
    reminder_days: list[int]
    suspend_after_days: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        reminder_days = self.reminder_days



        suspend_after_days: int | None
        suspend_after_days = self.suspend_after_days


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "enabled": enabled,
            "reminder_days": reminder_days,
            "suspend_after_days": suspend_after_days,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled")

        reminder_days = cast(list[int], d.pop("reminder_days"))


        def _parse_suspend_after_days(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        suspend_after_days = _parse_suspend_after_days(d.pop("suspend_after_days"))


        dunning_policy_out = cls(
            enabled=enabled,
            reminder_days=reminder_days,
            suspend_after_days=suspend_after_days,
        )


        dunning_policy_out.additional_properties = d
        return dunning_policy_out

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

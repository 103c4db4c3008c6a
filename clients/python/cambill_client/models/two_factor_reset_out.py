from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TwoFactorResetOut")



@_attrs_define
class TwoFactorResetOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            username (str):
            was_on (bool): Whether the user had a second factor
            two_factor (bool): Always false after a reset
     """

    username: str
    was_on: bool
    two_factor: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        username = self.username

        was_on = self.was_on

        two_factor = self.two_factor


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "username": username,
            "was_on": was_on,
            "two_factor": two_factor,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        was_on = d.pop("was_on")

        two_factor = d.pop("two_factor")

        two_factor_reset_out = cls(
            username=username,
            was_on=was_on,
            two_factor=two_factor,
        )


        two_factor_reset_out.additional_properties = d
        return two_factor_reset_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="AutopayOut")



@_attrs_define
class AutopayOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            account (str):
            enabled (bool):
            default_card (int | None):
     """

    account: str
    enabled: bool
    default_card: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        account = self.account

        enabled = self.enabled

        default_card: int | None
        default_card = self.default_card


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "enabled": enabled,
            "default_card": default_card,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        enabled = d.pop("enabled")

        def _parse_default_card(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        default_card = _parse_default_card(d.pop("default_card"))


        autopay_out = cls(
            account=account,
            enabled=enabled,
            default_card=default_card,
        )


        autopay_out.additional_properties = d
        return autopay_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SignupOut")



@_attrs_define
class SignupOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            cloud (str):
            account (str):
            name (str):
            username (str):
     """

    cloud: str
    account: str
    name: str
    username: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        cloud = self.cloud

        account = self.account

        name = self.name

        username = self.username


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cloud": cloud,
            "account": account,
            "name": name,
            "username": username,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        cloud = d.pop("cloud")

        account = d.pop("account")

        name = d.pop("name")

        username = d.pop("username")

        signup_out = cls(
            cloud=cloud,
            account=account,
            name=name,
            username=username,
        )


        signup_out.additional_properties = d
        return signup_out

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

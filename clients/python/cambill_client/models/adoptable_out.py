from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="AdoptableOut")



@_attrs_define
class AdoptableOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int): The organization's id in Watcher.
            title (str):
            billing_member (bool): False: billing's Watcher user is not a member yet; adopting makes it one.
            suggested_code (str): The account code adopting would create.
            account (None | str): An unlinked account with that code, to link instead.
     """

    id: int
    title: str
    billing_member: bool
    suggested_code: str
    account: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        title = self.title

        billing_member = self.billing_member

        suggested_code = self.suggested_code

        account: None | str
        account = self.account


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "title": title,
            "billing_member": billing_member,
            "suggested_code": suggested_code,
            "account": account,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        title = d.pop("title")

        billing_member = d.pop("billing_member")

        suggested_code = d.pop("suggested_code")

        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        adoptable_out = cls(
            id=id,
            title=title,
            billing_member=billing_member,
            suggested_code=suggested_code,
            account=account,
        )


        adoptable_out.additional_properties = d
        return adoptable_out

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

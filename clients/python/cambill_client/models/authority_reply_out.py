from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AuthorityReplyOut")



@_attrs_define
class AuthorityReplyOut:
    """ 
        Attributes:
            status (str): accepted, rejected, pending, cancelled, unavailable
            codes (list[str]): The authority's codes
            message (str):
            raw (str): The reply exactly as received
            at (str | Unset):
     """

    status: str
    codes: list[str]
    message: str
    raw: str
    at: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        status = self.status

        codes = self.codes



        message = self.message

        raw = self.raw

        at = self.at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "status": status,
            "codes": codes,
            "message": message,
            "raw": raw,
        })
        if at is not UNSET:
            field_dict["at"] = at

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status")

        codes = cast(list[str], d.pop("codes"))


        message = d.pop("message")

        raw = d.pop("raw")

        at = d.pop("at", UNSET)

        authority_reply_out = cls(
            status=status,
            codes=codes,
            message=message,
            raw=raw,
            at=at,
        )


        authority_reply_out.additional_properties = d
        return authority_reply_out

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

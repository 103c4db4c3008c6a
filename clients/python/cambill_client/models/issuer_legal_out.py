from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="IssuerLegalOut")



@_attrs_define
class IssuerLegalOut:
    """ Read here, edited in the legal data (``.../legal/``): one record per issuer.

        Attributes:
            legal_name (str):
            tax_id (str):
            address (str):
     """

    legal_name: str
    tax_id: str
    address: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        legal_name = self.legal_name

        tax_id = self.tax_id

        address = self.address


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "legal_name": legal_name,
            "tax_id": tax_id,
            "address": address,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        legal_name = d.pop("legal_name")

        tax_id = d.pop("tax_id")

        address = d.pop("address")

        issuer_legal_out = cls(
            legal_name=legal_name,
            tax_id=tax_id,
            address=address,
        )


        issuer_legal_out.additional_properties = d
        return issuer_legal_out

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

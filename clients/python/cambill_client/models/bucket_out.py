from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bucket_enum import BucketEnum






T = TypeVar("T", bound="BucketOut")



@_attrs_define
class BucketOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            bucket (BucketEnum): * `current` - current
                * `days_1_30` - days_1_30
                * `days_31_60` - days_31_60
                * `days_61_90` - days_61_90
                * `days_over_90` - days_over_90
            name (str): The bucket's name in the caller's language
            amount (str): Open money of this age
            accounts (int): Accounts whose oldest open invoice is this old
     """

    bucket: BucketEnum
    name: str
    amount: str
    accounts: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        bucket = self.bucket.value

        name = self.name

        amount = self.amount

        accounts = self.accounts


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bucket": bucket,
            "name": name,
            "amount": amount,
            "accounts": accounts,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bucket = BucketEnum(d.pop("bucket"))




        name = d.pop("name")

        amount = d.pop("amount")

        accounts = d.pop("accounts")

        bucket_out = cls(
            bucket=bucket,
            name=name,
            amount=amount,
            accounts=accounts,
        )


        bucket_out.additional_properties = d
        return bucket_out

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

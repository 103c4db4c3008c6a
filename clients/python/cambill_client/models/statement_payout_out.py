from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="StatementPayoutOut")



@_attrs_define
class StatementPayoutOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            amount (str): An amount in the statement's currency, as a decimal string
            reference (str):
            paid_on (datetime.date):
     """

    amount: str
    reference: str
    paid_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        reference = self.reference

        paid_on = self.paid_on.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "amount": amount,
            "reference": reference,
            "paid_on": paid_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        reference = d.pop("reference")

        paid_on = datetime.date.fromisoformat(d.pop("paid_on"))




        statement_payout_out = cls(
            amount=amount,
            reference=reference,
            paid_on=paid_on,
        )


        statement_payout_out.additional_properties = d
        return statement_payout_out

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

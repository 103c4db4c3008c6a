from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="DuePayoutOut")



@_attrs_define
class DuePayoutOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            agent (str): The agent's code
            name (str):
            email (str):
            period (str): YYYY-MM
            currency (str):
            amount (str): The balance due, as a decimal string
     """

    agent: str
    name: str
    email: str
    period: str
    currency: str
    amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        agent = self.agent

        name = self.name

        email = self.email

        period = self.period

        currency = self.currency

        amount = self.amount


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agent": agent,
            "name": name,
            "email": email,
            "period": period,
            "currency": currency,
            "amount": amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent = d.pop("agent")

        name = d.pop("name")

        email = d.pop("email")

        period = d.pop("period")

        currency = d.pop("currency")

        amount = d.pop("amount")

        due_payout_out = cls(
            agent=agent,
            name=name,
            email=email,
            period=period,
            currency=currency,
            amount=amount,
        )


        due_payout_out.additional_properties = d
        return due_payout_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="SuspensionQueueOut")



@_attrs_define
class SuspensionQueueOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            account (str):
            name (str):
            invoice (str): Its oldest such invoice
            days_overdue (int):
            amount (str): Open on the invoices past the suspension day
            due_since (datetime.datetime): When the dunning policy's suspension day was reached
     """

    account: str
    name: str
    invoice: str
    days_overdue: int
    amount: str
    due_since: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        account = self.account

        name = self.name

        invoice = self.invoice

        days_overdue = self.days_overdue

        amount = self.amount

        due_since = self.due_since.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "name": name,
            "invoice": invoice,
            "days_overdue": days_overdue,
            "amount": amount,
            "due_since": due_since,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        name = d.pop("name")

        invoice = d.pop("invoice")

        days_overdue = d.pop("days_overdue")

        amount = d.pop("amount")

        due_since = datetime.datetime.fromisoformat(d.pop("due_since"))




        suspension_queue_out = cls(
            account=account,
            name=name,
            invoice=invoice,
            days_overdue=days_overdue,
            amount=amount,
            due_since=due_since,
        )


        suspension_queue_out.additional_properties = d
        return suspension_queue_out

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

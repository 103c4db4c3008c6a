from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.reminder_out_status_enum import ReminderOutStatusEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ReminderOut")



@_attrs_define
class ReminderOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            account (str):
            status (ReminderOutStatusEnum): * `sent` - sent
                * `already_sent` - already_sent
                * `nothing_overdue` - nothing_overdue
                * `no_contact` - no_contact
            amount (None | str):
            invoice (None | str | Unset):
            message (int | None | Unset):
     """

    account: str
    status: ReminderOutStatusEnum
    amount: None | str
    invoice: None | str | Unset = UNSET
    message: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        account = self.account

        status = self.status.value

        amount: None | str
        amount = self.amount

        invoice: None | str | Unset
        if isinstance(self.invoice, Unset):
            invoice = UNSET
        else:
            invoice = self.invoice

        message: int | None | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "status": status,
            "amount": amount,
        })
        if invoice is not UNSET:
            field_dict["invoice"] = invoice
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        status = ReminderOutStatusEnum(d.pop("status"))




        def _parse_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount = _parse_amount(d.pop("amount"))


        def _parse_invoice(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invoice = _parse_invoice(d.pop("invoice", UNSET))


        def _parse_message(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        message = _parse_message(d.pop("message", UNSET))


        reminder_out = cls(
            account=account,
            status=status,
            amount=amount,
            invoice=invoice,
            message=message,
        )


        reminder_out.additional_properties = d
        return reminder_out

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

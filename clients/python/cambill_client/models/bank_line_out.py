from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="BankLineOut")



@_attrs_define
class BankLineOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            date (str):
            amount (str):
            reference (str):
            description (str):
            invoice (None | str):
            account (None | str):
            payment (int | None):
            note (str):
     """

    date: str
    amount: str
    reference: str
    description: str
    invoice: None | str
    account: None | str
    payment: int | None
    note: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        date = self.date

        amount = self.amount

        reference = self.reference

        description = self.description

        invoice: None | str
        invoice = self.invoice

        account: None | str
        account = self.account

        payment: int | None
        payment = self.payment

        note = self.note


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "date": date,
            "amount": amount,
            "reference": reference,
            "description": description,
            "invoice": invoice,
            "account": account,
            "payment": payment,
            "note": note,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date")

        amount = d.pop("amount")

        reference = d.pop("reference")

        description = d.pop("description")

        def _parse_invoice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice = _parse_invoice(d.pop("invoice"))


        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        def _parse_payment(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        payment = _parse_payment(d.pop("payment"))


        note = d.pop("note")

        bank_line_out = cls(
            date=date,
            amount=amount,
            reference=reference,
            description=description,
            invoice=invoice,
            account=account,
            payment=payment,
            note=note,
        )


        bank_line_out.additional_properties = d
        return bank_line_out

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

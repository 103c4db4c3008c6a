from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.balance_line_out import BalanceLineOut





T = TypeVar("T", bound="BalanceOut")



@_attrs_define
class BalanceOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            account (str):
            currency (str):
            balance (str):
            credit (str):
            status (str):
            lines (list[BalanceLineOut]):
     """

    account: str
    currency: str
    balance: str
    credit: str
    status: str
    lines: list[BalanceLineOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.balance_line_out import BalanceLineOut # noqa: PLC0415
        account = self.account

        currency = self.currency

        balance = self.balance

        credit = self.credit

        status = self.status

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "currency": currency,
            "balance": balance,
            "credit": credit,
            "status": status,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.balance_line_out import BalanceLineOut # noqa: PLC0415
        d = dict(src_dict)
        account = d.pop("account")

        currency = d.pop("currency")

        balance = d.pop("balance")

        credit = d.pop("credit")

        status = d.pop("status")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = BalanceLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        balance_out = cls(
            account=account,
            currency=currency,
            balance=balance,
            credit=credit,
            status=status,
            lines=lines,
        )


        balance_out.additional_properties = d
        return balance_out

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

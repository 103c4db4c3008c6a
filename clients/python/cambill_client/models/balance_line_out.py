from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="BalanceLineOut")



@_attrs_define
class BalanceLineOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            at (str):
            kind (str):
            description (str):
            code (str): The ledger account's code, e.g. receivable:account:111.
            name (str): The ledger account by what it is, in the request's language, e.g. 'Receivable - Transportes
                Martinez'.
            debit (str):
            credit (str):
     """

    at: str
    kind: str
    description: str
    code: str
    name: str
    debit: str
    credit: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        at = self.at

        kind = self.kind

        description = self.description

        code = self.code

        name = self.name

        debit = self.debit

        credit = self.credit


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "kind": kind,
            "description": description,
            "code": code,
            "name": name,
            "debit": debit,
            "credit": credit,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = d.pop("at")

        kind = d.pop("kind")

        description = d.pop("description")

        code = d.pop("code")

        name = d.pop("name")

        debit = d.pop("debit")

        credit = d.pop("credit")

        balance_line_out = cls(
            at=at,
            kind=kind,
            description=description,
            code=code,
            name=name,
            debit=debit,
            credit=credit,
        )


        balance_line_out.additional_properties = d
        return balance_line_out

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

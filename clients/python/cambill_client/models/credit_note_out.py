from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.credit_note_line_out import CreditNoteLineOut





T = TypeVar("T", bound="CreditNoteOut")



@_attrs_define
class CreditNoteOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            number (str):
            invoice (str):
            reason (str):
            currency (str):
            net (str):
            tax (str):
            total (str):
            issued_at (datetime.datetime):
            lines (list[CreditNoteLineOut]):
     """

    number: str
    invoice: str
    reason: str
    currency: str
    net: str
    tax: str
    total: str
    issued_at: datetime.datetime
    lines: list[CreditNoteLineOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.credit_note_line_out import CreditNoteLineOut # noqa: PLC0415
        number = self.number

        invoice = self.invoice

        reason = self.reason

        currency = self.currency

        net = self.net

        tax = self.tax

        total = self.total

        issued_at = self.issued_at.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "number": number,
            "invoice": invoice,
            "reason": reason,
            "currency": currency,
            "net": net,
            "tax": tax,
            "total": total,
            "issued_at": issued_at,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credit_note_line_out import CreditNoteLineOut # noqa: PLC0415
        d = dict(src_dict)
        number = d.pop("number")

        invoice = d.pop("invoice")

        reason = d.pop("reason")

        currency = d.pop("currency")

        net = d.pop("net")

        tax = d.pop("tax")

        total = d.pop("total")

        issued_at = datetime.datetime.fromisoformat(d.pop("issued_at"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = CreditNoteLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        credit_note_out = cls(
            number=number,
            invoice=invoice,
            reason=reason,
            currency=currency,
            net=net,
            tax=tax,
            total=total,
            issued_at=issued_at,
            lines=lines,
        )


        credit_note_out.additional_properties = d
        return credit_note_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WholesaleOpenInvoiceOut")



@_attrs_define
class WholesaleOpenInvoiceOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            number (str):
            period (str):
            due_at (datetime.datetime | None):
            total (str):
            open_ (str):
            overdue (bool):
     """

    number: str
    period: str
    due_at: datetime.datetime | None
    total: str
    open_: str
    overdue: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        number = self.number

        period = self.period

        due_at: None | str
        if isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        total = self.total

        open_ = self.open_

        overdue = self.overdue


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "number": number,
            "period": period,
            "due_at": due_at,
            "total": total,
            "open": open_,
            "overdue": overdue,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number = d.pop("number")

        period = d.pop("period")

        def _parse_due_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_at_type_0 = datetime.datetime.fromisoformat(data)



                return due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        due_at = _parse_due_at(d.pop("due_at"))


        total = d.pop("total")

        open_ = d.pop("open")

        overdue = d.pop("overdue")

        wholesale_open_invoice_out = cls(
            number=number,
            period=period,
            due_at=due_at,
            total=total,
            open_=open_,
            overdue=overdue,
        )


        wholesale_open_invoice_out.additional_properties = d
        return wholesale_open_invoice_out

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

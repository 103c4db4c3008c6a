from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="NextStepOut")



@_attrs_define
class NextStepOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            kind (str): reminder (its day after the due date) | suspension
            day (int): Days after the due date
            at (datetime.datetime): When the dunning run takes it (due now when in the past)
            invoice (str):
     """

    kind: str
    day: int
    at: datetime.datetime
    invoice: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        day = self.day

        at = self.at.isoformat()

        invoice = self.invoice


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "day": day,
            "at": at,
            "invoice": invoice,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        day = d.pop("day")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        invoice = d.pop("invoice")

        next_step_out = cls(
            kind=kind,
            day=day,
            at=at,
            invoice=invoice,
        )


        next_step_out.additional_properties = d
        return next_step_out

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

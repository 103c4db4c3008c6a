from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="DunningEventOut")



@_attrs_define
class DunningEventOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            kind (str):
            day (int | None):
            invoice (None | str):
            detail (str):
            at (str):
     """

    kind: str
    day: int | None
    invoice: None | str
    detail: str
    at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        day: int | None
        day = self.day

        invoice: None | str
        invoice = self.invoice

        detail = self.detail

        at = self.at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "day": day,
            "invoice": invoice,
            "detail": detail,
            "at": at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        def _parse_day(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        day = _parse_day(d.pop("day"))


        def _parse_invoice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice = _parse_invoice(d.pop("invoice"))


        detail = d.pop("detail")

        at = d.pop("at")

        dunning_event_out = cls(
            kind=kind,
            day=day,
            invoice=invoice,
            detail=detail,
            at=at,
        )


        dunning_event_out.additional_properties = d
        return dunning_event_out

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

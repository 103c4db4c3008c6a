from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CSVIngestOut")



@_attrs_define
class CSVIngestOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            received (int): Rows read
            inserted (int): Events stored
            duplicates (int): Rows already stored (same source and id)
            unmatched (int): Events for a camera not known yet
            late (int): Events in a period already invoiced
     """

    received: int
    inserted: int
    duplicates: int
    unmatched: int
    late: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        received = self.received

        inserted = self.inserted

        duplicates = self.duplicates

        unmatched = self.unmatched

        late = self.late


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "received": received,
            "inserted": inserted,
            "duplicates": duplicates,
            "unmatched": unmatched,
            "late": late,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received = d.pop("received")

        inserted = d.pop("inserted")

        duplicates = d.pop("duplicates")

        unmatched = d.pop("unmatched")

        late = d.pop("late")

        csv_ingest_out = cls(
            received=received,
            inserted=inserted,
            duplicates=duplicates,
            unmatched=unmatched,
            late=late,
        )


        csv_ingest_out.additional_properties = d
        return csv_ingest_out

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

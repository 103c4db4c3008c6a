from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.bank_line_out import BankLineOut





T = TypeVar("T", bound="BankImportOut")



@_attrs_define
class BankImportOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            filename (str):
            total (int):
            matched (list[BankLineOut]):
            unmatched (list[BankLineOut]):
            skipped (int):
     """

    id: int
    filename: str
    total: int
    matched: list[BankLineOut]
    unmatched: list[BankLineOut]
    skipped: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_line_out import BankLineOut # noqa: PLC0415
        id = self.id

        filename = self.filename

        total = self.total

        matched = []
        for matched_item_data in self.matched:
            matched_item = matched_item_data.to_dict()
            matched.append(matched_item)



        unmatched = []
        for unmatched_item_data in self.unmatched:
            unmatched_item = unmatched_item_data.to_dict()
            unmatched.append(unmatched_item)



        skipped = self.skipped


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "filename": filename,
            "total": total,
            "matched": matched,
            "unmatched": unmatched,
            "skipped": skipped,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_line_out import BankLineOut # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        filename = d.pop("filename")

        total = d.pop("total")

        matched = []
        _matched = d.pop("matched")
        for matched_item_data in (_matched):
            matched_item = BankLineOut.from_dict(matched_item_data)



            matched.append(matched_item)


        unmatched = []
        _unmatched = d.pop("unmatched")
        for unmatched_item_data in (_unmatched):
            unmatched_item = BankLineOut.from_dict(unmatched_item_data)



            unmatched.append(unmatched_item)


        skipped = d.pop("skipped")

        bank_import_out = cls(
            id=id,
            filename=filename,
            total=total,
            matched=matched,
            unmatched=unmatched,
            skipped=skipped,
        )


        bank_import_out.additional_properties = d
        return bank_import_out

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

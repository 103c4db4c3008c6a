from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.bank_statement_line_out import BankStatementLineOut





T = TypeVar("T", bound="BankStatementDetailOut")



@_attrs_define
class BankStatementDetailOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            filename (str):
            format_ (str): camt053 | mt940 | csv
            statement_ids (str):
            imported_at (datetime.datetime):
            total (int):
            matched (int):
            unmatched (int): Lines left for a person (suggested, unmatched, ignored)
            skipped (int): Lines imported before (same statement and reference)
            lines (list[BankStatementLineOut]):
     """

    id: int
    filename: str
    format_: str
    statement_ids: str
    imported_at: datetime.datetime
    total: int
    matched: int
    unmatched: int
    skipped: int
    lines: list[BankStatementLineOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_statement_line_out import BankStatementLineOut # noqa: PLC0415
        id = self.id

        filename = self.filename

        format_ = self.format_

        statement_ids = self.statement_ids

        imported_at = self.imported_at.isoformat()

        total = self.total

        matched = self.matched

        unmatched = self.unmatched

        skipped = self.skipped

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "filename": filename,
            "format": format_,
            "statement_ids": statement_ids,
            "imported_at": imported_at,
            "total": total,
            "matched": matched,
            "unmatched": unmatched,
            "skipped": skipped,
            "lines": lines,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_statement_line_out import BankStatementLineOut # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        filename = d.pop("filename")

        format_ = d.pop("format")

        statement_ids = d.pop("statement_ids")

        imported_at = datetime.datetime.fromisoformat(d.pop("imported_at"))




        total = d.pop("total")

        matched = d.pop("matched")

        unmatched = d.pop("unmatched")

        skipped = d.pop("skipped")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = BankStatementLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        bank_statement_detail_out = cls(
            id=id,
            filename=filename,
            format_=format_,
            statement_ids=statement_ids,
            imported_at=imported_at,
            total=total,
            matched=matched,
            unmatched=unmatched,
            skipped=skipped,
            lines=lines,
        )


        bank_statement_detail_out.additional_properties = d
        return bank_statement_detail_out

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

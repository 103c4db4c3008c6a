from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.programme_out_levels import ProgrammeOutLevels





T = TypeVar("T", bound="ProgrammeOut")



@_attrs_define
class ProgrammeOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            levels (ProgrammeOutLevels): Percent per level
            base (str): issued | paid
            limit_months (int | None):
            valid_from (datetime.date | None):
            valid_to (datetime.date | None):
     """

    levels: ProgrammeOutLevels
    base: str
    limit_months: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.programme_out_levels import ProgrammeOutLevels # noqa: PLC0415
        levels = self.levels.to_dict()

        base = self.base

        limit_months: int | None
        limit_months = self.limit_months

        valid_from: None | str
        if isinstance(self.valid_from, datetime.date):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_to: None | str
        if isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "levels": levels,
            "base": base,
            "limit_months": limit_months,
            "valid_from": valid_from,
            "valid_to": valid_to,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.programme_out_levels import ProgrammeOutLevels # noqa: PLC0415
        d = dict(src_dict)
        levels = ProgrammeOutLevels.from_dict(d.pop("levels"))




        base = d.pop("base")

        def _parse_limit_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit_months = _parse_limit_months(d.pop("limit_months"))


        def _parse_valid_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.date.fromisoformat(data)



                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_from = _parse_valid_from(d.pop("valid_from"))


        def _parse_valid_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.date.fromisoformat(data)



                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_to = _parse_valid_to(d.pop("valid_to"))


        programme_out = cls(
            levels=levels,
            base=base,
            limit_months=limit_months,
            valid_from=valid_from,
            valid_to=valid_to,
        )


        programme_out.additional_properties = d
        return programme_out

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

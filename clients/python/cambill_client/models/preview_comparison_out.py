from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.preview_side_out import PreviewSideOut





T = TypeVar("T", bound="PreviewComparisonOut")



@_attrs_define
class PreviewComparisonOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            period (str): YYYY-MM in the cloud's time zone
            start (datetime.datetime):
            end (datetime.datetime):
            first_day (datetime.date):
            last_day (datetime.date):
            old (PreviewSideOut): A response body. Never saves: writes go through verbs.
            new (PreviewSideOut): A response body. Never saves: writes go through verbs.
            difference (str): new - old
     """

    period: str
    start: datetime.datetime
    end: datetime.datetime
    first_day: datetime.date
    last_day: datetime.date
    old: PreviewSideOut
    new: PreviewSideOut
    difference: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_side_out import PreviewSideOut # noqa: PLC0415
        period = self.period

        start = self.start.isoformat()

        end = self.end.isoformat()

        first_day = self.first_day.isoformat()

        last_day = self.last_day.isoformat()

        old = self.old.to_dict()

        new = self.new.to_dict()

        difference = self.difference


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "period": period,
            "start": start,
            "end": end,
            "first_day": first_day,
            "last_day": last_day,
            "old": old,
            "new": new,
            "difference": difference,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_side_out import PreviewSideOut # noqa: PLC0415
        d = dict(src_dict)
        period = d.pop("period")

        start = datetime.datetime.fromisoformat(d.pop("start"))




        end = datetime.datetime.fromisoformat(d.pop("end"))




        first_day = datetime.date.fromisoformat(d.pop("first_day"))




        last_day = datetime.date.fromisoformat(d.pop("last_day"))




        old = PreviewSideOut.from_dict(d.pop("old"))




        new = PreviewSideOut.from_dict(d.pop("new"))




        difference = d.pop("difference")

        preview_comparison_out = cls(
            period=period,
            start=start,
            end=end,
            first_day=first_day,
            last_day=last_day,
            old=old,
            new=new,
            difference=difference,
        )


        preview_comparison_out.additional_properties = d
        return preview_comparison_out

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

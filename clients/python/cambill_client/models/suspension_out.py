from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="SuspensionOut")



@_attrs_define
class SuspensionOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            start (datetime.datetime):
            end (datetime.datetime | None): null: still suspended
            reason (str):
            resume_reason (str):
            suspended_by (None | str):
            resumed_by (None | str):
     """

    start: datetime.datetime
    end: datetime.datetime | None
    reason: str
    resume_reason: str
    suspended_by: None | str
    resumed_by: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        start = self.start.isoformat()

        end: None | str
        if isinstance(self.end, datetime.datetime):
            end = self.end.isoformat()
        else:
            end = self.end

        reason = self.reason

        resume_reason = self.resume_reason

        suspended_by: None | str
        suspended_by = self.suspended_by

        resumed_by: None | str
        resumed_by = self.resumed_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "start": start,
            "end": end,
            "reason": reason,
            "resume_reason": resume_reason,
            "suspended_by": suspended_by,
            "resumed_by": resumed_by,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        start = datetime.datetime.fromisoformat(d.pop("start"))




        def _parse_end(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_type_0 = datetime.datetime.fromisoformat(data)



                return end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        end = _parse_end(d.pop("end"))


        reason = d.pop("reason")

        resume_reason = d.pop("resume_reason")

        def _parse_suspended_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        suspended_by = _parse_suspended_by(d.pop("suspended_by"))


        def _parse_resumed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        resumed_by = _parse_resumed_by(d.pop("resumed_by"))


        suspension_out = cls(
            start=start,
            end=end,
            reason=reason,
            resume_reason=resume_reason,
            suspended_by=suspended_by,
            resumed_by=resumed_by,
        )


        suspension_out.additional_properties = d
        return suspension_out

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

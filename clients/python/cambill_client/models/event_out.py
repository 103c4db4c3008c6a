from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="EventOut")



@_attrs_define
class EventOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (str):
            source (str):
            type_ (str):
            subject (str):
            time (datetime.datetime):
            data (Any):
            matched (bool):
            late (bool):
            billed_period (None | str):
            received_at (datetime.datetime):
            quarantined_at (datetime.datetime | None): Set when the rollup could not count the event
            quarantine_reason (str): Why it was quarantined (else empty)
            camera (str | Unset):
     """

    id: str
    source: str
    type_: str
    subject: str
    time: datetime.datetime
    data: Any
    matched: bool
    late: bool
    billed_period: None | str
    received_at: datetime.datetime
    quarantined_at: datetime.datetime | None
    quarantine_reason: str
    camera: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        source = self.source

        type_ = self.type_

        subject = self.subject

        time = self.time.isoformat()

        data = self.data

        matched = self.matched

        late = self.late

        billed_period: None | str
        billed_period = self.billed_period

        received_at = self.received_at.isoformat()

        quarantined_at: None | str
        if isinstance(self.quarantined_at, datetime.datetime):
            quarantined_at = self.quarantined_at.isoformat()
        else:
            quarantined_at = self.quarantined_at

        quarantine_reason = self.quarantine_reason

        camera = self.camera


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "source": source,
            "type": type_,
            "subject": subject,
            "time": time,
            "data": data,
            "matched": matched,
            "late": late,
            "billed_period": billed_period,
            "received_at": received_at,
            "quarantined_at": quarantined_at,
            "quarantine_reason": quarantine_reason,
        })
        if camera is not UNSET:
            field_dict["camera"] = camera

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        source = d.pop("source")

        type_ = d.pop("type")

        subject = d.pop("subject")

        time = datetime.datetime.fromisoformat(d.pop("time"))




        data = d.pop("data")

        matched = d.pop("matched")

        late = d.pop("late")

        def _parse_billed_period(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        billed_period = _parse_billed_period(d.pop("billed_period"))


        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        def _parse_quarantined_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                quarantined_at_type_0 = datetime.datetime.fromisoformat(data)



                return quarantined_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        quarantined_at = _parse_quarantined_at(d.pop("quarantined_at"))


        quarantine_reason = d.pop("quarantine_reason")

        camera = d.pop("camera", UNSET)

        event_out = cls(
            id=id,
            source=source,
            type_=type_,
            subject=subject,
            time=time,
            data=data,
            matched=matched,
            late=late,
            billed_period=billed_period,
            received_at=received_at,
            quarantined_at=quarantined_at,
            quarantine_reason=quarantine_reason,
            camera=camera,
        )


        event_out.additional_properties = d
        return event_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.events_create_json_body_specversion import EventsCreateJsonBodySpecversion
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.events_create_json_body_data import EventsCreateJsonBodyData





T = TypeVar("T", bound="EventsCreateJsonBody")



@_attrs_define
class EventsCreateJsonBody:
    """ 
        Attributes:
            specversion (EventsCreateJsonBodySpecversion):
            id (str):
            source (str):
            type_ (str): A meter's event_type.
            subject (str): The camera's code.
            time (datetime.datetime):
            datacontenttype (str | Unset):
            data (EventsCreateJsonBodyData | Unset): The readings, at data.<value_path>.
     """

    specversion: EventsCreateJsonBodySpecversion
    id: str
    source: str
    type_: str
    subject: str
    time: datetime.datetime
    datacontenttype: str | Unset = UNSET
    data: EventsCreateJsonBodyData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.events_create_json_body_data import EventsCreateJsonBodyData # noqa: PLC0415
        specversion = self.specversion.value

        id = self.id

        source = self.source

        type_ = self.type_

        subject = self.subject

        time = self.time.isoformat()

        datacontenttype = self.datacontenttype

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "specversion": specversion,
            "id": id,
            "source": source,
            "type": type_,
            "subject": subject,
            "time": time,
        })
        if datacontenttype is not UNSET:
            field_dict["datacontenttype"] = datacontenttype
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.events_create_json_body_data import EventsCreateJsonBodyData # noqa: PLC0415
        d = dict(src_dict)
        specversion = EventsCreateJsonBodySpecversion(d.pop("specversion"))




        id = d.pop("id")

        source = d.pop("source")

        type_ = d.pop("type")

        subject = d.pop("subject")

        time = datetime.datetime.fromisoformat(d.pop("time"))




        datacontenttype = d.pop("datacontenttype", UNSET)

        _data = d.pop("data", UNSET)
        data: EventsCreateJsonBodyData | Unset
        if isinstance(_data,  Unset):
            data = UNSET
        else:
            data = EventsCreateJsonBodyData.from_dict(_data)




        events_create_json_body = cls(
            specversion=specversion,
            id=id,
            source=source,
            type_=type_,
            subject=subject,
            time=time,
            datacontenttype=datacontenttype,
            data=data,
        )


        events_create_json_body.additional_properties = d
        return events_create_json_body

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

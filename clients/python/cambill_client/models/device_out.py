from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DeviceOut")



@_attrs_define
class DeviceOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            serial (str):
            model (str):
            agent_id (str):
            stream_url (str):
            substream_url (str):
            thumbnails (str):
            onvif_url (str):
            onvif_profile (str):
            ptz (bool):
            product (str): Product charged when attached ('' for none)
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            camera (None | str | Unset):
            account (None | str | Unset):
     """

    serial: str
    model: str
    agent_id: str
    stream_url: str
    substream_url: str
    thumbnails: str
    onvif_url: str
    onvif_profile: str
    ptz: bool
    product: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    camera: None | str | Unset = UNSET
    account: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        serial = self.serial

        model = self.model

        agent_id = self.agent_id

        stream_url = self.stream_url

        substream_url = self.substream_url

        thumbnails = self.thumbnails

        onvif_url = self.onvif_url

        onvif_profile = self.onvif_profile

        ptz = self.ptz

        product = self.product

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        camera: None | str | Unset
        if isinstance(self.camera, Unset):
            camera = UNSET
        else:
            camera = self.camera

        account: None | str | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        else:
            account = self.account


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "serial": serial,
            "model": model,
            "agent_id": agent_id,
            "stream_url": stream_url,
            "substream_url": substream_url,
            "thumbnails": thumbnails,
            "onvif_url": onvif_url,
            "onvif_profile": onvif_profile,
            "ptz": ptz,
            "product": product,
            "created_at": created_at,
            "updated_at": updated_at,
        })
        if camera is not UNSET:
            field_dict["camera"] = camera
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        serial = d.pop("serial")

        model = d.pop("model")

        agent_id = d.pop("agent_id")

        stream_url = d.pop("stream_url")

        substream_url = d.pop("substream_url")

        thumbnails = d.pop("thumbnails")

        onvif_url = d.pop("onvif_url")

        onvif_profile = d.pop("onvif_profile")

        ptz = d.pop("ptz")

        product = d.pop("product")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        def _parse_camera(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        camera = _parse_camera(d.pop("camera", UNSET))


        def _parse_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        device_out = cls(
            serial=serial,
            model=model,
            agent_id=agent_id,
            stream_url=stream_url,
            substream_url=substream_url,
            thumbnails=thumbnails,
            onvif_url=onvif_url,
            onvif_profile=onvif_profile,
            ptz=ptz,
            product=product,
            created_at=created_at,
            updated_at=updated_at,
            camera=camera,
            account=account,
        )


        device_out.additional_properties = d
        return device_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.suspend_mode_enum import SuspendModeEnum
from typing import cast
import datetime






T = TypeVar("T", bound="ConnectionOut")



@_attrs_define
class ConnectionOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            base_url (str):
            username (str):
            password_set (bool): The password itself is never returned.
            suspend_mode (SuspendModeEnum): * `disable_streams` - Disable the account's streams
                * `disable_users` - Disable the organization's users
            enabled (bool):
            last_sync_kind (str):
            last_sync_at (datetime.datetime | None):
            last_sync_status (str):
            last_sync_error (str):
            last_poll_at (datetime.datetime | None):
            last_poll_streams (int):
     """

    base_url: str
    username: str
    password_set: bool
    suspend_mode: SuspendModeEnum
    enabled: bool
    last_sync_kind: str
    last_sync_at: datetime.datetime | None
    last_sync_status: str
    last_sync_error: str
    last_poll_at: datetime.datetime | None
    last_poll_streams: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        base_url = self.base_url

        username = self.username

        password_set = self.password_set

        suspend_mode = self.suspend_mode.value

        enabled = self.enabled

        last_sync_kind = self.last_sync_kind

        last_sync_at: None | str
        if isinstance(self.last_sync_at, datetime.datetime):
            last_sync_at = self.last_sync_at.isoformat()
        else:
            last_sync_at = self.last_sync_at

        last_sync_status = self.last_sync_status

        last_sync_error = self.last_sync_error

        last_poll_at: None | str
        if isinstance(self.last_poll_at, datetime.datetime):
            last_poll_at = self.last_poll_at.isoformat()
        else:
            last_poll_at = self.last_poll_at

        last_poll_streams = self.last_poll_streams


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "base_url": base_url,
            "username": username,
            "password_set": password_set,
            "suspend_mode": suspend_mode,
            "enabled": enabled,
            "last_sync_kind": last_sync_kind,
            "last_sync_at": last_sync_at,
            "last_sync_status": last_sync_status,
            "last_sync_error": last_sync_error,
            "last_poll_at": last_poll_at,
            "last_poll_streams": last_poll_streams,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_url = d.pop("base_url")

        username = d.pop("username")

        password_set = d.pop("password_set")

        suspend_mode = SuspendModeEnum(d.pop("suspend_mode"))




        enabled = d.pop("enabled")

        last_sync_kind = d.pop("last_sync_kind")

        def _parse_last_sync_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_sync_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_sync_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_sync_at = _parse_last_sync_at(d.pop("last_sync_at"))


        last_sync_status = d.pop("last_sync_status")

        last_sync_error = d.pop("last_sync_error")

        def _parse_last_poll_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_poll_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_poll_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_poll_at = _parse_last_poll_at(d.pop("last_poll_at"))


        last_poll_streams = d.pop("last_poll_streams")

        connection_out = cls(
            base_url=base_url,
            username=username,
            password_set=password_set,
            suspend_mode=suspend_mode,
            enabled=enabled,
            last_sync_kind=last_sync_kind,
            last_sync_at=last_sync_at,
            last_sync_status=last_sync_status,
            last_sync_error=last_sync_error,
            last_poll_at=last_poll_at,
            last_poll_streams=last_poll_streams,
        )


        connection_out.additional_properties = d
        return connection_out

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

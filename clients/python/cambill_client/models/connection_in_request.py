from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.suspend_mode_enum import SuspendModeEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="ConnectionInRequest")



@_attrs_define
class ConnectionInRequest:
    """ A request body: known keys only, shapes only, JSON types as the schema says.

    An unknown (or read-only) key is refused with a clear message instead of
    being silently dropped: a client that misspells ``discount_percnt`` must
    learn it changed nothing. ``hints`` adds a pointer for keys that are read
    elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

    A value of another JSON type than its field's is refused (``"yes"`` for a
    boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
    strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
    number, as the schema documents.

        Attributes:
            base_url (str | Unset): http(s)://watcher.example:80
            username (str | Unset):
            password (str | Unset): Write-only.
            suspend_mode (SuspendModeEnum | Unset): * `disable_streams` - Disable the account's streams
                * `disable_users` - Disable the organization's users
            enabled (bool | Unset):
     """

    base_url: str | Unset = UNSET
    username: str | Unset = UNSET
    password: str | Unset = UNSET
    suspend_mode: SuspendModeEnum | Unset = UNSET
    enabled: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        base_url = self.base_url

        username = self.username

        password = self.password

        suspend_mode: str | Unset = UNSET
        if not isinstance(self.suspend_mode, Unset):
            suspend_mode = self.suspend_mode.value


        enabled = self.enabled


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if base_url is not UNSET:
            field_dict["base_url"] = base_url
        if username is not UNSET:
            field_dict["username"] = username
        if password is not UNSET:
            field_dict["password"] = password
        if suspend_mode is not UNSET:
            field_dict["suspend_mode"] = suspend_mode
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_url = d.pop("base_url", UNSET)

        username = d.pop("username", UNSET)

        password = d.pop("password", UNSET)

        _suspend_mode = d.pop("suspend_mode", UNSET)
        suspend_mode: SuspendModeEnum | Unset
        if isinstance(_suspend_mode,  Unset):
            suspend_mode = UNSET
        else:
            suspend_mode = SuspendModeEnum(_suspend_mode)




        enabled = d.pop("enabled", UNSET)

        connection_in_request = cls(
            base_url=base_url,
            username=username,
            password=password,
            suspend_mode=suspend_mode,
            enabled=enabled,
        )

        return connection_in_request


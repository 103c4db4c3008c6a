from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="DunningInRequest")



@_attrs_define
class DunningInRequest:
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
            reminder_days (list[int]):
            suspend_after_days (int | None | Unset):
            enabled (bool | Unset):  Default: True.
     """

    reminder_days: list[int]
    suspend_after_days: int | None | Unset = UNSET
    enabled: bool | Unset = True





    def to_dict(self) -> dict[str, Any]:
        reminder_days = self.reminder_days



        suspend_after_days: int | None | Unset
        if isinstance(self.suspend_after_days, Unset):
            suspend_after_days = UNSET
        else:
            suspend_after_days = self.suspend_after_days

        enabled = self.enabled


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reminder_days": reminder_days,
        })
        if suspend_after_days is not UNSET:
            field_dict["suspend_after_days"] = suspend_after_days
        if enabled is not UNSET:
            field_dict["enabled"] = enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reminder_days = cast(list[int], d.pop("reminder_days"))


        def _parse_suspend_after_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        suspend_after_days = _parse_suspend_after_days(d.pop("suspend_after_days", UNSET))


        enabled = d.pop("enabled", UNSET)

        dunning_in_request = cls(
            reminder_days=reminder_days,
            suspend_after_days=suspend_after_days,
            enabled=enabled,
        )

        return dunning_in_request


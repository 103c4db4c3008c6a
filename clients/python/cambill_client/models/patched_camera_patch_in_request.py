from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.camera_status_enum import CameraStatusEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedCameraPatchInRequest")



@_attrs_define
class PatchedCameraPatchInRequest:
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
            title (str | Unset):
            status (CameraStatusEnum | Unset): * `active` - Active
                * `disabled` - Disabled
                * `removed` - Removed
     """

    title: str | Unset = UNSET
    status: CameraStatusEnum | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        title = self.title

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if title is not UNSET:
            field_dict["title"] = title
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title", UNSET)

        _status = d.pop("status", UNSET)
        status: CameraStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = CameraStatusEnum(_status)




        patched_camera_patch_in_request = cls(
            title=title,
            status=status,
        )

        return patched_camera_patch_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.push_out_status_enum import PushOutStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="PushOut")



@_attrs_define
class PushOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            kind (str):
            object_ref (str):
            status (PushOutStatusEnum): * `pending` - Pending
                * `done` - Done
                * `failed` - Failed (will retry)
            attempts (int):
            last_error (str):
            payload (Any):
            next_attempt_at (datetime.datetime):
            created_at (datetime.datetime):
            done_at (datetime.datetime | None):
     """

    id: int
    kind: str
    object_ref: str
    status: PushOutStatusEnum
    attempts: int
    last_error: str
    payload: Any
    next_attempt_at: datetime.datetime
    created_at: datetime.datetime
    done_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        object_ref = self.object_ref

        status = self.status.value

        attempts = self.attempts

        last_error = self.last_error

        payload = self.payload

        next_attempt_at = self.next_attempt_at.isoformat()

        created_at = self.created_at.isoformat()

        done_at: None | str
        if isinstance(self.done_at, datetime.datetime):
            done_at = self.done_at.isoformat()
        else:
            done_at = self.done_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "object_ref": object_ref,
            "status": status,
            "attempts": attempts,
            "last_error": last_error,
            "payload": payload,
            "next_attempt_at": next_attempt_at,
            "created_at": created_at,
            "done_at": done_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        object_ref = d.pop("object_ref")

        status = PushOutStatusEnum(d.pop("status"))




        attempts = d.pop("attempts")

        last_error = d.pop("last_error")

        payload = d.pop("payload")

        next_attempt_at = datetime.datetime.fromisoformat(d.pop("next_attempt_at"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_done_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                done_at_type_0 = datetime.datetime.fromisoformat(data)



                return done_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        done_at = _parse_done_at(d.pop("done_at"))


        push_out = cls(
            id=id,
            kind=kind,
            object_ref=object_ref,
            status=status,
            attempts=attempts,
            last_error=last_error,
            payload=payload,
            next_attempt_at=next_attempt_at,
            created_at=created_at,
            done_at=done_at,
        )


        push_out.additional_properties = d
        return push_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AuditOut")



@_attrs_define
class AuditOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            at (datetime.datetime):
            actor (str): Username, or 'system'
            actor_name (str): The person by name (the username when the user has no name), or 'System'.
            sentence (str): The entry as one sentence in the request's language, e.g. 'Maria Lopez issued invoice
                TELENET-2026-000190'.
            verb (str):
            object_type (str): e.g. clouds.camera
            object_id (str):
            object_repr (str):
            cloud (None | str):
            before (Any):
            after (Any):
     """

    id: int
    at: datetime.datetime
    actor: str
    actor_name: str
    sentence: str
    verb: str
    object_type: str
    object_id: str
    object_repr: str
    cloud: None | str
    before: Any
    after: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        at = self.at.isoformat()

        actor = self.actor

        actor_name = self.actor_name

        sentence = self.sentence

        verb = self.verb

        object_type = self.object_type

        object_id = self.object_id

        object_repr = self.object_repr

        cloud: None | str
        cloud = self.cloud

        before = self.before

        after = self.after


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "at": at,
            "actor": actor,
            "actor_name": actor_name,
            "sentence": sentence,
            "verb": verb,
            "object_type": object_type,
            "object_id": object_id,
            "object_repr": object_repr,
            "cloud": cloud,
            "before": before,
            "after": after,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        actor = d.pop("actor")

        actor_name = d.pop("actor_name")

        sentence = d.pop("sentence")

        verb = d.pop("verb")

        object_type = d.pop("object_type")

        object_id = d.pop("object_id")

        object_repr = d.pop("object_repr")

        def _parse_cloud(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cloud = _parse_cloud(d.pop("cloud"))


        before = d.pop("before")

        after = d.pop("after")

        audit_out = cls(
            id=id,
            at=at,
            actor=actor,
            actor_name=actor_name,
            sentence=sentence,
            verb=verb,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            cloud=cloud,
            before=before,
            after=after,
        )


        audit_out.additional_properties = d
        return audit_out

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

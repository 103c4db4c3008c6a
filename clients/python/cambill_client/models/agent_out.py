from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="AgentOut")



@_attrs_define
class AgentOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            email (str):
            parent (None | str):
            rate_percent (None | str): Overrides the level-1 rate when set
            active (bool):
            user (None | str): Login, if any
            referral_code (None | str): Code of the sign-up link /join/{slug}/{referral_code}/ (shown to the agent itself
                and to staff who manage agents; null otherwise)
            created_at (datetime.datetime):
     """

    code: str
    name: str
    email: str
    parent: None | str
    rate_percent: None | str
    active: bool
    user: None | str
    referral_code: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        email = self.email

        parent: None | str
        parent = self.parent

        rate_percent: None | str
        rate_percent = self.rate_percent

        active = self.active

        user: None | str
        user = self.user

        referral_code: None | str
        referral_code = self.referral_code

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "email": email,
            "parent": parent,
            "rate_percent": rate_percent,
            "active": active,
            "user": user,
            "referral_code": referral_code,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        email = d.pop("email")

        def _parse_parent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        parent = _parse_parent(d.pop("parent"))


        def _parse_rate_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rate_percent = _parse_rate_percent(d.pop("rate_percent"))


        active = d.pop("active")

        def _parse_user(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user = _parse_user(d.pop("user"))


        def _parse_referral_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referral_code = _parse_referral_code(d.pop("referral_code"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        agent_out = cls(
            code=code,
            name=name,
            email=email,
            parent=parent,
            rate_percent=rate_percent,
            active=active,
            user=user,
            referral_code=referral_code,
            created_at=created_at,
        )


        agent_out.additional_properties = d
        return agent_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.blank_enum import BlankEnum
from ..models.language_enum import LanguageEnum
from ..models.role_enum import RoleEnum
from typing import cast
import datetime






T = TypeVar("T", bound="UserOut")



@_attrs_define
class UserOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            username (str):
            email (str):
            first_name (str):
            last_name (str):
            role (BlankEnum | RoleEnum):
            cloud (None | str): Cloud slug
            account (None | str): Account code
            agent (None | str): Agent code
            language (LanguageEnum): * `en` - English
                * `es` - Español
                * `pt-br` - Português (Brasil)
            is_active (bool):
            date_joined (datetime.datetime):
     """

    username: str
    email: str
    first_name: str
    last_name: str
    role: BlankEnum | RoleEnum
    cloud: None | str
    account: None | str
    agent: None | str
    language: LanguageEnum
    is_active: bool
    date_joined: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        username = self.username

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        role: str
        if isinstance(self.role, RoleEnum):
            role = self.role.value
        else:
            role = self.role.value


        cloud: None | str
        cloud = self.cloud

        account: None | str
        account = self.account

        agent: None | str
        agent = self.agent

        language = self.language.value

        is_active = self.is_active

        date_joined = self.date_joined.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "username": username,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "role": role,
            "cloud": cloud,
            "account": account,
            "agent": agent,
            "language": language,
            "is_active": is_active,
            "date_joined": date_joined,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        email = d.pop("email")

        first_name = d.pop("first_name")

        last_name = d.pop("last_name")

        def _parse_role(data: object) -> BlankEnum | RoleEnum:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_0 = RoleEnum(data)



                return role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, str):
                raise TypeError()
            role_type_1 = BlankEnum(data)



            return role_type_1

        role = _parse_role(d.pop("role"))


        def _parse_cloud(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cloud = _parse_cloud(d.pop("cloud"))


        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        def _parse_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agent = _parse_agent(d.pop("agent"))


        language = LanguageEnum(d.pop("language"))




        is_active = d.pop("is_active")

        date_joined = datetime.datetime.fromisoformat(d.pop("date_joined"))




        user_out = cls(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            cloud=cloud,
            account=account,
            agent=agent,
            language=language,
            is_active=is_active,
            date_joined=date_joined,
        )


        user_out.additional_properties = d
        return user_out

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

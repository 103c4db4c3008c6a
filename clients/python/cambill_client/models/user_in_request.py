from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.language_enum import LanguageEnum
from ..models.role_enum import RoleEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="UserInRequest")



@_attrs_define
class UserInRequest:
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
            username (str):
            password (str):
            role (RoleEnum): * `provider_admin` - Provider admin
                * `provider_accountant` - Provider accountant
                * `provider_manager` - Provider manager
                * `cloud_admin` - Cloud admin
                * `account_manager` - Account manager
                * `cloud_accountant` - Cloud accountant
                * `subscriber` - Subscriber
                * `agent` - Referral agent
            email (str | Unset):
            first_name (str | Unset):
            last_name (str | Unset):
            cloud (None | str | Unset): Cloud slug (cloud roles)
            account (None | str | Unset): Account code (subscribers)
            agent (None | str | Unset): Agent code (agents)
            language (LanguageEnum | Unset): * `en` - English
                * `es` - Español
                * `pt-br` - Português (Brasil)
     """

    username: str
    password: str
    role: RoleEnum
    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    cloud: None | str | Unset = UNSET
    account: None | str | Unset = UNSET
    agent: None | str | Unset = UNSET
    language: LanguageEnum | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        username = self.username

        password = self.password

        role = self.role.value

        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        cloud: None | str | Unset
        if isinstance(self.cloud, Unset):
            cloud = UNSET
        else:
            cloud = self.cloud

        account: None | str | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        else:
            account = self.account

        agent: None | str | Unset
        if isinstance(self.agent, Unset):
            agent = UNSET
        else:
            agent = self.agent

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "username": username,
            "password": password,
            "role": role,
        })
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if cloud is not UNSET:
            field_dict["cloud"] = cloud
        if account is not UNSET:
            field_dict["account"] = account
        if agent is not UNSET:
            field_dict["agent"] = agent
        if language is not UNSET:
            field_dict["language"] = language

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        password = d.pop("password")

        role = RoleEnum(d.pop("role"))




        email = d.pop("email", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        def _parse_cloud(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cloud = _parse_cloud(d.pop("cloud", UNSET))


        def _parse_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        def _parse_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        agent = _parse_agent(d.pop("agent", UNSET))


        _language = d.pop("language", UNSET)
        language: LanguageEnum | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = LanguageEnum(_language)




        user_in_request = cls(
            username=username,
            password=password,
            role=role,
            email=email,
            first_name=first_name,
            last_name=last_name,
            cloud=cloud,
            account=account,
            agent=agent,
            language=language,
        )

        return user_in_request


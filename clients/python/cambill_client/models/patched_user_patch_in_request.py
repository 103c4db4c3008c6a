from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.language_enum import LanguageEnum
from ..models.role_enum import RoleEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedUserPatchInRequest")



@_attrs_define
class PatchedUserPatchInRequest:
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
            email (str | Unset):
            first_name (str | Unset):
            last_name (str | Unset):
            language (LanguageEnum | Unset): * `en` - English
                * `es` - Español
                * `pt-br` - Português (Brasil)
            role (RoleEnum | Unset): * `provider_admin` - Provider admin
                * `provider_accountant` - Provider accountant
                * `provider_manager` - Provider manager
                * `cloud_admin` - Cloud admin
                * `account_manager` - Account manager
                * `cloud_accountant` - Cloud accountant
                * `subscriber` - Subscriber
                * `agent` - Referral agent
            is_active (bool | Unset): False: as POST .../deactivate (sessions and tokens end)
            password (str | Unset):
            current_password (str | Unset): Required to change your own password
     """

    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    last_name: str | Unset = UNSET
    language: LanguageEnum | Unset = UNSET
    role: RoleEnum | Unset = UNSET
    is_active: bool | Unset = UNSET
    password: str | Unset = UNSET
    current_password: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        email = self.email

        first_name = self.first_name

        last_name = self.last_name

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        is_active = self.is_active

        password = self.password

        current_password = self.current_password


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["first_name"] = first_name
        if last_name is not UNSET:
            field_dict["last_name"] = last_name
        if language is not UNSET:
            field_dict["language"] = language
        if role is not UNSET:
            field_dict["role"] = role
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if password is not UNSET:
            field_dict["password"] = password
        if current_password is not UNSET:
            field_dict["current_password"] = current_password

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email", UNSET)

        first_name = d.pop("first_name", UNSET)

        last_name = d.pop("last_name", UNSET)

        _language = d.pop("language", UNSET)
        language: LanguageEnum | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = LanguageEnum(_language)




        _role = d.pop("role", UNSET)
        role: RoleEnum | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = RoleEnum(_role)




        is_active = d.pop("is_active", UNSET)

        password = d.pop("password", UNSET)

        current_password = d.pop("current_password", UNSET)

        patched_user_patch_in_request = cls(
            email=email,
            first_name=first_name,
            last_name=last_name,
            language=language,
            role=role,
            is_active=is_active,
            password=password,
            current_password=current_password,
        )

        return patched_user_patch_in_request


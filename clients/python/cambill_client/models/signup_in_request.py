from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.language_enum import LanguageEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="SignupInRequest")



@_attrs_define
class SignupInRequest:
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
            referral_code (str): The agent's referral code (from its link)
            name (str): The subscriber's name or company
            email (str):
            username (str): The owner login to create
            password (str):
            accept_terms (bool): Must be true
            language (LanguageEnum | Unset): * `en` - English
                * `es` - Español
                * `pt-br` - Português (Brasil) Default: LanguageEnum.EN.
            coupon (str | Unset): A coupon code of the cloud, redeemed on the new account
     """

    referral_code: str
    name: str
    email: str
    username: str
    password: str
    accept_terms: bool
    language: LanguageEnum | Unset = LanguageEnum.EN
    coupon: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        referral_code = self.referral_code

        name = self.name

        email = self.email

        username = self.username

        password = self.password

        accept_terms = self.accept_terms

        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        coupon = self.coupon


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "referral_code": referral_code,
            "name": name,
            "email": email,
            "username": username,
            "password": password,
            "accept_terms": accept_terms,
        })
        if language is not UNSET:
            field_dict["language"] = language
        if coupon is not UNSET:
            field_dict["coupon"] = coupon

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        referral_code = d.pop("referral_code")

        name = d.pop("name")

        email = d.pop("email")

        username = d.pop("username")

        password = d.pop("password")

        accept_terms = d.pop("accept_terms")

        _language = d.pop("language", UNSET)
        language: LanguageEnum | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = LanguageEnum(_language)




        coupon = d.pop("coupon", UNSET)

        signup_in_request = cls(
            referral_code=referral_code,
            name=name,
            email=email,
            username=username,
            password=password,
            accept_terms=accept_terms,
            language=language,
            coupon=coupon,
        )

        return signup_in_request


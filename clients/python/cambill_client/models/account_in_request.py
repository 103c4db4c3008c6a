from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.language_enum import LanguageEnum
from ..models.lifecycle_status_enum import LifecycleStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AccountInRequest")



@_attrs_define
class AccountInRequest:
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
            name (str):
            code (str):
            email (str | Unset):
            account_manager (None | str | Unset): Username
            referral_agent (None | str | Unset): Agent code
            trial_until (datetime.datetime | None | Unset):
            status (LifecycleStatusEnum | Unset): * `active` - Active
                * `suspended` - Suspended
                * `closed` - Closed
            language (LanguageEnum | Unset): * `en` - English
                * `es` - Español
                * `pt-br` - Português (Brasil)
            legal_name (str | Unset):
            tax_id (str | Unset):
            address (str | Unset):
            billing_contacts (list[str] | Unset): E-mail addresses for billing mail; the first is the main one
            referral_code (str | Unset): An agent's referral code: attributes the account to it
     """

    name: str
    code: str
    email: str | Unset = UNSET
    account_manager: None | str | Unset = UNSET
    referral_agent: None | str | Unset = UNSET
    trial_until: datetime.datetime | None | Unset = UNSET
    status: LifecycleStatusEnum | Unset = UNSET
    language: LanguageEnum | Unset = UNSET
    legal_name: str | Unset = UNSET
    tax_id: str | Unset = UNSET
    address: str | Unset = UNSET
    billing_contacts: list[str] | Unset = UNSET
    referral_code: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        code = self.code

        email = self.email

        account_manager: None | str | Unset
        if isinstance(self.account_manager, Unset):
            account_manager = UNSET
        else:
            account_manager = self.account_manager

        referral_agent: None | str | Unset
        if isinstance(self.referral_agent, Unset):
            referral_agent = UNSET
        else:
            referral_agent = self.referral_agent

        trial_until: None | str | Unset
        if isinstance(self.trial_until, Unset):
            trial_until = UNSET
        elif isinstance(self.trial_until, datetime.datetime):
            trial_until = self.trial_until.isoformat()
        else:
            trial_until = self.trial_until

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        language: str | Unset = UNSET
        if not isinstance(self.language, Unset):
            language = self.language.value


        legal_name = self.legal_name

        tax_id = self.tax_id

        address = self.address

        billing_contacts: list[str] | Unset = UNSET
        if not isinstance(self.billing_contacts, Unset):
            billing_contacts = self.billing_contacts



        referral_code = self.referral_code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "code": code,
        })
        if email is not UNSET:
            field_dict["email"] = email
        if account_manager is not UNSET:
            field_dict["account_manager"] = account_manager
        if referral_agent is not UNSET:
            field_dict["referral_agent"] = referral_agent
        if trial_until is not UNSET:
            field_dict["trial_until"] = trial_until
        if status is not UNSET:
            field_dict["status"] = status
        if language is not UNSET:
            field_dict["language"] = language
        if legal_name is not UNSET:
            field_dict["legal_name"] = legal_name
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if address is not UNSET:
            field_dict["address"] = address
        if billing_contacts is not UNSET:
            field_dict["billing_contacts"] = billing_contacts
        if referral_code is not UNSET:
            field_dict["referral_code"] = referral_code

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        code = d.pop("code")

        email = d.pop("email", UNSET)

        def _parse_account_manager(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_manager = _parse_account_manager(d.pop("account_manager", UNSET))


        def _parse_referral_agent(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        referral_agent = _parse_referral_agent(d.pop("referral_agent", UNSET))


        def _parse_trial_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_until_type_0 = datetime.datetime.fromisoformat(data)



                return trial_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        trial_until = _parse_trial_until(d.pop("trial_until", UNSET))


        _status = d.pop("status", UNSET)
        status: LifecycleStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = LifecycleStatusEnum(_status)




        _language = d.pop("language", UNSET)
        language: LanguageEnum | Unset
        if isinstance(_language,  Unset):
            language = UNSET
        else:
            language = LanguageEnum(_language)




        legal_name = d.pop("legal_name", UNSET)

        tax_id = d.pop("tax_id", UNSET)

        address = d.pop("address", UNSET)

        billing_contacts = cast(list[str], d.pop("billing_contacts", UNSET))


        referral_code = d.pop("referral_code", UNSET)

        account_in_request = cls(
            name=name,
            code=code,
            email=email,
            account_manager=account_manager,
            referral_agent=referral_agent,
            trial_until=trial_until,
            status=status,
            language=language,
            legal_name=legal_name,
            tax_id=tax_id,
            address=address,
            billing_contacts=billing_contacts,
            referral_code=referral_code,
        )

        return account_in_request


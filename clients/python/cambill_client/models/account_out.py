from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.language_enum import LanguageEnum
from ..models.lifecycle_status_enum import LifecycleStatusEnum
from typing import cast
import datetime






T = TypeVar("T", bound="AccountOut")



@_attrs_define
class AccountOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            email (str):
            account_manager (None | str):
            referral_agent (None | str):
            trial_until (datetime.datetime | None):
            status (LifecycleStatusEnum): * `active` - Active
                * `suspended` - Suspended
                * `closed` - Closed
            language (LanguageEnum): * `en` - English
                * `es` - Español
                * `pt-br` - Português (Brasil)
            legal_name (str):
            tax_id (str):
            address (str):
            billing_contacts (list[str]): Where its invoices, receipts and reminders are mailed (its e-mail if none)
            created_at (datetime.datetime):
     """

    code: str
    name: str
    email: str
    account_manager: None | str
    referral_agent: None | str
    trial_until: datetime.datetime | None
    status: LifecycleStatusEnum
    language: LanguageEnum
    legal_name: str
    tax_id: str
    address: str
    billing_contacts: list[str]
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        email = self.email

        account_manager: None | str
        account_manager = self.account_manager

        referral_agent: None | str
        referral_agent = self.referral_agent

        trial_until: None | str
        if isinstance(self.trial_until, datetime.datetime):
            trial_until = self.trial_until.isoformat()
        else:
            trial_until = self.trial_until

        status = self.status.value

        language = self.language.value

        legal_name = self.legal_name

        tax_id = self.tax_id

        address = self.address

        billing_contacts = self.billing_contacts



        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "email": email,
            "account_manager": account_manager,
            "referral_agent": referral_agent,
            "trial_until": trial_until,
            "status": status,
            "language": language,
            "legal_name": legal_name,
            "tax_id": tax_id,
            "address": address,
            "billing_contacts": billing_contacts,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        email = d.pop("email")

        def _parse_account_manager(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_manager = _parse_account_manager(d.pop("account_manager"))


        def _parse_referral_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        referral_agent = _parse_referral_agent(d.pop("referral_agent"))


        def _parse_trial_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_until_type_0 = datetime.datetime.fromisoformat(data)



                return trial_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        trial_until = _parse_trial_until(d.pop("trial_until"))


        status = LifecycleStatusEnum(d.pop("status"))




        language = LanguageEnum(d.pop("language"))




        legal_name = d.pop("legal_name")

        tax_id = d.pop("tax_id")

        address = d.pop("address")

        billing_contacts = cast(list[str], d.pop("billing_contacts"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        account_out = cls(
            code=code,
            name=name,
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
            created_at=created_at,
        )


        account_out.additional_properties = d
        return account_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.checkout_session_out_status_enum import CheckoutSessionOutStatusEnum
from ..models.mode_enum import ModeEnum
from ..models.retail_or_wholesale_enum import RetailOrWholesaleEnum
from typing import cast






T = TypeVar("T", bound="CheckoutSessionOut")



@_attrs_define
class CheckoutSessionOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            session_id (str):
            url (str): Stripe's hosted page: send the payer there
            mode (ModeEnum): * `payment` - payment
                * `setup` - setup
            kind (RetailOrWholesaleEnum): * `retail` - retail
                * `wholesale` - wholesale
            account (None | str):
            status (CheckoutSessionOutStatusEnum): * `open` - open
                * `paid` - paid
                * `saved` - saved
                * `declined` - declined
                * `auth_failed` - auth_failed
                * `canceled` - canceled
            error (str): The bank's reason, when it failed
            amount (None | str): To the currency's minor unit
            currency (str):
            invoices (list[str]):
            payment (int | None):
            created_at (str):
     """

    session_id: str
    url: str
    mode: ModeEnum
    kind: RetailOrWholesaleEnum
    account: None | str
    status: CheckoutSessionOutStatusEnum
    error: str
    amount: None | str
    currency: str
    invoices: list[str]
    payment: int | None
    created_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        session_id = self.session_id

        url = self.url

        mode = self.mode.value

        kind = self.kind.value

        account: None | str
        account = self.account

        status = self.status.value

        error = self.error

        amount: None | str
        amount = self.amount

        currency = self.currency

        invoices = self.invoices



        payment: int | None
        payment = self.payment

        created_at = self.created_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "session_id": session_id,
            "url": url,
            "mode": mode,
            "kind": kind,
            "account": account,
            "status": status,
            "error": error,
            "amount": amount,
            "currency": currency,
            "invoices": invoices,
            "payment": payment,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        session_id = d.pop("session_id")

        url = d.pop("url")

        mode = ModeEnum(d.pop("mode"))




        kind = RetailOrWholesaleEnum(d.pop("kind"))




        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        status = CheckoutSessionOutStatusEnum(d.pop("status"))




        error = d.pop("error")

        def _parse_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount = _parse_amount(d.pop("amount"))


        currency = d.pop("currency")

        invoices = cast(list[str], d.pop("invoices"))


        def _parse_payment(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        payment = _parse_payment(d.pop("payment"))


        created_at = d.pop("created_at")

        checkout_session_out = cls(
            session_id=session_id,
            url=url,
            mode=mode,
            kind=kind,
            account=account,
            status=status,
            error=error,
            amount=amount,
            currency=currency,
            invoices=invoices,
            payment=payment,
            created_at=created_at,
        )


        checkout_session_out.additional_properties = d
        return checkout_session_out

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

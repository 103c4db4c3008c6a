from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CardSessionInRequest")



@_attrs_define
class CardSessionInRequest:
    """ Save a card: Checkout in ``setup`` mode.

        Attributes:
            success_url (str | Unset): Where Stripe sends the payer back (absolute http(s)); the success address must hold
                {CHECKOUT_SESSION_ID}. Default: cambill's own return pages.
            cancel_url (str | Unset): Where Stripe sends the payer back (absolute http(s)); the success address must hold
                {CHECKOUT_SESSION_ID}. Default: cambill's own return pages.
     """

    success_url: str | Unset = UNSET
    cancel_url: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        success_url = self.success_url

        cancel_url = self.cancel_url


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if success_url is not UNSET:
            field_dict["success_url"] = success_url
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success_url = d.pop("success_url", UNSET)

        cancel_url = d.pop("cancel_url", UNSET)

        card_session_in_request = cls(
            success_url=success_url,
            cancel_url=cancel_url,
        )

        return card_session_in_request


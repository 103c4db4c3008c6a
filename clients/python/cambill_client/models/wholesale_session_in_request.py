from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="WholesaleSessionInRequest")



@_attrs_define
class WholesaleSessionInRequest:
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
            success_url (str | Unset): Where Stripe sends the payer back (absolute http(s)); the success address must hold
                {CHECKOUT_SESSION_ID}. Default: cambill's own return pages.
            cancel_url (str | Unset): Where Stripe sends the payer back (absolute http(s)); the success address must hold
                {CHECKOUT_SESSION_ID}. Default: cambill's own return pages.
            invoices (list[str] | Unset): Numbers of the cloud's open wholesale invoices to pay; none: all of them (less
                what the cloud prepaid)
     """

    success_url: str | Unset = UNSET
    cancel_url: str | Unset = UNSET
    invoices: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        success_url = self.success_url

        cancel_url = self.cancel_url

        invoices: list[str] | Unset = UNSET
        if not isinstance(self.invoices, Unset):
            invoices = self.invoices




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if success_url is not UNSET:
            field_dict["success_url"] = success_url
        if cancel_url is not UNSET:
            field_dict["cancel_url"] = cancel_url
        if invoices is not UNSET:
            field_dict["invoices"] = invoices

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success_url = d.pop("success_url", UNSET)

        cancel_url = d.pop("cancel_url", UNSET)

        invoices = cast(list[str], d.pop("invoices", UNSET))


        wholesale_session_in_request = cls(
            success_url=success_url,
            cancel_url=cancel_url,
            invoices=invoices,
        )

        return wholesale_session_in_request


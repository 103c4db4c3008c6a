from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedGatewayInRequest")



@_attrs_define
class PatchedGatewayInRequest:
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
            secret_key (str | Unset):
            webhook_secret (str | Unset):
            publishable_key (str | Unset):
            auto_charge (bool | Unset):
     """

    secret_key: str | Unset = UNSET
    webhook_secret: str | Unset = UNSET
    publishable_key: str | Unset = UNSET
    auto_charge: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        secret_key = self.secret_key

        webhook_secret = self.webhook_secret

        publishable_key = self.publishable_key

        auto_charge = self.auto_charge


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if secret_key is not UNSET:
            field_dict["secret_key"] = secret_key
        if webhook_secret is not UNSET:
            field_dict["webhook_secret"] = webhook_secret
        if publishable_key is not UNSET:
            field_dict["publishable_key"] = publishable_key
        if auto_charge is not UNSET:
            field_dict["auto_charge"] = auto_charge

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        secret_key = d.pop("secret_key", UNSET)

        webhook_secret = d.pop("webhook_secret", UNSET)

        publishable_key = d.pop("publishable_key", UNSET)

        auto_charge = d.pop("auto_charge", UNSET)

        patched_gateway_in_request = cls(
            secret_key=secret_key,
            webhook_secret=webhook_secret,
            publishable_key=publishable_key,
            auto_charge=auto_charge,
        )

        return patched_gateway_in_request


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
    """ A gateway's keys. Keys given are stored, keys omitted kept; the secrets are
    write-only.

        Attributes:
            secret_key (str | Unset): Stripe secret key (sk_...). Write-only: never returned.
            webhook_secret (str | Unset): Signing secret of the Stripe webhook endpoint (whsec_...). Write-only.
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


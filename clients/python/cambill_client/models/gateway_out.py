from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="GatewayOut")



@_attrs_define
class GatewayOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            kind (str):
            configured (bool):
            has_secret_key (bool):
            has_webhook_secret (bool):
            publishable_key (str):
            auto_charge (bool):
     """

    kind: str
    configured: bool
    has_secret_key: bool
    has_webhook_secret: bool
    publishable_key: str
    auto_charge: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        configured = self.configured

        has_secret_key = self.has_secret_key

        has_webhook_secret = self.has_webhook_secret

        publishable_key = self.publishable_key

        auto_charge = self.auto_charge


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "configured": configured,
            "has_secret_key": has_secret_key,
            "has_webhook_secret": has_webhook_secret,
            "publishable_key": publishable_key,
            "auto_charge": auto_charge,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        configured = d.pop("configured")

        has_secret_key = d.pop("has_secret_key")

        has_webhook_secret = d.pop("has_webhook_secret")

        publishable_key = d.pop("publishable_key")

        auto_charge = d.pop("auto_charge")

        gateway_out = cls(
            kind=kind,
            configured=configured,
            has_secret_key=has_secret_key,
            has_webhook_secret=has_webhook_secret,
            publishable_key=publishable_key,
            auto_charge=auto_charge,
        )


        gateway_out.additional_properties = d
        return gateway_out

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

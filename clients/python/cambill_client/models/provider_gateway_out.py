from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.provider_gateway_out_source_enum import ProviderGatewayOutSourceEnum
from typing import cast
import datetime






T = TypeVar("T", bound="ProviderGatewayOut")



@_attrs_define
class ProviderGatewayOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            kind (str):
            configured (bool): Whether clouds may pay the provider's invoices by card.
            source (ProviderGatewayOutSourceEnum): * `record` - record
                * `environment` - environment
                * `none` - none
            has_secret_key (bool):
            has_webhook_secret (bool):
            publishable_key (str):
            updated_at (datetime.datetime | None):
     """

    kind: str
    configured: bool
    source: ProviderGatewayOutSourceEnum
    has_secret_key: bool
    has_webhook_secret: bool
    publishable_key: str
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        configured = self.configured

        source = self.source.value

        has_secret_key = self.has_secret_key

        has_webhook_secret = self.has_webhook_secret

        publishable_key = self.publishable_key

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "kind": kind,
            "configured": configured,
            "source": source,
            "has_secret_key": has_secret_key,
            "has_webhook_secret": has_webhook_secret,
            "publishable_key": publishable_key,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = d.pop("kind")

        configured = d.pop("configured")

        source = ProviderGatewayOutSourceEnum(d.pop("source"))




        has_secret_key = d.pop("has_secret_key")

        has_webhook_secret = d.pop("has_webhook_secret")

        publishable_key = d.pop("publishable_key")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        provider_gateway_out = cls(
            kind=kind,
            configured=configured,
            source=source,
            has_secret_key=has_secret_key,
            has_webhook_secret=has_webhook_secret,
            publishable_key=publishable_key,
            updated_at=updated_at,
        )


        provider_gateway_out.additional_properties = d
        return provider_gateway_out

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

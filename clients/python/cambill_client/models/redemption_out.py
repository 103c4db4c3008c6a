from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.redemption_out_source_enum import RedemptionOutSourceEnum
from typing import cast
import datetime






T = TypeVar("T", bound="RedemptionOut")



@_attrs_define
class RedemptionOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            coupon (str):
            at (datetime.datetime):
            first_period (str):
            last_period (None | str): null: forever
            source (RedemptionOutSourceEnum): * `staff` - Staff
                * `signup` - Sign-up link
                * `portal` - Subscriber portal
     """

    coupon: str
    at: datetime.datetime
    first_period: str
    last_period: None | str
    source: RedemptionOutSourceEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        coupon = self.coupon

        at = self.at.isoformat()

        first_period = self.first_period

        last_period: None | str
        last_period = self.last_period

        source = self.source.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "coupon": coupon,
            "at": at,
            "first_period": first_period,
            "last_period": last_period,
            "source": source,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        coupon = d.pop("coupon")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        first_period = d.pop("first_period")

        def _parse_last_period(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_period = _parse_last_period(d.pop("last_period"))


        source = RedemptionOutSourceEnum(d.pop("source"))




        redemption_out = cls(
            coupon=coupon,
            at=at,
            first_period=first_period,
            last_period=last_period,
            source=source,
        )


        redemption_out.additional_properties = d
        return redemption_out

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

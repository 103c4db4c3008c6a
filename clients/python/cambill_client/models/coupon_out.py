from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.duration_enum import DurationEnum
from typing import cast
import datetime






T = TypeVar("T", bound="CouponOut")



@_attrs_define
class CouponOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            description (str):
            percent (None | str):
            amount (None | str):
            duration (DurationEnum): * `once` - Once
                * `repeating` - Repeating
                * `forever` - Forever
            months (int | None):
            max_redemptions (int | None):
            times_redeemed (int):
            valid_until (datetime.date | None):
            tariffs (list[str]):
            active (bool):
            created_at (datetime.datetime):
     """

    code: str
    description: str
    percent: None | str
    amount: None | str
    duration: DurationEnum
    months: int | None
    max_redemptions: int | None
    times_redeemed: int
    valid_until: datetime.date | None
    tariffs: list[str]
    active: bool
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        description = self.description

        percent: None | str
        percent = self.percent

        amount: None | str
        amount = self.amount

        duration = self.duration.value

        months: int | None
        months = self.months

        max_redemptions: int | None
        max_redemptions = self.max_redemptions

        times_redeemed = self.times_redeemed

        valid_until: None | str
        if isinstance(self.valid_until, datetime.date):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        tariffs = self.tariffs



        active = self.active

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "description": description,
            "percent": percent,
            "amount": amount,
            "duration": duration,
            "months": months,
            "max_redemptions": max_redemptions,
            "times_redeemed": times_redeemed,
            "valid_until": valid_until,
            "tariffs": tariffs,
            "active": active,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        description = d.pop("description")

        def _parse_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        percent = _parse_percent(d.pop("percent"))


        def _parse_amount(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        amount = _parse_amount(d.pop("amount"))


        duration = DurationEnum(d.pop("duration"))




        def _parse_months(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        months = _parse_months(d.pop("months"))


        def _parse_max_redemptions(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        max_redemptions = _parse_max_redemptions(d.pop("max_redemptions"))


        times_redeemed = d.pop("times_redeemed")

        def _parse_valid_until(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.date.fromisoformat(data)



                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        valid_until = _parse_valid_until(d.pop("valid_until"))


        tariffs = cast(list[str], d.pop("tariffs"))


        active = d.pop("active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        coupon_out = cls(
            code=code,
            description=description,
            percent=percent,
            amount=amount,
            duration=duration,
            months=months,
            max_redemptions=max_redemptions,
            times_redeemed=times_redeemed,
            valid_until=valid_until,
            tariffs=tariffs,
            active=active,
            created_at=created_at,
        )


        coupon_out.additional_properties = d
        return coupon_out

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

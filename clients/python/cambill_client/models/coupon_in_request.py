from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.duration_enum import DurationEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="CouponInRequest")



@_attrs_define
class CouponInRequest:
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
            code (str):
            duration (DurationEnum): * `once` - Once
                * `repeating` - Repeating
                * `forever` - Forever
            description (str | Unset):
            percent (float | None | str | Unset): Percent off ("20")
            amount (float | None | str | Unset): Amount off each invoice, cloud's currency
            months (int | None | Unset): Repeating coupons: periods covered
            max_redemptions (int | None | Unset):
            valid_until (datetime.date | None | Unset): Last local day it may be redeemed
            tariffs (list[str] | Unset): Tariff codes it applies to (default: the whole invoice)
     """

    code: str
    duration: DurationEnum
    description: str | Unset = UNSET
    percent: float | None | str | Unset = UNSET
    amount: float | None | str | Unset = UNSET
    months: int | None | Unset = UNSET
    max_redemptions: int | None | Unset = UNSET
    valid_until: datetime.date | None | Unset = UNSET
    tariffs: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        duration = self.duration.value

        description = self.description

        percent: float | None | str | Unset
        if isinstance(self.percent, Unset):
            percent = UNSET
        else:
            percent = self.percent

        amount: float | None | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        months: int | None | Unset
        if isinstance(self.months, Unset):
            months = UNSET
        else:
            months = self.months

        max_redemptions: int | None | Unset
        if isinstance(self.max_redemptions, Unset):
            max_redemptions = UNSET
        else:
            max_redemptions = self.max_redemptions

        valid_until: None | str | Unset
        if isinstance(self.valid_until, Unset):
            valid_until = UNSET
        elif isinstance(self.valid_until, datetime.date):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        tariffs: list[str] | Unset = UNSET
        if not isinstance(self.tariffs, Unset):
            tariffs = self.tariffs




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "duration": duration,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if percent is not UNSET:
            field_dict["percent"] = percent
        if amount is not UNSET:
            field_dict["amount"] = amount
        if months is not UNSET:
            field_dict["months"] = months
        if max_redemptions is not UNSET:
            field_dict["max_redemptions"] = max_redemptions
        if valid_until is not UNSET:
            field_dict["valid_until"] = valid_until
        if tariffs is not UNSET:
            field_dict["tariffs"] = tariffs

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        duration = DurationEnum(d.pop("duration"))




        description = d.pop("description", UNSET)

        def _parse_percent(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        percent = _parse_percent(d.pop("percent", UNSET))


        def _parse_amount(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        def _parse_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        months = _parse_months(d.pop("months", UNSET))


        def _parse_max_redemptions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_redemptions = _parse_max_redemptions(d.pop("max_redemptions", UNSET))


        def _parse_valid_until(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.date.fromisoformat(data)



                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        valid_until = _parse_valid_until(d.pop("valid_until", UNSET))


        tariffs = cast(list[str], d.pop("tariffs", UNSET))


        coupon_in_request = cls(
            code=code,
            duration=duration,
            description=description,
            percent=percent,
            amount=amount,
            months=months,
            max_redemptions=max_redemptions,
            valid_until=valid_until,
            tariffs=tariffs,
        )

        return coupon_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.retail_or_wholesale_enum import RetailOrWholesaleEnum






T = TypeVar("T", bound="LateItemOut")



@_attrs_define
class LateItemOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            period (str):
            level (RetailOrWholesaleEnum): * `retail` - retail
                * `wholesale` - wholesale
            account (str):
            camera (str):
            tariff (str):
            key (str): Meter code (retail) or metered service code
            meter (str):
            description (str):
            unit (str):
            late_events (int):
            quantity_billed (str):
            quantity_now (str):
            quantity (str):
            amount_billed (str):
            amount_now (str):
            amount (str): Still to charge; negative: to credit
            currency (str):
     """

    period: str
    level: RetailOrWholesaleEnum
    account: str
    camera: str
    tariff: str
    key: str
    meter: str
    description: str
    unit: str
    late_events: int
    quantity_billed: str
    quantity_now: str
    quantity: str
    amount_billed: str
    amount_now: str
    amount: str
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        period = self.period

        level = self.level.value

        account = self.account

        camera = self.camera

        tariff = self.tariff

        key = self.key

        meter = self.meter

        description = self.description

        unit = self.unit

        late_events = self.late_events

        quantity_billed = self.quantity_billed

        quantity_now = self.quantity_now

        quantity = self.quantity

        amount_billed = self.amount_billed

        amount_now = self.amount_now

        amount = self.amount

        currency = self.currency


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "period": period,
            "level": level,
            "account": account,
            "camera": camera,
            "tariff": tariff,
            "key": key,
            "meter": meter,
            "description": description,
            "unit": unit,
            "late_events": late_events,
            "quantity_billed": quantity_billed,
            "quantity_now": quantity_now,
            "quantity": quantity,
            "amount_billed": amount_billed,
            "amount_now": amount_now,
            "amount": amount,
            "currency": currency,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period = d.pop("period")

        level = RetailOrWholesaleEnum(d.pop("level"))




        account = d.pop("account")

        camera = d.pop("camera")

        tariff = d.pop("tariff")

        key = d.pop("key")

        meter = d.pop("meter")

        description = d.pop("description")

        unit = d.pop("unit")

        late_events = d.pop("late_events")

        quantity_billed = d.pop("quantity_billed")

        quantity_now = d.pop("quantity_now")

        quantity = d.pop("quantity")

        amount_billed = d.pop("amount_billed")

        amount_now = d.pop("amount_now")

        amount = d.pop("amount")

        currency = d.pop("currency")

        late_item_out = cls(
            period=period,
            level=level,
            account=account,
            camera=camera,
            tariff=tariff,
            key=key,
            meter=meter,
            description=description,
            unit=unit,
            late_events=late_events,
            quantity_billed=quantity_billed,
            quantity_now=quantity_now,
            quantity=quantity,
            amount_billed=amount_billed,
            amount_now=amount_now,
            amount=amount,
            currency=currency,
        )


        late_item_out.additional_properties = d
        return late_item_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.line_out_kind_enum import LineOutKindEnum
from typing import cast
import datetime






T = TypeVar("T", bound="LineOut")



@_attrs_define
class LineOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            position (int):
            kind (LineOutKindEnum): * `tariff` - Tariff
                * `service` - Service
                * `metered` - Metered
                * `adjustment` - Adjustment
                * `discount` - Discount
                * `advance` - In advance
                * `true_up` - True-up
                * `one_off` - One-off charge
                * `coupon` - Coupon
                * `offline_credit` - Offline credit
            description (str):
            camera (str):
            tariff (str):
            service (str):
            account (str):
            date_from (datetime.date | None): First local day billed
            date_to (datetime.date | None): Last local day billed (inclusive)
            days (None | str): Days billed (retail) or unit-days (wholesale)
            quantity (str): Months of the tariff (retail) or unit-months (wholesale)
            unit_price (str):
            amount (str):
     """

    position: int
    kind: LineOutKindEnum
    description: str
    camera: str
    tariff: str
    service: str
    account: str
    date_from: datetime.date | None
    date_to: datetime.date | None
    days: None | str
    quantity: str
    unit_price: str
    amount: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        position = self.position

        kind = self.kind.value

        description = self.description

        camera = self.camera

        tariff = self.tariff

        service = self.service

        account = self.account

        date_from: None | str
        if isinstance(self.date_from, datetime.date):
            date_from = self.date_from.isoformat()
        else:
            date_from = self.date_from

        date_to: None | str
        if isinstance(self.date_to, datetime.date):
            date_to = self.date_to.isoformat()
        else:
            date_to = self.date_to

        days: None | str
        days = self.days

        quantity = self.quantity

        unit_price = self.unit_price

        amount = self.amount


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "position": position,
            "kind": kind,
            "description": description,
            "camera": camera,
            "tariff": tariff,
            "service": service,
            "account": account,
            "date_from": date_from,
            "date_to": date_to,
            "days": days,
            "quantity": quantity,
            "unit_price": unit_price,
            "amount": amount,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        position = d.pop("position")

        kind = LineOutKindEnum(d.pop("kind"))




        description = d.pop("description")

        camera = d.pop("camera")

        tariff = d.pop("tariff")

        service = d.pop("service")

        account = d.pop("account")

        def _parse_date_from(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_from_type_0 = datetime.date.fromisoformat(data)



                return date_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date_from = _parse_date_from(d.pop("date_from"))


        def _parse_date_to(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                date_to_type_0 = datetime.date.fromisoformat(data)



                return date_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        date_to = _parse_date_to(d.pop("date_to"))


        def _parse_days(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        days = _parse_days(d.pop("days"))


        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        amount = d.pop("amount")

        line_out = cls(
            position=position,
            kind=kind,
            description=description,
            camera=camera,
            tariff=tariff,
            service=service,
            account=account,
            date_from=date_from,
            date_to=date_to,
            days=days,
            quantity=quantity,
            unit_price=unit_price,
            amount=amount,
        )


        line_out.additional_properties = d
        return line_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="ServicePriceInRequest")



@_attrs_define
class ServicePriceInRequest:
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
            currency (str): ISO 4217, e.g. USD
            amount (float | str | Unset): Fixed services: price per unit, e.g. "0.30"
            valid_from (datetime.date | Unset): First local day the price applies (default: since always)
            pricing (Any | Unset): Metered services: {"kind": "per_unit", "unit_price": "0.01"}, {"kind": "graduated" |
                "volume", "tiers": [{"up_to": "100", "unit_price": "0.05"}, {"up_to": null, "unit_price": "0.03"}]} or {"kind":
                "package", "package_size": "100", "package_price": "0.50"}
            included_per_camera (float | None | str | Unset): Metered services: units of each camera not charged, e.g. "100"
     """

    currency: str
    amount: float | str | Unset = UNSET
    valid_from: datetime.date | Unset = UNSET
    pricing: Any | Unset = UNSET
    included_per_camera: float | None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        amount: float | str | Unset
        if isinstance(self.amount, Unset):
            amount = UNSET
        else:
            amount = self.amount

        valid_from: str | Unset = UNSET
        if not isinstance(self.valid_from, Unset):
            valid_from = self.valid_from.isoformat()

        pricing = self.pricing

        included_per_camera: float | None | str | Unset
        if isinstance(self.included_per_camera, Unset):
            included_per_camera = UNSET
        else:
            included_per_camera = self.included_per_camera


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "currency": currency,
        })
        if amount is not UNSET:
            field_dict["amount"] = amount
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if pricing is not UNSET:
            field_dict["pricing"] = pricing
        if included_per_camera is not UNSET:
            field_dict["included_per_camera"] = included_per_camera

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        def _parse_amount(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        amount = _parse_amount(d.pop("amount", UNSET))


        _valid_from = d.pop("valid_from", UNSET)
        valid_from: datetime.date | Unset
        if isinstance(_valid_from,  Unset):
            valid_from = UNSET
        else:
            valid_from = datetime.date.fromisoformat(_valid_from)




        pricing = d.pop("pricing", UNSET)

        def _parse_included_per_camera(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        included_per_camera = _parse_included_per_camera(d.pop("included_per_camera", UNSET))


        service_price_in_request = cls(
            currency=currency,
            amount=amount,
            valid_from=valid_from,
            pricing=pricing,
            included_per_camera=included_per_camera,
        )

        return service_price_in_request


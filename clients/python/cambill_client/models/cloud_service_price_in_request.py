from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CloudServicePriceInRequest")



@_attrs_define
class CloudServicePriceInRequest:
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
            service (str): Service code
            amount (float | str):
            currency (str | Unset): The cloud's currency (default)
     """

    service: str
    amount: float | str
    currency: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        service = self.service

        amount: float | str
        amount = self.amount

        currency = self.currency


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "service": service,
            "amount": amount,
        })
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service = d.pop("service")

        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))


        currency = d.pop("currency", UNSET)

        cloud_service_price_in_request = cls(
            service=service,
            amount=amount,
            currency=currency,
        )

        return cloud_service_price_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ServicePriceSetInRequest")



@_attrs_define
class ServicePriceSetInRequest:
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
            amount (float | str): Price per unit, e.g. "0.30"
            valid_from (datetime.date): First local day the new price applies
     """

    currency: str
    amount: float | str
    valid_from: datetime.date





    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        amount: float | str
        amount = self.amount

        valid_from = self.valid_from.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "currency": currency,
            "amount": amount,
            "valid_from": valid_from,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))


        valid_from = datetime.date.fromisoformat(d.pop("valid_from"))




        service_price_set_in_request = cls(
            currency=currency,
            amount=amount,
            valid_from=valid_from,
        )

        return service_price_set_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PayoutInRequest")



@_attrs_define
class PayoutInRequest:
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
            period (str): The statement's period, YYYY-MM
            reference (str): Bank transfer or voucher reference
            paid_on (datetime.date):
     """

    period: str
    reference: str
    paid_on: datetime.date





    def to_dict(self) -> dict[str, Any]:
        period = self.period

        reference = self.reference

        paid_on = self.paid_on.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "period": period,
            "reference": reference,
            "paid_on": paid_on,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        period = d.pop("period")

        reference = d.pop("reference")

        paid_on = datetime.date.fromisoformat(d.pop("paid_on"))




        payout_in_request = cls(
            period=period,
            reference=reference,
            paid_on=paid_on,
        )

        return payout_in_request


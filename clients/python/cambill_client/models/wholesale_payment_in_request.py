from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.method_enum import MethodEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="WholesalePaymentInRequest")



@_attrs_define
class WholesalePaymentInRequest:
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
            amount (float | str): In the cloud's currency, to its minor unit: "10.10"
            received_at (datetime.datetime): When the money reached the provider (ISO 8601 with offset)
            method (MethodEnum | Unset): * `bank_transfer` - bank_transfer
                * `cash` - cash Default: MethodEnum.BANK_TRANSFER.
            reference (str | Unset):  Default: ''.
            invoices (list[str] | Unset): Numbers of the cloud's open wholesale invoices to pay first, in this order; what
                is left pays the oldest open ones, then stays as prepaid credit
     """

    amount: float | str
    received_at: datetime.datetime
    method: MethodEnum | Unset = MethodEnum.BANK_TRANSFER
    reference: str | Unset = ''
    invoices: list[str] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        amount: float | str
        amount = self.amount

        received_at = self.received_at.isoformat()

        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value


        reference = self.reference

        invoices: list[str] | Unset = UNSET
        if not isinstance(self.invoices, Unset):
            invoices = self.invoices




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
            "received_at": received_at,
        })
        if method is not UNSET:
            field_dict["method"] = method
        if reference is not UNSET:
            field_dict["reference"] = reference
        if invoices is not UNSET:
            field_dict["invoices"] = invoices

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))


        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        _method = d.pop("method", UNSET)
        method: MethodEnum | Unset
        if isinstance(_method,  Unset):
            method = UNSET
        else:
            method = MethodEnum(_method)




        reference = d.pop("reference", UNSET)

        invoices = cast(list[str], d.pop("invoices", UNSET))


        wholesale_payment_in_request = cls(
            amount=amount,
            received_at=received_at,
            method=method,
            reference=reference,
            invoices=invoices,
        )

        return wholesale_payment_in_request


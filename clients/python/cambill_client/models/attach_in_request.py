from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AttachInRequest")



@_attrs_define
class AttachInRequest:
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
            account (str): Account code
            code (str | Unset): Camera code (default: the serial)
            title (str | Unset):
            tariff (None | str | Unset): Tariff code
            at (datetime.datetime | Unset): Tariff start (default: now)
            product (str | Unset): Product charged once for the camera (default: the intake's; '' for none)
     """

    account: str
    code: str | Unset = UNSET
    title: str | Unset = UNSET
    tariff: None | str | Unset = UNSET
    at: datetime.datetime | Unset = UNSET
    product: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        account = self.account

        code = self.code

        title = self.title

        tariff: None | str | Unset
        if isinstance(self.tariff, Unset):
            tariff = UNSET
        else:
            tariff = self.tariff

        at: str | Unset = UNSET
        if not isinstance(self.at, Unset):
            at = self.at.isoformat()

        product = self.product


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "account": account,
        })
        if code is not UNSET:
            field_dict["code"] = code
        if title is not UNSET:
            field_dict["title"] = title
        if tariff is not UNSET:
            field_dict["tariff"] = tariff
        if at is not UNSET:
            field_dict["at"] = at
        if product is not UNSET:
            field_dict["product"] = product

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account = d.pop("account")

        code = d.pop("code", UNSET)

        title = d.pop("title", UNSET)

        def _parse_tariff(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tariff = _parse_tariff(d.pop("tariff", UNSET))


        _at = d.pop("at", UNSET)
        at: datetime.datetime | Unset
        if isinstance(_at,  Unset):
            at = UNSET
        else:
            at = datetime.datetime.fromisoformat(_at)




        product = d.pop("product", UNSET)

        attach_in_request = cls(
            account=account,
            code=code,
            title=title,
            tariff=tariff,
            at=at,
            product=product,
        )

        return attach_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ProductInRequest")



@_attrs_define
class ProductInRequest:
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
            name (str):
            price (float | str): Per unit, tax excluded ("89.90")
            description (str | Unset):
            active (bool | Unset):  Default: True.
     """

    code: str
    name: str
    price: float | str
    description: str | Unset = UNSET
    active: bool | Unset = True





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        price: float | str
        price = self.price

        description = self.description

        active = self.active


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "name": name,
            "price": price,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if active is not UNSET:
            field_dict["active"] = active

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))


        description = d.pop("description", UNSET)

        active = d.pop("active", UNSET)

        product_in_request = cls(
            code=code,
            name=name,
            price=price,
            description=description,
            active=active,
        )

        return product_in_request


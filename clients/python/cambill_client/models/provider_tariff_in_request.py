from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.component_in_request import ComponentInRequest





T = TypeVar("T", bound="ProviderTariffInRequest")



@_attrs_define
class ProviderTariffInRequest:
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
            price (float | str): Retail price per camera-month, tax excluded, e.g. "12.00"
            components (list[ComponentInRequest]):
            currency (str): ISO 4217, e.g. USD
            self_service (bool | Unset): Subscribers may switch their cameras to this tariff themselves (default false)
     """

    code: str
    name: str
    price: float | str
    components: list[ComponentInRequest]
    currency: str
    self_service: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.component_in_request import ComponentInRequest # noqa: PLC0415
        code = self.code

        name = self.name

        price: float | str
        price = self.price

        components = []
        for components_item_data in self.components:
            components_item = components_item_data.to_dict()
            components.append(components_item)



        currency = self.currency

        self_service = self.self_service


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "name": name,
            "price": price,
            "components": components,
            "currency": currency,
        })
        if self_service is not UNSET:
            field_dict["self_service"] = self_service

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_in_request import ComponentInRequest # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))


        components = []
        _components = d.pop("components")
        for components_item_data in (_components):
            components_item = ComponentInRequest.from_dict(components_item_data)



            components.append(components_item)


        currency = d.pop("currency")

        self_service = d.pop("self_service", UNSET)

        provider_tariff_in_request = cls(
            code=code,
            name=name,
            price=price,
            components=components,
            currency=currency,
            self_service=self_service,
        )

        return provider_tariff_in_request


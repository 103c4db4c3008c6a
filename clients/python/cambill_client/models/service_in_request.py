from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.service_kind_enum import ServiceKindEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.service_price_in_request import ServicePriceInRequest





T = TypeVar("T", bound="ServiceInRequest")



@_attrs_define
class ServiceInRequest:
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
            kind (ServiceKindEnum | Unset): * `fixed` - Fixed (per camera-month)
                * `metered` - Metered (from a meter)
            unit (str | Unset):
            preset_settings (Any | Unset): e.g. {"dvr_days": 1}
            billed_while_suspended (bool | Unset): Still charged to the cloud while the camera's account is suspended (the
                archive still kept); default false: the service stops
            meter (str | Unset): kind "metered": the code of the meter the service is priced from
            sat_product_code (str | Unset): SAT c_ClaveProdServ for Mexico's CFDI (default 81112000)
            sat_unit_code (str | Unset): SAT c_ClaveUnidad for Mexico's CFDI (default E48)
            prices (list[ServicePriceInRequest] | Unset):
     """

    code: str
    name: str
    kind: ServiceKindEnum | Unset = UNSET
    unit: str | Unset = UNSET
    preset_settings: Any | Unset = UNSET
    billed_while_suspended: bool | Unset = UNSET
    meter: str | Unset = UNSET
    sat_product_code: str | Unset = UNSET
    sat_unit_code: str | Unset = UNSET
    prices: list[ServicePriceInRequest] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.service_price_in_request import ServicePriceInRequest # noqa: PLC0415
        code = self.code

        name = self.name

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value


        unit = self.unit

        preset_settings = self.preset_settings

        billed_while_suspended = self.billed_while_suspended

        meter = self.meter

        sat_product_code = self.sat_product_code

        sat_unit_code = self.sat_unit_code

        prices: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.prices, Unset):
            prices = []
            for prices_item_data in self.prices:
                prices_item = prices_item_data.to_dict()
                prices.append(prices_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "code": code,
            "name": name,
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if unit is not UNSET:
            field_dict["unit"] = unit
        if preset_settings is not UNSET:
            field_dict["preset_settings"] = preset_settings
        if billed_while_suspended is not UNSET:
            field_dict["billed_while_suspended"] = billed_while_suspended
        if meter is not UNSET:
            field_dict["meter"] = meter
        if sat_product_code is not UNSET:
            field_dict["sat_product_code"] = sat_product_code
        if sat_unit_code is not UNSET:
            field_dict["sat_unit_code"] = sat_unit_code
        if prices is not UNSET:
            field_dict["prices"] = prices

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_price_in_request import ServicePriceInRequest # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        _kind = d.pop("kind", UNSET)
        kind: ServiceKindEnum | Unset
        if isinstance(_kind,  Unset):
            kind = UNSET
        else:
            kind = ServiceKindEnum(_kind)




        unit = d.pop("unit", UNSET)

        preset_settings = d.pop("preset_settings", UNSET)

        billed_while_suspended = d.pop("billed_while_suspended", UNSET)

        meter = d.pop("meter", UNSET)

        sat_product_code = d.pop("sat_product_code", UNSET)

        sat_unit_code = d.pop("sat_unit_code", UNSET)

        _prices = d.pop("prices", UNSET)
        prices: list[ServicePriceInRequest] | Unset = UNSET
        if _prices is not UNSET:
            prices = []
            for prices_item_data in _prices:
                prices_item = ServicePriceInRequest.from_dict(prices_item_data)



                prices.append(prices_item)


        service_in_request = cls(
            code=code,
            name=name,
            kind=kind,
            unit=unit,
            preset_settings=preset_settings,
            billed_while_suspended=billed_while_suspended,
            meter=meter,
            sat_product_code=sat_product_code,
            sat_unit_code=sat_unit_code,
            prices=prices,
        )

        return service_in_request


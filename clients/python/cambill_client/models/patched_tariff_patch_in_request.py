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
  from ..models.metered_extra_in_request import MeteredExtraInRequest





T = TypeVar("T", bound="PatchedTariffPatchInRequest")



@_attrs_define
class PatchedTariffPatchInRequest:
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
            name (str | Unset):
            price (float | str | Unset):
            active (bool | Unset):
            self_service (bool | Unset): Subscribers may switch their cameras to this tariff themselves
            components (list[ComponentInRequest] | Unset):
            metered (list[MeteredExtraInRequest] | Unset): Metered extras, the whole list (it replaces the current one):
                [{"meter", "description", "included_per_camera", "pricing"}]
     """

    name: str | Unset = UNSET
    price: float | str | Unset = UNSET
    active: bool | Unset = UNSET
    self_service: bool | Unset = UNSET
    components: list[ComponentInRequest] | Unset = UNSET
    metered: list[MeteredExtraInRequest] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.component_in_request import ComponentInRequest # noqa: PLC0415
        from ..models.metered_extra_in_request import MeteredExtraInRequest # noqa: PLC0415
        name = self.name

        price: float | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        active = self.active

        self_service = self.self_service

        components: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.components, Unset):
            components = []
            for components_item_data in self.components:
                components_item = components_item_data.to_dict()
                components.append(components_item)



        metered: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.metered, Unset):
            metered = []
            for metered_item_data in self.metered:
                metered_item = metered_item_data.to_dict()
                metered.append(metered_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if price is not UNSET:
            field_dict["price"] = price
        if active is not UNSET:
            field_dict["active"] = active
        if self_service is not UNSET:
            field_dict["self_service"] = self_service
        if components is not UNSET:
            field_dict["components"] = components
        if metered is not UNSET:
            field_dict["metered"] = metered

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.component_in_request import ComponentInRequest # noqa: PLC0415
        from ..models.metered_extra_in_request import MeteredExtraInRequest # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_price(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        price = _parse_price(d.pop("price", UNSET))


        active = d.pop("active", UNSET)

        self_service = d.pop("self_service", UNSET)

        _components = d.pop("components", UNSET)
        components: list[ComponentInRequest] | Unset = UNSET
        if _components is not UNSET:
            components = []
            for components_item_data in _components:
                components_item = ComponentInRequest.from_dict(components_item_data)



                components.append(components_item)


        _metered = d.pop("metered", UNSET)
        metered: list[MeteredExtraInRequest] | Unset = UNSET
        if _metered is not UNSET:
            metered = []
            for metered_item_data in _metered:
                metered_item = MeteredExtraInRequest.from_dict(metered_item_data)



                metered.append(metered_item)


        patched_tariff_patch_in_request = cls(
            name=name,
            price=price,
            active=active,
            self_service=self_service,
            components=components,
            metered=metered,
        )

        return patched_tariff_patch_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MeteredExtraInRequest")



@_attrs_define
class MeteredExtraInRequest:
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
            meter (str): Meter code, e.g. plate_reads
            pricing (Any): The units beyond the allowance: {"kind": "per_unit", "unit_price": "0.01"}, "graduated" |
                "volume" with "tiers", or "package"
            description (str | Unset): The invoice line's text (default: the meter's name)
            included_per_camera (float | None | str | Unset): Units of each camera not charged, e.g. "100"
     """

    meter: str
    pricing: Any
    description: str | Unset = UNSET
    included_per_camera: float | None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        meter = self.meter

        pricing = self.pricing

        description = self.description

        included_per_camera: float | None | str | Unset
        if isinstance(self.included_per_camera, Unset):
            included_per_camera = UNSET
        else:
            included_per_camera = self.included_per_camera


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "meter": meter,
            "pricing": pricing,
        })
        if description is not UNSET:
            field_dict["description"] = description
        if included_per_camera is not UNSET:
            field_dict["included_per_camera"] = included_per_camera

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        meter = d.pop("meter")

        pricing = d.pop("pricing")

        description = d.pop("description", UNSET)

        def _parse_included_per_camera(data: object) -> float | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        included_per_camera = _parse_included_per_camera(d.pop("included_per_camera", UNSET))


        metered_extra_in_request = cls(
            meter=meter,
            pricing=pricing,
            description=description,
            included_per_camera=included_per_camera,
        )

        return metered_extra_in_request


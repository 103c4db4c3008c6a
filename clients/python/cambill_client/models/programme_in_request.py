from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.base_enum import BaseEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.programme_in_request_levels import ProgrammeInRequestLevels





T = TypeVar("T", bound="ProgrammeInRequest")



@_attrs_define
class ProgrammeInRequest:
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
            levels (ProgrammeInRequestLevels): Percent per level, e.g. {"1": "10", "2": "3"}
            base (BaseEnum | Unset): * `issued` - issued
                * `paid` - paid Default: BaseEnum.PAID.
            limit_months (int | None | Unset):
            valid_from (datetime.date | None | Unset):
            valid_to (datetime.date | None | Unset):
     """

    levels: ProgrammeInRequestLevels
    base: BaseEnum | Unset = BaseEnum.PAID
    limit_months: int | None | Unset = UNSET
    valid_from: datetime.date | None | Unset = UNSET
    valid_to: datetime.date | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.programme_in_request_levels import ProgrammeInRequestLevels # noqa: PLC0415
        levels = self.levels.to_dict()

        base: str | Unset = UNSET
        if not isinstance(self.base, Unset):
            base = self.base.value


        limit_months: int | None | Unset
        if isinstance(self.limit_months, Unset):
            limit_months = UNSET
        else:
            limit_months = self.limit_months

        valid_from: None | str | Unset
        if isinstance(self.valid_from, Unset):
            valid_from = UNSET
        elif isinstance(self.valid_from, datetime.date):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_to: None | str | Unset
        if isinstance(self.valid_to, Unset):
            valid_to = UNSET
        elif isinstance(self.valid_to, datetime.date):
            valid_to = self.valid_to.isoformat()
        else:
            valid_to = self.valid_to


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "levels": levels,
        })
        if base is not UNSET:
            field_dict["base"] = base
        if limit_months is not UNSET:
            field_dict["limit_months"] = limit_months
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_to is not UNSET:
            field_dict["valid_to"] = valid_to

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.programme_in_request_levels import ProgrammeInRequestLevels # noqa: PLC0415
        d = dict(src_dict)
        levels = ProgrammeInRequestLevels.from_dict(d.pop("levels"))




        _base = d.pop("base", UNSET)
        base: BaseEnum | Unset
        if isinstance(_base,  Unset):
            base = UNSET
        else:
            base = BaseEnum(_base)




        def _parse_limit_months(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        limit_months = _parse_limit_months(d.pop("limit_months", UNSET))


        def _parse_valid_from(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.date.fromisoformat(data)



                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        valid_from = _parse_valid_from(d.pop("valid_from", UNSET))


        def _parse_valid_to(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_to_type_0 = datetime.date.fromisoformat(data)



                return valid_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        valid_to = _parse_valid_to(d.pop("valid_to", UNSET))


        programme_in_request = cls(
            levels=levels,
            base=base,
            limit_months=limit_months,
            valid_from=valid_from,
            valid_to=valid_to,
        )

        return programme_in_request


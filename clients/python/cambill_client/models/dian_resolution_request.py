from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DianResolutionRequest")



@_attrs_define
class DianResolutionRequest:
    """ DIAN's numbering resolution (every key may be left empty until issuing).

        Attributes:
            number (None | str | Unset): DIAN's resolution number
            prefix (None | str | Unset):
            range_from (int | None | str | Unset): First number of the range
            range_to (int | None | str | Unset): Last number of the range
            valid_from (datetime.date | None | str | Unset): First day in force
            valid_until (datetime.date | None | str | Unset): Last day in force
     """

    number: None | str | Unset = UNSET
    prefix: None | str | Unset = UNSET
    range_from: int | None | str | Unset = UNSET
    range_to: int | None | str | Unset = UNSET
    valid_from: datetime.date | None | str | Unset = UNSET
    valid_until: datetime.date | None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        prefix: None | str | Unset
        if isinstance(self.prefix, Unset):
            prefix = UNSET
        else:
            prefix = self.prefix

        range_from: int | None | str | Unset
        if isinstance(self.range_from, Unset):
            range_from = UNSET
        else:
            range_from = self.range_from

        range_to: int | None | str | Unset
        if isinstance(self.range_to, Unset):
            range_to = UNSET
        else:
            range_to = self.range_to

        valid_from: None | str | Unset
        if isinstance(self.valid_from, Unset):
            valid_from = UNSET
        elif isinstance(self.valid_from, datetime.date):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_until: None | str | Unset
        if isinstance(self.valid_until, Unset):
            valid_until = UNSET
        elif isinstance(self.valid_until, datetime.date):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
        })
        if number is not UNSET:
            field_dict["number"] = number
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if range_from is not UNSET:
            field_dict["range_from"] = range_from
        if range_to is not UNSET:
            field_dict["range_to"] = range_to
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_until is not UNSET:
            field_dict["valid_until"] = valid_until

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))


        def _parse_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prefix = _parse_prefix(d.pop("prefix", UNSET))


        def _parse_range_from(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        range_from = _parse_range_from(d.pop("range_from", UNSET))


        def _parse_range_to(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        range_to = _parse_range_to(d.pop("range_to", UNSET))


        def _parse_valid_from(data: object) -> datetime.date | None | str | Unset:
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
            return cast(datetime.date | None | str | Unset, data)

        valid_from = _parse_valid_from(d.pop("valid_from", UNSET))


        def _parse_valid_until(data: object) -> datetime.date | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.date.fromisoformat(data)



                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | str | Unset, data)

        valid_until = _parse_valid_until(d.pop("valid_until", UNSET))


        dian_resolution_request = cls(
            number=number,
            prefix=prefix,
            range_from=range_from,
            range_to=range_to,
            valid_from=valid_from,
            valid_until=valid_until,
        )


        dian_resolution_request.additional_properties = d
        return dian_resolution_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

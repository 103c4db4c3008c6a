from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.adopt_out_adopted_item import AdoptOutAdoptedItem
  from ..models.adopt_out_unchanged_item import AdoptOutUnchangedItem





T = TypeVar("T", bound="AdoptOut")



@_attrs_define
class AdoptOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            adopted (list[AdoptOutAdoptedItem]):
            unchanged (list[AdoptOutUnchangedItem]):
     """

    adopted: list[AdoptOutAdoptedItem]
    unchanged: list[AdoptOutUnchangedItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.adopt_out_adopted_item import AdoptOutAdoptedItem # noqa: PLC0415
        from ..models.adopt_out_unchanged_item import AdoptOutUnchangedItem # noqa: PLC0415
        adopted = []
        for adopted_item_data in self.adopted:
            adopted_item = adopted_item_data.to_dict()
            adopted.append(adopted_item)



        unchanged = []
        for unchanged_item_data in self.unchanged:
            unchanged_item = unchanged_item_data.to_dict()
            unchanged.append(unchanged_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "adopted": adopted,
            "unchanged": unchanged,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.adopt_out_adopted_item import AdoptOutAdoptedItem # noqa: PLC0415
        from ..models.adopt_out_unchanged_item import AdoptOutUnchangedItem # noqa: PLC0415
        d = dict(src_dict)
        adopted = []
        _adopted = d.pop("adopted")
        for adopted_item_data in (_adopted):
            adopted_item = AdoptOutAdoptedItem.from_dict(adopted_item_data)



            adopted.append(adopted_item)


        unchanged = []
        _unchanged = d.pop("unchanged")
        for unchanged_item_data in (_unchanged):
            unchanged_item = AdoptOutUnchangedItem.from_dict(unchanged_item_data)



            unchanged.append(unchanged_item)


        adopt_out = cls(
            adopted=adopted,
            unchanged=unchanged,
        )


        adopt_out.additional_properties = d
        return adopt_out

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

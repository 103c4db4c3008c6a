from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.bucket_out import BucketOut
  from ..models.collections_account_out import CollectionsAccountOut





T = TypeVar("T", bound="CollectionsOut")



@_attrs_define
class CollectionsOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            currency (str):
            today (datetime.date): Today in the cloud's time zone
            total (str):
            suspension_mode (str):
            buckets (list[BucketOut]):
            count (int):
            next_ (None | str):
            previous (None | str):
            results (list[CollectionsAccountOut]):
     """

    currency: str
    today: datetime.date
    total: str
    suspension_mode: str
    buckets: list[BucketOut]
    count: int
    next_: None | str
    previous: None | str
    results: list[CollectionsAccountOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bucket_out import BucketOut # noqa: PLC0415
        from ..models.collections_account_out import CollectionsAccountOut # noqa: PLC0415
        currency = self.currency

        today = self.today.isoformat()

        total = self.total

        suspension_mode = self.suspension_mode

        buckets = []
        for buckets_item_data in self.buckets:
            buckets_item = buckets_item_data.to_dict()
            buckets.append(buckets_item)



        count = self.count

        next_: None | str
        next_ = self.next_

        previous: None | str
        previous = self.previous

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "currency": currency,
            "today": today,
            "total": total,
            "suspension_mode": suspension_mode,
            "buckets": buckets,
            "count": count,
            "next": next_,
            "previous": previous,
            "results": results,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bucket_out import BucketOut # noqa: PLC0415
        from ..models.collections_account_out import CollectionsAccountOut # noqa: PLC0415
        d = dict(src_dict)
        currency = d.pop("currency")

        today = datetime.date.fromisoformat(d.pop("today"))




        total = d.pop("total")

        suspension_mode = d.pop("suspension_mode")

        buckets = []
        _buckets = d.pop("buckets")
        for buckets_item_data in (_buckets):
            buckets_item = BucketOut.from_dict(buckets_item_data)



            buckets.append(buckets_item)


        count = d.pop("count")

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))


        def _parse_previous(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        previous = _parse_previous(d.pop("previous"))


        results = []
        _results = d.pop("results")
        for results_item_data in (_results):
            results_item = CollectionsAccountOut.from_dict(results_item_data)



            results.append(results_item)


        collections_out = cls(
            currency=currency,
            today=today,
            total=total,
            suspension_mode=suspension_mode,
            buckets=buckets,
            count=count,
            next_=next_,
            previous=previous,
            results=results,
        )


        collections_out.additional_properties = d
        return collections_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.preview_comparison_out import PreviewComparisonOut





T = TypeVar("T", bound="TariffChangePreviewOut")



@_attrs_define
class TariffChangePreviewOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            camera (str):
            currency (str):
            at (datetime.datetime): The change would take effect at this instant
            billing_timing (str): arrears | advance (the cloud's setting)
            new_tariff (str):
            unchanged (bool): The camera already holds this tariff
            rest_of_period (PreviewComparisonOut): A response body. Never saves: writes go through verbs.
            next_month (PreviewComparisonOut): A response body. Never saves: writes go through verbs.
            old_tariff (None | str | Unset):
     """

    camera: str
    currency: str
    at: datetime.datetime
    billing_timing: str
    new_tariff: str
    unchanged: bool
    rest_of_period: PreviewComparisonOut
    next_month: PreviewComparisonOut
    old_tariff: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.preview_comparison_out import PreviewComparisonOut # noqa: PLC0415
        camera = self.camera

        currency = self.currency

        at = self.at.isoformat()

        billing_timing = self.billing_timing

        new_tariff = self.new_tariff

        unchanged = self.unchanged

        rest_of_period = self.rest_of_period.to_dict()

        next_month = self.next_month.to_dict()

        old_tariff: None | str | Unset
        if isinstance(self.old_tariff, Unset):
            old_tariff = UNSET
        else:
            old_tariff = self.old_tariff


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "camera": camera,
            "currency": currency,
            "at": at,
            "billing_timing": billing_timing,
            "new_tariff": new_tariff,
            "unchanged": unchanged,
            "rest_of_period": rest_of_period,
            "next_month": next_month,
        })
        if old_tariff is not UNSET:
            field_dict["old_tariff"] = old_tariff

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preview_comparison_out import PreviewComparisonOut # noqa: PLC0415
        d = dict(src_dict)
        camera = d.pop("camera")

        currency = d.pop("currency")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        billing_timing = d.pop("billing_timing")

        new_tariff = d.pop("new_tariff")

        unchanged = d.pop("unchanged")

        rest_of_period = PreviewComparisonOut.from_dict(d.pop("rest_of_period"))




        next_month = PreviewComparisonOut.from_dict(d.pop("next_month"))




        def _parse_old_tariff(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        old_tariff = _parse_old_tariff(d.pop("old_tariff", UNSET))


        tariff_change_preview_out = cls(
            camera=camera,
            currency=currency,
            at=at,
            billing_timing=billing_timing,
            new_tariff=new_tariff,
            unchanged=unchanged,
            rest_of_period=rest_of_period,
            next_month=next_month,
            old_tariff=old_tariff,
        )


        tariff_change_preview_out.additional_properties = d
        return tariff_change_preview_out

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

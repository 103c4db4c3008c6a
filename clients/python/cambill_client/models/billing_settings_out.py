from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_timing_enum import BillingTimingEnum
from ..models.suspended_days_enum import SuspendedDaysEnum
from ..models.suspension_mode_enum import SuspensionModeEnum
from typing import cast






T = TypeVar("T", bound="BillingSettingsOut")



@_attrs_define
class BillingSettingsOut:
    """ How the cloud bills its subscribers (its cloud admin's choices).

        Attributes:
            billing_timing (BillingTimingEnum): * `arrears` - In arrears (the closed month)
                * `advance` - In advance (the coming month, with a true-up of the last)
            suspended_days (SuspendedDaysEnum): * `bill` - Charged as usual
                * `skip` - Not charged
            offline_credit_hours (int | None):
            review_threshold_percent (str):
            auto_issue (bool):
            late_usage_policy (str):
            suspension_mode (SuspensionModeEnum): * `auto` - Suspend automatically
                * `confirm` - Wait for a person to confirm
     """

    billing_timing: BillingTimingEnum
    suspended_days: SuspendedDaysEnum
    offline_credit_hours: int | None
    review_threshold_percent: str
    auto_issue: bool
    late_usage_policy: str
    suspension_mode: SuspensionModeEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        billing_timing = self.billing_timing.value

        suspended_days = self.suspended_days.value

        offline_credit_hours: int | None
        offline_credit_hours = self.offline_credit_hours

        review_threshold_percent = self.review_threshold_percent

        auto_issue = self.auto_issue

        late_usage_policy = self.late_usage_policy

        suspension_mode = self.suspension_mode.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "billing_timing": billing_timing,
            "suspended_days": suspended_days,
            "offline_credit_hours": offline_credit_hours,
            "review_threshold_percent": review_threshold_percent,
            "auto_issue": auto_issue,
            "late_usage_policy": late_usage_policy,
            "suspension_mode": suspension_mode,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        billing_timing = BillingTimingEnum(d.pop("billing_timing"))




        suspended_days = SuspendedDaysEnum(d.pop("suspended_days"))




        def _parse_offline_credit_hours(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        offline_credit_hours = _parse_offline_credit_hours(d.pop("offline_credit_hours"))


        review_threshold_percent = d.pop("review_threshold_percent")

        auto_issue = d.pop("auto_issue")

        late_usage_policy = d.pop("late_usage_policy")

        suspension_mode = SuspensionModeEnum(d.pop("suspension_mode"))




        billing_settings_out = cls(
            billing_timing=billing_timing,
            suspended_days=suspended_days,
            offline_credit_hours=offline_credit_hours,
            review_threshold_percent=review_threshold_percent,
            auto_issue=auto_issue,
            late_usage_policy=late_usage_policy,
            suspension_mode=suspension_mode,
        )


        billing_settings_out.additional_properties = d
        return billing_settings_out

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

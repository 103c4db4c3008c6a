from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_timing_enum import BillingTimingEnum
from ..models.late_usage_policy_enum import LateUsagePolicyEnum
from ..models.suspended_days_enum import SuspendedDaysEnum
from ..models.suspension_mode_enum import SuspensionModeEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="PatchedBillingSettingsPatchInRequest")



@_attrs_define
class PatchedBillingSettingsPatchInRequest:
    """ Only the retail billing settings; any other key of the cloud is refused.

        Attributes:
            billing_timing (BillingTimingEnum | Unset): * `arrears` - In arrears (the closed month)
                * `advance` - In advance (the coming month, with a true-up of the last)
            suspended_days (SuspendedDaysEnum | Unset): * `bill` - Charged as usual
                * `skip` - Not charged
            offline_credit_hours (int | None | Unset): A local day with at least this many hours of camera offline time is
                credited on the retail invoice; null = off
            review_threshold_percent (float | str | Unset): 0-100 (default 20): on a bill run's review, drafts whose total
                moved by more than this % against the account's previous invoice are flagged
            auto_issue (bool | Unset): Issue retail invoices automatically when a bill run ends
            late_usage_policy (LateUsagePolicyEnum | Unset): * `next_period` - next_period
                * `credit_note_report` - credit_note_report
            suspension_mode (SuspensionModeEnum | Unset): * `auto` - Suspend automatically
                * `confirm` - Wait for a person to confirm
     """

    billing_timing: BillingTimingEnum | Unset = UNSET
    suspended_days: SuspendedDaysEnum | Unset = UNSET
    offline_credit_hours: int | None | Unset = UNSET
    review_threshold_percent: float | str | Unset = UNSET
    auto_issue: bool | Unset = UNSET
    late_usage_policy: LateUsagePolicyEnum | Unset = UNSET
    suspension_mode: SuspensionModeEnum | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        billing_timing: str | Unset = UNSET
        if not isinstance(self.billing_timing, Unset):
            billing_timing = self.billing_timing.value


        suspended_days: str | Unset = UNSET
        if not isinstance(self.suspended_days, Unset):
            suspended_days = self.suspended_days.value


        offline_credit_hours: int | None | Unset
        if isinstance(self.offline_credit_hours, Unset):
            offline_credit_hours = UNSET
        else:
            offline_credit_hours = self.offline_credit_hours

        review_threshold_percent: float | str | Unset
        if isinstance(self.review_threshold_percent, Unset):
            review_threshold_percent = UNSET
        else:
            review_threshold_percent = self.review_threshold_percent

        auto_issue = self.auto_issue

        late_usage_policy: str | Unset = UNSET
        if not isinstance(self.late_usage_policy, Unset):
            late_usage_policy = self.late_usage_policy.value


        suspension_mode: str | Unset = UNSET
        if not isinstance(self.suspension_mode, Unset):
            suspension_mode = self.suspension_mode.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if billing_timing is not UNSET:
            field_dict["billing_timing"] = billing_timing
        if suspended_days is not UNSET:
            field_dict["suspended_days"] = suspended_days
        if offline_credit_hours is not UNSET:
            field_dict["offline_credit_hours"] = offline_credit_hours
        if review_threshold_percent is not UNSET:
            field_dict["review_threshold_percent"] = review_threshold_percent
        if auto_issue is not UNSET:
            field_dict["auto_issue"] = auto_issue
        if late_usage_policy is not UNSET:
            field_dict["late_usage_policy"] = late_usage_policy
        if suspension_mode is not UNSET:
            field_dict["suspension_mode"] = suspension_mode

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _billing_timing = d.pop("billing_timing", UNSET)
        billing_timing: BillingTimingEnum | Unset
        if isinstance(_billing_timing,  Unset):
            billing_timing = UNSET
        else:
            billing_timing = BillingTimingEnum(_billing_timing)




        _suspended_days = d.pop("suspended_days", UNSET)
        suspended_days: SuspendedDaysEnum | Unset
        if isinstance(_suspended_days,  Unset):
            suspended_days = UNSET
        else:
            suspended_days = SuspendedDaysEnum(_suspended_days)




        def _parse_offline_credit_hours(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        offline_credit_hours = _parse_offline_credit_hours(d.pop("offline_credit_hours", UNSET))


        def _parse_review_threshold_percent(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        review_threshold_percent = _parse_review_threshold_percent(d.pop("review_threshold_percent", UNSET))


        auto_issue = d.pop("auto_issue", UNSET)

        _late_usage_policy = d.pop("late_usage_policy", UNSET)
        late_usage_policy: LateUsagePolicyEnum | Unset
        if isinstance(_late_usage_policy,  Unset):
            late_usage_policy = UNSET
        else:
            late_usage_policy = LateUsagePolicyEnum(_late_usage_policy)




        _suspension_mode = d.pop("suspension_mode", UNSET)
        suspension_mode: SuspensionModeEnum | Unset
        if isinstance(_suspension_mode,  Unset):
            suspension_mode = UNSET
        else:
            suspension_mode = SuspensionModeEnum(_suspension_mode)




        patched_billing_settings_patch_in_request = cls(
            billing_timing=billing_timing,
            suspended_days=suspended_days,
            offline_credit_hours=offline_credit_hours,
            review_threshold_percent=review_threshold_percent,
            auto_issue=auto_issue,
            late_usage_policy=late_usage_policy,
            suspension_mode=suspension_mode,
        )

        return patched_billing_settings_patch_in_request


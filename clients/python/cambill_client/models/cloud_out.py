from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_timing_enum import BillingTimingEnum
from ..models.lifecycle_status_enum import LifecycleStatusEnum
from ..models.proration_enum import ProrationEnum
from ..models.suspended_days_enum import SuspendedDaysEnum
from ..models.suspension_mode_enum import SuspensionModeEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.cloud_service_price_out import CloudServicePriceOut





T = TypeVar("T", bound="CloudOut")



@_attrs_define
class CloudOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            slug (str):
            name (str):
            currency (str):
            timezone (str):
            proration (ProrationEnum): * `day` - Per local day
                * `second` - Per second
            discount_percent (str):
            tax_percent (str):
            wholesale_tax_percent (str):
            trial_until (datetime.datetime | None):
            manager (None | str):
            allowed_tariffs (list[str]):
            service_prices (list[CloudServicePriceOut]):
            status (LifecycleStatusEnum): * `active` - Active
                * `suspended` - Suspended
                * `closed` - Closed
            legal_name (str):
            tax_id (str):
            address (str):
            invoice_prefix (str):
            invoice_number_width (int):
            auto_issue (bool):
            late_usage_policy (str):
            suspension_mode (SuspensionModeEnum): * `auto` - Suspend automatically
                * `confirm` - Wait for a person to confirm
            suspended_days (SuspendedDaysEnum): * `bill` - Charged as usual
                * `skip` - Not charged
            offline_credit_hours (int | None):
            review_threshold_percent (str):
            billing_timing (BillingTimingEnum): * `arrears` - In arrears (the closed month)
                * `advance` - In advance (the coming month, with a true-up of the last)
            created_at (datetime.datetime):
     """

    slug: str
    name: str
    currency: str
    timezone: str
    proration: ProrationEnum
    discount_percent: str
    tax_percent: str
    wholesale_tax_percent: str
    trial_until: datetime.datetime | None
    manager: None | str
    allowed_tariffs: list[str]
    service_prices: list[CloudServicePriceOut]
    status: LifecycleStatusEnum
    legal_name: str
    tax_id: str
    address: str
    invoice_prefix: str
    invoice_number_width: int
    auto_issue: bool
    late_usage_policy: str
    suspension_mode: SuspensionModeEnum
    suspended_days: SuspendedDaysEnum
    offline_credit_hours: int | None
    review_threshold_percent: str
    billing_timing: BillingTimingEnum
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.cloud_service_price_out import CloudServicePriceOut # noqa: PLC0415
        slug = self.slug

        name = self.name

        currency = self.currency

        timezone = self.timezone

        proration = self.proration.value

        discount_percent = self.discount_percent

        tax_percent = self.tax_percent

        wholesale_tax_percent = self.wholesale_tax_percent

        trial_until: None | str
        if isinstance(self.trial_until, datetime.datetime):
            trial_until = self.trial_until.isoformat()
        else:
            trial_until = self.trial_until

        manager: None | str
        manager = self.manager

        allowed_tariffs = self.allowed_tariffs



        service_prices = []
        for service_prices_item_data in self.service_prices:
            service_prices_item = service_prices_item_data.to_dict()
            service_prices.append(service_prices_item)



        status = self.status.value

        legal_name = self.legal_name

        tax_id = self.tax_id

        address = self.address

        invoice_prefix = self.invoice_prefix

        invoice_number_width = self.invoice_number_width

        auto_issue = self.auto_issue

        late_usage_policy = self.late_usage_policy

        suspension_mode = self.suspension_mode.value

        suspended_days = self.suspended_days.value

        offline_credit_hours: int | None
        offline_credit_hours = self.offline_credit_hours

        review_threshold_percent = self.review_threshold_percent

        billing_timing = self.billing_timing.value

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "slug": slug,
            "name": name,
            "currency": currency,
            "timezone": timezone,
            "proration": proration,
            "discount_percent": discount_percent,
            "tax_percent": tax_percent,
            "wholesale_tax_percent": wholesale_tax_percent,
            "trial_until": trial_until,
            "manager": manager,
            "allowed_tariffs": allowed_tariffs,
            "service_prices": service_prices,
            "status": status,
            "legal_name": legal_name,
            "tax_id": tax_id,
            "address": address,
            "invoice_prefix": invoice_prefix,
            "invoice_number_width": invoice_number_width,
            "auto_issue": auto_issue,
            "late_usage_policy": late_usage_policy,
            "suspension_mode": suspension_mode,
            "suspended_days": suspended_days,
            "offline_credit_hours": offline_credit_hours,
            "review_threshold_percent": review_threshold_percent,
            "billing_timing": billing_timing,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cloud_service_price_out import CloudServicePriceOut # noqa: PLC0415
        d = dict(src_dict)
        slug = d.pop("slug")

        name = d.pop("name")

        currency = d.pop("currency")

        timezone = d.pop("timezone")

        proration = ProrationEnum(d.pop("proration"))




        discount_percent = d.pop("discount_percent")

        tax_percent = d.pop("tax_percent")

        wholesale_tax_percent = d.pop("wholesale_tax_percent")

        def _parse_trial_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_until_type_0 = datetime.datetime.fromisoformat(data)



                return trial_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        trial_until = _parse_trial_until(d.pop("trial_until"))


        def _parse_manager(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        manager = _parse_manager(d.pop("manager"))


        allowed_tariffs = cast(list[str], d.pop("allowed_tariffs"))


        service_prices = []
        _service_prices = d.pop("service_prices")
        for service_prices_item_data in (_service_prices):
            service_prices_item = CloudServicePriceOut.from_dict(service_prices_item_data)



            service_prices.append(service_prices_item)


        status = LifecycleStatusEnum(d.pop("status"))




        legal_name = d.pop("legal_name")

        tax_id = d.pop("tax_id")

        address = d.pop("address")

        invoice_prefix = d.pop("invoice_prefix")

        invoice_number_width = d.pop("invoice_number_width")

        auto_issue = d.pop("auto_issue")

        late_usage_policy = d.pop("late_usage_policy")

        suspension_mode = SuspensionModeEnum(d.pop("suspension_mode"))




        suspended_days = SuspendedDaysEnum(d.pop("suspended_days"))




        def _parse_offline_credit_hours(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        offline_credit_hours = _parse_offline_credit_hours(d.pop("offline_credit_hours"))


        review_threshold_percent = d.pop("review_threshold_percent")

        billing_timing = BillingTimingEnum(d.pop("billing_timing"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        cloud_out = cls(
            slug=slug,
            name=name,
            currency=currency,
            timezone=timezone,
            proration=proration,
            discount_percent=discount_percent,
            tax_percent=tax_percent,
            wholesale_tax_percent=wholesale_tax_percent,
            trial_until=trial_until,
            manager=manager,
            allowed_tariffs=allowed_tariffs,
            service_prices=service_prices,
            status=status,
            legal_name=legal_name,
            tax_id=tax_id,
            address=address,
            invoice_prefix=invoice_prefix,
            invoice_number_width=invoice_number_width,
            auto_issue=auto_issue,
            late_usage_policy=late_usage_policy,
            suspension_mode=suspension_mode,
            suspended_days=suspended_days,
            offline_credit_hours=offline_credit_hours,
            review_threshold_percent=review_threshold_percent,
            billing_timing=billing_timing,
            created_at=created_at,
        )


        cloud_out.additional_properties = d
        return cloud_out

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

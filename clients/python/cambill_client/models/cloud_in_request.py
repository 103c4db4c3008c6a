from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_timing_enum import BillingTimingEnum
from ..models.late_usage_policy_enum import LateUsagePolicyEnum
from ..models.lifecycle_status_enum import LifecycleStatusEnum
from ..models.proration_enum import ProrationEnum
from ..models.suspended_days_enum import SuspendedDaysEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.cloud_service_price_in_request import CloudServicePriceInRequest





T = TypeVar("T", bound="CloudInRequest")



@_attrs_define
class CloudInRequest:
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
            name (str):
            currency (str): ISO 4217, e.g. USD
            timezone (str): IANA zone, e.g. America/Bogota
            slug (str):
            proration (ProrationEnum | Unset): * `day` - Per local day
                * `second` - Per second
            discount_percent (float | str | Unset): Wholesale discount, 0-100
            review_threshold_percent (float | str | Unset): 0-100 (default 20): on a bill run's review, drafts whose total
                moved by more than this % against the account's previous invoice are flagged
            tax_percent (float | str | Unset): Retail tax (VAT), percent
            wholesale_tax_percent (float | str | Unset):
            trial_until (datetime.datetime | None | Unset):
            manager (None | str | Unset): Username
            allowed_tariffs (list[str] | Unset): Provider tariff codes (replaces)
            service_prices (list[CloudServicePriceInRequest] | Unset): Individual wholesale prices (replaces)
            status (LifecycleStatusEnum | Unset): * `active` - Active
                * `suspended` - Suspended
                * `closed` - Closed
            legal_name (str | Unset):
            tax_id (str | Unset):
            address (str | Unset):
            invoice_prefix (str | Unset):
            invoice_number_width (int | Unset):
            auto_issue (bool | Unset):
            late_usage_policy (LateUsagePolicyEnum | Unset): * `next_period` - next_period
                * `credit_note_report` - credit_note_report
            suspended_days (SuspendedDaysEnum | Unset): * `bill` - Charged as usual
                * `skip` - Not charged
            offline_credit_hours (int | None | Unset): A local day with at least this many hours of camera offline time is
                credited on the retail invoice; null = off
            billing_timing (BillingTimingEnum | Unset): * `arrears` - In arrears (the closed month)
                * `advance` - In advance (the coming month, with a true-up of the last)
     """

    name: str
    currency: str
    timezone: str
    slug: str
    proration: ProrationEnum | Unset = UNSET
    discount_percent: float | str | Unset = UNSET
    review_threshold_percent: float | str | Unset = UNSET
    tax_percent: float | str | Unset = UNSET
    wholesale_tax_percent: float | str | Unset = UNSET
    trial_until: datetime.datetime | None | Unset = UNSET
    manager: None | str | Unset = UNSET
    allowed_tariffs: list[str] | Unset = UNSET
    service_prices: list[CloudServicePriceInRequest] | Unset = UNSET
    status: LifecycleStatusEnum | Unset = UNSET
    legal_name: str | Unset = UNSET
    tax_id: str | Unset = UNSET
    address: str | Unset = UNSET
    invoice_prefix: str | Unset = UNSET
    invoice_number_width: int | Unset = UNSET
    auto_issue: bool | Unset = UNSET
    late_usage_policy: LateUsagePolicyEnum | Unset = UNSET
    suspended_days: SuspendedDaysEnum | Unset = UNSET
    offline_credit_hours: int | None | Unset = UNSET
    billing_timing: BillingTimingEnum | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.cloud_service_price_in_request import CloudServicePriceInRequest # noqa: PLC0415
        name = self.name

        currency = self.currency

        timezone = self.timezone

        slug = self.slug

        proration: str | Unset = UNSET
        if not isinstance(self.proration, Unset):
            proration = self.proration.value


        discount_percent: float | str | Unset
        if isinstance(self.discount_percent, Unset):
            discount_percent = UNSET
        else:
            discount_percent = self.discount_percent

        review_threshold_percent: float | str | Unset
        if isinstance(self.review_threshold_percent, Unset):
            review_threshold_percent = UNSET
        else:
            review_threshold_percent = self.review_threshold_percent

        tax_percent: float | str | Unset
        if isinstance(self.tax_percent, Unset):
            tax_percent = UNSET
        else:
            tax_percent = self.tax_percent

        wholesale_tax_percent: float | str | Unset
        if isinstance(self.wholesale_tax_percent, Unset):
            wholesale_tax_percent = UNSET
        else:
            wholesale_tax_percent = self.wholesale_tax_percent

        trial_until: None | str | Unset
        if isinstance(self.trial_until, Unset):
            trial_until = UNSET
        elif isinstance(self.trial_until, datetime.datetime):
            trial_until = self.trial_until.isoformat()
        else:
            trial_until = self.trial_until

        manager: None | str | Unset
        if isinstance(self.manager, Unset):
            manager = UNSET
        else:
            manager = self.manager

        allowed_tariffs: list[str] | Unset = UNSET
        if not isinstance(self.allowed_tariffs, Unset):
            allowed_tariffs = self.allowed_tariffs



        service_prices: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.service_prices, Unset):
            service_prices = []
            for service_prices_item_data in self.service_prices:
                service_prices_item = service_prices_item_data.to_dict()
                service_prices.append(service_prices_item)



        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value


        legal_name = self.legal_name

        tax_id = self.tax_id

        address = self.address

        invoice_prefix = self.invoice_prefix

        invoice_number_width = self.invoice_number_width

        auto_issue = self.auto_issue

        late_usage_policy: str | Unset = UNSET
        if not isinstance(self.late_usage_policy, Unset):
            late_usage_policy = self.late_usage_policy.value


        suspended_days: str | Unset = UNSET
        if not isinstance(self.suspended_days, Unset):
            suspended_days = self.suspended_days.value


        offline_credit_hours: int | None | Unset
        if isinstance(self.offline_credit_hours, Unset):
            offline_credit_hours = UNSET
        else:
            offline_credit_hours = self.offline_credit_hours

        billing_timing: str | Unset = UNSET
        if not isinstance(self.billing_timing, Unset):
            billing_timing = self.billing_timing.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "currency": currency,
            "timezone": timezone,
            "slug": slug,
        })
        if proration is not UNSET:
            field_dict["proration"] = proration
        if discount_percent is not UNSET:
            field_dict["discount_percent"] = discount_percent
        if review_threshold_percent is not UNSET:
            field_dict["review_threshold_percent"] = review_threshold_percent
        if tax_percent is not UNSET:
            field_dict["tax_percent"] = tax_percent
        if wholesale_tax_percent is not UNSET:
            field_dict["wholesale_tax_percent"] = wholesale_tax_percent
        if trial_until is not UNSET:
            field_dict["trial_until"] = trial_until
        if manager is not UNSET:
            field_dict["manager"] = manager
        if allowed_tariffs is not UNSET:
            field_dict["allowed_tariffs"] = allowed_tariffs
        if service_prices is not UNSET:
            field_dict["service_prices"] = service_prices
        if status is not UNSET:
            field_dict["status"] = status
        if legal_name is not UNSET:
            field_dict["legal_name"] = legal_name
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if address is not UNSET:
            field_dict["address"] = address
        if invoice_prefix is not UNSET:
            field_dict["invoice_prefix"] = invoice_prefix
        if invoice_number_width is not UNSET:
            field_dict["invoice_number_width"] = invoice_number_width
        if auto_issue is not UNSET:
            field_dict["auto_issue"] = auto_issue
        if late_usage_policy is not UNSET:
            field_dict["late_usage_policy"] = late_usage_policy
        if suspended_days is not UNSET:
            field_dict["suspended_days"] = suspended_days
        if offline_credit_hours is not UNSET:
            field_dict["offline_credit_hours"] = offline_credit_hours
        if billing_timing is not UNSET:
            field_dict["billing_timing"] = billing_timing

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cloud_service_price_in_request import CloudServicePriceInRequest # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        currency = d.pop("currency")

        timezone = d.pop("timezone")

        slug = d.pop("slug")

        _proration = d.pop("proration", UNSET)
        proration: ProrationEnum | Unset
        if isinstance(_proration,  Unset):
            proration = UNSET
        else:
            proration = ProrationEnum(_proration)




        def _parse_discount_percent(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        discount_percent = _parse_discount_percent(d.pop("discount_percent", UNSET))


        def _parse_review_threshold_percent(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        review_threshold_percent = _parse_review_threshold_percent(d.pop("review_threshold_percent", UNSET))


        def _parse_tax_percent(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        tax_percent = _parse_tax_percent(d.pop("tax_percent", UNSET))


        def _parse_wholesale_tax_percent(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        wholesale_tax_percent = _parse_wholesale_tax_percent(d.pop("wholesale_tax_percent", UNSET))


        def _parse_trial_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_until_type_0 = datetime.datetime.fromisoformat(data)



                return trial_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        trial_until = _parse_trial_until(d.pop("trial_until", UNSET))


        def _parse_manager(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        manager = _parse_manager(d.pop("manager", UNSET))


        allowed_tariffs = cast(list[str], d.pop("allowed_tariffs", UNSET))


        _service_prices = d.pop("service_prices", UNSET)
        service_prices: list[CloudServicePriceInRequest] | Unset = UNSET
        if _service_prices is not UNSET:
            service_prices = []
            for service_prices_item_data in _service_prices:
                service_prices_item = CloudServicePriceInRequest.from_dict(service_prices_item_data)



                service_prices.append(service_prices_item)


        _status = d.pop("status", UNSET)
        status: LifecycleStatusEnum | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = LifecycleStatusEnum(_status)




        legal_name = d.pop("legal_name", UNSET)

        tax_id = d.pop("tax_id", UNSET)

        address = d.pop("address", UNSET)

        invoice_prefix = d.pop("invoice_prefix", UNSET)

        invoice_number_width = d.pop("invoice_number_width", UNSET)

        auto_issue = d.pop("auto_issue", UNSET)

        _late_usage_policy = d.pop("late_usage_policy", UNSET)
        late_usage_policy: LateUsagePolicyEnum | Unset
        if isinstance(_late_usage_policy,  Unset):
            late_usage_policy = UNSET
        else:
            late_usage_policy = LateUsagePolicyEnum(_late_usage_policy)




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


        _billing_timing = d.pop("billing_timing", UNSET)
        billing_timing: BillingTimingEnum | Unset
        if isinstance(_billing_timing,  Unset):
            billing_timing = UNSET
        else:
            billing_timing = BillingTimingEnum(_billing_timing)




        cloud_in_request = cls(
            name=name,
            currency=currency,
            timezone=timezone,
            slug=slug,
            proration=proration,
            discount_percent=discount_percent,
            review_threshold_percent=review_threshold_percent,
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
            suspended_days=suspended_days,
            offline_credit_hours=offline_credit_hours,
            billing_timing=billing_timing,
        )

        return cloud_in_request


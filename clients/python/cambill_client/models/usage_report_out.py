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
  from ..models.usage_report_out_accounts_item import UsageReportOutAccountsItem
  from ..models.usage_report_out_tariffs_item import UsageReportOutTariffsItem
  from ..models.usage_report_out_totals import UsageReportOutTotals
  from ..models.usage_report_out_wholesale_metered_item import UsageReportOutWholesaleMeteredItem





T = TypeVar("T", bound="UsageReportOut")



@_attrs_define
class UsageReportOut:
    """ The JSON of the usage report (``cambill.reports.usage.usage_report``).

        Attributes:
            cloud (str): The cloud's slug
            currency (str):
            timezone (str):
            proration (str): day | second
            to (datetime.date): Last local day (inclusive)
            account (None | str): The account asked for, if any
            metered_months (list[str]):
            metered_partial (bool): Some month of the range is only partly covered: it shows no metered extras
            shows_costs (bool): Wholesale costs and margins are shown
            wholesale_discount_percent (None | str):
            accounts (list[UsageReportOutAccountsItem]): Objects as the report computes them (decimals as strings)
            tariffs (list[UsageReportOutTariffsItem]): Objects as the report computes them (decimals as strings)
            totals (UsageReportOutTotals): Objects as the report computes them (decimals as strings)
            from_ (datetime.date): First local day
            wholesale_metered (list[UsageReportOutWholesaleMeteredItem] | Unset): Metered provider services no account's
                share covers (cost viewers only)
     """

    cloud: str
    currency: str
    timezone: str
    proration: str
    to: datetime.date
    account: None | str
    metered_months: list[str]
    metered_partial: bool
    shows_costs: bool
    wholesale_discount_percent: None | str
    accounts: list[UsageReportOutAccountsItem]
    tariffs: list[UsageReportOutTariffsItem]
    totals: UsageReportOutTotals
    from_: datetime.date
    wholesale_metered: list[UsageReportOutWholesaleMeteredItem] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.usage_report_out_accounts_item import UsageReportOutAccountsItem # noqa: PLC0415
        from ..models.usage_report_out_tariffs_item import UsageReportOutTariffsItem # noqa: PLC0415
        from ..models.usage_report_out_totals import UsageReportOutTotals # noqa: PLC0415
        from ..models.usage_report_out_wholesale_metered_item import UsageReportOutWholesaleMeteredItem # noqa: PLC0415
        cloud = self.cloud

        currency = self.currency

        timezone = self.timezone

        proration = self.proration

        to = self.to.isoformat()

        account: None | str
        account = self.account

        metered_months = self.metered_months



        metered_partial = self.metered_partial

        shows_costs = self.shows_costs

        wholesale_discount_percent: None | str
        wholesale_discount_percent = self.wholesale_discount_percent

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)



        tariffs = []
        for tariffs_item_data in self.tariffs:
            tariffs_item = tariffs_item_data.to_dict()
            tariffs.append(tariffs_item)



        totals = self.totals.to_dict()

        from_ = self.from_.isoformat()

        wholesale_metered: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.wholesale_metered, Unset):
            wholesale_metered = []
            for wholesale_metered_item_data in self.wholesale_metered:
                wholesale_metered_item = wholesale_metered_item_data.to_dict()
                wholesale_metered.append(wholesale_metered_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "cloud": cloud,
            "currency": currency,
            "timezone": timezone,
            "proration": proration,
            "to": to,
            "account": account,
            "metered_months": metered_months,
            "metered_partial": metered_partial,
            "shows_costs": shows_costs,
            "wholesale_discount_percent": wholesale_discount_percent,
            "accounts": accounts,
            "tariffs": tariffs,
            "totals": totals,
            "from": from_,
        })
        if wholesale_metered is not UNSET:
            field_dict["wholesale_metered"] = wholesale_metered

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.usage_report_out_accounts_item import UsageReportOutAccountsItem # noqa: PLC0415
        from ..models.usage_report_out_tariffs_item import UsageReportOutTariffsItem # noqa: PLC0415
        from ..models.usage_report_out_totals import UsageReportOutTotals # noqa: PLC0415
        from ..models.usage_report_out_wholesale_metered_item import UsageReportOutWholesaleMeteredItem # noqa: PLC0415
        d = dict(src_dict)
        cloud = d.pop("cloud")

        currency = d.pop("currency")

        timezone = d.pop("timezone")

        proration = d.pop("proration")

        to = datetime.date.fromisoformat(d.pop("to"))




        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        metered_months = cast(list[str], d.pop("metered_months"))


        metered_partial = d.pop("metered_partial")

        shows_costs = d.pop("shows_costs")

        def _parse_wholesale_discount_percent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        wholesale_discount_percent = _parse_wholesale_discount_percent(d.pop("wholesale_discount_percent"))


        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in (_accounts):
            accounts_item = UsageReportOutAccountsItem.from_dict(accounts_item_data)



            accounts.append(accounts_item)


        tariffs = []
        _tariffs = d.pop("tariffs")
        for tariffs_item_data in (_tariffs):
            tariffs_item = UsageReportOutTariffsItem.from_dict(tariffs_item_data)



            tariffs.append(tariffs_item)


        totals = UsageReportOutTotals.from_dict(d.pop("totals"))




        from_ = datetime.date.fromisoformat(d.pop("from"))




        _wholesale_metered = d.pop("wholesale_metered", UNSET)
        wholesale_metered: list[UsageReportOutWholesaleMeteredItem] | Unset = UNSET
        if _wholesale_metered is not UNSET:
            wholesale_metered = []
            for wholesale_metered_item_data in _wholesale_metered:
                wholesale_metered_item = UsageReportOutWholesaleMeteredItem.from_dict(wholesale_metered_item_data)



                wholesale_metered.append(wholesale_metered_item)


        usage_report_out = cls(
            cloud=cloud,
            currency=currency,
            timezone=timezone,
            proration=proration,
            to=to,
            account=account,
            metered_months=metered_months,
            metered_partial=metered_partial,
            shows_costs=shows_costs,
            wholesale_discount_percent=wholesale_discount_percent,
            accounts=accounts,
            tariffs=tariffs,
            totals=totals,
            from_=from_,
            wholesale_metered=wholesale_metered,
        )


        usage_report_out.additional_properties = d
        return usage_report_out

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

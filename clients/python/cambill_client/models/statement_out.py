from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.statement_out_status_enum import StatementOutStatusEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.statement_account_out import StatementAccountOut
  from ..models.statement_downline_out import StatementDownlineOut
  from ..models.statement_level_out import StatementLevelOut
  from ..models.statement_payout_out import StatementPayoutOut





T = TypeVar("T", bound="StatementOut")



@_attrs_define
class StatementOut:
    """ The JSON of ``statement_json`` (what ``?format=json`` answers).

        Attributes:
            agent (str): The agent's code
            name (str):
            period (str): YYYY-MM
            currency (str):
            accounts (list[StatementAccountOut]): The agent's own accounts
            levels (list[StatementLevelOut]):
            downline (list[StatementDownlineOut]): Totals per downline agent
            commission (str): An amount in the statement's currency, as a decimal string
            clawbacks (str): An amount in the statement's currency, as a decimal string
            net (str): An amount in the statement's currency, as a decimal string
            carried (str): An amount in the statement's currency, as a decimal string
            total_due (str): An amount in the statement's currency, as a decimal string
            payout (None | StatementPayoutOut):
            outstanding (str): An amount in the statement's currency, as a decimal string
            status (StatementOutStatusEnum): * `paid` - paid
                * `partly paid` - partly paid
                * `due` - due
                * `nothing due` - nothing due
     """

    agent: str
    name: str
    period: str
    currency: str
    accounts: list[StatementAccountOut]
    levels: list[StatementLevelOut]
    downline: list[StatementDownlineOut]
    commission: str
    clawbacks: str
    net: str
    carried: str
    total_due: str
    payout: None | StatementPayoutOut
    outstanding: str
    status: StatementOutStatusEnum
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.statement_account_out import StatementAccountOut # noqa: PLC0415
        from ..models.statement_downline_out import StatementDownlineOut # noqa: PLC0415
        from ..models.statement_level_out import StatementLevelOut # noqa: PLC0415
        from ..models.statement_payout_out import StatementPayoutOut # noqa: PLC0415
        agent = self.agent

        name = self.name

        period = self.period

        currency = self.currency

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)



        levels = []
        for levels_item_data in self.levels:
            levels_item = levels_item_data.to_dict()
            levels.append(levels_item)



        downline = []
        for downline_item_data in self.downline:
            downline_item = downline_item_data.to_dict()
            downline.append(downline_item)



        commission = self.commission

        clawbacks = self.clawbacks

        net = self.net

        carried = self.carried

        total_due = self.total_due

        payout: dict[str, Any] | None
        if isinstance(self.payout, StatementPayoutOut):
            payout = self.payout.to_dict()
        else:
            payout = self.payout

        outstanding = self.outstanding

        status = self.status.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agent": agent,
            "name": name,
            "period": period,
            "currency": currency,
            "accounts": accounts,
            "levels": levels,
            "downline": downline,
            "commission": commission,
            "clawbacks": clawbacks,
            "net": net,
            "carried": carried,
            "total_due": total_due,
            "payout": payout,
            "outstanding": outstanding,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.statement_account_out import StatementAccountOut # noqa: PLC0415
        from ..models.statement_downline_out import StatementDownlineOut # noqa: PLC0415
        from ..models.statement_level_out import StatementLevelOut # noqa: PLC0415
        from ..models.statement_payout_out import StatementPayoutOut # noqa: PLC0415
        d = dict(src_dict)
        agent = d.pop("agent")

        name = d.pop("name")

        period = d.pop("period")

        currency = d.pop("currency")

        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in (_accounts):
            accounts_item = StatementAccountOut.from_dict(accounts_item_data)



            accounts.append(accounts_item)


        levels = []
        _levels = d.pop("levels")
        for levels_item_data in (_levels):
            levels_item = StatementLevelOut.from_dict(levels_item_data)



            levels.append(levels_item)


        downline = []
        _downline = d.pop("downline")
        for downline_item_data in (_downline):
            downline_item = StatementDownlineOut.from_dict(downline_item_data)



            downline.append(downline_item)


        commission = d.pop("commission")

        clawbacks = d.pop("clawbacks")

        net = d.pop("net")

        carried = d.pop("carried")

        total_due = d.pop("total_due")

        def _parse_payout(data: object) -> None | StatementPayoutOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                payout_type_1 = StatementPayoutOut.from_dict(data)



                return payout_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StatementPayoutOut, data)

        payout = _parse_payout(d.pop("payout"))


        outstanding = d.pop("outstanding")

        status = StatementOutStatusEnum(d.pop("status"))




        statement_out = cls(
            agent=agent,
            name=name,
            period=period,
            currency=currency,
            accounts=accounts,
            levels=levels,
            downline=downline,
            commission=commission,
            clawbacks=clawbacks,
            net=net,
            carried=carried,
            total_due=total_due,
            payout=payout,
            outstanding=outstanding,
            status=status,
        )


        statement_out.additional_properties = d
        return statement_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.ledger_account_out import LedgerAccountOut
  from ..models.ledger_out_balances import LedgerOutBalances





T = TypeVar("T", bound="LedgerOut")



@_attrs_define
class LedgerOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            currency (str):
            balances (LedgerOutBalances):
            accounts (list[LedgerAccountOut]):
            owed_to_provider (str):
     """

    currency: str
    balances: LedgerOutBalances
    accounts: list[LedgerAccountOut]
    owed_to_provider: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.ledger_account_out import LedgerAccountOut # noqa: PLC0415
        from ..models.ledger_out_balances import LedgerOutBalances # noqa: PLC0415
        currency = self.currency

        balances = self.balances.to_dict()

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)



        owed_to_provider = self.owed_to_provider


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "currency": currency,
            "balances": balances,
            "accounts": accounts,
            "owed_to_provider": owed_to_provider,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.ledger_account_out import LedgerAccountOut # noqa: PLC0415
        from ..models.ledger_out_balances import LedgerOutBalances # noqa: PLC0415
        d = dict(src_dict)
        currency = d.pop("currency")

        balances = LedgerOutBalances.from_dict(d.pop("balances"))




        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in (_accounts):
            accounts_item = LedgerAccountOut.from_dict(accounts_item_data)



            accounts.append(accounts_item)


        owed_to_provider = d.pop("owed_to_provider")

        ledger_out = cls(
            currency=currency,
            balances=balances,
            accounts=accounts,
            owed_to_provider=owed_to_provider,
        )


        ledger_out.additional_properties = d
        return ledger_out

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

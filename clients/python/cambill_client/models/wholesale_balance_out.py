from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.wholesale_open_invoice_out import WholesaleOpenInvoiceOut





T = TypeVar("T", bound="WholesaleBalanceOut")



@_attrs_define
class WholesaleBalanceOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            currency (str):
            open_ (str): Open on issued wholesale invoices
            overdue (str): Of which past due
            prepaid (str): Paid to the provider and not applied to an invoice yet
            balance (str): open - prepaid (negative: the cloud is in credit)
            invoices (list[WholesaleOpenInvoiceOut]):
     """

    currency: str
    open_: str
    overdue: str
    prepaid: str
    balance: str
    invoices: list[WholesaleOpenInvoiceOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.wholesale_open_invoice_out import WholesaleOpenInvoiceOut # noqa: PLC0415
        currency = self.currency

        open_ = self.open_

        overdue = self.overdue

        prepaid = self.prepaid

        balance = self.balance

        invoices = []
        for invoices_item_data in self.invoices:
            invoices_item = invoices_item_data.to_dict()
            invoices.append(invoices_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "currency": currency,
            "open": open_,
            "overdue": overdue,
            "prepaid": prepaid,
            "balance": balance,
            "invoices": invoices,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.wholesale_open_invoice_out import WholesaleOpenInvoiceOut # noqa: PLC0415
        d = dict(src_dict)
        currency = d.pop("currency")

        open_ = d.pop("open")

        overdue = d.pop("overdue")

        prepaid = d.pop("prepaid")

        balance = d.pop("balance")

        invoices = []
        _invoices = d.pop("invoices")
        for invoices_item_data in (_invoices):
            invoices_item = WholesaleOpenInvoiceOut.from_dict(invoices_item_data)



            invoices.append(invoices_item)


        wholesale_balance_out = cls(
            currency=currency,
            open_=open_,
            overdue=overdue,
            prepaid=prepaid,
            balance=balance,
            invoices=invoices,
        )


        wholesale_balance_out.additional_properties = d
        return wholesale_balance_out

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

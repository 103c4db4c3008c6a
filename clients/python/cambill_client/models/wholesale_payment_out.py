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
  from ..models.wholesale_payment_out_allocations_item import WholesalePaymentOutAllocationsItem





T = TypeVar("T", bound="WholesalePaymentOut")



@_attrs_define
class WholesalePaymentOut:
    """ A payment of the cloud to the provider; ``allocations`` are the
    wholesale invoices it paid, ``unapplied`` what stays as prepaid credit.

        Attributes:
            id (int):
            kind (str):
            method (str):
            amount (str):
            currency (str):
            received_at (datetime.datetime):
            reference (str):
            unapplied (str):
            allocations (list[WholesalePaymentOutAllocationsItem]):
            account (None | str | Unset):
     """

    id: int
    kind: str
    method: str
    amount: str
    currency: str
    received_at: datetime.datetime
    reference: str
    unapplied: str
    allocations: list[WholesalePaymentOutAllocationsItem]
    account: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.wholesale_payment_out_allocations_item import WholesalePaymentOutAllocationsItem # noqa: PLC0415
        id = self.id

        kind = self.kind

        method = self.method

        amount = self.amount

        currency = self.currency

        received_at = self.received_at.isoformat()

        reference = self.reference

        unapplied = self.unapplied

        allocations = []
        for allocations_item_data in self.allocations:
            allocations_item = allocations_item_data.to_dict()
            allocations.append(allocations_item)



        account: None | str | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        else:
            account = self.account


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "method": method,
            "amount": amount,
            "currency": currency,
            "received_at": received_at,
            "reference": reference,
            "unapplied": unapplied,
            "allocations": allocations,
        })
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.wholesale_payment_out_allocations_item import WholesalePaymentOutAllocationsItem # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        method = d.pop("method")

        amount = d.pop("amount")

        currency = d.pop("currency")

        received_at = datetime.datetime.fromisoformat(d.pop("received_at"))




        reference = d.pop("reference")

        unapplied = d.pop("unapplied")

        allocations = []
        _allocations = d.pop("allocations")
        for allocations_item_data in (_allocations):
            allocations_item = WholesalePaymentOutAllocationsItem.from_dict(allocations_item_data)



            allocations.append(allocations_item)


        def _parse_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        wholesale_payment_out = cls(
            id=id,
            kind=kind,
            method=method,
            amount=amount,
            currency=currency,
            received_at=received_at,
            reference=reference,
            unapplied=unapplied,
            allocations=allocations,
            account=account,
        )


        wholesale_payment_out.additional_properties = d
        return wholesale_payment_out

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

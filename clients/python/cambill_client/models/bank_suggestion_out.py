from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bank_suggestion_out_status_enum import BankSuggestionOutStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="BankSuggestionOut")



@_attrs_define
class BankSuggestionOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            invoice (str):
            cloud (str): The invoice's cloud (the payer of a wholesale one)
            customer (str):
            invoice_total (str):
            due_at (datetime.datetime | None):
            reason (str): amount_and_payer | amount | payer | manual
            status (BankSuggestionOutStatusEnum): * `open` - Open
                * `confirmed` - Confirmed
                * `rejected` - Rejected
            account (None | str | Unset):
     """

    id: int
    invoice: str
    cloud: str
    customer: str
    invoice_total: str
    due_at: datetime.datetime | None
    reason: str
    status: BankSuggestionOutStatusEnum
    account: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invoice = self.invoice

        cloud = self.cloud

        customer = self.customer

        invoice_total = self.invoice_total

        due_at: None | str
        if isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        reason = self.reason

        status = self.status.value

        account: None | str | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        else:
            account = self.account


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "invoice": invoice,
            "cloud": cloud,
            "customer": customer,
            "invoice_total": invoice_total,
            "due_at": due_at,
            "reason": reason,
            "status": status,
        })
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        invoice = d.pop("invoice")

        cloud = d.pop("cloud")

        customer = d.pop("customer")

        invoice_total = d.pop("invoice_total")

        def _parse_due_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_at_type_0 = datetime.datetime.fromisoformat(data)



                return due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        due_at = _parse_due_at(d.pop("due_at"))


        reason = d.pop("reason")

        status = BankSuggestionOutStatusEnum(d.pop("status"))




        def _parse_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        bank_suggestion_out = cls(
            id=id,
            invoice=invoice,
            cloud=cloud,
            customer=customer,
            invoice_total=invoice_total,
            due_at=due_at,
            reason=reason,
            status=status,
            account=account,
        )


        bank_suggestion_out.additional_properties = d
        return bank_suggestion_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="PayoutOut")



@_attrs_define
class PayoutOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            agent (str):
            period (str):
            currency (str):
            amount (str):
            reference (str):
            paid_on (datetime.date):
            created_by (None | str):
            created_at (datetime.datetime):
     """

    agent: str
    period: str
    currency: str
    amount: str
    reference: str
    paid_on: datetime.date
    created_by: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        agent = self.agent

        period = self.period

        currency = self.currency

        amount = self.amount

        reference = self.reference

        paid_on = self.paid_on.isoformat()

        created_by: None | str
        created_by = self.created_by

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "agent": agent,
            "period": period,
            "currency": currency,
            "amount": amount,
            "reference": reference,
            "paid_on": paid_on,
            "created_by": created_by,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent = d.pop("agent")

        period = d.pop("period")

        currency = d.pop("currency")

        amount = d.pop("amount")

        reference = d.pop("reference")

        paid_on = datetime.date.fromisoformat(d.pop("paid_on"))




        def _parse_created_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        created_by = _parse_created_by(d.pop("created_by"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        payout_out = cls(
            agent=agent,
            period=period,
            currency=currency,
            amount=amount,
            reference=reference,
            paid_on=paid_on,
            created_by=created_by,
            created_at=created_at,
        )


        payout_out.additional_properties = d
        return payout_out

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

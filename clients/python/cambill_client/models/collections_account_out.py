from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bucket_enum import BucketEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.next_step_out import NextStepOut





T = TypeVar("T", bound="CollectionsAccountOut")



@_attrs_define
class CollectionsAccountOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            account (str):
            name (str):
            status (str):
            bucket (BucketEnum): * `current` - current
                * `days_1_30` - days_1_30
                * `days_31_60` - days_31_60
                * `days_61_90` - days_61_90
                * `days_over_90` - days_over_90
            days_overdue (int): Local days since the oldest open invoice's due date (0: not overdue)
            oldest_due_at (datetime.datetime):
            open_amount (str):
            overdue_amount (str):
            next_step (NextStepOut | None):
            last_reminder_at (datetime.datetime | None):
            suspension_due (bool): The dunning policy says to suspend it (the account is in the suspension queue)
            account_manager (None | str | Unset):
     """

    account: str
    name: str
    status: str
    bucket: BucketEnum
    days_overdue: int
    oldest_due_at: datetime.datetime
    open_amount: str
    overdue_amount: str
    next_step: NextStepOut | None
    last_reminder_at: datetime.datetime | None
    suspension_due: bool
    account_manager: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.next_step_out import NextStepOut # noqa: PLC0415
        account = self.account

        name = self.name

        status = self.status

        bucket = self.bucket.value

        days_overdue = self.days_overdue

        oldest_due_at = self.oldest_due_at.isoformat()

        open_amount = self.open_amount

        overdue_amount = self.overdue_amount

        next_step: dict[str, Any] | None
        if isinstance(self.next_step, NextStepOut):
            next_step = self.next_step.to_dict()
        else:
            next_step = self.next_step

        last_reminder_at: None | str
        if isinstance(self.last_reminder_at, datetime.datetime):
            last_reminder_at = self.last_reminder_at.isoformat()
        else:
            last_reminder_at = self.last_reminder_at

        suspension_due = self.suspension_due

        account_manager: None | str | Unset
        if isinstance(self.account_manager, Unset):
            account_manager = UNSET
        else:
            account_manager = self.account_manager


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "name": name,
            "status": status,
            "bucket": bucket,
            "days_overdue": days_overdue,
            "oldest_due_at": oldest_due_at,
            "open_amount": open_amount,
            "overdue_amount": overdue_amount,
            "next_step": next_step,
            "last_reminder_at": last_reminder_at,
            "suspension_due": suspension_due,
        })
        if account_manager is not UNSET:
            field_dict["account_manager"] = account_manager

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_step_out import NextStepOut # noqa: PLC0415
        d = dict(src_dict)
        account = d.pop("account")

        name = d.pop("name")

        status = d.pop("status")

        bucket = BucketEnum(d.pop("bucket"))




        days_overdue = d.pop("days_overdue")

        oldest_due_at = datetime.datetime.fromisoformat(d.pop("oldest_due_at"))




        open_amount = d.pop("open_amount")

        overdue_amount = d.pop("overdue_amount")

        def _parse_next_step(data: object) -> NextStepOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                next_step_type_1 = NextStepOut.from_dict(data)



                return next_step_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(NextStepOut | None, data)

        next_step = _parse_next_step(d.pop("next_step"))


        def _parse_last_reminder_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_reminder_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_reminder_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_reminder_at = _parse_last_reminder_at(d.pop("last_reminder_at"))


        suspension_due = d.pop("suspension_due")

        def _parse_account_manager(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_manager = _parse_account_manager(d.pop("account_manager", UNSET))


        collections_account_out = cls(
            account=account,
            name=name,
            status=status,
            bucket=bucket,
            days_overdue=days_overdue,
            oldest_due_at=oldest_due_at,
            open_amount=open_amount,
            overdue_amount=overdue_amount,
            next_step=next_step,
            last_reminder_at=last_reminder_at,
            suspension_due=suspension_due,
            account_manager=account_manager,
        )


        collections_account_out.additional_properties = d
        return collections_account_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.lifecycle_status_enum import LifecycleStatusEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.suspension_out import SuspensionOut





T = TypeVar("T", bound="AccountSuspensionsOut")



@_attrs_define
class AccountSuspensionsOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            account (str):
            status (LifecycleStatusEnum): * `active` - Active
                * `suspended` - Suspended
                * `closed` - Closed
            suspensions (list[SuspensionOut]):
     """

    account: str
    status: LifecycleStatusEnum
    suspensions: list[SuspensionOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.suspension_out import SuspensionOut # noqa: PLC0415
        account = self.account

        status = self.status.value

        suspensions = []
        for suspensions_item_data in self.suspensions:
            suspensions_item = suspensions_item_data.to_dict()
            suspensions.append(suspensions_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "account": account,
            "status": status,
            "suspensions": suspensions,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.suspension_out import SuspensionOut # noqa: PLC0415
        d = dict(src_dict)
        account = d.pop("account")

        status = LifecycleStatusEnum(d.pop("status"))




        suspensions = []
        _suspensions = d.pop("suspensions")
        for suspensions_item_data in (_suspensions):
            suspensions_item = SuspensionOut.from_dict(suspensions_item_data)



            suspensions.append(suspensions_item)


        account_suspensions_out = cls(
            account=account,
            status=status,
            suspensions=suspensions,
        )


        account_suspensions_out.additional_properties = d
        return account_suspensions_out

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

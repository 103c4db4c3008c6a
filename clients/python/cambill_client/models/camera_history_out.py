from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.camera_status_enum import CameraStatusEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.period_out import PeriodOut





T = TypeVar("T", bound="CameraHistoryOut")



@_attrs_define
class CameraHistoryOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            title (str):
            account (None | str):
            tariff (None | str): Tariff of the open period: the latest change, possibly scheduled ahead
            status (CameraStatusEnum): * `active` - Active
                * `disabled` - Disabled
                * `removed` - Removed
            created_at (datetime.datetime):
            history (list[PeriodOut]):
     """

    code: str
    title: str
    account: None | str
    tariff: None | str
    status: CameraStatusEnum
    created_at: datetime.datetime
    history: list[PeriodOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.period_out import PeriodOut # noqa: PLC0415
        code = self.code

        title = self.title

        account: None | str
        account = self.account

        tariff: None | str
        tariff = self.tariff

        status = self.status.value

        created_at = self.created_at.isoformat()

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "title": title,
            "account": account,
            "tariff": tariff,
            "status": status,
            "created_at": created_at,
            "history": history,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.period_out import PeriodOut # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        title = d.pop("title")

        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        def _parse_tariff(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tariff = _parse_tariff(d.pop("tariff"))


        status = CameraStatusEnum(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            history_item = PeriodOut.from_dict(history_item_data)



            history.append(history_item)


        camera_history_out = cls(
            code=code,
            title=title,
            account=account,
            tariff=tariff,
            status=status,
            created_at=created_at,
            history=history,
        )


        camera_history_out.additional_properties = d
        return camera_history_out

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

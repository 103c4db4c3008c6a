from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StatementAccountOut")



@_attrs_define
class StatementAccountOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            code (str):
            name (str):
            invoice (str): The retail invoice's number
            cameras (int):
            camera_days (str): Camera-days billed, as a decimal string
            invoiced (str): An amount in the statement's currency, as a decimal string
            paid (str): An amount in the statement's currency, as a decimal string
            commission (str): An amount in the statement's currency, as a decimal string
            clawbacks (str): An amount in the statement's currency, as a decimal string
     """

    code: str
    name: str
    invoice: str
    cameras: int
    camera_days: str
    invoiced: str
    paid: str
    commission: str
    clawbacks: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        invoice = self.invoice

        cameras = self.cameras

        camera_days = self.camera_days

        invoiced = self.invoiced

        paid = self.paid

        commission = self.commission

        clawbacks = self.clawbacks


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "name": name,
            "invoice": invoice,
            "cameras": cameras,
            "camera_days": camera_days,
            "invoiced": invoiced,
            "paid": paid,
            "commission": commission,
            "clawbacks": clawbacks,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        invoice = d.pop("invoice")

        cameras = d.pop("cameras")

        camera_days = d.pop("camera_days")

        invoiced = d.pop("invoiced")

        paid = d.pop("paid")

        commission = d.pop("commission")

        clawbacks = d.pop("clawbacks")

        statement_account_out = cls(
            code=code,
            name=name,
            invoice=invoice,
            cameras=cameras,
            camera_days=camera_days,
            invoiced=invoiced,
            paid=paid,
            commission=commission,
            clawbacks=clawbacks,
        )


        statement_account_out.additional_properties = d
        return statement_account_out

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

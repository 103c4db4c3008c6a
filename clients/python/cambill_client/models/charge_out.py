from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ChargeOut")



@_attrs_define
class ChargeOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            account (str):
            description (str):
            product (None | str):
            camera (None | str):
            quantity (str):
            unit_price (str):
            amount (str): round(quantity x unit_price)
            date (datetime.date): Local date of the cloud
            status (str): pending (on no invoice yet), draft (on a draft invoice) or invoiced
            invoice (None | str): Number (or id of a draft) or null
            created_at (datetime.datetime):
     """

    id: int
    account: str
    description: str
    product: None | str
    camera: None | str
    quantity: str
    unit_price: str
    amount: str
    date: datetime.date
    status: str
    invoice: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        account = self.account

        description = self.description

        product: None | str
        product = self.product

        camera: None | str
        camera = self.camera

        quantity = self.quantity

        unit_price = self.unit_price

        amount = self.amount

        date = self.date.isoformat()

        status = self.status

        invoice: None | str
        invoice = self.invoice

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "account": account,
            "description": description,
            "product": product,
            "camera": camera,
            "quantity": quantity,
            "unit_price": unit_price,
            "amount": amount,
            "date": date,
            "status": status,
            "invoice": invoice,
            "created_at": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        account = d.pop("account")

        description = d.pop("description")

        def _parse_product(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        product = _parse_product(d.pop("product"))


        def _parse_camera(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        camera = _parse_camera(d.pop("camera"))


        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        amount = d.pop("amount")

        date = datetime.date.fromisoformat(d.pop("date"))




        status = d.pop("status")

        def _parse_invoice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice = _parse_invoice(d.pop("invoice"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        charge_out = cls(
            id=id,
            account=account,
            description=description,
            product=product,
            camera=camera,
            quantity=quantity,
            unit_price=unit_price,
            amount=amount,
            date=date,
            status=status,
            invoice=invoice,
            created_at=created_at,
        )


        charge_out.additional_properties = d
        return charge_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="EuPeppolReceiver")



@_attrs_define
class EuPeppolReceiver:
    """ EN 16931, Peppol BIS Billing 3.0, as receiver.

        Attributes:
            regime (str): The e-invoicing regime
            endpoint_scheme (None | str | Unset): The buyer's Peppol address scheme (ISO 6523 ICD); required with eu-peppol
            endpoint_id (None | str | Unset): The buyer's Peppol address id
            buyer_reference (None | str | Unset): BT-10, the buyer's reference (Peppol needs it or order_reference)
            order_reference (None | str | Unset): BT-13, the buyer's purchase order
            vat_category (None | str | Unset): EN 16931 VAT category: S standard (default), AE reverse charge, Z zero rated,
                E exempt, O outside the scope of VAT
            vat_exemption_reason (None | str | Unset): Printed reason for no VAT; required for AE, E and O
     """

    regime: str
    endpoint_scheme: None | str | Unset = UNSET
    endpoint_id: None | str | Unset = UNSET
    buyer_reference: None | str | Unset = UNSET
    order_reference: None | str | Unset = UNSET
    vat_category: None | str | Unset = UNSET
    vat_exemption_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        regime = self.regime

        endpoint_scheme: None | str | Unset
        if isinstance(self.endpoint_scheme, Unset):
            endpoint_scheme = UNSET
        else:
            endpoint_scheme = self.endpoint_scheme

        endpoint_id: None | str | Unset
        if isinstance(self.endpoint_id, Unset):
            endpoint_id = UNSET
        else:
            endpoint_id = self.endpoint_id

        buyer_reference: None | str | Unset
        if isinstance(self.buyer_reference, Unset):
            buyer_reference = UNSET
        else:
            buyer_reference = self.buyer_reference

        order_reference: None | str | Unset
        if isinstance(self.order_reference, Unset):
            order_reference = UNSET
        else:
            order_reference = self.order_reference

        vat_category: None | str | Unset
        if isinstance(self.vat_category, Unset):
            vat_category = UNSET
        else:
            vat_category = self.vat_category

        vat_exemption_reason: None | str | Unset
        if isinstance(self.vat_exemption_reason, Unset):
            vat_exemption_reason = UNSET
        else:
            vat_exemption_reason = self.vat_exemption_reason


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "regime": regime,
        })
        if endpoint_scheme is not UNSET:
            field_dict["endpoint_scheme"] = endpoint_scheme
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if buyer_reference is not UNSET:
            field_dict["buyer_reference"] = buyer_reference
        if order_reference is not UNSET:
            field_dict["order_reference"] = order_reference
        if vat_category is not UNSET:
            field_dict["vat_category"] = vat_category
        if vat_exemption_reason is not UNSET:
            field_dict["vat_exemption_reason"] = vat_exemption_reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        regime = d.pop("regime")

        def _parse_endpoint_scheme(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint_scheme = _parse_endpoint_scheme(d.pop("endpoint_scheme", UNSET))


        def _parse_endpoint_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint_id = _parse_endpoint_id(d.pop("endpoint_id", UNSET))


        def _parse_buyer_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        buyer_reference = _parse_buyer_reference(d.pop("buyer_reference", UNSET))


        def _parse_order_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_reference = _parse_order_reference(d.pop("order_reference", UNSET))


        def _parse_vat_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_category = _parse_vat_category(d.pop("vat_category", UNSET))


        def _parse_vat_exemption_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        vat_exemption_reason = _parse_vat_exemption_reason(d.pop("vat_exemption_reason", UNSET))


        eu_peppol_receiver = cls(
            regime=regime,
            endpoint_scheme=endpoint_scheme,
            endpoint_id=endpoint_id,
            buyer_reference=buyer_reference,
            order_reference=order_reference,
            vat_category=vat_category,
            vat_exemption_reason=vat_exemption_reason,
        )


        eu_peppol_receiver.additional_properties = d
        return eu_peppol_receiver

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

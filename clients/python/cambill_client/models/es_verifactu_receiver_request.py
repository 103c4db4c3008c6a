from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="EsVerifactuReceiverRequest")



@_attrs_define
class EsVerifactuReceiverRequest:
    """ Spain, AEAT's Verifactu, as receiver.

        Attributes:
            regime (str): The e-invoicing regime
            vat_category (None | str | Unset): EN 16931 VAT category: S standard (default), AE reverse charge, Z zero rated,
                E exempt, O outside the scope of VAT
            vat_exemption_reason (None | str | Unset): Printed reason for no VAT; required for AE, E and O
     """

    regime: str
    vat_category: None | str | Unset = UNSET
    vat_exemption_reason: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        regime = self.regime

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
        if vat_category is not UNSET:
            field_dict["vat_category"] = vat_category
        if vat_exemption_reason is not UNSET:
            field_dict["vat_exemption_reason"] = vat_exemption_reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        regime = d.pop("regime")

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


        es_verifactu_receiver_request = cls(
            regime=regime,
            vat_category=vat_category,
            vat_exemption_reason=vat_exemption_reason,
        )


        es_verifactu_receiver_request.additional_properties = d
        return es_verifactu_receiver_request

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="EuFacturxIssuer")



@_attrs_define
class EuFacturxIssuer:
    """ EN 16931, Factur-X EN 16931, as issuer.

        Attributes:
            regime (str): The e-invoicing regime
            endpoint_scheme (None | str | Unset): Peppol address scheme: ISO 6523 ICD, four digits (0208, 9920, ...);
                required with eu-peppol
            endpoint_id (None | str | Unset): Peppol address id (a 0208 number is checked for its check digits)
            iban (None | str | Unset): The account invoices are paid to (checked); printed as SEPA credit transfer
            bic (None | str | Unset): The bank's BIC, 8 or 11 characters
     """

    regime: str
    endpoint_scheme: None | str | Unset = UNSET
    endpoint_id: None | str | Unset = UNSET
    iban: None | str | Unset = UNSET
    bic: None | str | Unset = UNSET
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

        iban: None | str | Unset
        if isinstance(self.iban, Unset):
            iban = UNSET
        else:
            iban = self.iban

        bic: None | str | Unset
        if isinstance(self.bic, Unset):
            bic = UNSET
        else:
            bic = self.bic


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "regime": regime,
        })
        if endpoint_scheme is not UNSET:
            field_dict["endpoint_scheme"] = endpoint_scheme
        if endpoint_id is not UNSET:
            field_dict["endpoint_id"] = endpoint_id
        if iban is not UNSET:
            field_dict["iban"] = iban
        if bic is not UNSET:
            field_dict["bic"] = bic

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


        def _parse_iban(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        iban = _parse_iban(d.pop("iban", UNSET))


        def _parse_bic(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bic = _parse_bic(d.pop("bic", UNSET))


        eu_facturx_issuer = cls(
            regime=regime,
            endpoint_scheme=endpoint_scheme,
            endpoint_id=endpoint_id,
            iban=iban,
            bic=bic,
        )


        eu_facturx_issuer.additional_properties = d
        return eu_facturx_issuer

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

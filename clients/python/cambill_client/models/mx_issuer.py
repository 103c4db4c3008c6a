from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.blank_enum import BlankEnum
from ..models.pac_enum import PacEnum
from ..models.tax_regime_enum import TaxRegimeEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MxIssuer")



@_attrs_define
class MxIssuer:
    """ Mexico, CFDI 4.0, as issuer.

        Attributes:
            regime (str): The e-invoicing regime
            tax_regime (BlankEnum | None | TaxRegimeEnum | Unset): SAT c_RegimenFiscal, e.g. 601

                * `601` - 601
                * `603` - 603
                * `605` - 605
                * `606` - 606
                * `607` - 607
                * `608` - 608
                * `609` - 609
                * `610` - 610
                * `611` - 611
                * `612` - 612
                * `614` - 614
                * `615` - 615
                * `616` - 616
                * `620` - 620
                * `621` - 621
                * `622` - 622
                * `623` - 623
                * `624` - 624
                * `625` - 625
                * `626` - 626
                * `628` - 628
                * `629` - 629
                * `630` - 630
            series (None | str | Unset): CFDI Serie (the folio is cambill's number)
            pac (BlankEnum | None | PacEnum | Unset): Who stamps: 'sandbox' (cambill's test PAC) or a real PAC

                * `sandbox` - sandbox
                * `comerciodigital` - comerciodigital
                * `diverza` - diverza
                * `facturama` - facturama
                * `finkok` - finkok
                * `mysuite` - mysuite
                * `prodigia` - prodigia
                * `swsapien` - swsapien
            pac_username (None | str | Unset):
     """

    regime: str
    tax_regime: BlankEnum | None | TaxRegimeEnum | Unset = UNSET
    series: None | str | Unset = UNSET
    pac: BlankEnum | None | PacEnum | Unset = UNSET
    pac_username: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        regime = self.regime

        tax_regime: None | str | Unset
        if isinstance(self.tax_regime, Unset):
            tax_regime = UNSET
        elif isinstance(self.tax_regime, TaxRegimeEnum):
            tax_regime = self.tax_regime.value
        elif isinstance(self.tax_regime, BlankEnum):
            tax_regime = self.tax_regime.value
        else:
            tax_regime = self.tax_regime

        series: None | str | Unset
        if isinstance(self.series, Unset):
            series = UNSET
        else:
            series = self.series

        pac: None | str | Unset
        if isinstance(self.pac, Unset):
            pac = UNSET
        elif isinstance(self.pac, PacEnum):
            pac = self.pac.value
        elif isinstance(self.pac, BlankEnum):
            pac = self.pac.value
        else:
            pac = self.pac

        pac_username: None | str | Unset
        if isinstance(self.pac_username, Unset):
            pac_username = UNSET
        else:
            pac_username = self.pac_username


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "regime": regime,
        })
        if tax_regime is not UNSET:
            field_dict["tax_regime"] = tax_regime
        if series is not UNSET:
            field_dict["series"] = series
        if pac is not UNSET:
            field_dict["pac"] = pac
        if pac_username is not UNSET:
            field_dict["pac_username"] = pac_username

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        regime = d.pop("regime")

        def _parse_tax_regime(data: object) -> BlankEnum | None | TaxRegimeEnum | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_regime_type_0 = TaxRegimeEnum(data)



                return tax_regime_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_regime_type_1 = BlankEnum(data)



                return tax_regime_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlankEnum | None | TaxRegimeEnum | Unset, data)

        tax_regime = _parse_tax_regime(d.pop("tax_regime", UNSET))


        def _parse_series(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        series = _parse_series(d.pop("series", UNSET))


        def _parse_pac(data: object) -> BlankEnum | None | PacEnum | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pac_type_0 = PacEnum(data)



                return pac_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pac_type_1 = BlankEnum(data)



                return pac_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlankEnum | None | PacEnum | Unset, data)

        pac = _parse_pac(d.pop("pac", UNSET))


        def _parse_pac_username(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pac_username = _parse_pac_username(d.pop("pac_username", UNSET))


        mx_issuer = cls(
            regime=regime,
            tax_regime=tax_regime,
            series=series,
            pac=pac,
            pac_username=pac_username,
        )


        mx_issuer.additional_properties = d
        return mx_issuer

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.blank_enum import BlankEnum
from ..models.cfdi_use_enum import CfdiUseEnum
from ..models.pac_enum import PacEnum
from ..models.tax_regime_enum import TaxRegimeEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="MxCloud")



@_attrs_define
class MxCloud:
    """ Mexico, CFDI 4.0: a cloud issues retail CFDIs and receives the provider's.

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
            cfdi_use (BlankEnum | CfdiUseEnum | None | Unset): SAT c_UsoCFDI of the provider's wholesale CFDIs, e.g. G03

                * `G01` - G01
                * `G02` - G02
                * `G03` - G03
                * `I01` - I01
                * `I02` - I02
                * `I03` - I03
                * `I04` - I04
                * `I05` - I05
                * `I06` - I06
                * `I07` - I07
                * `I08` - I08
                * `D01` - D01
                * `D02` - D02
                * `D03` - D03
                * `D04` - D04
                * `D05` - D05
                * `D06` - D06
                * `D07` - D07
                * `D08` - D08
                * `D09` - D09
                * `D10` - D10
                * `S01` - S01
                * `CP01` - CP01
                * `CN01` - CN01
                * `P01` - P01
     """

    regime: str
    tax_regime: BlankEnum | None | TaxRegimeEnum | Unset = UNSET
    series: None | str | Unset = UNSET
    pac: BlankEnum | None | PacEnum | Unset = UNSET
    pac_username: None | str | Unset = UNSET
    cfdi_use: BlankEnum | CfdiUseEnum | None | Unset = UNSET
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

        cfdi_use: None | str | Unset
        if isinstance(self.cfdi_use, Unset):
            cfdi_use = UNSET
        elif isinstance(self.cfdi_use, CfdiUseEnum):
            cfdi_use = self.cfdi_use.value
        elif isinstance(self.cfdi_use, BlankEnum):
            cfdi_use = self.cfdi_use.value
        else:
            cfdi_use = self.cfdi_use


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
        if cfdi_use is not UNSET:
            field_dict["cfdi_use"] = cfdi_use

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


        def _parse_cfdi_use(data: object) -> BlankEnum | CfdiUseEnum | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cfdi_use_type_0 = CfdiUseEnum(data)



                return cfdi_use_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cfdi_use_type_1 = BlankEnum(data)



                return cfdi_use_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlankEnum | CfdiUseEnum | None | Unset, data)

        cfdi_use = _parse_cfdi_use(d.pop("cfdi_use", UNSET))


        mx_cloud = cls(
            regime=regime,
            tax_regime=tax_regime,
            series=series,
            pac=pac,
            pac_username=pac_username,
            cfdi_use=cfdi_use,
        )


        mx_cloud.additional_properties = d
        return mx_cloud

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

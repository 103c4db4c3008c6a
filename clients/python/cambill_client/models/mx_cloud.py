from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.cfdi_use_enum import CfdiUseEnum
from ..models.pac_enum import PacEnum
from ..models.tax_regime_enum import TaxRegimeEnum
from ..types import UNSET, Unset






T = TypeVar("T", bound="MxCloud")



@_attrs_define
class MxCloud:
    """ Mexico, CFDI 4.0: a cloud issues retail CFDIs and receives the provider's.

        Attributes:
            regime (str): The e-invoicing regime
            tax_regime (TaxRegimeEnum | Unset): * `601` - 601
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
            series (str | Unset): CFDI Serie (the folio is cambill's number)
            pac (PacEnum | Unset): * `sandbox` - sandbox
                * `comerciodigital` - comerciodigital
                * `diverza` - diverza
                * `facturama` - facturama
                * `finkok` - finkok
                * `mysuite` - mysuite
                * `prodigia` - prodigia
                * `swsapien` - swsapien
            pac_username (str | Unset):
            cfdi_use (CfdiUseEnum | Unset): * `G01` - G01
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
    tax_regime: TaxRegimeEnum | Unset = UNSET
    series: str | Unset = UNSET
    pac: PacEnum | Unset = UNSET
    pac_username: str | Unset = UNSET
    cfdi_use: CfdiUseEnum | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        regime = self.regime

        tax_regime: str | Unset = UNSET
        if not isinstance(self.tax_regime, Unset):
            tax_regime = self.tax_regime.value


        series = self.series

        pac: str | Unset = UNSET
        if not isinstance(self.pac, Unset):
            pac = self.pac.value


        pac_username = self.pac_username

        cfdi_use: str | Unset = UNSET
        if not isinstance(self.cfdi_use, Unset):
            cfdi_use = self.cfdi_use.value



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

        _tax_regime = d.pop("tax_regime", UNSET)
        tax_regime: TaxRegimeEnum | Unset
        if isinstance(_tax_regime,  Unset):
            tax_regime = UNSET
        else:
            tax_regime = TaxRegimeEnum(_tax_regime)




        series = d.pop("series", UNSET)

        _pac = d.pop("pac", UNSET)
        pac: PacEnum | Unset
        if isinstance(_pac,  Unset):
            pac = UNSET
        else:
            pac = PacEnum(_pac)




        pac_username = d.pop("pac_username", UNSET)

        _cfdi_use = d.pop("cfdi_use", UNSET)
        cfdi_use: CfdiUseEnum | Unset
        if isinstance(_cfdi_use,  Unset):
            cfdi_use = UNSET
        else:
            cfdi_use = CfdiUseEnum(_cfdi_use)




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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.id_type_enum import IdTypeEnum
from ..models.person_type_enum import PersonTypeEnum
from ..models.tax_responsibilities_enum import TaxResponsibilitiesEnum
from ..models.tax_scheme_enum import TaxSchemeEnum
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="CoReceiverRequest")



@_attrs_define
class CoReceiverRequest:
    """ Colombia, DIAN electronic invoice, as receiver.

        Attributes:
            regime (str): The e-invoicing regime
            tax_scheme (TaxSchemeEnum | Unset): * `01` - 01
                * `04` - 04
                * `ZA` - ZA
                * `ZZ` - ZZ
            person_type (PersonTypeEnum | Unset): * `1` - 1
                * `2` - 2
            municipality_code (str | Unset): DIVIPOLA code, e.g. 11001 (Bogotá)
            id_type (IdTypeEnum | Unset): * `11` - 11
                * `12` - 12
                * `13` - 13
                * `21` - 21
                * `22` - 22
                * `31` - 31
                * `41` - 41
                * `42` - 42
                * `47` - 47
                * `48` - 48
                * `50` - 50
                * `91` - 91
            tax_responsibilities (list[TaxResponsibilitiesEnum] | Unset): DIAN tax responsibilities, e.g. ["O-13"]
     """

    regime: str
    tax_scheme: TaxSchemeEnum | Unset = UNSET
    person_type: PersonTypeEnum | Unset = UNSET
    municipality_code: str | Unset = UNSET
    id_type: IdTypeEnum | Unset = UNSET
    tax_responsibilities: list[TaxResponsibilitiesEnum] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        regime = self.regime

        tax_scheme: str | Unset = UNSET
        if not isinstance(self.tax_scheme, Unset):
            tax_scheme = self.tax_scheme.value


        person_type: str | Unset = UNSET
        if not isinstance(self.person_type, Unset):
            person_type = self.person_type.value


        municipality_code = self.municipality_code

        id_type: str | Unset = UNSET
        if not isinstance(self.id_type, Unset):
            id_type = self.id_type.value


        tax_responsibilities: list[str] | Unset = UNSET
        if not isinstance(self.tax_responsibilities, Unset):
            tax_responsibilities = []
            for tax_responsibilities_item_data in self.tax_responsibilities:
                tax_responsibilities_item = tax_responsibilities_item_data.value
                tax_responsibilities.append(tax_responsibilities_item)




        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "regime": regime,
        })
        if tax_scheme is not UNSET:
            field_dict["tax_scheme"] = tax_scheme
        if person_type is not UNSET:
            field_dict["person_type"] = person_type
        if municipality_code is not UNSET:
            field_dict["municipality_code"] = municipality_code
        if id_type is not UNSET:
            field_dict["id_type"] = id_type
        if tax_responsibilities is not UNSET:
            field_dict["tax_responsibilities"] = tax_responsibilities

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        regime = d.pop("regime")

        _tax_scheme = d.pop("tax_scheme", UNSET)
        tax_scheme: TaxSchemeEnum | Unset
        if isinstance(_tax_scheme,  Unset):
            tax_scheme = UNSET
        else:
            tax_scheme = TaxSchemeEnum(_tax_scheme)




        _person_type = d.pop("person_type", UNSET)
        person_type: PersonTypeEnum | Unset
        if isinstance(_person_type,  Unset):
            person_type = UNSET
        else:
            person_type = PersonTypeEnum(_person_type)




        municipality_code = d.pop("municipality_code", UNSET)

        _id_type = d.pop("id_type", UNSET)
        id_type: IdTypeEnum | Unset
        if isinstance(_id_type,  Unset):
            id_type = UNSET
        else:
            id_type = IdTypeEnum(_id_type)




        _tax_responsibilities = d.pop("tax_responsibilities", UNSET)
        tax_responsibilities: list[TaxResponsibilitiesEnum] | Unset = UNSET
        if _tax_responsibilities is not UNSET:
            tax_responsibilities = []
            for tax_responsibilities_item_data in _tax_responsibilities:
                tax_responsibilities_item = TaxResponsibilitiesEnum(tax_responsibilities_item_data)



                tax_responsibilities.append(tax_responsibilities_item)


        co_receiver_request = cls(
            regime=regime,
            tax_scheme=tax_scheme,
            person_type=person_type,
            municipality_code=municipality_code,
            id_type=id_type,
            tax_responsibilities=tax_responsibilities,
        )


        co_receiver_request.additional_properties = d
        return co_receiver_request

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.blank_enum import BlankEnum
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
            tax_scheme (BlankEnum | None | TaxSchemeEnum | Unset): 01 IVA (an issuer's default), ZZ no aplica (a receiver's
                default)

                * `01` - 01
                * `04` - 04
                * `ZA` - ZA
                * `ZZ` - ZZ
            person_type (BlankEnum | None | PersonTypeEnum | Unset): 1 juridical, 2 natural

                * `1` - 1
                * `2` - 2
            municipality_code (None | str | Unset): DIVIPOLA code, e.g. 11001 (Bogotá)
            id_type (BlankEnum | IdTypeEnum | None | Unset): DIAN's document type: 31 NIT, 13 cédula, ...

                * `11` - 11
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
            tax_responsibilities (list[TaxResponsibilitiesEnum] | None | Unset): DIAN tax responsibilities, e.g. ["O-13"]
     """

    regime: str
    tax_scheme: BlankEnum | None | TaxSchemeEnum | Unset = UNSET
    person_type: BlankEnum | None | PersonTypeEnum | Unset = UNSET
    municipality_code: None | str | Unset = UNSET
    id_type: BlankEnum | IdTypeEnum | None | Unset = UNSET
    tax_responsibilities: list[TaxResponsibilitiesEnum] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        regime = self.regime

        tax_scheme: None | str | Unset
        if isinstance(self.tax_scheme, Unset):
            tax_scheme = UNSET
        elif isinstance(self.tax_scheme, TaxSchemeEnum):
            tax_scheme = self.tax_scheme.value
        elif isinstance(self.tax_scheme, BlankEnum):
            tax_scheme = self.tax_scheme.value
        else:
            tax_scheme = self.tax_scheme

        person_type: None | str | Unset
        if isinstance(self.person_type, Unset):
            person_type = UNSET
        elif isinstance(self.person_type, PersonTypeEnum):
            person_type = self.person_type.value
        elif isinstance(self.person_type, BlankEnum):
            person_type = self.person_type.value
        else:
            person_type = self.person_type

        municipality_code: None | str | Unset
        if isinstance(self.municipality_code, Unset):
            municipality_code = UNSET
        else:
            municipality_code = self.municipality_code

        id_type: None | str | Unset
        if isinstance(self.id_type, Unset):
            id_type = UNSET
        elif isinstance(self.id_type, IdTypeEnum):
            id_type = self.id_type.value
        elif isinstance(self.id_type, BlankEnum):
            id_type = self.id_type.value
        else:
            id_type = self.id_type

        tax_responsibilities: list[str] | None | Unset
        if isinstance(self.tax_responsibilities, Unset):
            tax_responsibilities = UNSET
        elif isinstance(self.tax_responsibilities, list):
            tax_responsibilities = []
            for tax_responsibilities_type_0_item_data in self.tax_responsibilities:
                tax_responsibilities_type_0_item = tax_responsibilities_type_0_item_data.value
                tax_responsibilities.append(tax_responsibilities_type_0_item)


        else:
            tax_responsibilities = self.tax_responsibilities


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

        def _parse_tax_scheme(data: object) -> BlankEnum | None | TaxSchemeEnum | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_scheme_type_0 = TaxSchemeEnum(data)



                return tax_scheme_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_scheme_type_1 = BlankEnum(data)



                return tax_scheme_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlankEnum | None | TaxSchemeEnum | Unset, data)

        tax_scheme = _parse_tax_scheme(d.pop("tax_scheme", UNSET))


        def _parse_person_type(data: object) -> BlankEnum | None | PersonTypeEnum | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                person_type_type_0 = PersonTypeEnum(data)



                return person_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                person_type_type_1 = BlankEnum(data)



                return person_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlankEnum | None | PersonTypeEnum | Unset, data)

        person_type = _parse_person_type(d.pop("person_type", UNSET))


        def _parse_municipality_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        municipality_code = _parse_municipality_code(d.pop("municipality_code", UNSET))


        def _parse_id_type(data: object) -> BlankEnum | IdTypeEnum | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_type_0 = IdTypeEnum(data)



                return id_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_type_1 = BlankEnum(data)



                return id_type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BlankEnum | IdTypeEnum | None | Unset, data)

        id_type = _parse_id_type(d.pop("id_type", UNSET))


        def _parse_tax_responsibilities(data: object) -> list[TaxResponsibilitiesEnum] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tax_responsibilities_type_0 = []
                _tax_responsibilities_type_0 = data
                for tax_responsibilities_type_0_item_data in (_tax_responsibilities_type_0):
                    tax_responsibilities_type_0_item = TaxResponsibilitiesEnum(tax_responsibilities_type_0_item_data)



                    tax_responsibilities_type_0.append(tax_responsibilities_type_0_item)

                return tax_responsibilities_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TaxResponsibilitiesEnum] | None | Unset, data)

        tax_responsibilities = _parse_tax_responsibilities(d.pop("tax_responsibilities", UNSET))


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

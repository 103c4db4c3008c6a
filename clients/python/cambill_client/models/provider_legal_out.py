from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.co_issuer import CoIssuer
  from ..models.es_verifactu_issuer import EsVerifactuIssuer
  from ..models.eu_facturx_issuer import EuFacturxIssuer
  from ..models.eu_peppol_issuer import EuPeppolIssuer
  from ..models.mx_issuer import MxIssuer
  from ..models.no_regime import NoRegime





T = TypeVar("T", bound="ProviderLegalOut")



@_attrs_define
class ProviderLegalOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            legal_name (str):
            tax_id (str): Compact, as checked for the country
            street (str):
            city (str):
            region (str):
            postal_code (str):
            country (str): ISO 3166-1 alpha-2
            secrets_set (list[str]): Names of the write-only secrets stored (never their values)
            name (str):
            email (str):
            address (str):
            einvoice (CoIssuer | EsVerifactuIssuer | EuFacturxIssuer | EuPeppolIssuer | MxIssuer | NoRegime):
     """

    legal_name: str
    tax_id: str
    street: str
    city: str
    region: str
    postal_code: str
    country: str
    secrets_set: list[str]
    name: str
    email: str
    address: str
    einvoice: CoIssuer | EsVerifactuIssuer | EuFacturxIssuer | EuPeppolIssuer | MxIssuer | NoRegime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.co_issuer import CoIssuer # noqa: PLC0415
        from ..models.es_verifactu_issuer import EsVerifactuIssuer # noqa: PLC0415
        from ..models.eu_facturx_issuer import EuFacturxIssuer # noqa: PLC0415
        from ..models.eu_peppol_issuer import EuPeppolIssuer # noqa: PLC0415
        from ..models.mx_issuer import MxIssuer # noqa: PLC0415
        from ..models.no_regime import NoRegime # noqa: PLC0415
        legal_name = self.legal_name

        tax_id = self.tax_id

        street = self.street

        city = self.city

        region = self.region

        postal_code = self.postal_code

        country = self.country

        secrets_set = self.secrets_set



        name = self.name

        email = self.email

        address = self.address

        einvoice: dict[str, Any]
        if isinstance(self.einvoice, NoRegime):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, MxIssuer):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, CoIssuer):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuPeppolIssuer):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuFacturxIssuer):
            einvoice = self.einvoice.to_dict()
        else:
            einvoice = self.einvoice.to_dict()



        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "legal_name": legal_name,
            "tax_id": tax_id,
            "street": street,
            "city": city,
            "region": region,
            "postal_code": postal_code,
            "country": country,
            "secrets_set": secrets_set,
            "name": name,
            "email": email,
            "address": address,
            "einvoice": einvoice,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.co_issuer import CoIssuer # noqa: PLC0415
        from ..models.es_verifactu_issuer import EsVerifactuIssuer # noqa: PLC0415
        from ..models.eu_facturx_issuer import EuFacturxIssuer # noqa: PLC0415
        from ..models.eu_peppol_issuer import EuPeppolIssuer # noqa: PLC0415
        from ..models.mx_issuer import MxIssuer # noqa: PLC0415
        from ..models.no_regime import NoRegime # noqa: PLC0415
        d = dict(src_dict)
        legal_name = d.pop("legal_name")

        tax_id = d.pop("tax_id")

        street = d.pop("street")

        city = d.pop("city")

        region = d.pop("region")

        postal_code = d.pop("postal_code")

        country = d.pop("country")

        secrets_set = cast(list[str], d.pop("secrets_set"))


        name = d.pop("name")

        email = d.pop("email")

        address = d.pop("address")

        def _parse_einvoice(data: object) -> CoIssuer | EsVerifactuIssuer | EuFacturxIssuer | EuPeppolIssuer | MxIssuer | NoRegime:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_type_0 = NoRegime.from_dict(data)



                return componentsschemas_issuer_e_invoice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_type_1 = MxIssuer.from_dict(data)



                return componentsschemas_issuer_e_invoice_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_type_2 = CoIssuer.from_dict(data)



                return componentsschemas_issuer_e_invoice_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_type_3 = EuPeppolIssuer.from_dict(data)



                return componentsschemas_issuer_e_invoice_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_type_4 = EuFacturxIssuer.from_dict(data)



                return componentsschemas_issuer_e_invoice_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_issuer_e_invoice_type_5 = EsVerifactuIssuer.from_dict(data)



            return componentsschemas_issuer_e_invoice_type_5

        einvoice = _parse_einvoice(d.pop("einvoice"))


        provider_legal_out = cls(
            legal_name=legal_name,
            tax_id=tax_id,
            street=street,
            city=city,
            region=region,
            postal_code=postal_code,
            country=country,
            secrets_set=secrets_set,
            name=name,
            email=email,
            address=address,
            einvoice=einvoice,
        )


        provider_legal_out.additional_properties = d
        return provider_legal_out

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

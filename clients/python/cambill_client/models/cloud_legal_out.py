from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.co_cloud import CoCloud
  from ..models.es_verifactu_cloud import EsVerifactuCloud
  from ..models.eu_facturx_cloud import EuFacturxCloud
  from ..models.eu_peppol_cloud import EuPeppolCloud
  from ..models.mx_cloud import MxCloud
  from ..models.no_regime import NoRegime





T = TypeVar("T", bound="CloudLegalOut")



@_attrs_define
class CloudLegalOut:
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
            einvoice (CoCloud | EsVerifactuCloud | EuFacturxCloud | EuPeppolCloud | MxCloud | NoRegime):
     """

    legal_name: str
    tax_id: str
    street: str
    city: str
    region: str
    postal_code: str
    country: str
    secrets_set: list[str]
    einvoice: CoCloud | EsVerifactuCloud | EuFacturxCloud | EuPeppolCloud | MxCloud | NoRegime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.co_cloud import CoCloud # noqa: PLC0415
        from ..models.es_verifactu_cloud import EsVerifactuCloud # noqa: PLC0415
        from ..models.eu_facturx_cloud import EuFacturxCloud # noqa: PLC0415
        from ..models.eu_peppol_cloud import EuPeppolCloud # noqa: PLC0415
        from ..models.mx_cloud import MxCloud # noqa: PLC0415
        from ..models.no_regime import NoRegime # noqa: PLC0415
        legal_name = self.legal_name

        tax_id = self.tax_id

        street = self.street

        city = self.city

        region = self.region

        postal_code = self.postal_code

        country = self.country

        secrets_set = self.secrets_set



        einvoice: dict[str, Any]
        if isinstance(self.einvoice, NoRegime):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, MxCloud):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, CoCloud):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuPeppolCloud):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuFacturxCloud):
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
            "einvoice": einvoice,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.co_cloud import CoCloud # noqa: PLC0415
        from ..models.es_verifactu_cloud import EsVerifactuCloud # noqa: PLC0415
        from ..models.eu_facturx_cloud import EuFacturxCloud # noqa: PLC0415
        from ..models.eu_peppol_cloud import EuPeppolCloud # noqa: PLC0415
        from ..models.mx_cloud import MxCloud # noqa: PLC0415
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


        def _parse_einvoice(data: object) -> CoCloud | EsVerifactuCloud | EuFacturxCloud | EuPeppolCloud | MxCloud | NoRegime:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_type_0 = NoRegime.from_dict(data)



                return componentsschemas_cloud_e_invoice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_type_1 = MxCloud.from_dict(data)



                return componentsschemas_cloud_e_invoice_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_type_2 = CoCloud.from_dict(data)



                return componentsschemas_cloud_e_invoice_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_type_3 = EuPeppolCloud.from_dict(data)



                return componentsschemas_cloud_e_invoice_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_type_4 = EuFacturxCloud.from_dict(data)



                return componentsschemas_cloud_e_invoice_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_cloud_e_invoice_type_5 = EsVerifactuCloud.from_dict(data)



            return componentsschemas_cloud_e_invoice_type_5

        einvoice = _parse_einvoice(d.pop("einvoice"))


        cloud_legal_out = cls(
            legal_name=legal_name,
            tax_id=tax_id,
            street=street,
            city=city,
            region=region,
            postal_code=postal_code,
            country=country,
            secrets_set=secrets_set,
            einvoice=einvoice,
        )


        cloud_legal_out.additional_properties = d
        return cloud_legal_out

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

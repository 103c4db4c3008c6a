from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.co_cloud_request import CoCloudRequest
  from ..models.es_verifactu_cloud_request import EsVerifactuCloudRequest
  from ..models.eu_facturx_cloud_request import EuFacturxCloudRequest
  from ..models.eu_peppol_cloud_request import EuPeppolCloudRequest
  from ..models.mx_cloud_request import MxCloudRequest
  from ..models.no_regime_request import NoRegimeRequest





T = TypeVar("T", bound="PatchedCloudLegalPatchInRequest")



@_attrs_define
class PatchedCloudLegalPatchInRequest:
    """ The cloud's legal data; keys left out are unchanged.

        Attributes:
            legal_name (str | Unset):
            tax_id (str | Unset):
            street (str | Unset):
            city (str | Unset):
            region (str | Unset):
            postal_code (str | Unset):
            country (str | Unset):
            einvoice (CoCloudRequest | EsVerifactuCloudRequest | EuFacturxCloudRequest | EuPeppolCloudRequest |
                MxCloudRequest | NoRegimeRequest | Unset):
     """

    legal_name: str | Unset = UNSET
    tax_id: str | Unset = UNSET
    street: str | Unset = UNSET
    city: str | Unset = UNSET
    region: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    country: str | Unset = UNSET
    einvoice: CoCloudRequest | EsVerifactuCloudRequest | EuFacturxCloudRequest | EuPeppolCloudRequest | MxCloudRequest | NoRegimeRequest | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.co_cloud_request import CoCloudRequest # noqa: PLC0415
        from ..models.es_verifactu_cloud_request import EsVerifactuCloudRequest # noqa: PLC0415
        from ..models.eu_facturx_cloud_request import EuFacturxCloudRequest # noqa: PLC0415
        from ..models.eu_peppol_cloud_request import EuPeppolCloudRequest # noqa: PLC0415
        from ..models.mx_cloud_request import MxCloudRequest # noqa: PLC0415
        from ..models.no_regime_request import NoRegimeRequest # noqa: PLC0415
        legal_name = self.legal_name

        tax_id = self.tax_id

        street = self.street

        city = self.city

        region = self.region

        postal_code = self.postal_code

        country = self.country

        einvoice: dict[str, Any] | Unset
        if isinstance(self.einvoice, Unset):
            einvoice = UNSET
        elif isinstance(self.einvoice, NoRegimeRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, MxCloudRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, CoCloudRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuPeppolCloudRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuFacturxCloudRequest):
            einvoice = self.einvoice.to_dict()
        else:
            einvoice = self.einvoice.to_dict()



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if legal_name is not UNSET:
            field_dict["legal_name"] = legal_name
        if tax_id is not UNSET:
            field_dict["tax_id"] = tax_id
        if street is not UNSET:
            field_dict["street"] = street
        if city is not UNSET:
            field_dict["city"] = city
        if region is not UNSET:
            field_dict["region"] = region
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if country is not UNSET:
            field_dict["country"] = country
        if einvoice is not UNSET:
            field_dict["einvoice"] = einvoice

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.co_cloud_request import CoCloudRequest # noqa: PLC0415
        from ..models.es_verifactu_cloud_request import EsVerifactuCloudRequest # noqa: PLC0415
        from ..models.eu_facturx_cloud_request import EuFacturxCloudRequest # noqa: PLC0415
        from ..models.eu_peppol_cloud_request import EuPeppolCloudRequest # noqa: PLC0415
        from ..models.mx_cloud_request import MxCloudRequest # noqa: PLC0415
        from ..models.no_regime_request import NoRegimeRequest # noqa: PLC0415
        d = dict(src_dict)
        legal_name = d.pop("legal_name", UNSET)

        tax_id = d.pop("tax_id", UNSET)

        street = d.pop("street", UNSET)

        city = d.pop("city", UNSET)

        region = d.pop("region", UNSET)

        postal_code = d.pop("postal_code", UNSET)

        country = d.pop("country", UNSET)

        def _parse_einvoice(data: object) -> CoCloudRequest | EsVerifactuCloudRequest | EuFacturxCloudRequest | EuPeppolCloudRequest | MxCloudRequest | NoRegimeRequest | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_request_type_0 = NoRegimeRequest.from_dict(data)



                return componentsschemas_cloud_e_invoice_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_request_type_1 = MxCloudRequest.from_dict(data)



                return componentsschemas_cloud_e_invoice_request_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_request_type_2 = CoCloudRequest.from_dict(data)



                return componentsschemas_cloud_e_invoice_request_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_request_type_3 = EuPeppolCloudRequest.from_dict(data)



                return componentsschemas_cloud_e_invoice_request_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_cloud_e_invoice_request_type_4 = EuFacturxCloudRequest.from_dict(data)



                return componentsschemas_cloud_e_invoice_request_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_cloud_e_invoice_request_type_5 = EsVerifactuCloudRequest.from_dict(data)



            return componentsschemas_cloud_e_invoice_request_type_5

        einvoice = _parse_einvoice(d.pop("einvoice", UNSET))


        patched_cloud_legal_patch_in_request = cls(
            legal_name=legal_name,
            tax_id=tax_id,
            street=street,
            city=city,
            region=region,
            postal_code=postal_code,
            country=country,
            einvoice=einvoice,
        )

        return patched_cloud_legal_patch_in_request


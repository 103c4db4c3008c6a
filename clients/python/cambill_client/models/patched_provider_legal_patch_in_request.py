from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.co_issuer_request import CoIssuerRequest
  from ..models.es_verifactu_issuer_request import EsVerifactuIssuerRequest
  from ..models.eu_facturx_issuer_request import EuFacturxIssuerRequest
  from ..models.eu_peppol_issuer_request import EuPeppolIssuerRequest
  from ..models.mx_issuer_request import MxIssuerRequest
  from ..models.no_regime_request import NoRegimeRequest





T = TypeVar("T", bound="PatchedProviderLegalPatchInRequest")



@_attrs_define
class PatchedProviderLegalPatchInRequest:
    """ The provider's legal data as issuer of wholesale invoices; keys left out are unchanged.

        Attributes:
            name (str | Unset):
            email (str | Unset):
            address (str | Unset):
            legal_name (str | Unset):
            tax_id (str | Unset):
            street (str | Unset):
            city (str | Unset):
            region (str | Unset):
            postal_code (str | Unset):
            country (str | Unset):
            einvoice (CoIssuerRequest | EsVerifactuIssuerRequest | EuFacturxIssuerRequest | EuPeppolIssuerRequest |
                MxIssuerRequest | NoRegimeRequest | Unset):
     """

    name: str | Unset = UNSET
    email: str | Unset = UNSET
    address: str | Unset = UNSET
    legal_name: str | Unset = UNSET
    tax_id: str | Unset = UNSET
    street: str | Unset = UNSET
    city: str | Unset = UNSET
    region: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    country: str | Unset = UNSET
    einvoice: CoIssuerRequest | EsVerifactuIssuerRequest | EuFacturxIssuerRequest | EuPeppolIssuerRequest | MxIssuerRequest | NoRegimeRequest | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.co_issuer_request import CoIssuerRequest # noqa: PLC0415
        from ..models.es_verifactu_issuer_request import EsVerifactuIssuerRequest # noqa: PLC0415
        from ..models.eu_facturx_issuer_request import EuFacturxIssuerRequest # noqa: PLC0415
        from ..models.eu_peppol_issuer_request import EuPeppolIssuerRequest # noqa: PLC0415
        from ..models.mx_issuer_request import MxIssuerRequest # noqa: PLC0415
        from ..models.no_regime_request import NoRegimeRequest # noqa: PLC0415
        name = self.name

        email = self.email

        address = self.address

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
        elif isinstance(self.einvoice, MxIssuerRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, CoIssuerRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuPeppolIssuerRequest):
            einvoice = self.einvoice.to_dict()
        elif isinstance(self.einvoice, EuFacturxIssuerRequest):
            einvoice = self.einvoice.to_dict()
        else:
            einvoice = self.einvoice.to_dict()



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if address is not UNSET:
            field_dict["address"] = address
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
        from ..models.co_issuer_request import CoIssuerRequest # noqa: PLC0415
        from ..models.es_verifactu_issuer_request import EsVerifactuIssuerRequest # noqa: PLC0415
        from ..models.eu_facturx_issuer_request import EuFacturxIssuerRequest # noqa: PLC0415
        from ..models.eu_peppol_issuer_request import EuPeppolIssuerRequest # noqa: PLC0415
        from ..models.mx_issuer_request import MxIssuerRequest # noqa: PLC0415
        from ..models.no_regime_request import NoRegimeRequest # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        email = d.pop("email", UNSET)

        address = d.pop("address", UNSET)

        legal_name = d.pop("legal_name", UNSET)

        tax_id = d.pop("tax_id", UNSET)

        street = d.pop("street", UNSET)

        city = d.pop("city", UNSET)

        region = d.pop("region", UNSET)

        postal_code = d.pop("postal_code", UNSET)

        country = d.pop("country", UNSET)

        def _parse_einvoice(data: object) -> CoIssuerRequest | EsVerifactuIssuerRequest | EuFacturxIssuerRequest | EuPeppolIssuerRequest | MxIssuerRequest | NoRegimeRequest | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_request_type_0 = NoRegimeRequest.from_dict(data)



                return componentsschemas_issuer_e_invoice_request_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_request_type_1 = MxIssuerRequest.from_dict(data)



                return componentsschemas_issuer_e_invoice_request_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_request_type_2 = CoIssuerRequest.from_dict(data)



                return componentsschemas_issuer_e_invoice_request_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_request_type_3 = EuPeppolIssuerRequest.from_dict(data)



                return componentsschemas_issuer_e_invoice_request_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_issuer_e_invoice_request_type_4 = EuFacturxIssuerRequest.from_dict(data)



                return componentsschemas_issuer_e_invoice_request_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_issuer_e_invoice_request_type_5 = EsVerifactuIssuerRequest.from_dict(data)



            return componentsschemas_issuer_e_invoice_request_type_5

        einvoice = _parse_einvoice(d.pop("einvoice", UNSET))


        patched_provider_legal_patch_in_request = cls(
            name=name,
            email=email,
            address=address,
            legal_name=legal_name,
            tax_id=tax_id,
            street=street,
            city=city,
            region=region,
            postal_code=postal_code,
            country=country,
            einvoice=einvoice,
        )

        return patched_provider_legal_patch_in_request


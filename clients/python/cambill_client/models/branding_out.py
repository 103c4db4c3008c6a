from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.issuer_legal_out import IssuerLegalOut
  from ..models.logo_out import LogoOut





T = TypeVar("T", bound="BrandingOut")



@_attrs_define
class BrandingOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            primary_color (str): `#rrggbb`; empty for the product's colour. Refused with `bad_colour` when not six hex
                digits, with `low_contrast` when white text on it (and it as text on the light page, #f5f6f8) would be hard to
                read: at least 4.5:1 for the primary colour, 3:1 for the accent.
            accent_color (str): `#rrggbb`; empty for the product's colour. Refused with `bad_colour` when not six hex
                digits, with `low_contrast` when white text on it (and it as text on the light page, #f5f6f8) would be hard to
                read: at least 4.5:1 for the primary colour, 3:1 for the accent.
            bank_details (str): IBAN/BIC or account text, printed on invoices
            footer_text (str): Printed at the foot of invoices and e-mails
            invoice_note (str): Printed on every invoice
            logo (LogoOut | None):
            legal (IssuerLegalOut): Read here, edited in the legal data (``.../legal/``): one record per issuer.
            updated_at (datetime.datetime | None):
     """

    primary_color: str
    accent_color: str
    bank_details: str
    footer_text: str
    invoice_note: str
    logo: LogoOut | None
    legal: IssuerLegalOut
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.issuer_legal_out import IssuerLegalOut # noqa: PLC0415
        from ..models.logo_out import LogoOut # noqa: PLC0415
        primary_color = self.primary_color

        accent_color = self.accent_color

        bank_details = self.bank_details

        footer_text = self.footer_text

        invoice_note = self.invoice_note

        logo: dict[str, Any] | None
        if isinstance(self.logo, LogoOut):
            logo = self.logo.to_dict()
        else:
            logo = self.logo

        legal = self.legal.to_dict()

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "primary_color": primary_color,
            "accent_color": accent_color,
            "bank_details": bank_details,
            "footer_text": footer_text,
            "invoice_note": invoice_note,
            "logo": logo,
            "legal": legal,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.issuer_legal_out import IssuerLegalOut # noqa: PLC0415
        from ..models.logo_out import LogoOut # noqa: PLC0415
        d = dict(src_dict)
        primary_color = d.pop("primary_color")

        accent_color = d.pop("accent_color")

        bank_details = d.pop("bank_details")

        footer_text = d.pop("footer_text")

        invoice_note = d.pop("invoice_note")

        def _parse_logo(data: object) -> LogoOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logo_type_1 = LogoOut.from_dict(data)



                return logo_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LogoOut | None, data)

        logo = _parse_logo(d.pop("logo"))


        legal = IssuerLegalOut.from_dict(d.pop("legal"))




        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        branding_out = cls(
            primary_color=primary_color,
            accent_color=accent_color,
            bank_details=bank_details,
            footer_text=footer_text,
            invoice_note=invoice_note,
            logo=logo,
            legal=legal,
            updated_at=updated_at,
        )


        branding_out.additional_properties = d
        return branding_out

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

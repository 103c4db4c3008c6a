from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CredentialOut")



@_attrs_define
class CredentialOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            subject (str):
            issuer (str): The certificate authority
            serial_number (str): SAT's certificate number for a CSD
            tax_id (str): The holder's tax id the certificate names
            valid_from (datetime.datetime):
            valid_until (datetime.datetime):
            fingerprint_sha256 (str):
            uploaded_at (datetime.datetime):
            expired (bool):
     """

    id: int
    subject: str
    issuer: str
    serial_number: str
    tax_id: str
    valid_from: datetime.datetime
    valid_until: datetime.datetime
    fingerprint_sha256: str
    uploaded_at: datetime.datetime
    expired: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        subject = self.subject

        issuer = self.issuer

        serial_number = self.serial_number

        tax_id = self.tax_id

        valid_from = self.valid_from.isoformat()

        valid_until = self.valid_until.isoformat()

        fingerprint_sha256 = self.fingerprint_sha256

        uploaded_at = self.uploaded_at.isoformat()

        expired = self.expired


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "subject": subject,
            "issuer": issuer,
            "serial_number": serial_number,
            "tax_id": tax_id,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "fingerprint_sha256": fingerprint_sha256,
            "uploaded_at": uploaded_at,
            "expired": expired,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        subject = d.pop("subject")

        issuer = d.pop("issuer")

        serial_number = d.pop("serial_number")

        tax_id = d.pop("tax_id")

        valid_from = datetime.datetime.fromisoformat(d.pop("valid_from"))




        valid_until = datetime.datetime.fromisoformat(d.pop("valid_until"))




        fingerprint_sha256 = d.pop("fingerprint_sha256")

        uploaded_at = datetime.datetime.fromisoformat(d.pop("uploaded_at"))




        expired = d.pop("expired")

        credential_out = cls(
            id=id,
            subject=subject,
            issuer=issuer,
            serial_number=serial_number,
            tax_id=tax_id,
            valid_from=valid_from,
            valid_until=valid_until,
            fingerprint_sha256=fingerprint_sha256,
            uploaded_at=uploaded_at,
            expired=expired,
        )


        credential_out.additional_properties = d
        return credential_out

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

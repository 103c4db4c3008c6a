from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..types import File, FileTypes
from ..types import UNSET, Unset
from io import BytesIO






T = TypeVar("T", bound="CredentialUploadInRequest")



@_attrs_define
class CredentialUploadInRequest:
    """ A CSD as SAT issues it (``certificate`` and ``private_key``), or ``pkcs12``.

        Attributes:
            certificate (File | Unset): The certificate: DER (.cer, as SAT issues it) or PEM
            private_key (File | Unset): Its private key: encrypted DER PKCS#8 (.key) or PEM
            pkcs12 (File | Unset): Or both in one .p12/.pfx file
            password (str | Unset): The private key's (or the PKCS#12 file's) password
     """

    certificate: File | Unset = UNSET
    private_key: File | Unset = UNSET
    pkcs12: File | Unset = UNSET
    password: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        certificate: FileTypes | Unset = UNSET
        if not isinstance(self.certificate, Unset):
            certificate = self.certificate.to_tuple()


        private_key: FileTypes | Unset = UNSET
        if not isinstance(self.private_key, Unset):
            private_key = self.private_key.to_tuple()


        pkcs12: FileTypes | Unset = UNSET
        if not isinstance(self.pkcs12, Unset):
            pkcs12 = self.pkcs12.to_tuple()


        password = self.password


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if certificate is not UNSET:
            field_dict["certificate"] = certificate
        if private_key is not UNSET:
            field_dict["private_key"] = private_key
        if pkcs12 is not UNSET:
            field_dict["pkcs12"] = pkcs12
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.certificate, Unset):
            files.append(("certificate", self.certificate.to_tuple()))



        if not isinstance(self.private_key, Unset):
            files.append(("private_key", self.private_key.to_tuple()))



        if not isinstance(self.pkcs12, Unset):
            files.append(("pkcs12", self.pkcs12.to_tuple()))



        if not isinstance(self.password, Unset):
            files.append(("password", (None, str(self.password).encode(), "text/plain")))





        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _certificate = d.pop("certificate", UNSET)
        certificate: File | Unset
        if isinstance(_certificate,  Unset):
            certificate = UNSET
        else:
            certificate = File(
             payload = BytesIO(_certificate)
        )




        _private_key = d.pop("private_key", UNSET)
        private_key: File | Unset
        if isinstance(_private_key,  Unset):
            private_key = UNSET
        else:
            private_key = File(
             payload = BytesIO(_private_key)
        )




        _pkcs12 = d.pop("pkcs12", UNSET)
        pkcs12: File | Unset
        if isinstance(_pkcs12,  Unset):
            pkcs12 = UNSET
        else:
            pkcs12 = File(
             payload = BytesIO(_pkcs12)
        )




        password = d.pop("password", UNSET)

        credential_upload_in_request = cls(
            certificate=certificate,
            private_key=private_key,
            pkcs12=pkcs12,
            password=password,
        )

        return credential_upload_in_request


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.document_enum import DocumentEnum
from ..models.e_invoice_document_out_status_enum import EInvoiceDocumentOutStatusEnum
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.authority_reply_out import AuthorityReplyOut





T = TypeVar("T", bound="EInvoiceDocumentOut")



@_attrs_define
class EInvoiceDocumentOut:
    """ 
        Attributes:
            id (int):
            invoice (int | None):
            credit_note (int | None):
            payment (int | None):
            document (DocumentEnum): * `invoice` - Invoice
                * `credit_note` - Credit note
                * `payment` - Payment receipt
                * `cancellation` - Cancellation
            regime (str): mx-cfdi40 or co-dian
            level (str): retail (the cloud issues) or wholesale (the provider)
            number (str):
            status (EInvoiceDocumentOutStatusEnum): * `built` - Built
                * `signed` - Signed
                * `submitted` - Submitted
                * `accepted` - Accepted
                * `rejected` - Rejected
                * `cancelled` - Cancelled
                * `failed` - Failed
            unique_code (str): CFDI UUID (once stamped), CUFE or CUDE
            qr (str): The text of the QR the regime prescribes
            authority_reply (AuthorityReplyOut | None):
            attempts (int):
            next_attempt_at (datetime.datetime | None):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: int
    invoice: int | None
    credit_note: int | None
    payment: int | None
    document: DocumentEnum
    regime: str
    level: str
    number: str
    status: EInvoiceDocumentOutStatusEnum
    unique_code: str
    qr: str
    authority_reply: AuthorityReplyOut | None
    attempts: int
    next_attempt_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.authority_reply_out import AuthorityReplyOut # noqa: PLC0415
        id = self.id

        invoice: int | None
        invoice = self.invoice

        credit_note: int | None
        credit_note = self.credit_note

        payment: int | None
        payment = self.payment

        document = self.document.value

        regime = self.regime

        level = self.level

        number = self.number

        status = self.status.value

        unique_code = self.unique_code

        qr = self.qr

        authority_reply: dict[str, Any] | None
        if isinstance(self.authority_reply, AuthorityReplyOut):
            authority_reply = self.authority_reply.to_dict()
        else:
            authority_reply = self.authority_reply

        attempts = self.attempts

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "invoice": invoice,
            "credit_note": credit_note,
            "payment": payment,
            "document": document,
            "regime": regime,
            "level": level,
            "number": number,
            "status": status,
            "unique_code": unique_code,
            "qr": qr,
            "authority_reply": authority_reply,
            "attempts": attempts,
            "next_attempt_at": next_attempt_at,
            "created_at": created_at,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.authority_reply_out import AuthorityReplyOut # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_invoice(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        invoice = _parse_invoice(d.pop("invoice"))


        def _parse_credit_note(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        credit_note = _parse_credit_note(d.pop("credit_note"))


        def _parse_payment(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        payment = _parse_payment(d.pop("payment"))


        document = DocumentEnum(d.pop("document"))




        regime = d.pop("regime")

        level = d.pop("level")

        number = d.pop("number")

        status = EInvoiceDocumentOutStatusEnum(d.pop("status"))




        unique_code = d.pop("unique_code")

        qr = d.pop("qr")

        def _parse_authority_reply(data: object) -> AuthorityReplyOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                authority_reply_type_1 = AuthorityReplyOut.from_dict(data)



                return authority_reply_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuthorityReplyOut | None, data)

        authority_reply = _parse_authority_reply(d.pop("authority_reply"))


        attempts = d.pop("attempts")

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)



                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        e_invoice_document_out = cls(
            id=id,
            invoice=invoice,
            credit_note=credit_note,
            payment=payment,
            document=document,
            regime=regime,
            level=level,
            number=number,
            status=status,
            unique_code=unique_code,
            qr=qr,
            authority_reply=authority_reply,
            attempts=attempts,
            next_attempt_at=next_attempt_at,
            created_at=created_at,
            updated_at=updated_at,
        )


        e_invoice_document_out.additional_properties = d
        return e_invoice_document_out

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

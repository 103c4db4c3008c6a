from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="MessageDetailOut")



@_attrs_define
class MessageDetailOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            kind (str):
            status (str):
            to (list[str]):
            subject (str):
            language (str):
            account (None | str):
            invoice (None | str): The attached invoice's number
            attachment (str): The attachment's file name
            attempts (int):
            last_error (str): The SMTP error, if any
            next_attempt_at (None | str):
            sent_at (None | str):
            created_at (str):
            body (str):
     """

    id: int
    kind: str
    status: str
    to: list[str]
    subject: str
    language: str
    account: None | str
    invoice: None | str
    attachment: str
    attempts: int
    last_error: str
    next_attempt_at: None | str
    sent_at: None | str
    created_at: str
    body: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        kind = self.kind

        status = self.status

        to = self.to



        subject = self.subject

        language = self.language

        account: None | str
        account = self.account

        invoice: None | str
        invoice = self.invoice

        attachment = self.attachment

        attempts = self.attempts

        last_error = self.last_error

        next_attempt_at: None | str
        next_attempt_at = self.next_attempt_at

        sent_at: None | str
        sent_at = self.sent_at

        created_at = self.created_at

        body = self.body


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "status": status,
            "to": to,
            "subject": subject,
            "language": language,
            "account": account,
            "invoice": invoice,
            "attachment": attachment,
            "attempts": attempts,
            "last_error": last_error,
            "next_attempt_at": next_attempt_at,
            "sent_at": sent_at,
            "created_at": created_at,
            "body": body,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        kind = d.pop("kind")

        status = d.pop("status")

        to = cast(list[str], d.pop("to"))


        subject = d.pop("subject")

        language = d.pop("language")

        def _parse_account(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account = _parse_account(d.pop("account"))


        def _parse_invoice(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice = _parse_invoice(d.pop("invoice"))


        attachment = d.pop("attachment")

        attempts = d.pop("attempts")

        last_error = d.pop("last_error")

        def _parse_next_attempt_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))


        def _parse_sent_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))


        created_at = d.pop("created_at")

        body = d.pop("body")

        message_detail_out = cls(
            id=id,
            kind=kind,
            status=status,
            to=to,
            subject=subject,
            language=language,
            account=account,
            invoice=invoice,
            attachment=attachment,
            attempts=attempts,
            last_error=last_error,
            next_attempt_at=next_attempt_at,
            sent_at=sent_at,
            created_at=created_at,
            body=body,
        )


        message_detail_out.additional_properties = d
        return message_detail_out

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

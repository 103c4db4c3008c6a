from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.invoice_kind_enum import InvoiceKindEnum
from ..models.invoice_status_enum import InvoiceStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.credit_note_out import CreditNoteOut
  from ..models.creditable_out import CreditableOut
  from ..models.line_out import LineOut





T = TypeVar("T", bound="InvoiceDetailOut")



@_attrs_define
class InvoiceDetailOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            number (None | str): Null while a draft
            kind (InvoiceKindEnum): * `wholesale` - Wholesale (provider to cloud)
                * `retail` - Retail (cloud to subscriber)
            status (InvoiceStatusEnum): * `draft` - Draft
                * `issued` - Issued
                * `paid` - Paid
                * `void` - Void
            period (str):
            period_start (datetime.datetime):
            period_end (datetime.datetime): Exclusive
            issuer (str):
            customer (str):
            currency (str):
            language (str):
            subtotal (str):
            discount (str): Allowances, zero or negative
            net (str):
            tax_percent (str):
            tax (str):
            total (str):
            issued_at (datetime.datetime | None):
            due_at (datetime.datetime | None):
            paid_at (datetime.datetime | None):
            voided_at (datetime.datetime | None):
            issuer_details (Any):
            customer_details (Any):
            tax_note (str):
            void_reason (str):
            lines (list[LineOut]):
            allowances (list[LineOut]):
            credit_notes (list[CreditNoteOut]):
            creditable (CreditableOut | None):
            account (None | str | Unset):
     """

    id: int
    number: None | str
    kind: InvoiceKindEnum
    status: InvoiceStatusEnum
    period: str
    period_start: datetime.datetime
    period_end: datetime.datetime
    issuer: str
    customer: str
    currency: str
    language: str
    subtotal: str
    discount: str
    net: str
    tax_percent: str
    tax: str
    total: str
    issued_at: datetime.datetime | None
    due_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    issuer_details: Any
    customer_details: Any
    tax_note: str
    void_reason: str
    lines: list[LineOut]
    allowances: list[LineOut]
    credit_notes: list[CreditNoteOut]
    creditable: CreditableOut | None
    account: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.credit_note_out import CreditNoteOut # noqa: PLC0415
        from ..models.creditable_out import CreditableOut # noqa: PLC0415
        from ..models.line_out import LineOut # noqa: PLC0415
        id = self.id

        number: None | str
        number = self.number

        kind = self.kind.value

        status = self.status.value

        period = self.period

        period_start = self.period_start.isoformat()

        period_end = self.period_end.isoformat()

        issuer = self.issuer

        customer = self.customer

        currency = self.currency

        language = self.language

        subtotal = self.subtotal

        discount = self.discount

        net = self.net

        tax_percent = self.tax_percent

        tax = self.tax

        total = self.total

        issued_at: None | str
        if isinstance(self.issued_at, datetime.datetime):
            issued_at = self.issued_at.isoformat()
        else:
            issued_at = self.issued_at

        due_at: None | str
        if isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        paid_at: None | str
        if isinstance(self.paid_at, datetime.datetime):
            paid_at = self.paid_at.isoformat()
        else:
            paid_at = self.paid_at

        voided_at: None | str
        if isinstance(self.voided_at, datetime.datetime):
            voided_at = self.voided_at.isoformat()
        else:
            voided_at = self.voided_at

        issuer_details = self.issuer_details

        customer_details = self.customer_details

        tax_note = self.tax_note

        void_reason = self.void_reason

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        allowances = []
        for allowances_item_data in self.allowances:
            allowances_item = allowances_item_data.to_dict()
            allowances.append(allowances_item)



        credit_notes = []
        for credit_notes_item_data in self.credit_notes:
            credit_notes_item = credit_notes_item_data.to_dict()
            credit_notes.append(credit_notes_item)



        creditable: dict[str, Any] | None
        if isinstance(self.creditable, CreditableOut):
            creditable = self.creditable.to_dict()
        else:
            creditable = self.creditable

        account: None | str | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        else:
            account = self.account


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "number": number,
            "kind": kind,
            "status": status,
            "period": period,
            "period_start": period_start,
            "period_end": period_end,
            "issuer": issuer,
            "customer": customer,
            "currency": currency,
            "language": language,
            "subtotal": subtotal,
            "discount": discount,
            "net": net,
            "tax_percent": tax_percent,
            "tax": tax,
            "total": total,
            "issued_at": issued_at,
            "due_at": due_at,
            "paid_at": paid_at,
            "voided_at": voided_at,
            "issuer_details": issuer_details,
            "customer_details": customer_details,
            "tax_note": tax_note,
            "void_reason": void_reason,
            "lines": lines,
            "allowances": allowances,
            "credit_notes": credit_notes,
            "creditable": creditable,
        })
        if account is not UNSET:
            field_dict["account"] = account

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credit_note_out import CreditNoteOut # noqa: PLC0415
        from ..models.creditable_out import CreditableOut # noqa: PLC0415
        from ..models.line_out import LineOut # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        def _parse_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        number = _parse_number(d.pop("number"))


        kind = InvoiceKindEnum(d.pop("kind"))




        status = InvoiceStatusEnum(d.pop("status"))




        period = d.pop("period")

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))




        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))




        issuer = d.pop("issuer")

        customer = d.pop("customer")

        currency = d.pop("currency")

        language = d.pop("language")

        subtotal = d.pop("subtotal")

        discount = d.pop("discount")

        net = d.pop("net")

        tax_percent = d.pop("tax_percent")

        tax = d.pop("tax")

        total = d.pop("total")

        def _parse_issued_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                issued_at_type_0 = datetime.datetime.fromisoformat(data)



                return issued_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        issued_at = _parse_issued_at(d.pop("issued_at"))


        def _parse_due_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_at_type_0 = datetime.datetime.fromisoformat(data)



                return due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        due_at = _parse_due_at(d.pop("due_at"))


        def _parse_paid_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_at_type_0 = datetime.datetime.fromisoformat(data)



                return paid_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        paid_at = _parse_paid_at(d.pop("paid_at"))


        def _parse_voided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_at_type_0 = datetime.datetime.fromisoformat(data)



                return voided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        voided_at = _parse_voided_at(d.pop("voided_at"))


        issuer_details = d.pop("issuer_details")

        customer_details = d.pop("customer_details")

        tax_note = d.pop("tax_note")

        void_reason = d.pop("void_reason")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = LineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        allowances = []
        _allowances = d.pop("allowances")
        for allowances_item_data in (_allowances):
            allowances_item = LineOut.from_dict(allowances_item_data)



            allowances.append(allowances_item)


        credit_notes = []
        _credit_notes = d.pop("credit_notes")
        for credit_notes_item_data in (_credit_notes):
            credit_notes_item = CreditNoteOut.from_dict(credit_notes_item_data)



            credit_notes.append(credit_notes_item)


        def _parse_creditable(data: object) -> CreditableOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                creditable_type_1 = CreditableOut.from_dict(data)



                return creditable_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreditableOut | None, data)

        creditable = _parse_creditable(d.pop("creditable"))


        def _parse_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        invoice_detail_out = cls(
            id=id,
            number=number,
            kind=kind,
            status=status,
            period=period,
            period_start=period_start,
            period_end=period_end,
            issuer=issuer,
            customer=customer,
            currency=currency,
            language=language,
            subtotal=subtotal,
            discount=discount,
            net=net,
            tax_percent=tax_percent,
            tax=tax,
            total=total,
            issued_at=issued_at,
            due_at=due_at,
            paid_at=paid_at,
            voided_at=voided_at,
            issuer_details=issuer_details,
            customer_details=customer_details,
            tax_note=tax_note,
            void_reason=void_reason,
            lines=lines,
            allowances=allowances,
            credit_notes=credit_notes,
            creditable=creditable,
            account=account,
        )


        invoice_detail_out.additional_properties = d
        return invoice_detail_out

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

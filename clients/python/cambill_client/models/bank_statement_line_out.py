from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.bank_statement_line_out_status_enum import BankStatementLineOutStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.bank_suggestion_out import BankSuggestionOut





T = TypeVar("T", bound="BankStatementLineOut")



@_attrs_define
class BankStatementLineOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            bank_import (int):
            date (datetime.date):
            amount (str):
            currency (str):
            payer_name (str):
            payer_iban (str):
            reference (str):
            description (str):
            entry_ref (str): The bank's reference
            status (BankStatementLineOutStatusEnum): * `matched` - Matched
                * `suggested` - Suggestions to review
                * `unmatched` - Unmatched
                * `ignored` - Not money received
            note (str):
            payment (int | None):
            suggestions (list[BankSuggestionOut]):
            invoice (None | str | Unset):
            account (None | str | Unset):
            cloud (None | str | Unset): Whose payment the line became (on the provider's statement: the cloud that paid)
     """

    id: int
    bank_import: int
    date: datetime.date
    amount: str
    currency: str
    payer_name: str
    payer_iban: str
    reference: str
    description: str
    entry_ref: str
    status: BankStatementLineOutStatusEnum
    note: str
    payment: int | None
    suggestions: list[BankSuggestionOut]
    invoice: None | str | Unset = UNSET
    account: None | str | Unset = UNSET
    cloud: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_suggestion_out import BankSuggestionOut # noqa: PLC0415
        id = self.id

        bank_import = self.bank_import

        date = self.date.isoformat()

        amount = self.amount

        currency = self.currency

        payer_name = self.payer_name

        payer_iban = self.payer_iban

        reference = self.reference

        description = self.description

        entry_ref = self.entry_ref

        status = self.status.value

        note = self.note

        payment: int | None
        payment = self.payment

        suggestions = []
        for suggestions_item_data in self.suggestions:
            suggestions_item = suggestions_item_data.to_dict()
            suggestions.append(suggestions_item)



        invoice: None | str | Unset
        if isinstance(self.invoice, Unset):
            invoice = UNSET
        else:
            invoice = self.invoice

        account: None | str | Unset
        if isinstance(self.account, Unset):
            account = UNSET
        else:
            account = self.account

        cloud: None | str | Unset
        if isinstance(self.cloud, Unset):
            cloud = UNSET
        else:
            cloud = self.cloud


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "bank_import": bank_import,
            "date": date,
            "amount": amount,
            "currency": currency,
            "payer_name": payer_name,
            "payer_iban": payer_iban,
            "reference": reference,
            "description": description,
            "entry_ref": entry_ref,
            "status": status,
            "note": note,
            "payment": payment,
            "suggestions": suggestions,
        })
        if invoice is not UNSET:
            field_dict["invoice"] = invoice
        if account is not UNSET:
            field_dict["account"] = account
        if cloud is not UNSET:
            field_dict["cloud"] = cloud

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_suggestion_out import BankSuggestionOut # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        bank_import = d.pop("bank_import")

        date = datetime.date.fromisoformat(d.pop("date"))




        amount = d.pop("amount")

        currency = d.pop("currency")

        payer_name = d.pop("payer_name")

        payer_iban = d.pop("payer_iban")

        reference = d.pop("reference")

        description = d.pop("description")

        entry_ref = d.pop("entry_ref")

        status = BankStatementLineOutStatusEnum(d.pop("status"))




        note = d.pop("note")

        def _parse_payment(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        payment = _parse_payment(d.pop("payment"))


        suggestions = []
        _suggestions = d.pop("suggestions")
        for suggestions_item_data in (_suggestions):
            suggestions_item = BankSuggestionOut.from_dict(suggestions_item_data)



            suggestions.append(suggestions_item)


        def _parse_invoice(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invoice = _parse_invoice(d.pop("invoice", UNSET))


        def _parse_account(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account = _parse_account(d.pop("account", UNSET))


        def _parse_cloud(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cloud = _parse_cloud(d.pop("cloud", UNSET))


        bank_statement_line_out = cls(
            id=id,
            bank_import=bank_import,
            date=date,
            amount=amount,
            currency=currency,
            payer_name=payer_name,
            payer_iban=payer_iban,
            reference=reference,
            description=description,
            entry_ref=entry_ref,
            status=status,
            note=note,
            payment=payment,
            suggestions=suggestions,
            invoice=invoice,
            account=account,
            cloud=cloud,
        )


        bank_statement_line_out.additional_properties = d
        return bank_statement_line_out

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

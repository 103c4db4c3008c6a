from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.credit_line_in_request import CreditLineInRequest





T = TypeVar("T", bound="CreditNoteInRequest")



@_attrs_define
class CreditNoteInRequest:
    """ A request body: known keys only, shapes only, JSON types as the schema says.

    An unknown (or read-only) key is refused with a clear message instead of
    being silently dropped: a client that misspells ``discount_percnt`` must
    learn it changed nothing. ``hints`` adds a pointer for keys that are read
    elsewhere (e.g. a camera's ``account`` changes through ``moves/``).

    A value of another JSON type than its field's is refused (``"yes"`` for a
    boolean, ``"5"`` for an integer, ``5`` for text, ``1`` for a choice of
    strings): see ``_strict_error``. Decimals (``DecimalIn``) take a string or a
    number, as the schema documents.

        Attributes:
            reason (str):
            lines (list[CreditLineInRequest] | Unset): Omit to credit the whole invoice
     """

    reason: str
    lines: list[CreditLineInRequest] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.credit_line_in_request import CreditLineInRequest # noqa: PLC0415
        reason = self.reason

        lines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.lines, Unset):
            lines = []
            for lines_item_data in self.lines:
                lines_item = lines_item_data.to_dict()
                lines.append(lines_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if lines is not UNSET:
            field_dict["lines"] = lines

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credit_line_in_request import CreditLineInRequest # noqa: PLC0415
        d = dict(src_dict)
        reason = d.pop("reason")

        _lines = d.pop("lines", UNSET)
        lines: list[CreditLineInRequest] | Unset = UNSET
        if _lines is not UNSET:
            lines = []
            for lines_item_data in _lines:
                lines_item = CreditLineInRequest.from_dict(lines_item_data)



                lines.append(lines_item)


        credit_note_in_request = cls(
            reason=reason,
            lines=lines,
        )

        return credit_note_in_request


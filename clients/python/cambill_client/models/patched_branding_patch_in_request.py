from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field
import json
from .. import types

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="PatchedBrandingPatchInRequest")



@_attrs_define
class PatchedBrandingPatchInRequest:
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
            primary_color (str | Unset): `#rrggbb`; empty for the product's colour. Refused with `bad_colour` when not six
                hex digits, with `low_contrast` when white text on it (and it as text on the light page, #f5f6f8) would be hard
                to read: at least 4.5:1 for the primary colour, 3:1 for the accent.
            accent_color (str | Unset): `#rrggbb`; empty for the product's colour. Refused with `bad_colour` when not six
                hex digits, with `low_contrast` when white text on it (and it as text on the light page, #f5f6f8) would be hard
                to read: at least 4.5:1 for the primary colour, 3:1 for the accent.
            bank_details (str | Unset):
            footer_text (str | Unset):
            invoice_note (str | Unset):
     """

    primary_color: str | Unset = UNSET
    accent_color: str | Unset = UNSET
    bank_details: str | Unset = UNSET
    footer_text: str | Unset = UNSET
    invoice_note: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        primary_color = self.primary_color

        accent_color = self.accent_color

        bank_details = self.bank_details

        footer_text = self.footer_text

        invoice_note = self.invoice_note


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if primary_color is not UNSET:
            field_dict["primary_color"] = primary_color
        if accent_color is not UNSET:
            field_dict["accent_color"] = accent_color
        if bank_details is not UNSET:
            field_dict["bank_details"] = bank_details
        if footer_text is not UNSET:
            field_dict["footer_text"] = footer_text
        if invoice_note is not UNSET:
            field_dict["invoice_note"] = invoice_note

        return field_dict


    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        if not isinstance(self.primary_color, Unset):
            files.append(("primary_color", (None, str(self.primary_color).encode(), "text/plain")))



        if not isinstance(self.accent_color, Unset):
            files.append(("accent_color", (None, str(self.accent_color).encode(), "text/plain")))



        if not isinstance(self.bank_details, Unset):
            files.append(("bank_details", (None, str(self.bank_details).encode(), "text/plain")))



        if not isinstance(self.footer_text, Unset):
            files.append(("footer_text", (None, str(self.footer_text).encode(), "text/plain")))



        if not isinstance(self.invoice_note, Unset):
            files.append(("invoice_note", (None, str(self.invoice_note).encode(), "text/plain")))





        return files


    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        primary_color = d.pop("primary_color", UNSET)

        accent_color = d.pop("accent_color", UNSET)

        bank_details = d.pop("bank_details", UNSET)

        footer_text = d.pop("footer_text", UNSET)

        invoice_note = d.pop("invoice_note", UNSET)

        patched_branding_patch_in_request = cls(
            primary_color=primary_color,
            accent_color=accent_color,
            bank_details=bank_details,
            footer_text=footer_text,
            invoice_note=invoice_note,
        )

        return patched_branding_patch_in_request


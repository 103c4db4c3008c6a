from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.error_fields import ErrorFields





T = TypeVar("T", bound="Error")



@_attrs_define
class Error:
    """ The body of every refusal.

        Attributes:
            code (str): A stable machine-readable code, e.g. validation_error, not_found, forbidden, not_authenticated,
                duplicate, conflict, throttled.
            message (str): What went wrong, for a person; when several fields are refused, each as 'field: message',
                separated by '; '.
            fields (ErrorFields): Per input field (dotted for nested fields), the list of its errors; empty when the refusal
                names no field. Every refused field of the request is listed at once (fix them all, then send again); several
                refused fields make a validation_error (400) unless they share one code.
     """

    code: str
    message: str
    fields: ErrorFields
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.error_fields import ErrorFields # noqa: PLC0415
        code = self.code

        message = self.message

        fields = self.fields.to_dict()


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "code": code,
            "message": message,
            "fields": fields,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_fields import ErrorFields # noqa: PLC0415
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        fields = ErrorFields.from_dict(d.pop("fields"))




        error = cls(
            code=code,
            message=message,
            fields=fields,
        )


        error.additional_properties = d
        return error

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.export_kind_enum import ExportKindEnum
from ..models.format_enum import FormatEnum
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.export_in_request_params import ExportInRequestParams





T = TypeVar("T", bound="ExportInRequest")



@_attrs_define
class ExportInRequest:
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
            kind (ExportKindEnum): * `list` - list
                * `usage_report` - usage_report
            format_ (FormatEnum): * `csv` - csv
                * `xlsx` - xlsx
                * `pdf` - pdf
            cloud (str | Unset): The cloud's slug (required for the usage report)
            params (ExportInRequestParams | Unset): Parameters of the kind (above)
     """

    kind: ExportKindEnum
    format_: FormatEnum
    cloud: str | Unset = UNSET
    params: ExportInRequestParams | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.export_in_request_params import ExportInRequestParams # noqa: PLC0415
        kind = self.kind.value

        format_ = self.format_.value

        cloud = self.cloud

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "format": format_,
        })
        if cloud is not UNSET:
            field_dict["cloud"] = cloud
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.export_in_request_params import ExportInRequestParams # noqa: PLC0415
        d = dict(src_dict)
        kind = ExportKindEnum(d.pop("kind"))




        format_ = FormatEnum(d.pop("format"))




        cloud = d.pop("cloud", UNSET)

        _params = d.pop("params", UNSET)
        params: ExportInRequestParams | Unset
        if isinstance(_params,  Unset):
            params = UNSET
        else:
            params = ExportInRequestParams.from_dict(_params)




        export_in_request = cls(
            kind=kind,
            format_=format_,
            cloud=cloud,
            params=params,
        )

        return export_in_request


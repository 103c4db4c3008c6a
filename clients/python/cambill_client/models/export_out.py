from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.export_kind_enum import ExportKindEnum
from ..models.export_out_status_enum import ExportOutStatusEnum
from ..models.format_enum import FormatEnum
from typing import cast

if TYPE_CHECKING:
  from ..models.export_out_params import ExportOutParams





T = TypeVar("T", bound="ExportOut")



@_attrs_define
class ExportOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            kind (ExportKindEnum): * `list` - list
                * `usage_report` - usage_report
            format_ (FormatEnum): * `csv` - csv
                * `xlsx` - xlsx
                * `pdf` - pdf
            cloud (None | str): The cloud's slug, if any
            params (ExportOutParams):
            status (ExportOutStatusEnum): * `queued` - queued
                * `running` - running
                * `done` - done
                * `failed` - failed
                * `expired` - expired
            progress (int): 0 to 100
            rows_done (int):
            rows_total (int | None):
            filename (str):
            size (int): Bytes of the file once done
            error (str): Why it failed, if it did
            download_url (None | str): Where to GET the file (with your token) once done
            created_at (str):
            finished_at (None | str):
            expires_at (str):
     """

    id: int
    kind: ExportKindEnum
    format_: FormatEnum
    cloud: None | str
    params: ExportOutParams
    status: ExportOutStatusEnum
    progress: int
    rows_done: int
    rows_total: int | None
    filename: str
    size: int
    error: str
    download_url: None | str
    created_at: str
    finished_at: None | str
    expires_at: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.export_out_params import ExportOutParams # noqa: PLC0415
        id = self.id

        kind = self.kind.value

        format_ = self.format_.value

        cloud: None | str
        cloud = self.cloud

        params = self.params.to_dict()

        status = self.status.value

        progress = self.progress

        rows_done = self.rows_done

        rows_total: int | None
        rows_total = self.rows_total

        filename = self.filename

        size = self.size

        error = self.error

        download_url: None | str
        download_url = self.download_url

        created_at = self.created_at

        finished_at: None | str
        finished_at = self.finished_at

        expires_at = self.expires_at


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "kind": kind,
            "format": format_,
            "cloud": cloud,
            "params": params,
            "status": status,
            "progress": progress,
            "rows_done": rows_done,
            "rows_total": rows_total,
            "filename": filename,
            "size": size,
            "error": error,
            "download_url": download_url,
            "created_at": created_at,
            "finished_at": finished_at,
            "expires_at": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.export_out_params import ExportOutParams # noqa: PLC0415
        d = dict(src_dict)
        id = d.pop("id")

        kind = ExportKindEnum(d.pop("kind"))




        format_ = FormatEnum(d.pop("format"))




        def _parse_cloud(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cloud = _parse_cloud(d.pop("cloud"))


        params = ExportOutParams.from_dict(d.pop("params"))




        status = ExportOutStatusEnum(d.pop("status"))




        progress = d.pop("progress")

        rows_done = d.pop("rows_done")

        def _parse_rows_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rows_total = _parse_rows_total(d.pop("rows_total"))


        filename = d.pop("filename")

        size = d.pop("size")

        error = d.pop("error")

        def _parse_download_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        download_url = _parse_download_url(d.pop("download_url"))


        created_at = d.pop("created_at")

        def _parse_finished_at(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        expires_at = d.pop("expires_at")

        export_out = cls(
            id=id,
            kind=kind,
            format_=format_,
            cloud=cloud,
            params=params,
            status=status,
            progress=progress,
            rows_done=rows_done,
            rows_total=rows_total,
            filename=filename,
            size=size,
            error=error,
            download_url=download_url,
            created_at=created_at,
            finished_at=finished_at,
            expires_at=expires_at,
        )


        export_out.additional_properties = d
        return export_out

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

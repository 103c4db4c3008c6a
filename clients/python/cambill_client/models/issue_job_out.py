from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.invoice_kind_enum import InvoiceKindEnum
from ..models.issue_job_out_status_enum import IssueJobOutStatusEnum
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="IssueJobOut")



@_attrs_define
class IssueJobOut:
    """ A response body. Never saves: writes go through verbs.

        Attributes:
            id (int):
            cloud (str):
            bill_run (int):
            period (str):
            status (IssueJobOutStatusEnum): * `queued` - Queued
                * `running` - Running
                * `completed` - Completed
                * `failed` - Failed
            invoices (list[int]): The chosen invoices; empty = every draft of the run
            kinds (list[InvoiceKindEnum]): Kinds of invoice the job issues (those its creator may issue)
            total (int): Drafts to issue when the job was queued
            done (int): Issued so far
            skipped (int): No longer drafts when reached
            failed (int): Left as drafts because of an error
            percent (int):
            failures (list[str]): Why drafts were left as drafts, or why the job stopped
            first_number (str):
            last_number (str):
            created_at (datetime.datetime):
            started_at (datetime.datetime | None):
            finished_at (datetime.datetime | None):
            created_by (None | str | Unset):
     """

    id: int
    cloud: str
    bill_run: int
    period: str
    status: IssueJobOutStatusEnum
    invoices: list[int]
    kinds: list[InvoiceKindEnum]
    total: int
    done: int
    skipped: int
    failed: int
    percent: int
    failures: list[str]
    first_number: str
    last_number: str
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    created_by: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        cloud = self.cloud

        bill_run = self.bill_run

        period = self.period

        status = self.status.value

        invoices = self.invoices



        kinds = []
        for kinds_item_data in self.kinds:
            kinds_item = kinds_item_data.value
            kinds.append(kinds_item)



        total = self.total

        done = self.done

        skipped = self.skipped

        failed = self.failed

        percent = self.percent

        failures = self.failures



        first_number = self.first_number

        last_number = self.last_number

        created_at = self.created_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        created_by: None | str | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "id": id,
            "cloud": cloud,
            "bill_run": bill_run,
            "period": period,
            "status": status,
            "invoices": invoices,
            "kinds": kinds,
            "total": total,
            "done": done,
            "skipped": skipped,
            "failed": failed,
            "percent": percent,
            "failures": failures,
            "first_number": first_number,
            "last_number": last_number,
            "created_at": created_at,
            "started_at": started_at,
            "finished_at": finished_at,
        })
        if created_by is not UNSET:
            field_dict["created_by"] = created_by

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        cloud = d.pop("cloud")

        bill_run = d.pop("bill_run")

        period = d.pop("period")

        status = IssueJobOutStatusEnum(d.pop("status"))




        invoices = cast(list[int], d.pop("invoices"))


        kinds = []
        _kinds = d.pop("kinds")
        for kinds_item_data in (_kinds):
            kinds_item = InvoiceKindEnum(kinds_item_data)



            kinds.append(kinds_item)


        total = d.pop("total")

        done = d.pop("done")

        skipped = d.pop("skipped")

        failed = d.pop("failed")

        percent = d.pop("percent")

        failures = cast(list[str], d.pop("failures"))


        first_number = d.pop("first_number")

        last_number = d.pop("last_number")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        def _parse_created_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))


        issue_job_out = cls(
            id=id,
            cloud=cloud,
            bill_run=bill_run,
            period=period,
            status=status,
            invoices=invoices,
            kinds=kinds,
            total=total,
            done=done,
            skipped=skipped,
            failed=failed,
            percent=percent,
            failures=failures,
            first_number=first_number,
            last_number=last_number,
            created_at=created_at,
            started_at=started_at,
            finished_at=finished_at,
            created_by=created_by,
        )


        issue_job_out.additional_properties = d
        return issue_job_out

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

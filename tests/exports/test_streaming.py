"""A whole cloud's list export streams: the rows are read from the database in
chunks (``QuerySet.iterator``, a server-side cursor on PostgreSQL) and each is
written to the file as it comes, in CSV and in XLSX (openpyxl's write-only mode),
so the memory of a million-camera export does not grow with the rows.

The proxy for "memory bounded": the list's queryset is never materialised
(``QuerySet._fetch_all``, the one place a queryset loads all its rows, is never
called on it), it is read through ``iterator(chunk_size=EXPORT_CHUNK)``, and rows
are already in the file while later chunks are still to be read. Untimed."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import QuerySet

from cambill.clouds.models import Camera, CameraTariffPeriod
from cambill.core import clock
from cambill.web.core import pages
from cambill.web.core.exports import build_list

pytestmark = pytest.mark.django_db

CAMERAS = 45
CHUNK = 10


@pytest.fixture
def cameras(world: Any) -> None:
    telenet = world.clouds["telenet"]
    acme = world.accounts["acme"]
    now = clock.now()
    cams = Camera.objects.bulk_create(
        [
            Camera(cloud=telenet, code=f"cam{i:03d}", account=acme, created_at=now)
            for i in range(CAMERAS)
        ]
    )
    # Every other camera holds HOME3 now; titles a spreadsheet would run are neutralised.
    CameraTariffPeriod.objects.bulk_create(
        [
            CameraTariffPeriod(
                cloud=telenet,
                camera=c,
                account=acme,
                tariff=world.tariffs["HOME3"],
                valid_from=now - timedelta(days=3),
            )
            for c in cams[::2]
        ]
    )
    Camera.objects.filter(code="cam001").update(title="=cmd()")


@pytest.fixture
def guarded(monkeypatch: Any) -> dict[str, Any]:
    """Refuse any full load of a camera queryset; record how cameras are iterated."""
    seen: dict[str, Any] = {"chunk_sizes": []}
    fetch_all = QuerySet._fetch_all
    iterator = QuerySet.iterator

    def no_fetch_all(self: QuerySet[Any]) -> None:
        if self.model is Camera and self._result_cache is None:
            raise AssertionError("the export loaded every camera at once")
        fetch_all(self)

    def recording_iterator(self: QuerySet[Any], chunk_size: int | None = None) -> Any:
        if self.model is Camera:
            seen["chunk_sizes"].append(chunk_size)
        return iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "_fetch_all", no_fetch_all)
    monkeypatch.setattr(QuerySet, "iterator", recording_iterator)
    monkeypatch.setattr(pages, "EXPORT_CHUNK", CHUNK)
    return seen


def _build(world: Any, fmt: str, out: Any, progress: Any) -> Any:
    job = SimpleNamespace(
        owner=world.users["cadmin"],
        cloud=world.clouds["telenet"],
        format=fmt,
        params={"path": "/clouds/telenet/cameras/"},
    )
    return build_list(job, out, progress)


def test_a_csv_export_writes_each_chunk_before_reading_the_next(
    world: Any, cameras: None, guarded: dict[str, Any]
) -> None:
    written_at: dict[int, int] = {}
    with tempfile.TemporaryFile() as out:

        def progress(done: int, total: int | None) -> None:
            assert total == CAMERAS
            written_at[done] = out.tell()

        _build(world, "csv", out, progress)
        out.seek(0)
        rows = list(csv.reader(io.StringIO(out.read().decode("utf-8-sig"))))
    assert guarded["chunk_sizes"] == [CHUNK]
    assert rows[0] == ["Stream", "Title", "Account", "Current tariff", "Status"]
    assert len(rows) == 1 + CAMERAS
    assert rows[1] == ["cam000", "", "acme", "HOME3", "Active"]
    assert rows[2] == ["cam001", "'=cmd()", "acme", "", "Active"]
    # After the first chunk, its rows are already in the file; the rest are not read yet.
    assert sorted(written_at) == [0, 10, 20, 30, 40, CAMERAS]
    assert 0 < written_at[10] < written_at[20] < written_at[40] < written_at[CAMERAS]


def test_an_xlsx_export_is_written_row_by_row_in_write_only_mode(
    world: Any, cameras: None, guarded: dict[str, Any], monkeypatch: Any
) -> None:
    import openpyxl
    from openpyxl import load_workbook

    modes: list[bool] = []
    workbook = openpyxl.Workbook

    def recording_workbook(*args: Any, **kwargs: Any) -> Any:
        modes.append(bool(kwargs.get("write_only")))
        return workbook(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "Workbook", recording_workbook)
    with tempfile.TemporaryFile() as out:
        _build(world, "xlsx", out, lambda done, total: None)
        out.seek(0)
        sheet = load_workbook(io.BytesIO(out.read())).active
    assert modes == [True]  # the rows never sit in an in-memory workbook
    assert guarded["chunk_sizes"] == [CHUNK]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Stream", "Title", "Account", "Current tariff", "Status"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert len(values) == 1 + CAMERAS
    assert values[1] == ["cam000", None, "acme", "HOME3", "Active"]
    assert values[2] == ["cam001", "'=cmd()", "acme", None, "Active"]
    assert sheet["B3"].data_type == "s"


def test_the_exported_text_of_a_camera_is_what_its_page_shows(world: Any, cameras: None) -> None:
    """``export_as_text`` columns skip the rendering; they read as the rendered cell."""
    from cambill.core.access import actor_for
    from cambill.web.accounts.tables import CameraTable
    from cambill.web.core.tables import BaseTable, cell_text

    Camera.objects.filter(code="cam002").update(title="  Gate <b>&amp; yard  ")
    Camera.objects.filter(code="cam003").update(code="cam003 <i>&amp;")
    actor = actor_for(world.users["cadmin"])
    from cambill.clouds.selectors import camera_list, with_current_tariff

    qs = with_current_tariff(camera_list(actor=actor, cloud=world.clouds["telenet"]))
    table = CameraTable(qs, cloud=world.clouds["telenet"], actor=actor)
    fast = list(table.export_rows(qs))

    class Rendered(CameraTable):
        export_as_text = ()

    slow_table = Rendered(qs, cloud=world.clouds["telenet"], actor=actor)
    slow = list(slow_table.export_rows(qs))
    assert fast == slow
    assert fast[2][1] == "Gate & yard"  # a plain column: its text as rendered, tags stripped
    assert fast[3][0] == "cam003 <i>&amp;"  # a link: its text, escaped inside the link
    assert issubclass(CameraTable, BaseTable) and cell_text("—") is None

"""Exports built in the background: a list page's rows or a report, of any size, with
progress, for their owner only, offered for download when ready, deleted after their
retention; the same through the API."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings

from cambill.core.access import actor_for
from cambill.exports.selectors import export_job_get
from cambill.exports.services import export_job_request, export_job_run, export_jobs_purge
from tests.api.helpers import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(world: Any) -> Any:
    def make(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name])
        return client

    return make


@pytest.fixture(autouse=True)
def _media(tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _english_afterwards() -> Any:
    yield
    from django.utils import translation

    translation.activate("en")


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _request_list(client: Client, path: str, fmt: str = "csv", capture: Any = None) -> Any:
    with capture(execute=True):
        return client.post(
            "/exports/new/", {"kind": "list", "format": fmt, "path": path, "cloud": "telenet"}
        )


def _job_id(response: Any) -> int:
    match = re.fullmatch(r"/exports/(\d+)/", response["Location"])
    assert match, response["Location"]
    return int(match.group(1))


def test_a_list_is_built_in_the_background_and_offered_for_download(
    world: Any, as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("cadmin")
    response = _request_list(
        client, "/clouds/telenet/accounts/?sort=code", capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    pk = _job_id(response)
    page = client.get(f"/exports/{pk}/").content.decode()
    assert "Ready" in page and f"/exports/{pk}/download/" in page
    assert "hx-trigger" not in page  # done: the panel stops polling
    download = client.get(f"/exports/{pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    rows = _csv(b"".join(download.streaming_content))
    assert rows[0][0] == "Code"
    assert [r[0] for r in rows[1:]] == ["acme", "beta"]  # telenet's two, in the page's sort
    job = export_job_get(actor=actor_for(world.users["cadmin"]), pk=pk)
    assert (job.rows_done, job.rows_total, job.progress, job.status) == (2, 2, 100, "done")
    assert job.filename.startswith("accounts-telenet-") and job.filename.endswith(".csv")
    assert "/exports/" in client.get("/exports/").content.decode()


def test_only_the_owner_sees_a_job(
    world: Any, as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    owner = as_user("cadmin")
    pk = _job_id(
        _request_list(
            owner, "/clouds/telenet/accounts/", capture=django_capture_on_commit_callbacks
        )
    )
    other = as_user("padmin")  # sees every cloud, but not another user's file
    assert other.get(f"/exports/{pk}/").status_code == 404
    assert other.get(f"/exports/{pk}/download/").status_code == 404
    assert f"/exports/{pk}/" not in other.get("/exports/").content.decode()
    assert bearer("padmin").get(f"/api/v1/exports/{pk}/").status_code == 404
    assert bearer("padmin").get(f"/api/v1/exports/{pk}/file/").status_code == 404
    assert bearer("cadmin").get(f"/api/v1/exports/{pk}/").status_code == 200


def test_a_job_holds_only_what_its_owners_page_shows(
    world: Any, as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("cadmin")  # telenet's admin asks for another cloud's accounts
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/exports/new/",
            {"kind": "list", "format": "csv", "path": "/clouds/othercloud/accounts/"},
        )
    pk = _job_id(response)
    job = export_job_get(actor=actor_for(world.users["cadmin"]), pk=pk)
    assert job.status == "failed" and not job.file
    assert job.error == "There is nothing here, or nothing you may see."
    assert client.get(f"/exports/{pk}/download/").status_code == 302  # back to the job page
    # An account manager's file holds only the accounts assigned to it.
    am = as_user("amanager")
    pk = _job_id(
        _request_list(am, "/clouds/telenet/accounts/", capture=django_capture_on_commit_callbacks)
    )
    rows = _csv(b"".join(am.get(f"/exports/{pk}/download/").streaming_content))
    assert [r[0] for r in rows[1:]] == ["acme"]


@override_settings(CAMBILL_EXPORT_INLINE_MAX_ROWS=1, CAMBILL_EXPORT_XLSX_MAX_ROWS=1)
def test_a_long_list_exports_in_the_background_without_a_row_cap(
    world: Any, as_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_user("cadmin")
    page = client.get("/clouds/telenet/accounts/").content.decode()
    # Two rows are over the (lowered) inline limit: the buttons post a job instead of linking.
    assert 'action="/exports/new/"' in page and "_export=xlsx" not in page
    pk = _job_id(
        _request_list(
            client, "/clouds/telenet/accounts/", "xlsx", capture=django_capture_on_commit_callbacks
        )
    )
    job = export_job_get(actor=actor_for(world.users["cadmin"]), pk=pk)
    assert job.status == "done" and job.rows_total == 2  # over the XLSX cap of 1: no refusal
    from openpyxl import load_workbook

    body = b"".join(client.get(f"/exports/{pk}/download/").streaming_content)
    sheet = load_workbook(io.BytesIO(body)).active
    assert [c.value for c in sheet["A"]][1:] == ["acme", "beta"]


def test_progress_is_polled_while_the_file_is_built(world: Any, as_user: Any) -> None:
    actor = actor_for(world.users["cadmin"])
    job = export_job_request(
        actor=actor, kind="list", format="csv", params={"path": "/clouds/telenet/accounts/"}
    )  # not committed in this test: the job is not started
    type(job).objects.filter(pk=job.pk).update(
        status="running", progress=40, rows_done=400, rows_total=1000
    )
    client = as_user("cadmin")
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="40"' in page
    assert "400 of 1000 rows" in page
    assert '<meta http-equiv="refresh"' in page  # without JavaScript, inside <noscript>
    fragment = client.get(
        f"/exports/{job.pk}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="export-status"
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="export-status"') and "<html" not in fragment
    # The run picks up the queued job only once.
    type(job).objects.filter(pk=job.pk).update(status="queued")
    assert export_job_run(job_id=job.pk).status == "done"
    assert export_job_run(job_id=job.pk).status == "done"


def test_files_are_deleted_after_their_retention(world: Any) -> None:
    actor = actor_for(world.users["cadmin"])
    job = export_job_request(
        actor=actor, kind="list", format="csv", params={"path": "/clouds/telenet/accounts/"}
    )
    job = export_job_run(job_id=job.pk)
    path = job.file.path
    import os

    assert os.path.exists(path)
    assert export_jobs_purge(now=job.expires_at - timedelta(seconds=1)) == 0
    assert export_jobs_purge(now=job.expires_at) == 1
    job.refresh_from_db()
    assert job.status == "expired" and not job.file and not os.path.exists(path)
    body = bearer("cadmin").get(f"/api/v1/exports/{job.pk}/").json()
    assert body["status"] == "expired" and body["download_url"] is None


@override_settings(CAMBILL_REPORT_PDF_MAX_ROWS=0)
def test_the_api_builds_a_usage_report_pdf_of_any_size(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api = bearer("cadmin")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/exports/",
            {
                "kind": "usage_report",
                "format": "pdf",
                "cloud": "telenet",
                "params": {"from": "2026-03-01", "to": "2026-03-31"},
            },
            format="json",
        )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"  # the answer comes before the commit
    body = api.get(f"/api/v1/exports/{response.json()['id']}/").json()
    assert body["status"] == "done" and body["progress"] == 100
    assert body["download_url"] == f"/api/v1/exports/{body['id']}/file"
    assert body["filename"] == "usage-telenet-2026-03-01-2026-03-31.pdf"
    file = api.get(body["download_url"])
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    listed = api.get("/api/v1/exports/").json()
    assert [j["id"] for j in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "everything", "format": "csv"}, "kind"),
        (
            {"kind": "list", "format": "pdf", "params": {"path": "/clouds/telenet/accounts/"}},
            "format",
        ),
        ({"kind": "list", "format": "csv", "params": {"path": "/api/v1/invoices/"}}, "params"),
        (
            {
                "kind": "usage_report",
                "format": "csv",
                "cloud": "telenet",
                "params": {"from": "x", "to": "2026-03-31"},
            },
            "params",
        ),
        (
            {
                "kind": "usage_report",
                "format": "csv",
                "params": {"from": "2026-03-01", "to": "2026-03-31"},
            },
            "cloud",
        ),
    ],
)
def test_the_api_refuses_a_bad_export_with_its_field(
    world: Any, payload: dict[str, Any], field: str
) -> None:
    from cambill.exports.models import ExportJob

    response = bearer("cadmin").post("/api/v1/exports/", payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "validation_error" and field in body["fields"]
    assert ExportJob.objects.count() == 0


def test_a_usage_report_of_another_cloud_is_not_found(world: Any) -> None:
    response = bearer("cadmin").post(
        "/api/v1/exports/",
        {
            "kind": "usage_report",
            "format": "csv",
            "cloud": "othercloud",
            "params": {"from": "2026-03-01", "to": "2026-03-31"},
        },
        format="json",
    )
    assert response.status_code == 404


def test_my_exports_is_in_every_roles_menu(world: Any, as_user: Any) -> None:
    for user in ("padmin", "cadmin", "subscriber", "agent"):
        html = as_user(user).get("/exports/").content.decode()
        assert 'href="/exports/" class="active" aria-current="page">My exports</a>' in html, user
        assert "No exports yet." in html

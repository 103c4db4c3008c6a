"""Camera intake from Flussonic Agent: CSV upload (all or nothing), attach, API, web."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cambill.clouds.models import Camera
from cambill.core.access import SYSTEM
from cambill.core.csvin import CSVError
from cambill.core.errors import DomainError, Forbidden
from cambill.watcher.intake import agent_csv_upload, agent_device_attach, parse_agent_csv
from cambill.watcher.models import AgentDevice
from tests.api.helpers import bearer
from tests.conftest import utc

HEADER = (
    "agent_model,agent_serial,agent_id,agent_key,agent_pin,stream_url,substream_url,"
    "thumbnails,onvif_url,onvif_profile,ptz\n"
)
ROW1 = (
    "Hik-X1,SN001,ag-1,key-1,1234,rtsp://10.0.0.1/main,rtsp://10.0.0.1/sub,"
    "http://10.0.0.1/thumb.jpg,http://10.0.0.1/onvif,Profile_1,true\n"
)
ROW2 = "Hik-X1,SN002,ag-2,key-2,5678,rtsp://10.0.0.2/main,,,,,0\n"
URL = "/api/v1/clouds/telenet/intake/agent-csv"


def test_parse_reports_every_bad_row_by_line() -> None:
    bad = (
        HEADER
        + ROW1
        + ",,,,,rtsp://x/y,,,,,\n"
        + "M,SN001,,,,rtsp://a/b,,,,,\n"
        + ("M,SN003,,,,ftp//nope,,,,,maybe\n")
    )
    # The error shape of every CSV import (cambill.core.csvin): one CSVError, lines by
    # line and column. (It was a list of {"line", "column", "reason"} before the one reader.)
    with pytest.raises(CSVError) as err:
        parse_agent_csv(bad)
    lines = err.value.fields["lines"]
    assert [(e["line"], sorted(e["errors"])) for e in lines] == [
        (3, ["agent_serial"]),
        (4, ["agent_serial"]),
        (5, ["ptz", "stream_url"]),
    ]
    assert "line 2" in lines[1]["errors"]["agent_serial"][0]  # the duplicate names the first line
    rows = parse_agent_csv(HEADER + ROW1)
    assert [r["serial"] for r in rows] == ["SN001"]
    assert rows[0]["ptz"] is True and rows[0]["model"] == "Hik-X1"
    with pytest.raises(CSVError) as err:
        parse_agent_csv("agent_model,agent_id\nx,y\n")
    assert err.value.fields == {
        "file": ["Columns needed: agent_serial, stream_url; missing: agent_serial, stream_url."]
    }


def test_upload_creates_then_updates_by_serial_never_duplicates(world: Any) -> None:
    telenet = world.clouds["telenet"]
    cadmin = world.actor("cadmin")
    first = agent_csv_upload(actor=cadmin, cloud=telenet, data=HEADER + ROW1 + ROW2)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    changed = ROW2.replace("10.0.0.2/main", "10.0.0.22/main")
    again = agent_csv_upload(actor=cadmin, cloud=telenet, data=(HEADER + ROW1 + changed).encode())
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert AgentDevice.objects.filter(cloud=telenet).count() == 2
    assert AgentDevice.objects.get(serial="SN002").stream_url == "rtsp://10.0.0.22/main"


def test_a_bad_row_refuses_the_whole_upload(world: Any) -> None:
    telenet = world.clouds["telenet"]
    with pytest.raises(DomainError) as err:
        agent_csv_upload(
            actor=SYSTEM, cloud=telenet, data=HEADER + ROW1 + "X,,,,,rtsp://a/b,,,,,\n" + ROW2
        )
    assert err.value.fields["lines"] == [
        {"line": 3, "errors": {"agent_serial": ["The serial is empty."]}}
    ]
    assert AgentDevice.objects.count() == 0


def test_upload_and_attach_permissions(world: Any) -> None:
    telenet = world.clouds["telenet"]
    for name in ("amanager", "subscriber", "otheradmin", "caccountant"):
        with pytest.raises(Forbidden):
            agent_csv_upload(actor=world.actor(name), cloud=telenet, data=HEADER + ROW1)
    assert AgentDevice.objects.count() == 0


def test_attach_creates_the_camera_once(world: Any) -> None:
    telenet = world.clouds["telenet"]
    agent_csv_upload(actor=SYSTEM, cloud=telenet, data=HEADER + ROW1)
    device = AgentDevice.objects.get(serial="SN001")
    camera = agent_device_attach(
        actor=world.actor("amanager"),
        device=device,
        account=world.accounts["acme"],
        tariff="HOME3",
        at=utc(2026, 3, 1, 5),
    )
    assert (camera.code, camera.account.code, camera.title) == ("SN001", "acme", "Hik-X1 SN001")
    device.refresh_from_db()
    assert device.camera == camera
    with pytest.raises(DomainError):
        agent_device_attach(actor=SYSTEM, device=device, account=world.accounts["acme"])
    # re-sending the CSV updates the device and keeps its camera
    agent_csv_upload(actor=SYSTEM, cloud=telenet, data=HEADER + ROW1.replace("Hik-X1", "Hik-X2"))
    device.refresh_from_db()
    assert device.camera == camera and device.model == "Hik-X2"
    assert Camera.objects.filter(cloud=telenet, code="SN001").count() == 1


def test_amanager_cannot_attach_to_an_account_it_does_not_manage(world: Any) -> None:
    agent_csv_upload(actor=SYSTEM, cloud=world.clouds["telenet"], data=HEADER + ROW1)
    device = AgentDevice.objects.get(serial="SN001")
    with pytest.raises(Forbidden):
        agent_device_attach(
            actor=world.actor("amanager"), device=device, account=world.accounts["beta"]
        )
    device.refresh_from_db()
    assert device.camera is None and not Camera.objects.filter(code="SN001").exists()


# --- API ----------------------------------------------------------------------------


def test_api_upload_text_csv_and_multipart(world: Any) -> None:
    client = bearer("cadmin")
    resp = client.post(URL, data=HEADER + ROW1, content_type="text/csv")
    assert resp.status_code == 200, resp.content
    assert resp.json()["created"] == 1
    upload = SimpleUploadedFile("devices.csv", (HEADER + ROW1 + ROW2).encode(), "text/csv")
    resp = client.post(URL, data={"file": upload}, format="multipart")
    assert resp.status_code == 200, resp.content
    assert (resp.json()["created"], resp.json()["unchanged"]) == (1, 1)


def test_api_bad_rows_are_reported_by_line_and_nothing_is_stored(world: Any) -> None:
    client = bearer("cadmin")
    resp = client.post(
        URL, data=HEADER + ROW1 + "X,SN9,,,,not a url,,,,,\n", content_type="text/csv"
    )
    assert resp.status_code == 400
    body = resp.json()
    assert body["code"] == "validation_error"
    assert body["fields"]["lines"] == [
        {"line": 3, "errors": {"stream_url": ["'not a url' is not a stream or web URL."]}}
    ]
    assert AgentDevice.objects.count() == 0


def test_api_needs_a_token_of_the_cloud(world: Any) -> None:
    from rest_framework.test import APIClient

    assert APIClient().post(URL, data=HEADER + ROW1, content_type="text/csv").status_code == 401
    assert (
        bearer("otheradmin").post(URL, data=HEADER + ROW1, content_type="text/csv").status_code
        == 404
    )
    assert (
        bearer("subscriber").post(URL, data=HEADER + ROW1, content_type="text/csv").status_code
        == 403
    )
    assert AgentDevice.objects.count() == 0


def test_api_list_unassigned_and_attach(world: Any) -> None:
    client = bearer("cadmin")
    client.post(URL, data=HEADER + ROW1 + ROW2, content_type="text/csv")
    base = "/api/v1/clouds/telenet/intake/devices/"
    resp = client.get(base, {"assigned": "false"})
    assert resp.status_code == 200
    rows = resp.json()["results"]
    assert [r["serial"] for r in rows] == ["SN001", "SN002"]
    assert "agent_key" not in rows[0] and "agent_pin" not in rows[0]  # device secrets
    resp = client.post(
        base + "SN002/attach",
        {
            "account": "beta",
            "code": "beta-door",
            "tariff": "HOME3",
            "at": "2026-03-01T00:00:00-05:00",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.content
    assert (resp.json()["camera"], resp.json()["account"]) == ("beta-door", "beta")
    assert [r["serial"] for r in client.get(base, {"assigned": "false"}).json()["results"]] == [
        "SN001"
    ]
    assert [r["serial"] for r in client.get(base, {"assigned": "true"}).json()["results"]] == [
        "SN002"
    ]
    again = client.post(base + "SN002/attach", {"account": "beta"}, format="json")
    assert again.status_code == 409
    unknown = client.post(base + "SN002/attach", {"account": "nope"}, format="json")
    assert unknown.status_code in (400, 409)
    assert client.post(base + "NOPE/attach", {"account": "beta"}, format="json").status_code == 404


# --- web ----------------------------------------------------------------------------


def test_web_page_lists_unassigned_devices_and_attaches(world: Any, client: Any) -> None:
    agent_csv_upload(actor=SYSTEM, cloud=world.clouds["telenet"], data=HEADER + ROW1 + ROW2)
    client.force_login(world.users["cadmin"])
    page = client.get("/clouds/telenet/intake/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "SN001" in text and "SN002" in text and "key-1" not in text
    resp = client.post(
        "/clouds/telenet/intake/SN001/attach/",
        {"account": "acme", "code": "", "tariff": "HOME3"},
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert AgentDevice.objects.get(serial="SN001").camera.account.code == "acme"
    client.force_login(world.users["subscriber"])
    assert client.get("/clouds/telenet/intake/").status_code == 403

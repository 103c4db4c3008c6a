"""The usage API: /events (all three media types), lists, meters, CSV."""

from __future__ import annotations

import json

import pytest

from cambill.usage.models import UsageEvent
from tests.api.helpers import bearer

from .conftest import event

CE = "application/cloudevents+json"
BATCH = "application/cloudevents-batch+json"


def post(client, body, ctype, path="/api/v1/events"):  # type: ignore[no-untyped-def]
    return client.generic("POST", path, json.dumps(body), content_type=ctype)


@pytest.mark.django_db
def test_ingest_one_batch_and_plain_json(uw) -> None:  # type: ignore[no-untyped-def]
    c = bearer("cadmin")
    assert post(c, event(1, bytes=1), CE).status_code == 204
    assert post(c, [event(2, bytes=1), event(3, bytes=1)], BATCH).status_code == 204
    assert post(c, event(4, bytes=1), "application/json").status_code == 204
    assert post(c, [event(5, bytes=1)], "application/json").status_code == 204
    assert post(c, [event(5, bytes=1)], BATCH + "; charset=utf-8").status_code == 204  # replay
    assert UsageEvent.objects.count() == 5
    assert post(c, [event(6, bytes=1)], CE).status_code == 400  # array under the single type
    assert post(c, event(6, bytes=1), BATCH).status_code == 400


@pytest.mark.django_db
def test_bad_batch_400_with_indexes(uw) -> None:  # type: ignore[no-untyped-def]
    r = post(bearer("cadmin"), [event(1, bytes=1), event(2, bytes="x"), event(3)], BATCH)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "validation_error"
    assert set(body["fields"]) == {"1", "2"}
    assert UsageEvent.objects.count() == 0


@pytest.mark.django_db
def test_cloud_selection(uw) -> None:  # type: ignore[no-untyped-def]
    p = bearer("padmin")
    assert post(p, event(1, bytes=1), CE).status_code == 400  # provider must name the cloud
    assert post(p, event(1, bytes=1), CE, "/api/v1/events?cloud=telenet").status_code == 204
    r = p.generic(
        "POST",
        "/api/v1/events",
        json.dumps(event(2, bytes=1)),
        content_type=CE,
        HTTP_X_CAMBILL_CLOUD="telenet",
    )
    assert r.status_code == 204
    assert post(p, event(3, bytes=1), CE, "/api/v1/events?cloud=nope").status_code == 404
    # a cloud admin cannot aim at another cloud
    assert (
        post(
            bearer("otheradmin"), event(9, bytes=1), CE, "/api/v1/events?cloud=telenet"
        ).status_code
        == 404
    )
    assert post(bearer("subscriber"), event(9, bytes=1), CE).status_code == 403
    assert UsageEvent.objects.filter(cloud=uw.telenet).count() == 2
    from rest_framework.test import APIClient

    assert post(APIClient(), event(9, bytes=1), CE).status_code == 401


@pytest.mark.django_db
def test_lists_unmatched_and_filters(uw) -> None:  # type: ignore[no-untyped-def]
    c = bearer("cadmin")
    post(
        c,
        [
            event(1, bytes=1),
            event(2, subject="ghost", bytes=2),
            event(3, subject="camB", type="recording", stats={"dvr": {"seconds": 5}}),
        ],
        BATCH,
    )
    un = c.get("/api/v1/clouds/telenet/usage/unmatched/").json()["results"]
    assert [(e["id"], e["subject"], e["matched"]) for e in un] == [("2", "ghost", False)]
    ev = c.get("/api/v1/clouds/telenet/usage/events/?camera=camB").json()["results"]
    assert [e["id"] for e in ev] == ["3"] and ev[0]["camera"] == "camB"
    assert ev[0]["time"] == "2026-03-10T05:00:00-05:00"  # in the cloud's zone
    assert (
        len(c.get("/api/v1/clouds/telenet/usage/events/?type=archive.stats").json()["results"]) == 2
    )
    assert c.get("/api/v1/clouds/telenet/usage/events/?late=true").json()["results"] == []
    assert c.get("/api/v1/clouds/telenet/usage/events/?late=maybe").status_code == 400
    assert bearer("otheradmin").get("/api/v1/clouds/telenet/usage/events/").status_code == 404
    assert bearer("subscriber").get("/api/v1/clouds/telenet/usage/unmatched/").status_code == 403
    assert bearer("paccountant").get("/api/v1/clouds/telenet/usage/unmatched/").status_code == 200


@pytest.mark.django_db
def test_meters_list_and_create(uw) -> None:  # type: ignore[no-untyped-def]
    body = {
        "code": "lpr_reads",
        "name": "Plate reads",
        "unit": "read",
        "event_type": "lpr.read",
        "aggregation": "sum",
    }
    assert bearer("cadmin").post("/api/v1/meters/", body, format="json").status_code == 403
    r = bearer("padmin").post("/api/v1/meters/", body, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["unit_divisor"] == "1.00"
    codes = [m["code"] for m in bearer("cadmin").get("/api/v1/meters/").json()["results"]]
    assert "lpr_reads" in codes and "archive_gb" in codes
    assert bearer("padmin").post("/api/v1/meters/", body, format="json").status_code == 409
    assert (
        bearer("padmin")
        .post("/api/v1/meters/", {**body, "code": "x", "aggregation": "avg"}, format="json")
        .status_code
        == 400
    )


@pytest.mark.django_db
def test_csv_upload_all_or_nothing(uw) -> None:  # type: ignore[no-untyped-def]
    c = bearer("cadmin")
    good = (
        "id,source,type,subject,time,bytes,stats.dvr.seconds\n"
        "1,csv,archive.stats,camA,2026-03-10T10:00:00Z,100,\n"
        "2,csv,recording,camB,2026-03-10T10:00:00Z,,60\n"
    )
    r = c.generic("POST", "/api/v1/clouds/telenet/usage/csv", good, content_type="text/csv")
    assert r.status_code == 201, r.content
    assert r.json()["inserted"] == 2
    bad = (
        "id,source,type,subject,time,bytes\n"
        "3,csv,archive.stats,camA,2026-03-10T10:00:00Z,100\n"
        "4,csv,archive.stats,camA,yesterday,100\n"
        "5,csv,archive.stats,camA,2026-03-10T10:00:00Z,lots\n"
    )
    r = c.generic("POST", "/api/v1/clouds/telenet/usage/csv", bad, content_type="text/csv")
    assert r.status_code == 400
    # The error shape of every CSV import (cambill.core.csvin); it was {"line 3": [...]}.
    assert [e["line"] for e in r.json()["fields"]["lines"]] == [3, 4]
    from django.core.files.uploadedfile import SimpleUploadedFile

    f = SimpleUploadedFile("u.csv", good.replace("1,csv", "7,csv").encode(), "text/csv")
    r = c.post("/api/v1/clouds/telenet/usage/csv", {"file": f}, format="multipart")
    assert r.status_code == 201 and r.json()["inserted"] == 1  # line "2" is a replay
    assert UsageEvent.objects.count() == 3
    assert (
        c.generic(
            "POST", "/api/v1/clouds/telenet/usage/csv", "id,source\n", content_type="text/csv"
        ).status_code
        == 400
    )


@pytest.mark.django_db
def test_csv_upload_reads_bom_and_refuses_other_encodings_by_the_one_shape(uw) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = bearer("cadmin")
    url = "/api/v1/clouds/telenet/usage/csv"
    text = "ID,Source,Type,Subject,Time,bytes\n9,csv,archive.stats,camA,2026-03-10T10:00:00Z,100\n"
    f = SimpleUploadedFile("u.csv", b"\xef\xbb\xbf" + text.encode(), "text/csv")
    r = c.post(url, {"file": f}, format="multipart")
    assert r.status_code == 201, r.content
    assert r.json()["inserted"] == 1
    f = SimpleUploadedFile("u.csv", text.replace("camA", "cämA").encode("latin-1"), "text/csv")
    r = c.post(url, {"file": f}, format="multipart")
    assert r.status_code == 400
    assert r.json()["code"] == "validation_error" and "not UTF-8" in r.json()["fields"]["file"][0]
    r = c.generic("POST", url, text.replace("ID,", "id,id,"), content_type="text/csv")
    assert r.json()["fields"] == {"file": ["The column id appears twice in the header."]}
    assert UsageEvent.objects.count() == 1

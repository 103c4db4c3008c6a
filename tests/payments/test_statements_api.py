"""Bank statements through the public API (issue #13, point 4): upload as JSON or
multipart, the lines and the queue, confirm and reject, match by hand, scoping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cambill.payments.models import BankLine
from tests.api.helpers import bearer, err, unchanged

from .conftest import check_ledger

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "/api/v1/clouds/telenet/"


def _counts() -> tuple[int, ...]:
    from cambill.payments.models import BankImport, BankSuggestion, LedgerLine, Payment

    return tuple(
        m.objects.count() for m in (BankImport, BankLine, BankSuggestion, Payment, LedgerLine)
    )


def _upload(client: Any, name: str) -> Any:
    return client.post(
        BASE + "bank-statements/",
        {"filename": name, "content": (FIXTURES / name).read_text()},
        format="json",
    )


def test_upload_lines_confirm_reject_and_reimport(billed: Any) -> None:
    c = bearer("caccountant")
    resp = _upload(c, "camt053_v02_april.xml")
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert (body["format"], body["total"], body["matched"], body["unmatched"], body["skipped"]) == (
        "camt053",
        5,
        2,
        3,
        0,
    )
    assert [
        (ln["entry_ref"], ln["amount"], ln["status"], ln["invoice"]) for ln in body["lines"]
    ] == [
        ("2026041000005", "-2.50", "ignored", None),
        ("2026041000004", "50.00", "unmatched", None),
        ("2026040900003", "5.91", "suggested", None),
        ("2026040900002", "3.57", "matched", "TELENET-2026-000002"),
        ("2026040800001", "20.00", "matched", "TELENET-2026-000001"),
    ]
    queue = c.get(BASE + "bank-lines/", {"queue": "true"}).json()["results"]
    assert [ln["entry_ref"] for ln in queue] == ["2026041000004", "2026040900003"]
    sug = queue[1]["suggestions"]
    assert [
        (s["invoice"], s["account"], s["reason"], s["invoice_total"], s["status"]) for s in sug
    ] == [("TELENET-2026-000001", "acme", "amount", "25.91", "open")]
    # the same file again: 200 with the first import, nothing written
    counts = _counts()
    with unchanged():
        again = _upload(c, "camt053_v02_april.xml")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert _counts() == counts
    # confirm: acme's invoice is paid
    done = c.post(BASE + f"bank-suggestions/{sug[0]['id']}/confirm")
    assert done.status_code == 201, done.content
    assert (done.json()["status"], done.json()["invoice"]) == ("matched", "TELENET-2026-000001")
    assert c.get(BASE + "invoices/" + str(billed.inv["acme"].pk) + "/").json()["status"] == "paid"
    err(c.post(BASE + f"bank-suggestions/{sug[0]['id']}/reject"), 409, "invalid_state")
    # the 50.00 line matched by hand to beta's paid invoice: a credit on beta
    line = BankLine.objects.get(entry_ref="2026041000004")
    err(
        c.post(BASE + f"bank-lines/{line.pk}/match", {"invoice": "NOPE"}, format="json"),
        400,
        "validation_error",
    )
    hand = c.post(
        BASE + f"bank-lines/{line.pk}/match", {"invoice": "TELENET-2026-000002"}, format="json"
    )
    assert hand.status_code == 201, hand.content
    assert hand.json()["status"] == "matched"
    assert c.get(BASE + "bank-lines/", {"queue": "true"}).json()["results"] == []
    listed = c.get(BASE + "bank-statements/").json()["results"]
    assert [(i["id"], i["format"]) for i in listed] == [(body["id"], "camt053")]
    check_ledger(billed.clouds["telenet"])


def test_multipart_mt940_and_reject(billed: Any) -> None:
    c = bearer("cadmin")
    raw = (FIXTURES / "mt940_april.sta").read_bytes().replace(b"C10,00NTRF", b"C25,91NTRF")
    resp = c.post(
        BASE + "bank-statements/",
        {"file": SimpleUploadedFile("april.sta", raw, content_type="application/octet-stream")},
        format="multipart",
    )
    assert resp.status_code == 201, resp.content
    lines = {ln["entry_ref"]: ln for ln in resp.json()["lines"]}
    assert resp.json()["filename"] == "april.sta"
    # acme paid by number; a second 25.91 from an unknown payer: nothing open of that amount
    assert lines["BR26040800001"]["status"] == "matched"
    assert lines["BR26040900003"]["status"] == "unmatched"


def test_reject_sends_the_line_to_the_queue(billed: Any) -> None:
    c = bearer("caccountant")
    _upload(c, "camt053_v02_april.xml")
    line = BankLine.objects.get(entry_ref="2026040900003")
    resp = c.post(BASE + f"bank-suggestions/{line.suggestions.get().pk}/reject")
    assert resp.status_code == 200, resp.content
    assert (resp.json()["status"], resp.json()["suggestions"][0]["status"]) == (
        "unmatched",
        "rejected",
    )


def test_scoping_and_bad_files(billed: Any) -> None:
    clients = {
        u: bearer(u) for u in ("subscriber", "agent", "amanager", "otheradmin", "caccountant")
    }
    _upload(clients["caccountant"], "mt940_april.sta")
    line = BankLine.objects.filter(status="matched").first()
    counts = _counts()
    with unchanged():
        for user in ("subscriber", "agent", "amanager"):
            err(_upload(clients[user], "camt053_v02_april.xml"), 403, "forbidden")
            err(clients[user].get(BASE + "bank-lines/"), 403, "forbidden")
        err(_upload(clients["otheradmin"], "camt053_v02_april.xml"), 404, "not_found")
        err(clients["otheradmin"].get(BASE + "bank-lines/"), 404, "not_found")
        err(
            clients["otheradmin"].get("/api/v1/clouds/othercloud/bank-statements/999/"),
            404,
            "not_found",
        )
        c = clients["caccountant"]
        body = err(
            c.post(BASE + "bank-statements/", {"content": "not a statement"}, format="json"),
            400,
            "validation_error",
        )
        assert "file" in body["fields"]
        err(
            c.post(
                BASE + f"bank-lines/{line.pk}/match",
                {"invoice": "TELENET-2026-000001"},
                format="json",
            ),
            409,
            "invalid_state",
        )
        err(c.get(BASE + "bank-lines/", {"status": "nope"}), 400, "validation_error")
        err(c.post(BASE + "bank-suggestions/999999/confirm"), 404, "not_found")
    assert _counts() == counts


@pytest.mark.parametrize(
    "query", ["queue=null", "queue=true&queue=true", "status=", "bank_import=x"]
)
def test_line_filters_refuse_what_the_schema_does_not_allow(billed: Any, query: str) -> None:
    resp = bearer("caccountant").get(f"/api/v1/clouds/telenet/bank-lines/?{query}")
    assert resp.status_code == 400, resp.content
    assert resp.json()["code"] == "validation_error"

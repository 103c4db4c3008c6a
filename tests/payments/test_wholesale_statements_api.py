"""The provider's bank statements through the API: ``/api/v1/provider/bank-statements/``
and its lines, suggestions and matches (wholesale invoices of every cloud)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rest_framework.test import APIClient

from cambill.payments.models import BankImport, BankLine, Payment

FILE = Path(__file__).parent / "fixtures" / "camt053_provider_april.xml"
BASE = "/api/v1/provider/"


def client(world: Any, name: str) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


def test_upload_reimport_queue_and_decide(billed: Any) -> None:
    c = client(billed, "paccountant")
    body = {"filename": FILE.name, "content": FILE.read_text()}
    first = c.post(f"{BASE}bank-statements/", body, format="json")
    assert first.status_code == 201, first.content
    data = first.json()
    assert (data["total"], data["matched"], data["unmatched"], data["skipped"]) == (7, 3, 4, 0)
    by_ref = {ln["entry_ref"]: ln for ln in data["lines"]}
    assert by_ref["PRV20260414002"]["invoice"] == "PRV-2026-000001"
    assert by_ref["PRV20260414002"]["status"] == "matched"
    assert by_ref["PRV20260414003"]["amount"] == "6.10"
    assert by_ref["PRV20260414004"]["cloud"] == "telenet"  # paid by its slug: credit
    assert by_ref["PRV20260414005"]["cloud"] is None
    again = c.post(f"{BASE}bank-statements/", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert (BankImport.objects.count(), Payment.objects.count()) == (1, 3)
    assert [s["id"] for s in c.get(f"{BASE}bank-statements/").json()["results"]] == [data["id"]]
    assert c.get(f"{BASE}bank-statements/{data['id']}/").json()["total"] == 7
    queue = c.get(f"{BASE}bank-lines/?queue=true").json()["results"]
    assert {ln["entry_ref"] for ln in queue} == {
        "PRV20260414001",
        "PRV20260414005",
        "PRV20260414007",
    }
    suggested = next(ln for ln in queue if ln["entry_ref"] == "PRV20260414001")
    sid = suggested["suggestions"][0]["id"]
    assert suggested["suggestions"][0]["invoice"] == "PRV-2026-000001"
    assert suggested["suggestions"][0]["cloud"] == "telenet"
    rejected = c.post(f"{BASE}bank-suggestions/{sid}/reject/")
    assert rejected.status_code == 200 and rejected.json()["status"] == "unmatched"
    # match a queued line by hand: a retail number or an unknown one is a 400
    line = BankLine.objects.get(entry_ref="PRV20260414005")
    retail = billed.inv["acme"].number
    for number in (retail, "NOPE-1"):
        bad = c.post(f"{BASE}bank-lines/{line.pk}/match/", {"invoice": number}, format="json")
        assert bad.status_code == 400 and bad.json()["code"], number
    ok = c.post(f"{BASE}bank-lines/{line.pk}/match/", {"invoice": "PRV-2026-000001"}, format="json")
    assert ok.status_code == 201 and ok.json()["status"] == "matched"
    assert Payment.objects.filter(kind="wholesale").count() == 4


def test_only_provider_admin_and_accountant(billed: Any) -> None:
    body = {"content": FILE.read_text()}
    for name in ("cadmin", "caccountant", "pmanager", "subscriber", "agent"):
        c = client(billed, name)
        assert c.post(f"{BASE}bank-statements/", body, format="json").status_code == 403, name
        assert c.get(f"{BASE}bank-statements/").status_code == 403, name
        assert c.get(f"{BASE}bank-lines/").status_code == 403, name
    assert BankImport.objects.count() == 0
    # the provider's lines are not among a cloud's
    client(billed, "padmin").post(f"{BASE}bank-statements/", body, format="json")
    lines = client(billed, "padmin").get("/api/v1/clouds/telenet/bank-lines/").json()
    assert lines["results"] == []
    line = BankLine.objects.first()
    assert (
        client(billed, "padmin")
        .post(f"/api/v1/clouds/telenet/bank-lines/{line.pk}/match/", {"invoice": "X"})
        .status_code
        == 404
    )


def test_a_broken_file_is_a_400(billed: Any) -> None:
    c = client(billed, "padmin")
    resp = c.post(f"{BASE}bank-statements/", {"content": "<nope"}, format="json")
    assert resp.status_code == 400 and resp.json()["code"] and resp.json()["message"]
    assert BankImport.objects.count() == 0

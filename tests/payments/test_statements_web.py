"""The bank statement pages (issue #13, point 4): upload, the import's lines, the
queue with suggestions, confirm, reject and match by hand; who may see them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cambill.payments.models import BankImport, BankLine

from .conftest import check_ledger

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "/clouds/telenet/payments/"


def _client(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def _upload(c: Client, name: str) -> Any:
    raw = (FIXTURES / name).read_bytes()
    return c.post(BASE + "bank-statements/", {"file": SimpleUploadedFile(name, raw)})


def test_upload_queue_confirm_reject_match(billed: Any) -> None:
    c = _client(billed, "caccountant")
    page = c.get(BASE + "bank-statements/")
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    resp = _upload(c, "camt053_v02_april.xml")
    imp = BankImport.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"{BASE}bank-statements/{imp.pk}/"
    detail = c.get(resp["Location"]).content.decode()
    assert "TELENET-2026-000001" in detail and "J. Smith" in detail and "50.00" in detail
    again = _upload(c, "camt053_v02_april.xml")
    assert again.status_code == 302 and BankImport.objects.count() == 1
    queue = c.get(BASE + "reconcile/").content.decode()
    line = BankLine.objects.get(entry_ref="2026040900003")
    s = line.suggestions.get()
    assert f"/bank-suggestions/{s.pk}/confirm/" in queue and "Same amount" in queue
    done = c.post(BASE + f"bank-suggestions/{s.pk}/confirm/")
    assert done.status_code == 302
    line.refresh_from_db()
    assert line.status == "matched" and line.invoice.number == "TELENET-2026-000001"
    # a decided suggestion: a message, not a 500
    c.post(BASE + f"bank-suggestions/{s.pk}/reject/")
    other = BankLine.objects.get(entry_ref="2026041000004")
    bad = c.post(BASE + f"bank-lines/{other.pk}/match/", {"invoice": "NOPE"}, follow=True)
    assert "No invoice NOPE in this cloud." in bad.content.decode()
    c.post(BASE + f"bank-lines/{other.pk}/match/", {"invoice": "TELENET-2026-000002"})
    other.refresh_from_db()
    assert other.status == "matched"
    assert "Nothing waits for a person" in c.get(BASE + "reconcile/").content.decode()
    check_ledger(billed.clouds["telenet"])


def test_reject_and_bad_file(billed: Any) -> None:
    c = _client(billed, "cadmin")
    _upload(c, "camt053_v02_april.xml")
    s = BankLine.objects.get(entry_ref="2026040900003").suggestions.get()
    c.post(BASE + f"bank-suggestions/{s.pk}/reject/")
    assert BankLine.objects.get(entry_ref="2026040900003").status == "unmatched"
    resp = c.post(
        BASE + "bank-statements/", {"file": SimpleUploadedFile("x.txt", b"not a statement")}
    )
    assert resp.status_code == 200 and "neither an ISO 20022" in resp.content.decode()


def test_who_may(billed: Any) -> None:
    for user in ("subscriber", "agent", "amanager"):
        c = _client(billed, user)
        assert c.get(BASE + "bank-statements/").status_code == 403, user
        assert c.get(BASE + "reconcile/").status_code == 403, user
    assert _client(billed, "otheradmin").get(BASE + "reconcile/").status_code == 404
    # a provider manager sees the queue, cannot import or decide
    pm = _client(billed, "pmanager")
    assert pm.get(BASE + "reconcile/").status_code == 200
    assert _upload(pm, "mt940_april.sta").status_code == 403
    assert BankImport.objects.count() == 0

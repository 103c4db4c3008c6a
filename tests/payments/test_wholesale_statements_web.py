"""The provider's bank statement pages under ``/billing/``: upload a statement of
the provider's account, its lines, the queue with suggestions of wholesale
invoices, confirm, reject and match by hand; provider admin and accountant only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cambill.payments.models import BankImport, BankLine, BankSuggestion, Payment

from .conftest import check_ledger

FILE = Path(__file__).parent / "fixtures" / "camt053_provider_april.xml"
BASE = "/billing/"


def _client(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def _upload(c: Client, raw: bytes | None = None) -> Any:
    raw = raw if raw is not None else FILE.read_bytes()
    return c.post(BASE + "bank-statements/", {"file": SimpleUploadedFile(FILE.name, raw)})


def test_upload_lines_queue_and_decisions(billed: Any) -> None:
    c = _client(billed, "paccountant")
    page = c.get(BASE + "bank-statements/")
    assert page.status_code == 200 and 'type="file"' in page.content.decode()
    resp = _upload(c)
    imp = BankImport.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"{BASE}bank-statements/{imp.pk}/"
    detail = c.get(resp["Location"]).content.decode()
    assert "PRV-2026-000001" in detail and "Nobody Known" in detail and "12.34" in detail
    again = _upload(c)
    assert again.status_code == 302 and BankImport.objects.count() == 1
    listing = c.get(BASE + "bank-statements/").content.decode()
    assert f'href="{BASE}bank-statements/{imp.pk}/"' in listing
    queue = c.get(BASE + "reconcile/").content.decode()
    s = BankSuggestion.objects.get()
    assert f'action="{BASE}bank-suggestions/{s.pk}/confirm/"' in queue
    assert f'action="{BASE}bank-suggestions/{s.pk}/reject/"' in queue
    r = c.post(f"{BASE}bank-suggestions/{s.pk}/reject/")
    assert r.status_code == 302 and r["Location"] == f"{BASE}reconcile/"
    s.refresh_from_db()
    assert s.status == "rejected"
    line = BankLine.objects.get(entry_ref="PRV20260414005")
    assert f'action="{BASE}bank-lines/{line.pk}/match/"' in queue
    bad = c.post(f"{BASE}bank-lines/{line.pk}/match/", {"invoice": billed.inv["acme"].number})
    assert bad.status_code == 302
    assert Payment.objects.count() == 3
    ok = c.post(f"{BASE}bank-lines/{line.pk}/match/", {"invoice": "PRV-2026-000001"})
    assert ok.status_code == 302
    line.refresh_from_db()
    assert line.status == "matched" and line.payment.cloud.slug == "telenet"
    check_ledger(billed.clouds["telenet"])


def test_who_reaches_the_provider_statement_pages(billed: Any) -> None:
    _upload(_client(billed, "padmin"))
    imp = BankImport.objects.get()
    s = BankSuggestion.objects.get()
    gets = [BASE + "bank-statements/", f"{BASE}bank-statements/{imp.pk}/", BASE + "reconcile/"]
    for name in ("cadmin", "caccountant", "pmanager", "subscriber", "agent"):
        c = _client(billed, name)
        for url in gets:
            assert c.get(url).status_code == 403, (name, url)
        assert c.post(f"{BASE}bank-suggestions/{s.pk}/confirm/").status_code == 403, name
        assert _upload(c).status_code == 403, name
    s.refresh_from_db()
    assert s.status == "open" and BankImport.objects.count() == 1
    # the provider's statement is not a cloud's: a 404 in the cloud's pages
    cadmin = _client(billed, "cadmin")
    assert cadmin.get(f"/clouds/telenet/payments/bank-statements/{imp.pk}/").status_code == 404
    padmin = _client(billed, "padmin")
    assert padmin.get(f"/clouds/telenet/payments/bank-statements/{imp.pk}/").status_code == 404
    assert padmin.get(f"{BASE}bank-statements/999999/").status_code == 404
    assert 'href="/billing/bank-statements/"' in padmin.get(BASE).content.decode()


def test_a_broken_file_is_a_form_error(billed: Any) -> None:
    resp = _upload(_client(billed, "padmin"), b"<nope")
    assert resp.status_code == 200 and 'class="errorlist' in resp.content.decode()
    assert BankImport.objects.count() == 0

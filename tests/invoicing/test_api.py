"""The invoicing API: bill runs, invoices, issue/void/credit notes, PDF, usage report."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

BASE = "/api/v1/clouds/telenet"


def client(world: Any, name: str) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


def run_bills(world: Any, who: str = "cadmin") -> dict[str, Any]:
    r = client(world, who).post(f"{BASE}/bill-runs/", {"period": "2026-03"}, format="json")
    assert r.status_code == 201, r.content
    return r.json()


def invoice_id(world: Any, kind: str, account: str | None = None) -> int:
    q = f"?period=2026-03&kind={kind}" + (f"&account={account}" if account else "")
    r = client(world, "padmin").get(f"{BASE}/invoices/{q}")
    assert r.status_code == 200, r.content
    rows = r.json()["results"]
    assert len(rows) == 1, rows
    return rows[0]["id"]


@pytest.mark.django_db
def test_bill_run_api(example):
    body = run_bills(example)
    assert body["status"] == "completed"
    assert body["period"] == "2026-03"
    assert body["accounts_total"] == 2 and body["accounts_done"] == 2
    assert body["invoices_created"] == 3
    assert body["period_start"] == "2026-03-01T00:00:00-05:00"
    r = client(example, "caccountant").get(f"{BASE}/bill-runs/{body['id']}")
    assert r.status_code == 200 and r.json()["id"] == body["id"]
    r = client(example, "pmanager").get(f"{BASE}/bill-runs/")
    assert r.status_code == 200 and r.json()["results"][0]["id"] == body["id"]
    again = run_bills(example, "padmin")
    assert (
        again["id"] == body["id"]
        and again["invoices_created"] == 0
        and again["invoices_updated"] == 3
    )


@pytest.mark.django_db
def test_bill_run_refusals(example):
    c = client(example, "cadmin")
    r = c.post(f"{BASE}/bill-runs/", {"period": "2026-04"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "period_not_closed"
    r = c.post(f"{BASE}/bill-runs/", {"period": "2026-13"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "bad_period"
    for bad in ("0000-01", "9999-12", "", "2026-3"):
        r = c.post(f"{BASE}/bill-runs/", {"period": bad}, format="json")
        assert r.status_code == 400, (bad, r.content)
    r = c.post(f"{BASE}/bill-runs/", {"period": "2026-03", "extra": 1}, format="json")
    assert r.status_code == 400 and "extra" in r.json()["fields"]
    for name, code in [
        ("subscriber", 403),
        ("amanager", 403),
        ("agent", 403),
        ("pmanager", 403),
        ("otheradmin", 404),
    ]:
        r = client(example, name).post(f"{BASE}/bill-runs/", {"period": "2026-03"}, format="json")
        assert r.status_code == code, (name, r.content)
    for name, code in [("subscriber", 403), ("amanager", 403), ("otheradmin", 404)]:
        assert client(example, name).get(f"{BASE}/bill-runs/").status_code == code, name
    from cambill.invoicing.models import BillRun

    assert not BillRun.objects.exists()


@pytest.mark.django_db
def test_invoice_detail(example):
    run_bills(example)
    pk = invoice_id(example, "retail", "acme")
    r = client(example, "caccountant").get(f"{BASE}/invoices/{pk}")
    assert r.status_code == 200
    d = r.json()
    assert d["number"] is None and d["kind"] == "retail" and d["status"] == "draft"
    assert d["issuer"] == "Telenet" and d["customer"] == "ACME Logistics"
    assert d["currency"] == "USD" and d["account"] == "acme"
    assert [ln["amount"] for ln in d["lines"]] == ["12.00", "2.13", "1.45", "6.19"]
    assert [ln["camera"] for ln in d["lines"]] == ["A", "B", "C", "C"]
    assert [ln["tariff"] for ln in d["lines"]] == ["TRAFFIC7", "HOME3", "HOME3", "TRAFFIC7"]
    assert d["lines"][1]["unit_price"] == "3.00" and d["lines"][1]["days"] == "22.00"
    assert (d["subtotal"], d["discount"], d["net"], d["tax"], d["total"]) == (
        "21.77",
        "0.00",
        "21.77",
        "4.14",
        "25.91",
    )
    assert (
        d["period_start"] == "2026-03-01T00:00:00-05:00"
        and d["period_end"] == "2026-04-01T00:00:00-05:00"
    )
    w = client(example, "padmin").get(f"{BASE}/invoices/{invoice_id(example, 'wholesale')}").json()
    assert [ln["service"] for ln in w["lines"]] == ["REC_DAY", "LPR"]
    # acme's 440 REC_DAY unit-days plus beta's camera D (HOME3, 31 x 3 = 93): 533/31 x 0.30.
    assert [ln["amount"] for ln in w["lines"]] == ["5.16", "6.06"]
    assert [ln["days"] for ln in w["lines"]] == ["533.00", "47.00"]
    assert [a["amount"] for a in w["allowances"]] == ["-1.12"]
    assert (w["subtotal"], w["discount"], w["net"], w["tax"], w["total"]) == (
        "11.22",
        "-1.12",
        "10.10",
        "0.00",
        "10.10",
    )
    assert w["issuer"] == "cambill Platform Ltd." and w["customer"] == "Telenet"
    assert w["tax_note"].startswith("Reverse charge")


@pytest.mark.django_db
def test_invoice_scopes(example):
    run_bills(example)
    acme = invoice_id(example, "retail", "acme")
    beta = invoice_id(example, "retail", "beta")
    whole = invoice_id(example, "wholesale")

    def ids(name: str) -> set[int]:
        r = client(example, name).get(f"{BASE}/invoices/")
        assert r.status_code == 200, (name, r.content)
        return {row["id"] for row in r.json()["results"]}

    assert ids("padmin") == ids("paccountant") == ids("pmanager") == {acme, beta, whole}
    assert ids("cadmin") == ids("caccountant") == {acme, beta, whole}
    assert ids("amanager") == {acme}
    assert ids("amanager2") == {beta}
    assert ids("subscriber") == set()  # drafts are not documents yet
    assert client(example, "agent").get(f"{BASE}/invoices/").status_code == 403
    assert client(example, "otheradmin").get(f"{BASE}/invoices/").status_code == 404
    assert client(example, "pmanager2").get(f"{BASE}/invoices/{acme}").status_code == 404
    assert client(example, "amanager").get(f"{BASE}/invoices/{whole}").status_code == 404
    assert client(example, "amanager").get(f"{BASE}/invoices/{beta}").status_code == 404
    client(example, "cadmin").post(f"{BASE}/invoices/{acme}/issue")
    client(example, "cadmin").post(f"{BASE}/invoices/{beta}/issue")
    assert ids("subscriber") == {acme}
    assert ids("subscriber2") == {beta}
    assert client(example, "subscriber").get(f"{BASE}/invoices/{beta}").status_code == 404
    assert client(example, "subscriber").get(f"{BASE}/invoices/{acme}/pdf").status_code == 200
    r = client(example, "padmin").get(f"{BASE}/invoices/?kind=retail&account=beta")
    assert [x["id"] for x in r.json()["results"]] == [beta]
    r = client(example, "padmin").get(f"{BASE}/invoices/?status=issued")
    assert {x["id"] for x in r.json()["results"]} == {acme, beta}
    r = client(example, "padmin").get(f"{BASE}/invoices/?kind=bogus")
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    assert client(example, "padmin").get(f"{BASE}/invoices/?period=2026-02").json()["results"] == []


@pytest.mark.django_db
def test_issue_void_credit(example):
    run_bills(example)
    acme = invoice_id(example, "retail", "acme")
    whole = invoice_id(example, "wholesale")
    cadmin, padmin = client(example, "cadmin"), client(example, "padmin")
    # The cloud manages its retail invoices, the provider its wholesale ones.
    assert cadmin.post(f"{BASE}/invoices/{whole}/issue").status_code == 403
    assert client(example, "amanager").post(f"{BASE}/invoices/{acme}/issue").status_code == 403
    assert client(example, "paccountant").post(f"{BASE}/invoices/{acme}/issue").status_code == 403
    r = cadmin.post(f"{BASE}/invoices/{acme}/issue")
    assert r.status_code == 200, r.content
    assert r.json()["number"] == "TELENET-2026-000001" and r.json()["status"] == "issued"
    r = padmin.post(f"{BASE}/invoices/{whole}/issue")
    assert r.json()["number"] == "PRV-2026-000001"
    r = cadmin.post(f"{BASE}/invoices/{acme}/issue")
    assert r.status_code == 409 and r.json()["code"] == "invoice_immutable"
    # Credit line 2 partly, then too much, then the rest of the invoice.
    r = cadmin.post(
        f"{BASE}/invoices/{acme}/credit-notes/",
        {"reason": "B offline", "lines": [{"line": 2, "amount": "1.00"}]},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["number"] == "TELENET-CN-2026-000001"
    assert (r.json()["net"], r.json()["tax"], r.json()["total"]) == ("1.00", "0.19", "1.19")
    r = cadmin.post(
        f"{BASE}/invoices/{acme}/credit-notes/",
        {"reason": "x", "lines": [{"line": 2, "amount": "1.14"}]},
        format="json",
    )
    assert r.status_code == 400 and "lines[0]" in r.json()["fields"]
    r = cadmin.post(
        f"{BASE}/invoices/{acme}/credit-notes/",
        {"reason": "x", "lines": [{"line": 9}]},
        format="json",
    )
    assert r.status_code == 400
    r = cadmin.post(f"{BASE}/invoices/{acme}/credit-notes/", {"reason": "cancel"}, format="json")
    assert r.status_code == 201
    assert (r.json()["net"], r.json()["tax"], r.json()["total"]) == ("20.77", "3.95", "24.72")
    d = cadmin.get(f"{BASE}/invoices/{acme}").json()
    assert d["creditable"] == {"net": "0.00", "tax": "0.00"}
    assert len(d["credit_notes"]) == 2
    r = cadmin.post(f"{BASE}/invoices/{acme}/credit-notes/", {"reason": "again"}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "invalid_state"
    assert len(cadmin.get(f"{BASE}/invoices/{acme}/credit-notes/").json()) == 2
    # Credited invoices are not voided; a clean issued one is.
    assert (
        cadmin.post(f"{BASE}/invoices/{acme}/void", {"reason": "x"}, format="json").status_code
        == 409
    )
    beta = invoice_id(example, "retail", "beta")
    cadmin.post(f"{BASE}/invoices/{beta}/issue")
    r = cadmin.post(f"{BASE}/invoices/{beta}/void", {"reason": "Wrong account"}, format="json")
    assert (
        r.status_code == 200
        and r.json()["status"] == "void"
        and r.json()["number"] == "TELENET-2026-000002"
    )
    assert cadmin.post(f"{BASE}/invoices/{beta}/void").status_code == 409


@pytest.mark.django_db
def test_pdf(example):
    run_bills(example)
    acme = invoice_id(example, "retail", "acme")
    r = client(example, "caccountant").get(f"{BASE}/invoices/{acme}/pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    r = client(example, "caccountant").get(
        f"{BASE}/invoices/{acme}/pdf", HTTP_ACCEPT="application/pdf"
    )
    assert r.status_code == 200
    r = client(example, "caccountant").get(
        f"{BASE}/invoices/999999/pdf", HTTP_ACCEPT="application/pdf"
    )
    assert r.status_code == 404


@pytest.mark.django_db
def test_usage_report(example):
    r = client(example, "cadmin").get(f"{BASE}/reports/usage?from=2026-03-01&to=2026-03-31")
    assert r.status_code == 200, r.content
    d = r.json()
    acme = next(a for a in d["accounts"] if a["code"] == "acme")
    assert acme["totals"]["retail"] == "21.77"
    assert acme["totals"]["wholesale_cost"] == "9.29"
    assert acme["totals"]["margin"] == "12.48"
    assert acme["totals"]["services"] == {"LPR": "47", "REC_DAY": "440"}
    cam_c = next(c for c in acme["cameras"] if c["camera"] == "C")
    assert [iv["tariff"] for iv in cam_c["intervals"]] == ["HOME3", "TRAFFIC7"]
    assert [iv["billed_days"] for iv in cam_c["intervals"]] == ["15", "16"]
    assert cam_c["intervals"][1]["start"] == "2026-03-16T12:00:00-05:00"
    r = client(example, "subscriber").get(f"{BASE}/reports/usage?from=2026-03-01&to=2026-03-31")
    d = r.json()
    assert [a["code"] for a in d["accounts"]] == ["acme"]
    assert "wholesale_cost" not in d["accounts"][0]["totals"]
    r = client(example, "subscriber").get(
        f"{BASE}/reports/usage?from=2026-03-01&to=2026-03-31&account=beta"
    )
    assert r.status_code == 404
    r = client(example, "cadmin").get(
        f"{BASE}/reports/usage?from=2026-03-01&to=2026-03-31&format=csv"
    )
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    text = r.content.decode()
    assert text.splitlines()[0].startswith("row,account,account_name,camera,tariff")
    assert "account,acme,ACME Logistics" in text
    r = client(example, "cadmin").get(
        f"{BASE}/reports/usage/?from=2026-03-01&to=2026-03-31&format=xlsx"
    )
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client(example, "cadmin").get(f"{BASE}/reports/usage?from=2026-03-31&to=2026-03-01")
    assert r.status_code == 400
    for q in (
        "from=0001-01-01&to=0001-01-31",
        "from=9999-12-01&to=9999-12-31",
        "from=2026-02-30&to=2026-03-01",
    ):
        assert client(example, "cadmin").get(f"{BASE}/reports/usage?{q}").status_code == 400, q
    r = client(example, "cadmin").get(f"{BASE}/reports/usage?to=2026-03-01")
    assert r.status_code == 400 and "from" in r.json()["fields"]


@pytest.mark.django_db
def test_schema_is_valid(world):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    for p in [
        "/api/v1/clouds/{slug}/bill-runs/",
        "/api/v1/clouds/{slug}/bill-runs/{id}/",
        "/api/v1/clouds/{slug}/invoices/",
        "/api/v1/clouds/{slug}/invoices/{id}/",
        "/api/v1/clouds/{slug}/invoices/{id}/issue/",
        "/api/v1/clouds/{slug}/invoices/{id}/void/",
        "/api/v1/clouds/{slug}/invoices/{id}/credit-notes/",
        "/api/v1/clouds/{slug}/invoices/{id}/pdf/",
        "/api/v1/clouds/{slug}/reports/usage/",
    ]:
        assert p in paths, (p, sorted(k for k in paths if "clouds/{slug}/" in k))

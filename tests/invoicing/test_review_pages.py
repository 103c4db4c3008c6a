"""The review screen and the bulk issue through the web and the API (issue #13, point 1)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cambill.invoicing.models import Invoice, IssueJob
from tests.invoicing.conftest import NOW
from tests.invoicing.helpers import bill, retail

pytestmark = pytest.mark.django_db
T = "/clouds/telenet"
API = "/api/v1/clouds/telenet"


def web(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def api(world: Any, name: str) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.users[name])
    return c


@pytest.fixture
def march(example):  # type: ignore[no-untyped-def]
    t = example.clouds["telenet"]
    bill(t, "2026-02", NOW)
    for inv in Invoice.objects.filter(cloud=t, period="2026-02", kind="retail"):
        from cambill.invoicing.services import invoice_issue

        invoice_issue(actor=example.actor("caccountant"), invoice=inv, now=NOW)
    return bill(t, "2026-03", NOW)


def test_review_page_figures(example, march) -> None:  # type: ignore[no-untyped-def]
    r = web(example, "caccountant").get(f"{T}/bill-runs/{march.pk}/")
    assert r.status_code == 200
    body = r.content.decode()
    # Totals beside February's, and the change.
    assert "29.48" in body and "13.26" in body and "16.22" in body
    # acme moved +167.4 % and is flagged first; beta did not move.
    assert "+167.4 %" in body and "0.0 %" in body
    assert "moved over 20 %" in body
    assert body.index("acme") < body.index("beta")
    assert 'name="invoice"' in body and 'value="issue"' in body
    # Filtered to the flagged ones.
    r = web(example, "caccountant").get(f"{T}/bill-runs/{march.pk}/?flagged=1&kind=retail")
    assert "acme" in r.content.decode() and ">beta<" not in r.content.decode()


def test_review_page_without_actions_for_a_provider_manager(example, march) -> None:  # type: ignore[no-untyped-def]
    r = web(example, "pmanager").get(f"{T}/bill-runs/{march.pk}/")
    assert r.status_code == 200 and 'value="issue"' not in r.content.decode()
    r = web(example, "amanager").get(f"{T}/bill-runs/{march.pk}/")
    assert r.status_code in (403, 404)


def test_issue_selected_then_all_from_the_page(
    example, march, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    c = web(example, "caccountant")
    t = example.clouds["telenet"]
    beta = retail(t, "2026-03", "beta")
    url = f"{T}/bill-runs/{march.pk}/actions/"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(url, {"action": "issue", "scope": "selected", "invoice": [beta.pk]})
    assert r.status_code == 302
    assert retail(t, "2026-03", "beta").number == "TELENET-2026-000003"
    assert retail(t, "2026-03", "acme").status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        c.post(url, {"action": "issue", "scope": "all"})
    assert retail(t, "2026-03", "acme").number == "TELENET-2026-000004"
    job = IssueJob.objects.order_by("-id").first()
    r = c.get(f"{T}/bill-runs/{march.pk}/issue-jobs/{job.pk}/")
    assert r.status_code == 200 and b"1 / 1" in r.content and b"TELENET-2026-000004" in r.content
    r = c.post(url, {"action": "issue", "scope": "selected"})
    assert r.status_code == 302  # nothing selected: a message, nothing issued


def test_regenerate_and_void_selected(example, march) -> None:  # type: ignore[no-untyped-def]
    c = web(example, "caccountant")
    t = example.clouds["telenet"]
    acme, beta = retail(t, "2026-03", "acme"), retail(t, "2026-03", "beta")
    url = f"{T}/bill-runs/{march.pk}/actions/"
    r = c.post(url, {"action": "regenerate", "scope": "selected", "invoice": [acme.pk]})
    assert r.status_code == 302 and retail(t, "2026-03", "acme").total == acme.total
    r = c.post(url, {"action": "void", "scope": "selected", "invoice": [beta.pk], "reason": "dup"})
    beta.refresh_from_db()
    assert beta.status == "void" and beta.void_reason == "dup"
    assert retail(t, "2026-03", "acme").status == "draft"


def test_the_subscriber_cannot_act(example, march) -> None:  # type: ignore[no-untyped-def]
    r = web(example, "subscriber").post(
        f"{T}/bill-runs/{march.pk}/actions/", {"action": "issue", "scope": "all"}
    )
    assert r.status_code in (403, 404)
    assert not IssueJob.objects.exists()


def test_api_issue_and_job_progress(example, march, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    t = example.clouds["telenet"]
    beta = retail(t, "2026-03", "beta")
    c = api(example, "caccountant")
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"{API}/bill-runs/{march.pk}/issue", {"invoices": [beta.pk]}, format="json")
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["invoices"] == [beta.pk] and body["total"] == 1 and body["kinds"] == ["retail"]
    location = r["Location"]
    assert location == f"http://testserver/api/v1/clouds/telenet/issue-jobs/{body['id']}"
    r = c.get(location)
    assert r.status_code == 200
    job = r.json()
    assert (job["status"], job["done"], job["percent"]) == ("completed", 1, 100)
    assert job["first_number"] == job["last_number"] == "TELENET-2026-000003"
    # Once more, all: acme only; then nothing.
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"{API}/bill-runs/{march.pk}/issue/", {}, format="json")
    assert r.status_code == 202 and r.json()["total"] == 1
    assert c.get(r["Location"]).json()["last_number"] == "TELENET-2026-000004"


def test_api_issue_refusals(example, march) -> None:  # type: ignore[no-untyped-def]
    t = example.clouds["telenet"]
    url = f"{API}/bill-runs/{march.pk}/issue"
    r = api(example, "caccountant").post(url, {"invoices": "x"}, format="json")
    assert r.status_code == 400
    feb = retail(t, "2026-02", "acme")
    r = api(example, "caccountant").post(url, {"invoices": [feb.pk]}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "validation_error"
    r = api(example, "caccountant").post(url, {}, format="json")  # queued (not run: no commit)
    assert r.status_code == 202
    r = api(example, "caccountant").post(url, {}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    for who in ("amanager", "subscriber", "agent", "pmanager"):
        r = api(example, who).post(url, {}, format="json")
        assert r.status_code in (403, 404), (who, r.status_code)
    r = api(example, "otheradmin").get(f"{API}/issue-jobs/{IssueJob.objects.get().pk}/")
    assert r.status_code == 404
    assert IssueJob.objects.count() == 1
    assert retail(t, "2026-03", "acme").status == "draft"


def test_cloud_setting_through_the_api(example) -> None:  # type: ignore[no-untyped-def]
    c = api(example, "padmin")
    r = c.patch(f"{API}/", {"review_threshold_percent": "35"}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["review_threshold_percent"] == "35.00"
    r = c.patch(f"{API}/", {"review_threshold_percent": "101"}, format="json")
    assert r.status_code == 400


def test_cloud_settings_page_has_the_threshold(example) -> None:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    c = web(example, "padmin")
    url = reverse("web:cloud_edit", args=["telenet"])
    r = c.get(url)
    assert r.status_code == 200
    body = r.content.decode()
    assert 'name="review_threshold_percent"' in body and 'value="20' in body
    r = c.get(reverse("web:cloud_detail", args=["telenet"]))
    assert "Review threshold" in r.content.decode()

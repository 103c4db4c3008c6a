"""The outbox and billing contacts in the API (issue #13, point 2)."""

from __future__ import annotations

import pytest

from tests.api.helpers import bearer
from tests.invoicing.helpers import retail

from .test_outbox import _issue, billed  # noqa: F401

BASE = "/api/v1/clouds/telenet"


@pytest.fixture
def outbox(billed, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]  # noqa: F811
    """acme's invoice sent, beta's failed (the server refused it)."""
    t = billed.clouds["telenet"]
    with django_capture_on_commit_callbacks(execute=True):
        billed.acme = _issue(retail(t, "2026-03", "acme"))
    smtp.refuse = "550 5.1.1 Mailbox unavailable"
    with django_capture_on_commit_callbacks(execute=True):
        billed.beta = _issue(retail(t, "2026-03", "beta"))
    smtp.refuse = ""
    return billed


def test_list_filter_detail_and_resend(outbox, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    c = bearer("caccountant")
    r = c.get(f"{BASE}/notifications/")
    assert r.status_code == 200, r.content
    rows = r.json()["results"]
    assert [(m["kind"], m["status"], m["invoice"]) for m in rows] == [
        ("invoice_issued", "failed", outbox.beta.number),
        ("invoice_issued", "sent", outbox.acme.number),
    ]
    failed = c.get(f"{BASE}/notifications/?status=failed").json()["results"]
    assert [m["id"] for m in failed] == [rows[0]["id"]]
    assert "550" in failed[0]["last_error"] and failed[0]["to"] == ["b@beta.test"]
    assert c.get(f"{BASE}/notifications/?status=lost").status_code == 400
    detail = c.get(f"{BASE}/notifications/{rows[1]['id']}/").json()
    assert detail["language"] == "es" and "ACME Logistics" in detail["body"]
    assert detail["attachment"] == f"{outbox.acme.number}.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"{BASE}/notifications/{rows[0]['id']}/resend")
    assert r.status_code == 202, r.content
    assert r.json()["status"] == "queued"  # sent right after the request's commit
    again = c.get(f"{BASE}/notifications/{rows[0]['id']}/").json()
    assert again["status"] == "sent" and again["attempts"] == 2 and again["last_error"] == ""
    assert smtp.received[-1].rcpt_tos == ["b@beta.test"]


@pytest.mark.parametrize("user", ["subscriber", "otheradmin", "amanager"])
def test_others_see_no_outbox_and_cannot_resend(outbox, user: str) -> None:  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Message

    c = bearer(user)
    pk = Message.objects.get(invoice=outbox.beta).pk
    assert c.get(f"{BASE}/notifications/").status_code in (403, 404)
    assert c.post(f"{BASE}/notifications/{pk}/resend").status_code in (403, 404)
    assert Message.objects.get(pk=pk).attempts == 1


def test_billing_contacts_of_an_account_and_of_the_cloud(billed) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = bearer("cadmin")
    r = c.get(f"{BASE}/accounts/acme/billing-contacts/")
    assert r.json() == {"billing_contacts": ["ap@acme.test", "cfo@acme.test"]}
    r = c.put(
        f"{BASE}/accounts/acme/billing-contacts/",
        {"billing_contacts": ["x@acme.test", "X@acme.test", "y@acme.test"]},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json() == {"billing_contacts": ["x@acme.test", "y@acme.test"]}
    r = c.put(
        f"{BASE}/accounts/acme/billing-contacts/",
        {"billing_contacts": ["not-an-address"]},
        format="json",
    )
    assert r.status_code == 400 and "billing_contacts" in r.json()["fields"]
    # none: the account's own e-mail is its first billing contact
    c.put(f"{BASE}/accounts/acme/billing-contacts/", {"billing_contacts": []}, format="json")
    assert c.get(f"{BASE}/accounts/acme/billing-contacts/").json() == {
        "billing_contacts": ["billing@acme.test"]
    }
    p = bearer("padmin")
    r = p.put(f"{BASE}/billing-contacts/", {"billing_contacts": ["ap@telenet.test"]}, format="json")
    assert r.status_code == 200 and r.json() == {"billing_contacts": ["ap@telenet.test"]}
    # a cloud admin may not change where the provider's invoices go
    assert (
        c.put(f"{BASE}/billing-contacts/", {"billing_contacts": []}, format="json").status_code
        == 403
    )


def test_the_account_serializer_reads_and_writes_billing_contacts(billed) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    c = bearer("cadmin")
    r = c.get(f"{BASE}/accounts/acme/")
    assert r.json()["billing_contacts"] == ["ap@acme.test", "cfo@acme.test"]
    r = c.patch(f"{BASE}/accounts/acme/", {"billing_contacts": ["z@acme.test"]}, format="json")
    assert r.status_code == 200 and r.json()["billing_contacts"] == ["z@acme.test"]
    r = c.patch(
        f"{BASE}/accounts/acme/", {"name": "Acme 2", "billing_contacts": ["bad"]}, format="json"
    )
    assert r.status_code == 400
    assert c.get(f"{BASE}/accounts/acme/").json()["name"] != "Acme 2"  # nothing half-written
    r = c.post(
        f"{BASE}/accounts/",
        {"code": "delta", "name": "Delta", "email": "d@delta.test"},
        format="json",
    )
    assert r.status_code == 201 and r.json()["billing_contacts"] == ["d@delta.test"]
    listed = {
        a["code"]: a["billing_contacts"] for a in c.get(f"{BASE}/accounts/").json()["results"]
    }
    assert listed["acme"] == ["z@acme.test"]

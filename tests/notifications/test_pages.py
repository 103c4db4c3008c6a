"""The outbox pages: list with resend, a message, templates with preview, billing
contacts (issue #13, point 2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.invoicing.helpers import retail

from .test_outbox import _issue, billed  # noqa: F401

BASE = "/clouds/telenet/notifications/"


def client(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


@pytest.fixture
def sent(billed, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]  # noqa: F811
    t = billed.clouds["telenet"]
    with django_capture_on_commit_callbacks(execute=True):
        billed.acme = _issue(retail(t, "2026-03", "acme"))
    return billed


def test_the_outbox_lists_what_was_sent_and_resends(sent, smtp, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Message

    c = client(sent, "caccountant")
    r = c.get(BASE)
    assert r.status_code == 200
    html = r.content.decode()
    assert f"Factura {sent.acme.number} de Telenet" in html
    assert "ap@acme.test, cfo@acme.test" in html and "Sent" in html
    assert c.get(BASE + "?status=failed").content.decode().count(sent.acme.number) == 0
    m = Message.objects.get(invoice=sent.acme)
    detail = c.get(f"{BASE}{m.pk}/")
    assert detail.status_code == 200 and "ACME Logistics" in detail.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(BASE, {"resend": m.pk})
    assert r.status_code == 302
    assert len(smtp.received) == 2


@pytest.mark.parametrize("user", ["subscriber", "otheradmin", "amanager"])
def test_others_cannot_see_the_outbox(sent, user: str) -> None:  # type: ignore[no-untyped-def]
    assert client(sent, user).get(BASE).status_code in (403, 404)


def test_a_template_is_previewed_then_saved_then_reset(sent) -> None:  # type: ignore[no-untyped-def]
    from cambill.notifications.models import Template

    c = client(sent, "cadmin")
    assert c.get(BASE + "templates/?language=es").status_code == 200
    url = BASE + "templates/invoice_issued/es/"
    r = c.get(url)
    assert r.status_code == 200 and "Factura TN-2026-000123 de Telenet" in r.content.decode()
    data = {"subject": "Su factura {number}", "body": "Total: {total}"}
    r = c.post(url, {**data, "preview": "1"})
    assert "Su factura TN-2026-000123" in r.content.decode()
    assert not Template.objects.exists()
    assert c.post(url, {**data, "save": "1"}).status_code == 302
    assert Template.objects.get().subject == "Su factura {number}"
    r = c.post(url, {"subject": "Bad {number", "body": "x", "save": "1"})
    assert r.status_code == 400 and Template.objects.get().subject == "Su factura {number}"
    assert c.post(url, {"subject": "", "body": "", "reset": "1"}).status_code == 302
    assert not Template.objects.exists()
    # the accountant may look, not change
    r = client(sent, "caccountant").post(url, {**data, "save": "1"})
    assert r.status_code == 400 and not Template.objects.exists()


def test_billing_contacts_pages(sent) -> None:  # type: ignore[no-untyped-def]
    from cambill.notifications.services import account_contacts, cloud_contacts

    c = client(sent, "cadmin")
    url = "/clouds/telenet/accounts/acme/billing-contacts/"
    assert "cfo@acme.test" in c.get(url).content.decode()
    r = c.post(url, {"billing_contacts": "one@acme.test\ntwo@acme.test"})
    assert r.status_code == 302
    assert account_contacts(sent.accounts["acme"]) == ["one@acme.test", "two@acme.test"]
    r = c.post(url, {"billing_contacts": "nope"})
    assert r.status_code == 200 and "not a valid e-mail address" in r.content.decode()
    # the cloud's contacts (wholesale) are the provider's to set
    r = c.post(BASE + "billing-contacts/", {"billing_contacts": "x@telenet.test"})
    assert r.status_code in (200, 403) and cloud_contacts(sent.clouds["telenet"]) == []


def test_the_account_page_shows_its_billing_contacts(sent) -> None:  # type: ignore[no-untyped-def]
    html = client(sent, "cadmin").get("/clouds/telenet/accounts/acme/").content.decode()
    assert "ap@acme.test, cfo@acme.test" in html
    assert "/clouds/telenet/accounts/acme/billing-contacts/" in html

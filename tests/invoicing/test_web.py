"""Invoicing pages: lists, detail with role-dependent buttons, issue/void/credit,
bill runs started from the web, the usage report with downloads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cambill.invoicing.models import BillRun, CreditNote, Invoice

pytestmark = pytest.mark.django_db
T = "/clouds/telenet"


def web(world: Any, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name])
    return c


def start(world: Any, who: str = "cadmin") -> Any:
    r = web(world, who).post(f"{T}/bill-runs/new/", {"period": "2026-03"})
    assert r.status_code == 302, r.content.decode()[:2000]
    return BillRun.objects.get()


def test_bill_runs_pages(example):
    c = web(example, "cadmin")
    r = c.get(f"{T}/bill-runs/")
    assert r.status_code == 200 and b"Run bills" in r.content
    run = start(example)
    assert run.status == "completed"
    r = c.get(f"{T}/bill-runs/{run.pk}/")
    assert r.status_code == 200
    assert b"2 / 2" in r.content and b"Run again" in r.content
    assert b"2026-03" in c.get(f"{T}/bill-runs/").content
    r = c.post(f"{T}/bill-runs/new/", {"period": "2026-04"})
    assert r.status_code == 200
    # The month by its name, the instant in the cloud's zone, named.
    assert b"April 2026 ends at 2026-05-01 00:00 (America/Bogota)" in r.content
    # Account managers and subscribers see no bill runs; the provider manager sees without the button.
    assert web(example, "amanager").get(f"{T}/bill-runs/").status_code == 403
    assert web(example, "subscriber").get(f"{T}/bill-runs/{run.pk}/").status_code == 403
    r = web(example, "pmanager").get(f"{T}/bill-runs/")
    assert r.status_code == 200 and b"Run bills" not in r.content
    assert (
        web(example, "pmanager").post(f"{T}/bill-runs/new/", {"period": "2026-03"}).status_code
        == 403
    )
    assert web(example, "otheradmin").get(f"{T}/bill-runs/").status_code == 404


def test_invoice_pages_and_buttons(example):
    start(example)
    acme = Invoice.objects.get(account__code="acme")
    whole = Invoice.objects.get(kind="wholesale")
    c = web(example, "cadmin")
    r = c.get(f"{T}/invoices/")
    assert r.status_code == 200 and b"ACME Logistics" in r.content
    r = c.get(f"{T}/invoices/?kind=wholesale")
    assert b"ACME Logistics" not in r.content and b"Telenet" in r.content
    r = c.get(f"{T}/invoices/{acme.pk}/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "25.91" in html and "Issue" in html and "Camera C" in html
    # The cloud admin cannot issue the provider's invoice: no button, and the POST is refused.
    html = c.get(f"{T}/invoices/{whole.pk}/").content.decode()
    assert ">Issue<" not in html
    assert c.post(f"{T}/invoices/{whole.pk}/issue/").status_code == 403
    assert (
        c.get(f"{T}/invoices/{acme.pk}/credit-note/").status_code == 409
    )  # a draft is not credited
    r = c.post(f"{T}/invoices/{acme.pk}/issue/", follow=True)
    assert b"Issued as TELENET-2026-000001" in r.content
    r = c.post(f"{T}/invoices/{acme.pk}/issue/", follow=True)
    assert b"only a draft can be issued" in r.content
    r = c.get(f"{T}/invoices/{acme.pk}/credit-note/")
    assert r.status_code == 200 and b"line_2" in r.content
    r = c.post(f"{T}/invoices/{acme.pk}/credit-note/", {"reason": "B offline", "line_2": "1.00"})
    assert r.status_code == 302
    assert CreditNote.objects.get().net == 1
    r = c.post(f"{T}/invoices/{acme.pk}/credit-note/", {"reason": "nothing"})
    assert r.status_code == 200 and b"at least one line" in r.content
    r = c.get(f"{T}/invoices/{acme.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    beta = Invoice.objects.get(account__code="beta")
    r = c.post(f"{T}/invoices/{beta.pk}/void/", {"reason": "test"})
    assert r.status_code == 302
    beta.refresh_from_db()
    assert beta.status == "void"


def test_invoice_scopes_on_pages(example):
    start(example)
    acme = Invoice.objects.get(account__code="acme")
    beta = Invoice.objects.get(account__code="beta")
    am = web(example, "amanager")
    assert am.get(f"{T}/invoices/{acme.pk}/").status_code == 200
    assert am.get(f"{T}/invoices/{beta.pk}/").status_code == 404
    html = am.get(f"{T}/invoices/{acme.pk}/").content.decode()
    assert "Void" not in html and "credit-note" not in html
    assert (
        web(example, "subscriber").get(f"{T}/invoices/{acme.pk}/").status_code == 404
    )  # still a draft
    assert web(example, "agent").get(f"{T}/invoices/").status_code == 403
    assert web(example, "otheradmin").get(f"{T}/invoices/{acme.pk}/").status_code == 404


def test_usage_report_page(example):
    c = web(example, "cadmin")
    r = c.get(f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31")
    assert r.status_code == 200
    html = r.content.decode()
    assert "21.77" in html and "12.48" in html and "Margin" in html
    r = c.get(f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31&format=csv")
    assert r["Content-Type"].startswith("text/csv") and b"account,acme" in r.content
    r = c.get(f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31&format=xlsx")
    assert r.content[:2] == b"PK"
    r = web(example, "subscriber").get(
        f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31"
    )
    assert r.status_code == 200 and b"Margin" not in r.content and b"beta" not in r.content
    r = c.get(f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31&account=nope")
    assert r.status_code == 200 and b"No such account" in r.content
    assert c.get(f"{T}/reports/usage/").status_code == 200  # defaults to the previous month


def test_usage_report_times_are_in_the_readers_language_and_the_clouds_zone(example):
    url = f"{T}/reports/usage/?date_from=2026-03-01&date_to=2026-03-31"
    c = web(example, "cadmin")
    html = c.get(url).content.decode()
    # C moved to TRAFFIC7 on 16 March 12:00 in Bogota; the range ends at 1 April 00:00.
    assert "2026-03-16 12:00 (America/Bogota) \u2013 2026-04-01 00:00 (America/Bogota)" in html
    assert "Mar 16" not in html
    c.cookies["django_language"] = "es"
    html = c.get(url).content.decode()
    assert "16/03/2026 12:00 (America/Bogota) \u2013 01/04/2026 00:00 (America/Bogota)" in html


def test_overview_and_menu(example):
    from cambill.web.core.navigation import menu_for

    r = web(example, "padmin").get("/billing/")
    assert r.status_code == 200 and b"telenet" in r.content and b"othercloud" in r.content
    r = web(example, "pmanager").get("/billing/")
    assert b"telenet" in r.content and b"othercloud" not in r.content
    assert web(example, "cadmin").get("/billing/").status_code == 403
    keys = {i["key"] for i in menu_for(example.users["caccountant"])}
    assert {"invoices", "bill_runs", "usage"} <= keys
    keys = {i["key"] for i in menu_for(example.users["subscriber"])}
    assert "invoices" in keys and "bill_runs" not in keys
    assert "billing" in {i["key"] for i in menu_for(example.users["padmin"])}

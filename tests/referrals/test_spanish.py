"""Statements speak the reader's language: a Spanish agent gets its page,
CSV, XLSX and PDF with Spanish labels, and amounts and dates formatted the
Spanish way by babel."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.test import Client

from cambill.core.access import SYSTEM
from tests.api.helpers import bearer
from tests.conftest import PASSWORD, utc

from .test_api import march

pytestmark = pytest.mark.django_db

C = "/clouds/telenet/"


def spanish_agent(world) -> Client:  # type: ignore[no-untyped-def]
    """The agent, who chose Spanish, signs in through the real login page."""
    from cambill.accounts.services import user_update

    user_update(actor=SYSTEM, user=world.users["agent"], language="es")
    c = Client()
    assert c.post("/login/", {"username": "agent", "password": PASSWORD}).status_code == 302
    return c


def paid_march(world):  # type: ignore[no-untyped-def]
    from cambill.referrals.services import payout_record

    t, chain = march(world)  # acme: HOME3 all March, net 3.00; agent1 earns 0.30
    payout_record(
        actor=SYSTEM,
        agent=chain["agent1"],
        period="2026-03",
        reference="TR-77",
        paid_on="2026-04-10",
        now=utc(2026, 4, 10),
    )
    return t, chain


def test_statement_pdf_in_spanish(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.exports import statement_html, statement_pdf
    from cambill.referrals.selectors import statement_for

    _, chain = paid_march(world)
    st = statement_for(chain["agent1"], "2026-03")
    html = statement_html(st, "es")
    for text in (
        '<html lang="es">',
        "Comisión por nivel",
        "Total adeudado",
        "Reversiones",
        "Cámaras-día",
        "Facturado (neto)",
        "marzo 2026",  # the period, named by babel
        "0,30 USD",  # the one money format in Spanish: decimal comma, ISO code after
        "3,00 USD",
        "10 de abril de 2026",  # the payout date
        "TR-77",
    ):
        assert text in html, text
    assert "Total due" not in html and "0.30" not in html
    pdf = statement_pdf(st, "es")
    assert pdf[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Total adeudado" in text and "0,30" in text
    # The same statement read by an English speaker.
    en = statement_html(st, "en")
    assert "Total due" in en and "0.30 USD" in en and "April 10, 2026" in en


def test_spanish_agent_pages_and_downloads(world) -> None:  # type: ignore[no-untyped-def]
    paid_march(world)
    c = spanish_agent(world)
    html = c.get(C + "commission/?period=2026-03").content.decode()
    assert "Comisión por nivel" in html and "Total adeudado" in html
    assert "0,30 USD" in html  # the pages' babel format
    pdf = c.get(C + "commission/agent1/download/?period=2026-03&format=pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    csv = c.get(C + "commission/agent1/download/?period=2026-03&format=csv").content.decode()
    lines = csv.splitlines()
    assert lines[0].endswith(",agent1,Agent One,2026-03,USD")
    assert "Total adeudado,0.30" in lines  # labels Spanish, numbers machine-readable
    assert "Cuenta,Nombre,Factura,Cámaras,Cámaras-día,Facturado (neto),Pagado (neto)" in csv
    from openpyxl import load_workbook

    xlsx = c.get(C + "commission/agent1/download/?period=2026-03&format=xlsx").content
    cells = [
        v for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for v in row
    ]
    assert "Total adeudado" in cells and 0.3 in cells


def test_api_statement_follows_the_token_users_language(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_update

    march(world)
    user_update(actor=SYSTEM, user=world.users["agent"], language="es")
    api = bearer("agent")
    url = "/api/v1/clouds/telenet/agents/agent1/statements/?period=2026-03&format=csv"
    assert "Total adeudado,0.30" in api.get(url).content.decode().splitlines()
    assert "Total due,0.30" in api.get(url + "&lang=en").content.decode().splitlines()
    assert api.get(url + "&lang=fr").status_code == 400

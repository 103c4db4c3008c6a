"""Referral verbs: programme, deactivation, attribution, recompute, payouts, statements."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import time_machine

from cambill.core.access import SYSTEM
from cambill.core.audit import AuditEntry
from cambill.core.errors import DomainError, ErrorCode
from cambill.referrals.models import CommissionEntry, Payout, ReferralProgramme
from tests.conftest import utc
from tests.invoicing.helpers import bill, camera, local, retail

from .helpers import chain, issue, pay, per_agent, programme

pytestmark = pytest.mark.django_db

BOG = "America/Bogota"
NOW = utc(2026, 4, 5, 12)


def home_camera(world, account="acme", code="H1"):  # type: ignore[no-untyped-def]
    """A HOME3 camera for all of March 2026: net 3.00 a month."""
    t = world.clouds["telenet"]
    return camera(t, code, world.accounts[account], "HOME3", local(BOG, 2026, 3, 1))


def code_of(e: DomainError) -> str:
    return str(e.code)


# --- programme -----------------------------------------------------------------


def test_programme_set_validates_and_audits(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import referral_programme_set

    t = world.clouds["telenet"]
    for bad, field in [
        ({}, "levels"),
        ({1: 10, 3: 1}, "levels"),
        ({0: 10}, "levels"),
        ({1: 101}, "levels"),
        ({"x": 1}, "levels"),
    ]:
        with pytest.raises(DomainError) as e:
            referral_programme_set(actor=SYSTEM, cloud=t, levels=bad)
        assert field in e.value.fields
    with pytest.raises(DomainError) as e:
        referral_programme_set(actor=SYSTEM, cloud=t, levels={1: 5}, base="never")
    assert "base" in e.value.fields
    with pytest.raises(DomainError) as e:
        referral_programme_set(
            actor=SYSTEM, cloud=t, levels={1: 5}, valid_from="2026-05-01", valid_to="2026-04-01"
        )
    assert "valid_to" in e.value.fields
    assert not ReferralProgramme.objects.exists()
    p = referral_programme_set(
        actor=world.actor("cadmin"), cloud=t, levels={"1": "10", 2: 3.5}, limit_months=12
    )
    assert (p.levels, p.base, p.limit_months) == ({"1": "10", "2": "3.5"}, "paid", 12)
    p = referral_programme_set(actor=world.actor("cadmin"), cloud=t, levels={1: 8}, base="issued")
    assert ReferralProgramme.objects.count() == 1 and p.levels == {"1": "8"}
    assert AuditEntry.objects.filter(verb="referral_programme_set").count() == 2


@pytest.mark.parametrize("who", ["amanager", "caccountant", "agent", "subscriber", "otheradmin"])
def test_programme_set_refused_for_non_admins(world, who) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import referral_programme_set

    with pytest.raises(DomainError) as e:
        referral_programme_set(actor=world.actor(who), cloud=world.clouds["telenet"], levels={1: 5})
    assert e.value.code == ErrorCode.FORBIDDEN
    assert not ReferralProgramme.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_programme_validity_dates(world) -> None:  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    home_camera(world)
    programme(t, base="issued", valid_from=date(2026, 4, 6))
    bill(t, "2026-03", NOW)
    issue(retail(t, "2026-03", "acme"), NOW)  # 5 April: before the programme
    assert not CommissionEntry.objects.exists()


# --- deactivation and attribution ---------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_deactivated_agent_earns_nothing_upline_still_does(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_deactivate

    t = world.clouds["telenet"]
    c = chain(world)
    home_camera(world)
    programme(t, base="issued")
    a = agent_deactivate(actor=world.actor("cadmin"), agent=c["agent1"])
    assert a.active is False
    world.accounts["acme"].refresh_from_db()
    assert world.accounts["acme"].referral_agent_id == a.pk  # stays attributed
    with pytest.raises(DomainError) as e:
        agent_deactivate(actor=world.actor("cadmin"), agent=a)
    assert e.value.code == ErrorCode.INVALID_STATE
    bill(t, "2026-03", NOW)
    issue(retail(t, "2026-03", "acme"), NOW)
    assert per_agent("2026-03") == {"boss": "0.09", "top": "0.03"}
    with pytest.raises(DomainError):
        agent_deactivate(actor=world.actor("caccountant"), agent=c["boss"])


@time_machine.travel(NOW, tick=False)
def test_account_change_agent_affects_only_later_commission(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.services import account_change_agent

    t = world.clouds["telenet"]
    home_camera(world)
    home_camera(world, "beta", "H2")
    programme(t, base="paid")
    bill(t, "2026-03", NOW)
    acme = pay(issue(retail(t, "2026-03", "acme"), NOW), NOW)
    inv_beta = issue(retail(t, "2026-03", "beta"), NOW)
    for who in ("amanager", "agent", "subscriber", "caccountant"):
        with pytest.raises(DomainError) as e:
            account_change_agent(
                actor=world.actor(who), account=world.accounts["acme"], agent="agent2"
            )
        assert e.value.code == ErrorCode.FORBIDDEN
    account_change_agent(
        actor=world.actor("cadmin"), account=world.accounts["beta"], agent="agent1", reason="Deal"
    )
    row = AuditEntry.objects.get(verb="account_change_agent")
    assert row.before == {"referral_agent": "agent2"}
    assert row.after == {"referral_agent": "agent1", "reason": "Deal"}
    with pytest.raises(DomainError) as e:
        account_change_agent(
            actor=world.actor("cadmin"), account=world.accounts["beta"], agent="agent1"
        )
    assert e.value.code == ErrorCode.INVALID_STATE
    with pytest.raises(DomainError) as e:
        account_change_agent(actor=world.actor("cadmin"), account=world.accounts["beta"], agent="x")
    assert "agent" in e.value.fields
    pay(inv_beta, NOW)  # paid after the change: agent1 earns it
    assert per_agent("2026-03") == {"agent1": "0.60"}
    assert acme.commission_entries.get().agent.code == "agent1"
    account_change_agent(actor=SYSTEM, account=world.accounts["beta"], agent=None)
    world.accounts["beta"].refresh_from_db()
    assert world.accounts["beta"].referral_agent is None


# --- recompute -------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_recompute_fills_what_is_missing_and_is_idempotent(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import credit_note_create, invoice_issue
    from cambill.referrals.services import commission_recompute

    t = world.clouds["telenet"]
    chain(world)
    home_camera(world)
    programme(t, base="issued")
    bill(t, "2026-03", NOW)
    inv = invoice_issue(actor=SYSTEM, invoice=retail(t, "2026-03", "acme"), now=NOW)
    credit_note_create(
        actor=SYSTEM, invoice=inv, reason="x", lines=[{"line": 1, "amount": "1.00"}], now=NOW
    )
    # The verbs accrued and clawed back already; recomputing must rebuild the
    # same entries when they are missing (e.g. invoices issued before the
    # programme's hooks existed).
    wired = sorted((e.agent.code, e.kind, str(e.amount)) for e in CommissionEntry.objects.all())
    CommissionEntry.objects.all().delete()
    first = commission_recompute(actor=world.actor("cadmin"), cloud=t, period="2026-03")
    rows = sorted((e.agent.code, e.kind, str(e.amount)) for e in first)
    assert rows == [
        ("agent1", "accrual", "0.3000"),
        ("agent1", "clawback", "-0.1000"),
        ("boss", "accrual", "0.0900"),
        ("boss", "clawback", "-0.0300"),
        ("top", "accrual", "0.0300"),
        ("top", "clawback", "-0.0100"),
    ]
    assert rows == wired
    again = commission_recompute(actor=SYSTEM, cloud=t, period="2026-03")
    assert sorted(e.pk for e in again) == sorted(e.pk for e in first)
    assert CommissionEntry.objects.count() == 6
    with pytest.raises(DomainError) as e:
        commission_recompute(actor=SYSTEM, cloud=t, period="2026-13")
    assert e.value.code == ErrorCode.BAD_PERIOD
    with pytest.raises(DomainError) as e:
        commission_recompute(actor=world.actor("agent"), cloud=t, period="2026-03")
    assert e.value.code == ErrorCode.FORBIDDEN


# --- statements and payouts ---------------------------------------------------------------


def _march(world):  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    c = chain(world)
    home_camera(world)
    programme(t, base="issued")
    with time_machine.travel(NOW, tick=False):
        bill(t, "2026-03", NOW)
        issue(retail(t, "2026-03", "acme"), NOW)
    return t, c


def test_statement_and_payout_flow(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.selectors import due_payouts, statement_for
    from cambill.referrals.services import payout_record

    t, c = _march(world)
    a1 = c["agent1"]
    st = statement_for(a1, "2026-03")
    assert [
        (r.code, r.name, r.cameras, str(r.camera_days), str(r.invoiced), str(r.paid))
        for r in st.accounts
    ] == [("acme", "ACME Logistics", 1, "31", "3.00", "0.00")]
    assert (str(st.commission), str(st.clawbacks), str(st.total_due), st.status) == (
        "0.30",
        "0.00",
        "0.30",
        "due",
    )
    assert [(lv.level, str(lv.commission)) for lv in st.levels] == [(1, "0.30")]
    cc = world.actor("caccountant")
    due = due_payouts(actor=cc, cloud=t, period="2026-03")
    assert [(d.agent.code, str(d.amount)) for d in due] == [
        ("agent1", "0.30"),
        ("boss", "0.09"),
        ("top", "0.03"),
    ]
    with time_machine.travel(utc(2026, 3, 20), tick=False):
        with pytest.raises(DomainError) as e:
            payout_record(
                actor=cc, agent=a1, period="2026-03", reference="T1", paid_on="2026-04-10"
            )
        assert e.value.code == ErrorCode.PERIOD_NOT_CLOSED
    for who in ("agent", "amanager", "subscriber", "otheradmin"):
        with pytest.raises(DomainError) as e:
            payout_record(
                actor=world.actor(who),
                agent=a1,
                period="2026-03",
                reference="T1",
                paid_on="2026-04-10",
            )
        assert e.value.code == ErrorCode.FORBIDDEN
    p = payout_record(actor=cc, agent=a1, period="2026-03", reference="TR-1", paid_on="2026-04-10")
    assert (str(p.amount), p.reference, p.paid_on, p.created_by.username) == (
        "0.30",
        "TR-1",
        date(2026, 4, 10),
        "caccountant",
    )
    st = statement_for(a1, "2026-03")
    assert (str(st.total_due), str(st.outstanding), st.status) == ("0.30", "0.00", "paid")
    with pytest.raises(DomainError) as e:
        payout_record(actor=cc, agent=a1, period="2026-03", reference="again", paid_on="2026-04-10")
    assert e.value.code == ErrorCode.CONFLICT
    with pytest.raises(DomainError) as e:  # nothing due for April yet
        payout_record(actor=cc, agent=a1, period="2026-04", reference="x", paid_on="2026-05-10")
    assert e.value.code == ErrorCode.INVALID_STATE
    assert [d.agent.code for d in due_payouts(actor=cc, cloud=t, period="2026-03")] == [
        "boss",
        "top",
    ]
    # Paying boss for April carries March; March can no longer be paid for it.
    payout_record(actor=cc, agent=c["boss"], period="2026-04", reference="B", paid_on="2026-05-02")
    with pytest.raises(DomainError) as e:
        payout_record(
            actor=cc, agent=c["boss"], period="2026-03", reference="x", paid_on="2026-05-02"
        )
    assert e.value.code == ErrorCode.INVALID_STATE
    st = statement_for(c["boss"], "2026-04")
    assert (str(st.carried), str(st.net), str(st.total_due), str(st.outstanding)) == (
        "0.09",
        "0.00",
        "0.09",
        "0.00",
    )
    assert Payout.objects.count() == 2
    assert AuditEntry.objects.filter(verb="payout_record").count() == 2


def test_downline_statement_never_names_subscribers(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.exports import statement_csv, statement_html, statement_xlsx
    from cambill.referrals.selectors import statement_for

    _, c = _march(world)
    st = statement_for(c["boss"], "2026-03")
    assert st.accounts == []
    assert [(d.code, d.level, str(d.base), str(d.commission)) for d in st.downline] == [
        ("agent1", 2, "3.00", "0.09")
    ]
    for text in (statement_csv(st), statement_html(st)):
        assert "acme" not in text.lower() and "ACME Logistics" not in text
        assert "agent1" in text
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(statement_xlsx(st)))
    cells = [str(v) for row in wb.active.iter_rows(values_only=True) for v in row if v is not None]
    assert "agent1" in cells and not any("acme" in v.lower() for v in cells)


def test_exports(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.referrals.exports import (
        due_payouts_csv,
        statement_csv,
        statement_pdf,
        statement_xlsx,
    )
    from cambill.referrals.selectors import due_payouts, statement_for

    t, c = _march(world)
    st = statement_for(c["agent1"], "2026-03")
    rows = list(csv.reader(io.StringIO(statement_csv(st))))
    assert rows[0] == ["Commission statement", "agent1", "Agent One", "2026-03", "USD"]
    acme = next(r for r in rows if r and r[0] == "acme")
    assert acme[:2] + acme[3:] == [
        "acme",
        "ACME Logistics",
        "1",
        "31",
        "3.00",
        "0.00",
        "0.30",
        "0.00",
    ]
    assert acme[2].startswith("TELENET-")  # the invoice number
    assert ["Total due", "0.30"] in rows
    assert statement_xlsx(st)[:2] == b"PK"
    assert statement_pdf(st)[:5] == b"%PDF-"
    out = list(
        csv.reader(
            io.StringIO(due_payouts_csv(due_payouts(actor=SYSTEM, cloud=t, period="2026-03")))
        )
    )
    assert out == [
        ["agent", "name", "email", "period", "currency", "amount"],
        ["agent1", "Agent One", "", "2026-03", "USD", "0.30"],
        ["boss", "Boss Agent", "", "2026-03", "USD", "0.09"],
        ["top", "Top Agent", "", "2026-03", "USD", "0.03"],
    ]

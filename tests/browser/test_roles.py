"""Each role in a real browser: sign in, see only its own data, do its main job.

Run with ``pytest -m browser`` (Debian's Chromium at /usr/bin/chromium);
screenshots land in ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.conftest import utc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def camera_for_acme(world: Any) -> Any:
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    return camera_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        code="cam-a",
        title="Gate",
        account=world.accounts["acme"],
        tariff="TRAFFIC7",
        at=utc(2026, 3, 1, 5),
    )


def test_provider_admin_creates_a_cloud(world: Any, session: Any) -> None:
    s = session()
    s.login("padmin")
    page = s.page
    assert page.url.endswith("/dashboard/")
    page.goto("/clouds/")
    table = page.locator("#list-results")
    assert table.get_by_role("link", name="telenet").count() >= 1
    assert table.get_by_role("link", name="othercloud").count() >= 1

    page.get_by_role("link", name="New cloud").first.click()
    page.locator("main").get_by_label("Slug").fill("andes")
    page.locator("#id_name").fill("Andes Video")
    page.get_by_label("Currency").select_option("USD")  # a list now (issue #14)
    page.get_by_label("Time zone").fill("America/Bogota")
    page.get_by_label("Responsible manager").select_option(label="pmanager")
    s.shot("provider-admin-cloud-form")
    page.locator("form.page-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/clouds/andes/$"))
    assert page.get_by_text("Cloud created.").is_visible()
    assert page.locator("h1").inner_text().strip() != ""
    s.shot("provider-admin-cloud-created")

    page.goto("/clouds/")
    assert page.locator("#list-results").get_by_role("link", name="andes").count() >= 1


def test_cloud_admin_builds_a_tariff(world: Any, session: Any) -> None:
    s = session()
    s.login("cadmin")
    page = s.page
    assert "/clouds/telenet/" in page.url
    # Only its own cloud: another cloud is "not found", and not in the menu.
    assert page.locator("#sidebar").get_by_text("othercloud").count() == 0
    response = page.goto("/clouds/othercloud/")
    assert response is not None and response.status == 404

    page.goto("/clouds/telenet/tariffs/")
    page.get_by_role("link", name="New tariff").first.click()
    page.locator("#id_code").fill("BROWSER7")
    page.locator("#id_name").fill("Browser week")
    page.get_by_label("Monthly price per camera").fill("12.50")
    page.locator("select[name$='-service']").first.select_option(
        value=str(world.services["REC_DAY"].pk)
    )
    page.locator("input[name$='-quantity']").first.fill("7")
    # The builder's panel follows the typing (htmx): REC_DAY 7 x 0.30 = 2.10,
    # telenet's 10 % discount -0.21, cost 1.89; 12.50 - 1.89 = 10.61 margin.
    margin = page.locator('[data-figure="margin"]')
    expect(margin).to_have_text(re.compile(r"10\.61\s*USD"))
    expect(page.locator('[data-figure="cost"]')).to_have_text(re.compile(r"1\.89\s*USD"))
    expect(page.locator('[data-figure="margin-percent"]')).to_have_text(re.compile(r"84\.88\s*%"))
    s.shot("cloud-admin-tariff-form")
    page.locator("form.page-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tariff created.").is_visible()
    s.shot("cloud-admin-tariff-created")

    page.goto("/clouds/telenet/tariffs/")
    row = page.locator("#list-results tr", has_text="BROWSER7")
    assert row.count() == 1
    assert "12.50 USD" in row.inner_text()
    s.shot("cloud-admin-tariff-list")


def test_account_manager_opens_its_subscribers_report(world: Any, session: Any) -> None:
    camera_for_acme(world)
    s = session()
    s.login("amanager")
    page = s.page
    page.goto("/clouds/telenet/accounts/")
    results = page.locator("#list-results")
    assert results.get_by_role("link", name="acme").count() >= 1
    assert results.get_by_text("beta").count() == 0  # amanager2's subscriber
    results.get_by_role("link", name="acme").first.click()
    page.wait_for_url(re.compile(r"/accounts/acme/$"))
    assert page.get_by_text("cam-a").first.is_visible()
    s.shot("account-manager-account")

    page.goto("/clouds/telenet/reports/usage/?account=acme")
    page.wait_for_load_state()
    assert page.locator("h1").is_visible()
    assert page.get_by_text("TRAFFIC7").first.is_visible()
    s.shot("account-manager-usage-report")


def test_subscriber_downloads_an_invoice_pdf(world: Any, session: Any) -> None:
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import Invoice
    from cambill.invoicing.services import bill_run_execute, bill_run_start, invoice_issue

    camera_for_acme(world)
    run = bill_run_start(
        actor=SYSTEM, cloud=world.clouds["telenet"], period="2026-03", now=utc(2026, 4, 5)
    )
    bill_run_execute(run=run, now=utc(2026, 4, 5))
    invoice = Invoice.objects.get(kind="retail", account__code="acme", period="2026-03")
    invoice = invoice_issue(actor=SYSTEM, invoice=invoice, now=utc(2026, 4, 5, 1))

    s = session()
    s.login("subscriber")
    page = s.page
    page.goto("/clouds/telenet/invoices/")
    results = page.locator("#list-results")
    assert results.get_by_text(invoice.number).count() == 1
    assert results.get_by_text("beta").count() == 0
    s.shot("subscriber-invoices")
    results.get_by_role("link", name=invoice.number).click()
    page.wait_for_load_state()
    s.shot("subscriber-invoice")
    href = page.get_by_role("link", name="PDF").get_attribute("href")
    assert href
    pdf = page.request.get(href + "?download=1")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    body = pdf.body()
    assert body.startswith(b"%PDF")
    out = Path(__file__).resolve().parents[2] / "test-artifacts" / f"{invoice.number}.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(body)
    # Another account's invoice is not there for this user.
    other = Invoice.objects.filter(kind="retail", period="2026-03").exclude(account__code="acme")
    for inv in other:
        assert page.request.get(f"/clouds/telenet/invoices/{inv.pk}/pdf/").status == 404


def test_agent_creates_an_account_and_sees_it(world: Any, session: Any) -> None:
    s = session()
    s.login("agent")
    page = s.page
    page.goto("/clouds/telenet/accounts/")
    results = page.locator("#list-results")
    assert results.get_by_role("link", name="acme").count() >= 1
    assert results.get_by_text("beta").count() == 0  # not brought by this agent
    page.get_by_role("link", name="New account").first.click()
    page.locator("#id_code").fill("delta")
    page.locator("#id_name").fill("Delta Farms")
    s.shot("agent-account-form")
    page.locator("form.page-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Account created.").is_visible()
    page.goto("/clouds/telenet/accounts/")
    assert page.locator("#list-results").get_by_role("link", name="delta").count() >= 1
    s.shot("agent-accounts")
    from cambill.clouds.models import Account

    assert Account.objects.get(code="delta").referral_agent.code == "agent1"


def test_navigation_at_phone_width(world: Any, session: Any) -> None:
    camera_for_acme(world)
    s = session(width=390, height=844)
    s.login("cadmin")
    page = s.page
    sidebar = page.locator("#sidebar")
    toggle = page.locator("[data-nav-toggle]")
    assert toggle.is_visible()
    s.shot("phone-closed", full_page=False)

    def on_screen(locator: Any) -> bool:
        box = locator.bounding_box()
        return box is not None and box["x"] + box["width"] > 0 and box["x"] < 390

    assert not on_screen(sidebar.get_by_role("link", name="Cameras"))
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    link = sidebar.get_by_role("link", name="Cameras")
    expect(link).to_be_in_viewport()
    # Let the slide-in finish before the picture (polled here: the page's CSP
    # forbids the eval that wait_for_function would need).
    for _ in range(50):
        box = sidebar.bounding_box()
        if box is not None and box["x"] >= 0:
            break
        page.wait_for_timeout(20)
    s.shot("phone-menu-open", full_page=False)
    link.click()
    page.wait_for_url(re.compile(r"/clouds/telenet/cameras/$"))
    # Nothing wider than the screen: the page does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, width
    s.shot("phone-cameras")


def test_switching_to_spanish(world: Any, session: Any) -> None:
    camera_for_acme(world)
    s = session()
    page = s.page
    page.goto("/login/")
    with page.expect_navigation():
        page.get_by_label("Language").select_option("es")
    assert page.get_by_role("button", name="Iniciar sesión").is_visible()
    s.shot("spanish-login")
    # Signing in opens the pages in the user's own language (English so far).
    s.login("cadmin")
    assert page.get_by_role("button", name="Sign out").is_visible()
    with page.expect_navigation():
        page.get_by_label("Language").select_option("es")
    assert page.get_by_role("button", name="Cerrar sesión").is_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    page.goto("/clouds/telenet/tariffs/")
    assert re.search(r"\d+,\d{2} USD", page.locator("#list-results").inner_text())
    s.shot("spanish-tariffs")
    world.users["cadmin"].refresh_from_db()
    assert world.users["cadmin"].language == "es"
    # The choice is kept on the user: a fresh browser opens in Spanish after sign-in.
    other = session()
    other.page.goto("/login/")
    other.page.locator("#id_username").fill("cadmin")
    other.page.locator("#id_password").fill("demo-pass-123")
    other.page.get_by_role("button", name="Sign in").click()
    expect(other.page.get_by_role("button", name="Cerrar sesión")).to_be_visible()


def test_two_factor_enrolment_for_provider_staff(world: Any, session: Any, settings: Any) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.CAMBILL_REQUIRE_2FA_FOR_STAFF = True
    s = session()
    s.login("paccountant")
    page = s.page
    page.wait_for_url(re.compile(r"/two-factor/setup/"))
    assert page.locator(".qr svg").is_visible()
    s.shot("two-factor-enrol")
    device = TOTPDevice.objects.get(user=world.users["paccountant"])
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    # The recovery codes are shown once, right after enrolment.
    codes = page.locator("#recovery-codes li")
    codes.first.wait_for(state="visible")
    assert codes.count() == 10
    s.shot("two-factor-recovery-codes")
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def test_api_docs_render_under_the_policy(world: Any, session: Any) -> None:
    s = session()
    s.login("padmin")
    page = s.page
    page.goto("/api/v1/docs/")
    page.locator(".swagger-ui .info .title").wait_for(state="visible")
    assert "cambill API" in page.locator(".swagger-ui .info .title").inner_text()
    s.shot("api-docs", full_page=False)


def test_a_locked_out_user_sees_why_on_the_sign_in_page(world: Any, session: Any) -> None:
    s = session()
    page = s.page
    page.goto("/login/")
    for _ in range(5):
        page.locator("#id_username").fill("cadmin")
        page.locator("#id_password").fill("not-the-password")
        with page.expect_navigation():
            page.locator("form.stack button[type=submit]").click()
    alert = page.get_by_role("alert")
    expect(alert.first).to_contain_text("Too many failed sign-ins")
    assert page.locator("#id_username").is_visible()  # still the sign-in page
    s.shot("login-locked-out")


def test_keyboard_reaches_the_content_first(world: Any, session: Any) -> None:
    s = session()
    s.login("cadmin")
    page = s.page
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown when focused
    s.shot("keyboard-skip-link", full_page=False)
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_provider_admin_sees_the_dashboard(world: Any, session: Any) -> None:
    from cambill.core.access import SYSTEM
    from cambill.invoicing.models import Invoice
    from cambill.invoicing.services import bill_run_execute, bill_run_start, invoice_issue
    from cambill.metrics.services import metrics_refresh_all

    camera_for_acme(world)
    run = bill_run_start(
        actor=SYSTEM, cloud=world.clouds["telenet"], period="2026-03", now=utc(2026, 4, 5)
    )
    bill_run_execute(run=run, now=utc(2026, 4, 5))
    wholesale = Invoice.objects.get(kind="wholesale", period="2026-03")
    invoice_issue(actor=SYSTEM, invoice=wholesale, now=utc(2026, 4, 5, 1))
    metrics_refresh_all(actor=SYSTEM)
    s = session()
    s.login("padmin")
    page = s.page
    assert page.url.rstrip("/").endswith("/dashboard")
    main = page.locator("main")
    for label in ("MRR", "ARR", "Active cameras", "Receivables"):
        expect(main.get_by_text(re.compile(label)).first).to_be_visible()
    assert page.locator("main svg").count() >= 1  # the 12-month revenue chart
    s.shot("provider-admin-dashboard")
    phone = session(width=390, height=844)
    phone.login("padmin")
    wide = phone.page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                         && !e.closest('.table-scroll, .table-wrap, [data-scroll]'))
            .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"""
    )
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
        wide
    )
    phone.shot("provider-admin-dashboard-phone")


def test_a_subscriber_signs_up_through_an_agents_link(world: Any, session: Any) -> None:
    agent = session()
    agent.login("agent")
    page = agent.page
    page.goto("/clouds/telenet/commission/")
    link = page.locator("#referral-link").inner_text()
    path = link[link.index("/join/") :]
    agent.shot("agent-referral-link")

    visitor = session()
    page = visitor.page
    page.goto(path)
    page.get_by_label("E-mail").fill("owner@gamma.example")
    page.locator("#id_name").fill("Gamma Logistics")
    page.locator("#id_username").fill("gamma-owner")
    page.locator("#id_password").fill("a-long-pass-phrase-42")
    page.locator("#id_accept_terms").check()
    visitor.shot("referral-signup-form")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    assert "/login/" in page.url
    visitor.login("gamma-owner", "a-long-pass-phrase-42")
    expect(visitor.page.locator("main")).to_contain_text("Gamma Logistics")
    visitor.shot("referral-signup-subscriber-home")
    from cambill.clouds.models import Account

    account = Account.objects.get(name="Gamma Logistics")
    assert account.referral_agent is not None and account.referral_agent.code == "agent1"

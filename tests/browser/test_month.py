"""The month of a cloud's billing team in a real browser (issue #13, point 8).

A cloud accountant runs the bill run of the last closed month from the page,
reviews it and issues every draft at once; the invoices arrive by e-mail at a
real SMTP server with their PDFs; the subscriber pays its invoice by card on the
fake Stripe's hosted page; a camt.053 statement pays a second one; the third
account, left unpaid past its due date, is on the collections page.

Screenshots: ``test-artifacts/screenshots/month-*.png``. Run with
``pytest tests/browser/test_month.py`` (Debian's Chromium at /usr/bin/chromium).
"""

from __future__ import annotations

import io
import re
import time
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from cambill.core.display import period_key_text
from tests.invoicing.helpers import camera, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOG = "America/Bogota"
OK_CARD = "4242424242424242"
D = Decimal

# Whole-month cameras cost their tariff's monthly price whatever the month's
# length: acme TRAFFIC7 12.00 + HOME3 3.00 = 15.00, VAT 19 % 2.85, 17.85; beta
# HOME3 3.00 + 0.57 = 3.57; delta two TRAFFIC7 24.00 + 4.56 = 28.56.
CONTACTS = {
    "acme": ["billing@acme.test", "cfo@acme.test"],
    "beta": ["ap@beta.test"],
    "delta": ["pay@delta.test"],
}
TOTALS = {"acme": D("17.85"), "beta": D("3.57"), "delta": D("28.56")}


def money(page_text: str) -> str:
    """Non-breaking spaces as spaces, so amounts read as "17.85 USD"."""
    return page_text.replace("\xa0", " ").replace("\u202f", " ")


def wait_for(what: Any, timeout: float = 15.0) -> Any:
    """Poll ``what()`` until it returns something truthy (mail arrives after commit)."""
    deadline = time.monotonic() + timeout
    while True:
        got = what()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.1)


def pdf_text(part: Any) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(part.get_content()))
    return "\n".join(p.extract_text() for p in reader.pages)


def camt053(*, number: str, amount: Decimal, payer: str, day: str) -> bytes:
    """A one-entry camt.053.001.08 statement: a credit transfer quoting ``number``."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MONTH-{day}-1</MsgId><CreDtTm>{day}T18:00:00-05:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>MONTH-{day}-STMT-1</Id>
      <ElctrncSeqNb>1</ElctrncSeqNb>
      <CreDtTm>{day}T18:00:00-05:00</CreDtTm>
      <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>USD</Ccy></Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="USD">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="USD">{D("100.00") + amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt>
      </Bal>
      <Ntry>
        <Amt Ccy="USD">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>{day}</Dt></BookgDt>
        <ValDt><Dt>{day}</Dt></ValDt>
        <AcctSvcrRef>MONTH-{day}-0001</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>E2E-MONTH-1</EndToEndId></Refs>
          <Amt Ccy="USD">{amount}</Amt>
          <CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties><Dbtr><Pty><Nm>{payer}</Nm></Pty></Dbtr></RltdPties>
          <RmtInf><Ustrd>Invoice {number}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()


def build_month(world: Any) -> Any:
    """Cameras through the whole of the last closed month, contacts, Stripe on."""
    from django.utils import timezone

    from cambill.clouds.services import account_create
    from cambill.core.access import SYSTEM
    from cambill.core.periods import Period
    from cambill.notifications.services import billing_contacts_set
    from cambill.payments.dunning import dunning_policy_set
    from cambill.payments.gateways.config import gateway_config_set

    t = world.clouds["telenet"]
    period = Period.containing(timezone.now(), BOG).previous()
    first = period.previous().first_day
    since = local(BOG, first.year, first.month, 1)
    world.accounts["delta"] = account_create(
        actor=SYSTEM, cloud=t, code="delta", name="Delta Farms", email="pay@delta.test"
    )
    acme, beta, delta = (world.accounts[c] for c in ("acme", "beta", "delta"))
    camera(t, "acme-gate", acme, "TRAFFIC7", since)
    camera(t, "acme-yard", acme, "HOME3", since)
    camera(t, "beta-shop", beta, "HOME3", since)
    camera(t, "delta-barn", delta, "TRAFFIC7", since)
    camera(t, "delta-gate", delta, "TRAFFIC7", since)
    for code, emails in CONTACTS.items():
        billing_contacts_set(actor=SYSTEM, cloud=t, account=world.accounts[code], emails=emails)
    dunning_policy_set(
        actor=world.actor("cadmin"), cloud=t, reminder_days=[3, 14, 30], suspend_after_days=45
    )
    gateway_config_set(
        actor=world.actor("cadmin"),
        cloud=t,
        kind="stripe",
        secret_key="sk_test_month",
        webhook_secret="whsec_test_month",
    )
    return period


def test_the_month_of_a_cloud_accountant(
    world: Any, session: Any, smtp: Any, fake_stripe: Any, live_server: Any, settings: Any
) -> None:
    from cambill.invoicing.models import Invoice
    from cambill.payments.models import Payment

    settings.CAMBILL_PUBLIC_URL = live_server.url
    period = build_month(world)

    # --- 1. the bill run, from the page -------------------------------------------------
    s = session()
    s.login("caccountant")
    page = s.page
    page.goto("/clouds/telenet/bill-runs/")
    month = page.get_by_label("Month")
    expect(month).to_have_value(period.key)  # the last closed month is offered
    s.shot("month-01-bill-runs")
    with page.expect_navigation():
        page.get_by_role("button", name="Run bills").click()
    page.wait_for_url(re.compile(r"/clouds/telenet/bill-runs/\d+/$"))
    expect(page.locator(".flash-success").first).to_contain_text(
        f"{period.key} billed: 4 invoices created"  # three retail and the wholesale one
    )

    # --- 2. the review: totals and the drafts, then issue all ---------------------------
    totals = page.locator("#review-totals tbody tr").first
    assert money(totals.inner_text()).split("\t") == [
        period_key_text(period.key, "en"),  # "November 2026": a period by its month's name
        "3",
        "42.00 USD",
        "7.98 USD",
        "49.98 USD",
    ], totals.inner_text()
    results = page.locator("#list-results")
    for code in ("acme", "beta", "delta"):
        row = results.locator("tr", has_text=code)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(f"{TOTALS[code]}")
    s.shot("month-02-review")

    page.locator("#review-scope").select_option("all")
    expect(page.locator("#review-scope option:checked")).to_have_text("All 3 drafts of the run")
    with page.expect_navigation():
        page.locator("#review-actions").get_by_role("button", name="Issue", exact=True).click()
    job = page.locator("#issue-job")
    expect(job.locator(".badge")).to_have_text("Completed", timeout=20_000)
    expect(job.locator("progress")).to_have_attribute("value", "100")
    expect(job).to_contain_text("3 / 3")
    issued: Any = Invoice.objects.filter(kind="retail", period=period.key)
    retail: dict[str, Any] = {i.account.code: i for i in issued.select_related("account")}
    assert {c: (i.status, i.total) for c, i in retail.items()} == {
        c: ("issued", TOTALS[c]) for c in TOTALS
    }
    numbers = sorted(i.number for i in retail.values())
    expect(page.locator(".flash-success").first).to_contain_text(
        f"3 invoices issued ({numbers[0]} to {numbers[-1]})"
    )
    page.locator("#filters").get_by_role("button", name="Filter").wait_for()
    s.shot("month-03-issued")
    page.goto(f"/clouds/telenet/invoices/?period={period.key}")
    for inv in retail.values():
        expect(page.locator("#list-results").get_by_text(inv.number)).to_have_count(1)
    s.shot("month-04-invoices")

    # --- 3. one e-mail per account at the SMTP server, the PDF attached -----------------
    assert wait_for(lambda: len(smtp.received) >= 3), [r.rcpt_tos for r in smtp.received]
    by_subject = {r.message["Subject"]: r for r in smtp.received}
    for code, inv in retail.items():
        got = by_subject[f"Invoice {inv.number} from Telenet"]
        assert sorted(got.rcpt_tos) == sorted(CONTACTS[code])
        pdfs = [
            p for p in got.message.iter_attachments() if p.get_content_type() == "application/pdf"
        ]
        assert len(pdfs) == 1
        text = pdf_text(pdfs[0])
        assert inv.number in text and f"Total due {TOTALS[code]} USD" in text
        body = got.message.get_body(preferencelist=("plain",)).get_content()
        assert f"{live_server.url}/clouds/telenet/" in body
    assert len(smtp.received) == 3  # nothing else was sent (the wholesale stays a draft)

    # --- 4. the subscriber pays its invoice by card in its portal -----------------------
    acme_inv = retail["acme"]
    sub = session()
    sub.login("subscriber")
    portal = sub.page
    portal.goto("/clouds/telenet/accounts/acme/")
    pay = portal.get_by_role("link", name=f"Pay now {acme_inv.number}")
    expect(pay).to_be_visible()
    sub.shot("month-05-portal")
    pay.click()
    portal.wait_for_url(re.compile(r"/accounts/acme/pay/"))
    expect(portal.locator("#amount")).to_have_text(re.compile(r"17\.85\s*USD"))
    sub.shot("month-06-pay")
    portal.get_by_role("button", name=re.compile(r"Pay 17\.85\s*USD by card")).click()
    portal.wait_for_url(re.compile(re.escape(fake_stripe.base) + r"/pay/cs_"))
    portal.get_by_label("Card number").fill(OK_CARD)
    sub.shot("month-07-stripe")
    with portal.expect_navigation():
        portal.locator("button[type=submit]").click()
    portal.wait_for_url(re.compile(r"/clouds/telenet/card-checkout/return/\?session_id=cs_"))
    result = portal.locator("#checkout-result")
    expect(result).to_have_attribute("data-status", "paid")
    expect(result.get_by_role("status")).to_have_text(
        re.compile(r"Thank you: 17\.85\s*USD paid by card\.")
    )
    expect(result.locator("tbody tr")).to_contain_text(acme_inv.number)
    expect(result.locator("tbody tr")).to_contain_text("Paid")
    sub.shot("month-08-paid-by-card")
    acme_inv.refresh_from_db()
    assert acme_inv.status == "paid"
    card = Payment.objects.get(account=world.accounts["acme"])
    assert (card.method, card.amount) == ("card", D("17.85"))
    receipt = wait_for(
        lambda: [r for r in smtp.received if r.message["Subject"] == "Payment received: 17.85 USD"]
    )
    assert len(receipt) == 1 and sorted(receipt[0].rcpt_tos) == CONTACTS["acme"]
    portal.goto("/clouds/telenet/accounts/acme/")
    expect(portal.get_by_role("link", name=re.compile("^Pay now"))).to_have_count(0)
    sub.shot("month-09-portal-after")

    # --- 5. a camt.053 statement pays beta's invoice ------------------------------------
    beta_inv = retail["beta"]
    today = datetime.now(ZoneInfo(BOG)).date()
    statement = camt053(
        number=beta_inv.number,
        amount=beta_inv.total.quantize(D("0.01")),
        payer="Beta Shops",
        day=today.isoformat(),
    )
    page.goto("/clouds/telenet/payments/bank-statements/")
    page.get_by_label("Statement file").set_input_files(
        files=[{"name": "camt053-month.xml", "mimeType": "application/xml", "buffer": statement}]
    )
    s.shot("month-10-bank-import")
    with page.expect_navigation():
        page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/payments/bank-statements/\d+/$"))
    s.shot("month-11-statement")
    expect(page.locator(".flash-success").first).to_contain_text("1 lines imported, 1 matched.")
    line = page.locator("#lines tbody tr")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Matched")
    expect(line).to_contain_text(beta_inv.number)
    beta_inv.refresh_from_db()
    assert beta_inv.status == "paid"
    bank = Payment.objects.get(account=world.accounts["beta"])
    assert bank.amount == D("3.57")

    # --- 6. past the due date, delta is on the collections page -------------------------
    delta_inv = retail["delta"]
    assert delta_inv.due_at is not None
    with time_machine.travel(delta_inv.due_at + timedelta(days=10), tick=True):
        late = session()
        late.login("caccountant")
        cpage = late.page
        cpage.get_by_role("navigation").get_by_role("link", name="Collections").click()
        cpage.wait_for_url(re.compile(r"/clouds/telenet/collections/$"))
        bucket = cpage.locator("#bucket-days_1_30")
        expect(bucket).to_contain_text(re.compile(r"28\.56\s*USD"))
        expect(bucket).to_contain_text("1-30 days · 1 account")
        rows = cpage.locator("#collections-accounts tbody tr")
        expect(rows).to_have_count(1)  # acme and beta paid: only delta is open
        row = cpage.locator("#account-delta")
        expect(row).to_contain_text(re.compile(r"1-30 days\s*\(10 days\)"))
        expect(row).to_contain_text(re.compile(r"28\.56\s*USD"))
        expect(row).to_contain_text("Reminder (day 3)")  # no dunning run has reminded yet
        late.shot("month-12-collections")
        # Every column on a desktop screen: the table does not scroll sideways.
        table = cpage.locator("#collections-accounts .table-container")
        assert table.evaluate("e => e.scrollWidth <= e.clientWidth"), table.evaluate(
            "e => [e.scrollWidth, e.clientWidth]"
        )
        bucket.click()
        cpage.wait_for_url(re.compile(r"\?bucket=days_1_30$"))
        expect(cpage.locator("#account-delta")).to_have_count(1)
        # Chase now: the reminder goes out through the outbox to delta's contact.
        row.get_by_role("checkbox").check()
        with cpage.expect_navigation():
            cpage.get_by_role("button", name="Send reminder now").click()
        expect(cpage.locator(".flash-success").first).to_be_visible()
        late.shot("month-13-reminder-sent")
        subject = f"Telenet: invoice {delta_inv.number} is overdue (28.56 USD)"
        reminder = wait_for(lambda: [r for r in smtp.received if r.message["Subject"] == subject])
        assert len(reminder) == 1 and reminder[0].rcpt_tos == CONTACTS["delta"]

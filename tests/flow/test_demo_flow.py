"""The whole flow end to end (issue 7, point 6), and ``cambill demo-flow``.

The flow commits for real (transactional tests): Watcher pushes, webhook
deliveries and the card charge on issue run after commit, as in production.
"""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from standardwebhooks import Webhook

from cambill.clouds.models import Account, Cloud
from cambill.invoicing.models import Invoice
from cambill.payments import ledger as L
from cambill.payments.models import ChargeAttempt, DunningEvent, Payment
from cambill.referrals.models import CommissionEntry
from cambill.usage.models import UsageEvent, UsageRollup
from cambill.watcher.models import PushKind, WatcherConnection, WatcherPush
from cambill.webhooks.models import WebhookDelivery, WebhookEndpoint
from cambill_sandbox.flow.steps import SERIAL, DemoFlow
from tests.conftest import utc
from tests.payments.conftest import check_ledger

D = Decimal
pytestmark = pytest.mark.django_db(transaction=True)


def lines_of(inv: Invoice) -> list[tuple[str, Decimal, Decimal]]:
    """(kind, days for a tariff line or quantity for a metered one, amount)."""
    return [
        (x.kind, x.days if x.kind == "tariff" else x.quantity, x.amount)
        for x in inv.lines.order_by("position")
    ]


def test_the_whole_flow_with_exact_amounts() -> None:
    printed: list[str] = []
    flow = DemoFlow(out=printed.append)
    result = flow.run()
    assert len(printed) == len(result.steps) == 24
    cloud = Cloud.objects.get(slug=result.slug)
    account = Account.objects.get(cloud=cloud, code="northwind")
    # Signed up by the agent, attributed to it.
    assert account.referral_agent.code == "agent1"
    assert account.status == "active"

    # Usage: 3 polls in March (48 h + 24 h recorded), 1 in April (24 h); the poll writes
    # each sample into the hourly rollups, no raw event (decision 0025).
    samples = UsageRollup.objects.filter(
        cloud=cloud, camera__code=SERIAL, meter__code="watcher_recorded_hours"
    ).aggregate(n=Sum("count"))["n"]
    assert samples == 4
    assert not UsageEvent.objects.filter(cloud=cloud, subject=SERIAL).exists()
    assert (result.figures["march_hours"], result.figures["april_hours"]) == (72, 24)

    # March: TRAFFIC7 12.00 x 22/31 = 8.52; 72 h x 0.05 = 3.60; VAT 19 % of 12.12 = 2.30.
    march = Invoice.objects.get(cloud=cloud, kind="retail", period="2026-03")
    assert lines_of(march) == [
        ("tariff", D("22"), D("8.52")),
        ("metered", D("72"), D("3.60")),
    ]
    assert (march.net, march.tax, march.total, march.status) == (
        D("12.12"),
        D("2.30"),
        D("14.42"),
        "paid",
    )
    assert march.number == f"{cloud.invoice_prefix}2026-000001"
    # Wholesale: REC_DAY 154/31 x 0.30 = 1.49, LPR 22/31 x 4.00 = 2.84, less 10 %: 3.90.
    w_march = Invoice.objects.get(cloud=cloud, kind="wholesale", period="2026-03")
    assert (w_march.net, w_march.status) == (D("3.90"), "draft")

    # April: a full month 12.00 + 24 h x 0.05 = 1.20; VAT 2.51; due 15 days after issue.
    april = Invoice.objects.get(cloud=cloud, kind="retail", period="2026-04")
    assert lines_of(april) == [
        ("tariff", D("30"), D("12.00")),
        ("metered", D("24"), D("1.20")),
    ]
    assert (april.net, april.tax, april.total, april.status) == (
        D("13.20"),
        D("2.51"),
        D("15.71"),
        "paid",
    )
    assert april.due_at == utc(2026, 5, 16, 12)
    w_april = Invoice.objects.get(cloud=cloud, kind="wholesale", period="2026-04")
    assert w_april.net == D("5.49")  # 7 unit-months x 0.30 + 4.00 = 6.10, less 0.61

    # Card payments: March settled by the payment_intent.succeeded webhook, April by
    # the charge after suspension; both through the Stripe adapter, once each.
    payments = list(Payment.objects.filter(cloud=cloud).order_by("received_at"))
    assert [(p.method, p.amount, p.received_at) for p in payments] == [
        ("card", D("14.42"), utc(2026, 4, 1, 12, 5)),  # the webhook event's time
        ("card", D("15.71"), utc(2026, 6, 8, 15)),
    ]
    assert all(p.external_id == f"stripe:{p.reference}" for p in payments)
    assert [a.status for a in ChargeAttempt.objects.filter(invoice=march)] == ["succeeded"]
    april_attempts = ChargeAttempt.objects.filter(invoice=april).order_by("number")
    assert [(a.number, a.status) for a in april_attempts] == [
        (1, "failed"),
        (2, "failed"),
        (3, "failed"),
        (4, "succeeded"),
    ]
    assert [a.idempotency_key for a in april_attempts] == [
        f"cambill-invoice-{april.pk}-{n}" for n in (1, 2, 3, 4)
    ]

    # Commission on the paid nets: 10 % to the agent, 3 % to its parent.
    entries = CommissionEntry.objects.filter(cloud=cloud).order_by("period", "level")
    assert [(e.period, e.agent.code, e.amount) for e in entries] == [
        ("2026-03", "agent1", D("1.21")),
        ("2026-03", "master", D("0.36")),
        ("2026-04", "agent1", D("1.32")),
        ("2026-04", "master", D("0.40")),
    ]

    # Dunning: reminders (each with a card retry), suspension, resumption after payment.
    events = DunningEvent.objects.filter(account=account).order_by("id")
    assert [(e.kind, e.day) for e in events] == [
        ("reminder", 3),
        ("retry", 3),
        ("reminder", 10),
        ("retry", 10),
        ("suspended", 20),
        ("resumed", None),
    ]
    assert (
        result.figures["mails"]
        == [
            (
                f"billing@{cloud.slug}.example",
                f"{cloud.name}: invoice {april.number} is overdue (15.71 USD)",
            )
        ]
        * 2
    )

    # The fake Watcher, read over HTTP: disabled while suspended, enabled after payment;
    # the last account push sent disabled=false.
    assert result.figures["stream_after_suspension"] is True
    assert result.figures["stream_after_payment"] is False
    pushes = WatcherPush.objects.filter(cloud=cloud, kind=PushKind.ACCOUNT_STATE).order_by("id")
    assert [(p.status, p.payload["disabled"]) for p in pushes] == [
        ("done", False),  # the organization made at sign-up
        ("done", True),  # suspension
        ("done", False),  # resumption
    ]
    assert pushes.last().payload["streams"] == [SERIAL]

    # Outbound webhooks: every delivery succeeded, each signature checks out here too.
    endpoint = WebhookEndpoint.objects.get(cloud=cloud)
    deliveries = WebhookDelivery.objects.filter(cloud=cloud)
    assert deliveries.count() == len(flow.receiver.received) == 14
    assert set(deliveries.values_list("status", flat=True)) == {"succeeded"}
    for got in flow.receiver.received:
        # Verified by the Standard Webhooks library, as an integrator would.
        Webhook(endpoint.secret).verify(got.body, got.headers)
        assert got.valid and got.signature.startswith("v1,")
        assert got.payload["type"] == got.event_type
    types = [r.event_type for r in flow.receiver.received]
    for t in (
        "camera.tariff_changed",
        "invoice.issued",
        "bill_run.completed",
        "invoice.paid",
        "payment.succeeded",
        "payment.failed",
        "account.suspended",
        "account.resumed",
    ):
        assert t in types
    assert types.index("account.suspended") < types.index("account.resumed")

    # Ledger: every journal balances, balances match the documents, nothing owed.
    check_ledger(cloud)
    assert L.account_balance(account) == 0
    assert L.code_balance(cloud.pk, L.CASH) == D("30.13")
    # The servers are gone: nothing scheduled may call them any more.
    assert not WatcherConnection.objects.get(cloud=cloud).enabled
    endpoint.refresh_from_db()
    assert not endpoint.active


def test_demo_flow_command_prints_every_step_and_runs_again() -> None:
    out = StringIO()
    call_command("demo_flow", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    numbered = [line for line in lines if line[:3].strip().rstrip(".").isdigit()]
    assert [int(line.split(".")[0]) for line in numbered] == list(range(1, 25))
    assert numbered[1].startswith(" 2. agent signs up a subscriber: ")
    assert "TRAFFIC7 22 days 8.52 USD; 72 h metered 3.60 USD" in text
    assert "net 12.12 USD, VAT 2.30 USD, total 14.42 USD, due 2026-04-16" in text
    assert "payment_intent.succeeded" in text and "payment 14.42 USD recorded" in text
    assert "agent1 level 1 10 % of 12.12 USD = 1.21 USD" in text
    assert "total 15.71 USD, due 2026-05-16" in text
    assert "declined: Your card was declined." in text
    assert "disabled=true" in numbered[19] and "disabled=false" in numbered[21]
    assert "northwind owes 0.00 USD" in numbered[23]
    assert lines[-1].startswith("demo-flow passed: 24 steps; cloud flow-")
    # It runs again in a new cloud; --quiet prints only the last line.
    again = StringIO()
    call_command("demo_flow", "--quiet", stdout=again)
    assert again.getvalue().count("\n") == 1
    assert again.getvalue().startswith("demo-flow passed: 24 steps")
    assert Cloud.objects.filter(slug__startswith="flow-").count() == 2


@pytest.mark.django_db  # nothing to commit: refused before the first step
def test_demo_flow_command_refuses_an_existing_cloud() -> None:
    from cambill.clouds.services import cloud_create
    from cambill.core.access import SYSTEM

    cloud_create(actor=SYSTEM, slug="taken", name="Taken", currency="USD", timezone_name="UTC")
    with pytest.raises(CommandError, match="A cloud 'taken' exists already"):
        call_command("demo_flow", "--cloud-slug", "taken", stdout=StringIO())
    assert Cloud.objects.count() == 1

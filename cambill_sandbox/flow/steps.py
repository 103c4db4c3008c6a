"""The whole flow, from a camera bought to money taken from a card, as ordered steps.

``DemoFlow(...).run()`` creates its own uniquely named cloud (so it can run
repeatedly against the demo database without touching the demo's data), starts
three local servers in threads (the fake Flussonic Watcher, a fake Stripe API
the official SDK is pointed at, and a receiver of cambill's outbound webhooks)
and goes through the domain verbs and tasks in order, printing one line per
step with what happened and the figures. Every step checks its outcome and
raises :class:`FlowError` with a clear message when it is not what it should be.

Time is simulated: each verb and task gets an explicit ``now`` (March to June
2026); nothing sleeps. The fake Watcher's own clock is moved with ``advance``
so archives grow between polls, and the fake Stripe dates its objects with the
flow's clock. Work the domain does after commit (Watcher pushes, webhook
deliveries, the card charge on issue) runs in-process (Celery eager), and each
step also drains this cloud's outbox and due deliveries, so the flow does not
depend on a beat schedule.

Month 1 (March): an agent signs up a subscriber; a camera arrives through the
Flussonic Agent intake CSV, is attached and given a tariff with a metered extra;
the subscriber saves a card (SetupIntent); the fake Watcher records and three
polls ingest the usage; the bill run issues the invoice; the card is charged on
issue (Stripe answers ``processing``) and the ``payment_intent.succeeded``
webhook, signed as Stripe signs it, records the payment; outbound webhooks
arrive signed; the agents' commission appears.

Month 2 (April): the card is declined; dunning reminds by e-mail (day 3 and 10,
retrying the card), suspends on day 20 (the stream is disabled in the fake
Watcher, read back over HTTP), the card is charged successfully and the account
resumes (the stream is enabled again).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.test.utils import override_settings
from django.utils import timezone

from cambill.core.access import SYSTEM, Actor, actor_for
from cambill.core.errors import DomainError
from cambill.core.money import minor_units

MARCH, APRIL = "2026-03", "2026-04"
TZ = "America/Bogota"  # UTC-5 all year: local midnight is 05:00 UTC


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# The simulated calendar (UTC instants).
TARIFF_FROM = utc(2026, 3, 10, 5)  # 10 March 00:00 in Bogota: days 10-31 = 22 days
MARCH_POLLS = (  # (poll time, hours the fake Watcher records before it)
    (utc(2026, 3, 10, 17), 0),  # first sight: the baseline, no usage
    (utc(2026, 3, 12, 17), 48),
    (utc(2026, 3, 13, 17), 24),
)
MARCH_BILLED_AT = utc(2026, 4, 1, 12)
APRIL_POLL = (utc(2026, 4, 2, 17), 24)
APRIL_BILLED_AT = utc(2026, 5, 1, 12)  # due 15 days later: 16 May 12:00 UTC
DUNNING_RUNS = (utc(2026, 5, 19, 13), utc(2026, 5, 26, 13), utc(2026, 6, 5, 13))
PAID_AT = utc(2026, 6, 8, 15)
LAST_INSTANT = PAID_AT

# What the flow's cloud sells and pays.
TARIFF = "TRAFFIC7"
TARIFF_PRICE = "12.00"
HOUR_PRICE = "0.05"  # per recorded hour, the tariff's metered extra
SERVICE_PRICES = {"REC_DAY": "0.30", "LPR": "4.00"}  # the cloud's individual wholesale prices
LEVELS = {1: "10", 2: "3"}  # commission % of the net, agent and its parent
REMINDER_DAYS, SUSPEND_DAY = [3, 10], 20
SERIAL = "FA1-0001"
CSV_HEADER = (
    "agent_model,agent_serial,agent_id,agent_key,agent_pin,stream_url,substream_url,"
    "thumbnails,onvif_url,onvif_profile,ptz"
)


class FlowError(Exception):
    """A step did not end as it should; the message says which and why."""


@dataclass
class Step:
    number: int
    title: str
    line: str


@dataclass
class FlowResult:
    slug: str
    steps: list[Step] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


def money(amount: Any, currency: str) -> str:
    """``12.1200`` -> ``12.12 USD``: to the currency's minor unit."""
    d = Decimal(amount).quantize(Decimal(1).scaleb(-minor_units(currency)))
    return f"{d} {currency}"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise FlowError(message)


def new_slug() -> str:
    from cambill.clouds.models import Cloud

    while True:
        slug = f"flow-{secrets.token_hex(3)}"
        if not Cloud.objects.filter(slug=slug).exists():
            return slug


class DemoFlow:
    """One run of the flow. ``out`` gets each step's line as it completes."""

    def __init__(self, *, slug: str | None = None, out: Callable[[str], None] | None = None):
        self.slug = slug or new_slug()
        self.out = out or (lambda line: None)
        self.result = FlowResult(slug=self.slug)
        self.figures = self.result.figures
        self.now = TARIFF_FROM - timedelta(days=1)
        self._number = 0
        self.password = secrets.token_urlsafe(12)

    # -- plumbing ---------------------------------------------------------------

    def step(self, title: str, line: str) -> None:
        self._number += 1
        self.result.steps.append(Step(self._number, title, line))
        self.out(f"{self._number:>2}. {title}: {line}")

    def run(self) -> FlowResult:
        from cambill.clouds.models import Cloud

        if Cloud.objects.filter(slug=self.slug).exists():
            raise FlowError(
                f"A cloud '{self.slug}' exists already; demo-flow creates a new cloud on every "
                "run (leave out --cloud-slug to get a fresh name)."
            )
        if timezone.now() < LAST_INSTANT:
            raise FlowError(
                f"The flow simulates March to June 2026 and needs a clock past {LAST_INSTANT}."
            )
        with self._servers(), self._environment():
            try:
                self._month_one()
                self._month_two()
            finally:
                self._disconnect()
        return self.result

    @contextlib.contextmanager
    def _servers(self) -> Iterator[None]:
        from cambill_sandbox.fake_stripe import FakeStripe
        from cambill_sandbox.fake_watcher import FakeWatcher

        from .receiver import WebhookReceiver

        self.watcher_password = secrets.token_urlsafe(12)
        self.fake_watcher = FakeWatcher(username="billing", password=self.watcher_password)
        self.fake_stripe = FakeStripe()
        self.fake_stripe.clock = lambda: self.now.timestamp()
        self.hook_secret = f"whsec_{secrets.token_hex(16)}"
        self.receiver = WebhookReceiver(self.hook_secret)
        started: list[Any] = []
        try:
            for server in (self.fake_watcher, self.fake_stripe, self.receiver):
                server.start()
                started.append(server)
            yield
        finally:
            for server in reversed(started):
                with contextlib.suppress(Exception):
                    server.stop()

    @contextlib.contextmanager
    def _environment(self) -> Iterator[None]:
        """In-process tasks, the SDK pointed at the fake Stripe, mail kept to print it."""
        from cambill.celery import app

        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        # Celery's eager path still builds a broker producer and kombu warns that no
        # host was given; nothing is sent anywhere, so the warning is only noise here.
        kombu_log = logging.getLogger("kombu.connection")
        level = kombu_log.level
        kombu_log.setLevel(logging.ERROR)
        try:
            with override_settings(
                STRIPE_API_BASE=self.fake_stripe.base,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                CAMBILL_WATCHER_PUSH_ON_COMMIT=True,
            ):
                yield
        finally:
            app.conf.task_always_eager = eager
            kombu_log.setLevel(level)

    def at(self, instant: datetime) -> datetime:
        self.now = instant
        return instant

    def settle(self) -> None:
        """Send this cloud's due Watcher pushes and webhook deliveries now (the beat
        schedule would; after commit they normally went out already)."""
        from cambill.watcher.services.push import sync_push_process
        from cambill.webhooks.models import DeliveryStatus, WebhookDelivery
        from cambill.webhooks.services import webhook_deliver

        sync_push_process(cloud=self.cloud)
        for pk in WebhookDelivery.objects.filter(
            cloud=self.cloud, status=DeliveryStatus.PENDING
        ).values_list("pk", flat=True):
            webhook_deliver(pk, now=timezone.now())

    def stream(self) -> dict[str, Any]:
        """The camera's stream as the fake Watcher answers it over HTTP (admin API v3)."""
        from cambill.watcher.client import WatcherClient

        client = WatcherClient(self.fake_watcher.url, "billing", self.watcher_password)
        try:
            return dict(client.get_stream(SERIAL))
        finally:
            client.close()

    def m(self, amount: Any) -> str:
        return money(amount, "USD")

    # -- month 1 ----------------------------------------------------------------

    def _month_one(self) -> None:
        self.setup_cloud()
        self.agent_signs_up()
        self.intake_csv()
        self.attach_camera()
        self.give_tariff()
        self.save_card()
        self.record_and_poll()
        self.bill_month(MARCH, MARCH_BILLED_AT, card_works=True)
        self.stripe_webhook_succeeded()
        self.outbound_webhooks()
        self.commission(MARCH)
        self.ledger("ledger after March")

    def setup_cloud(self) -> None:
        from cambill.accounts.services import user_create
        from cambill.catalog.models import Service
        from cambill.catalog.services import (
            cloud_set_service_prices,
            service_create,
            tariff_create,
        )
        from cambill.clouds.services import cloud_create
        from cambill.payments.dunning import dunning_policy_set
        from cambill.payments.gateways import gateway_config_set
        from cambill.referrals.services import agent_create, referral_programme_set
        from cambill.usage.models import Meter
        from cambill.usage.services import tariff_metered_charge_set
        from cambill.watcher.services.connection import watcher_connection_set
        from cambill.watcher.sync import install_watcher_meters
        from cambill.webhooks.models import EVENT_TYPES
        from cambill.webhooks.services import webhook_endpoint_create

        # The provider's catalogue: the demo's services, created if this database lacks them.
        for code, name, preset in (
            ("REC_DAY", "1 day of continuous recording", {"dvr_days": 1}),
            ("LPR", "Plate recognition, 1 channel", {"vision_alg": "plates"}),
        ):
            if not Service.objects.filter(code=code).exists():
                service_create(
                    actor=SYSTEM,
                    code=code,
                    name=name,
                    preset_settings=preset,
                    prices=[{"currency": "USD", "amount": SERVICE_PRICES[code]}],
                )
        rec = Service.objects.get(code="REC_DAY")
        check(
            bool((rec.preset_settings or {}).get("dvr_days")),
            "Service REC_DAY has no dvr_days preset setting, so its cameras would not record.",
        )
        install_watcher_meters(actor=SYSTEM)
        prefix = f"{self.slug.upper()}-" if len(self.slug) < 20 else f"F{secrets.token_hex(4)}-"
        self.cloud = cloud_create(
            actor=SYSTEM,
            slug=self.slug,
            name=f"Demo flow {self.slug}",
            currency="USD",
            timezone_name=TZ,
            discount_percent=Decimal("10"),
            tax_percent=Decimal("19"),
            wholesale_tax_percent=Decimal("0"),
            auto_issue=True,
            invoice_prefix=prefix,
        )
        cloud_set_service_prices(
            actor=SYSTEM,
            cloud=self.cloud,
            prices=[{"service": c, "amount": a} for c, a in SERVICE_PRICES.items()],
        )
        self.admin_user = user_create(
            actor=SYSTEM,
            username=f"{self.slug}-admin",
            password=self.password,
            role="cloud_admin",
            cloud=self.cloud,
        )
        self.admin = actor_for(self.admin_user)
        self.tariff = tariff_create(
            actor=self.admin,
            cloud=self.cloud,
            code=TARIFF,
            name="Traffic 7 days + plates",
            price=TARIFF_PRICE,
            components=[{"service": "REC_DAY", "quantity": 7}, {"service": "LPR", "quantity": 1}],
        )
        self.meter = Meter.objects.get(code="watcher_recorded_hours")
        tariff_metered_charge_set(
            actor=self.admin,
            cloud=self.cloud,
            tariff=self.tariff,
            meter=self.meter,
            pricing={"kind": "per_unit", "unit_price": HOUR_PRICE},
            description="Recorded hours",
        )
        watcher_connection_set(
            actor=self.admin,
            cloud=self.cloud,
            base_url=self.fake_watcher.url,
            username="billing",
            password=self.watcher_password,
        )
        gateway_config_set(
            actor=self.admin,
            cloud=self.cloud,
            kind="stripe",
            secret_key=f"sk_test_{secrets.token_hex(8)}",
            webhook_secret=f"whsec_{secrets.token_hex(16)}",
            publishable_key=f"pk_test_{secrets.token_hex(8)}",
            auto_charge=True,
        )
        dunning_policy_set(
            actor=self.admin,
            cloud=self.cloud,
            reminder_days=REMINDER_DAYS,
            suspend_after_days=SUSPEND_DAY,
        )
        referral_programme_set(actor=self.admin, cloud=self.cloud, levels=LEVELS, base="paid")
        self.endpoint = webhook_endpoint_create(
            actor=self.admin,
            cloud=self.cloud,
            url=self.receiver.url,
            events=list(EVENT_TYPES),
            description="demo-flow receiver",
            secret=self.hook_secret,
        )
        self.master = agent_create(
            actor=self.admin, cloud=self.cloud, code="master", name="Master Agent"
        )
        self.agent = agent_create(
            actor=self.admin,
            cloud=self.cloud,
            code="agent1",
            name="Field Agent",
            parent=self.master,
        )
        self.agent_user = user_create(
            actor=self.admin,
            username=f"{self.slug}-agent",
            password=self.password,
            role="agent",
            cloud=self.cloud,
            agent=self.agent,
        )
        self.step(
            "cloud ready",
            f"{self.slug} (USD, {TZ}, VAT 19 %, wholesale discount 10 %, auto-issue); "
            f"tariff {TARIFF} {self.m(TARIFF_PRICE)}/camera-month + {self.m(HOUR_PRICE)}/recorded "
            f"hour; agents agent1 ({LEVELS[1]} %) under master ({LEVELS[2]} %); fake Watcher "
            f"{self.fake_watcher.url}, fake Stripe {self.fake_stripe.base}, webhooks to "
            f"{self.receiver.url}",
        )

    def agent_signs_up(self) -> None:
        from cambill.accounts.services import user_create
        from cambill.clouds.services import account_create
        from cambill.watcher.models import WatcherOrgLink

        agent_actor: Actor = actor_for(self.agent_user)
        self.account = account_create(
            actor=agent_actor,
            cloud=self.cloud,
            code="northwind",
            name=f"Northwind Parking ({self.slug})",
            email=f"billing@{self.slug}.example",
        )
        self.subscriber_user = user_create(
            actor=self.admin,
            username=f"{self.slug}-sub",
            password=self.password,
            role="subscriber",
            cloud=self.cloud,
            account=self.account,
        )
        self.settle()
        check(
            self.account.referral_agent_id == self.agent.pk,
            "The account is not attributed to the agent who created it.",
        )
        link = WatcherOrgLink.objects.filter(cloud=self.cloud, account=self.account).first()
        check(link is not None, "No Watcher organization was created for the new account.")
        assert link is not None
        self.org_id = link.org_id
        self.figures["org_id"] = link.org_id
        self.step(
            "agent signs up a subscriber",
            f"{self.agent_user.username} created account northwind, attributed to agent1; "
            f"Watcher organization #{link.org_id} created",
        )

    def intake_csv(self) -> None:
        from cambill.watcher.intake import agent_csv_upload
        from cambill.watcher.models import AgentDevice

        csv_text = (
            f"{CSV_HEADER}\n"
            f"FA-LPR-4MP,{SERIAL},agent-{self.slug},key-{secrets.token_hex(4)},1234,"
            f"rtsp://10.0.0.7/{SERIAL}/main,rtsp://10.0.0.7/{SERIAL}/sub,,,,no\n"
        )
        result = agent_csv_upload(actor=self.admin, cloud=self.cloud, data=csv_text)
        check(result.created == 1, f"The intake CSV created {result.created} devices, not 1.")
        self.device = AgentDevice.objects.get(cloud=self.cloud, serial=SERIAL)
        self.step(
            "camera arrives (Agent intake CSV)",
            f"1 device created, {SERIAL} waiting for an account (stream {self.device.stream_url})",
        )

    def attach_camera(self) -> None:
        from cambill.watcher.intake import agent_device_attach

        self.camera = agent_device_attach(
            actor=self.admin, device=self.device, account=self.account
        )
        self.settle()
        stream = self.stream()
        check(
            stream.get("organization_id") == self.org_id,
            f"The stream is in organization {stream.get('organization_id')}, not #{self.org_id}.",
        )
        self.step(
            "camera attached",
            f"camera {self.camera.code} in account northwind; stream {SERIAL} created in the "
            f"fake Watcher in organization #{self.org_id}",
        )

    def give_tariff(self) -> None:
        from cambill.clouds.services import camera_change_tariff
        from cambill.watcher.models import WatcherPresetLink

        camera_change_tariff(
            actor=self.admin, camera=self.camera, tariff=TARIFF, at=self.at(TARIFF_FROM)
        )
        self.settle()
        link = WatcherPresetLink.objects.get(cloud=self.cloud, tariff=self.tariff)
        stream = self.stream()
        check(
            stream.get("preset_id") == link.preset_id,
            f"The stream has preset {stream.get('preset_id')}, not the tariff's #{link.preset_id}.",
        )
        days = link.settings["dvr"]["expiration"] // 86400
        self.step(
            "tariff given",
            f"{TARIFF} from 2026-03-10 00:00 {TZ}; the stream got the non-adjustable preset "
            f"#{link.preset_id} ({days} days of archive)",
        )

    def save_card(self) -> None:
        from cambill.payments.gateways import card_setup_complete, card_setup_start

        subscriber = actor_for(self.subscriber_user)
        started = card_setup_start(actor=subscriber, account=self.account)
        pm = self.fake_stripe.complete_setup(started["setup_intent"])  # what Stripe.js does
        card = card_setup_complete(actor=subscriber, account=self.account)
        check(card.payment_method_id == pm, "The saved card is not the SetupIntent's.")
        self.step(
            "card saved",
            f"SetupIntent {started['setup_intent']} succeeded; card {pm} of customer "
            f"{card.customer_id} saved for off-session charges",
        )

    def poll(self, instant: datetime, hours: int) -> dict[str, Any]:
        from cambill.watcher.tasks import watcher_poll_cloud

        if hours:
            self.fake_watcher.advance(hours * 3600)
        result = watcher_poll_cloud(self.cloud.pk, self.at(instant).isoformat())
        if "error" in result:
            raise FlowError(f"The Watcher poll failed: {result['error']}")
        return dict(result)

    def recorded_hours(self, period: str) -> Decimal:
        from cambill.usage.aggregates import meter_aggregate_exact
        from cambill.usage.services import period_of

        got = meter_aggregate_exact(self.cloud, self.meter, period_of(self.cloud, period))
        value = got.get(SERIAL, 0)
        return Decimal(value.numerator) / Decimal(value.denominator) if value else Decimal(0)

    def record_and_poll(self) -> None:
        events = 0
        for instant, grown in MARCH_POLLS:
            events += int(self.poll(instant, grown)["events"])
        hours = self.recorded_hours(MARCH)
        self.figures["march_hours"] = hours
        check(hours == 72, f"{hours} recorded hours were ingested for March, not 72.")
        self.step(
            "Watcher records, the poll ingests",
            f"3 polls (10, 12, 13 March), {events} usage events; the archive grew 48 h + 24 h: "
            f"{hours:.2f} recorded hours for {SERIAL}",
        )

    def bill_month(self, period: str, instant: datetime, *, card_works: bool) -> None:
        from cambill.invoicing.models import Invoice, InvoiceKind
        from cambill.invoicing.services import bill_run_execute, bill_run_start
        from cambill.payments.models import ChargeAttempt

        self.fake_stripe.decline = not card_works
        self.fake_stripe.confirm_async = card_works  # a good card: settled by webhook
        run = bill_run_start(actor=SYSTEM, cloud=self.cloud, period=period, now=self.at(instant))
        run = bill_run_execute(run=run, now=instant)
        check(
            run.status == "completed", f"The bill run of {period} ended {run.status}: {run.error}"
        )
        self.settle()
        inv = Invoice.objects.get(cloud=self.cloud, kind=InvoiceKind.RETAIL, period=period)
        check(inv.status != "draft", f"The {period} invoice was not issued by the bill run.")
        lines = list(inv.lines.order_by("position"))
        parts = []
        for line in lines:
            if line.kind == "metered":
                parts.append(f"{line.quantity.normalize():f} h metered {self.m(line.amount)}")
            else:
                days = Decimal(line.days or 0).normalize()
                parts.append(f"{TARIFF} {days:f} days {self.m(line.amount)}")
        wholesale = Invoice.objects.get(cloud=self.cloud, kind=InvoiceKind.WHOLESALE, period=period)
        self.figures[period] = {
            "number": inv.number,
            "lines": [(x.kind, x.quantity, x.amount) for x in lines],
            "net": inv.net,
            "tax": inv.tax,
            "total": inv.total,
            "due_at": inv.due_at,
            "wholesale_net": wholesale.net,
        }
        assert inv.due_at is not None
        self.step(
            f"bill run {period}",
            f"invoice {inv.number} issued: {'; '.join(parts)}; net {self.m(inv.net)}, VAT "
            f"{self.m(inv.tax)}, total {self.m(inv.total)}, due {inv.due_at:%Y-%m-%d}; wholesale "
            f"draft to the provider net {self.m(wholesale.net)}",
        )
        attempt = ChargeAttempt.objects.filter(invoice=inv).order_by("number").first()
        check(attempt is not None, "The card was not charged when the invoice was issued.")
        assert attempt is not None
        self.invoice = inv
        self.attempt = attempt
        expected = "pending" if card_works else "failed"
        check(
            attempt.status == expected,
            f"The charge on issue is {attempt.status} ({attempt.error}), expected {expected}.",
        )
        outcome = (
            f"PaymentIntent {attempt.intent_id} processing"
            if card_works
            else f"declined: {attempt.error}"
        )
        self.step(
            "card charged on issue (Stripe adapter)",
            f"{self.m(attempt.amount)}, idempotency key {attempt.idempotency_key}: {outcome}",
        )

    def send_stripe_event(self, type_: str, obj: dict[str, Any]) -> dict[str, Any]:
        from cambill.payments.gateways import stripe_webhook_handle
        from cambill.payments.models import GatewayConfig
        from cambill_sandbox.fake_stripe import stripe_signature

        cfg = GatewayConfig.objects.get(cloud=self.cloud, kind="stripe")
        payload = self.fake_stripe.event(type_, obj)
        header = stripe_signature(cfg.webhook_secret, payload)
        return stripe_webhook_handle(payload.encode(), header)

    def stripe_webhook_succeeded(self) -> None:
        from cambill.payments.models import Payment

        self.at(MARCH_BILLED_AT + timedelta(minutes=5))
        obj = self.fake_stripe.succeed(self.attempt.intent_id)
        answer = self.send_stripe_event("payment_intent.succeeded", obj)
        self.settle()
        check(answer["status"] == "processed", f"The Stripe webhook was {answer['status']}.")
        self.invoice.refresh_from_db()
        payment = Payment.objects.get(cloud=self.cloud, external_id=f"stripe:{obj['id']}")
        check(self.invoice.status == "paid", f"The invoice is {self.invoice.status}, not paid.")
        check(payment.amount == self.invoice.total, "The payment is not the invoice's total.")
        self.figures["march_payment"] = payment.amount
        self.step(
            "Stripe webhook handled",
            f"payment_intent.succeeded {answer['event']} (signature verified): payment "
            f"{self.m(payment.amount)} recorded, invoice {self.invoice.number} paid",
        )

    def outbound_webhooks(self) -> None:
        got = self.receiver.received
        check(bool(got), "No outbound webhook reached the receiver.")
        bad = [r.event_type for r in got if not r.valid]
        check(not bad, f"Webhooks with an invalid signature: {bad}.")
        types = [r.event_type for r in got]
        for needed in ("camera.tariff_changed", "invoice.issued", "invoice.paid"):
            check(needed in types, f"No {needed} webhook was delivered.")
        check("payment.succeeded" in types, "No payment.succeeded webhook was delivered.")
        self.figures["webhooks"] = list(types)
        self.step(
            "outbound webhooks delivered",
            f"{len(got)} POSTs to the local receiver, every Standard Webhooks signature "
            f"valid: {', '.join(types)}",
        )

    def commission(self, period: str) -> None:
        from cambill.referrals.models import CommissionEntry

        entries = list(
            CommissionEntry.objects.filter(cloud=self.cloud, period=period).order_by("level")
        )
        check(len(entries) == 2, f"{len(entries)} commission entries for {period}, not 2.")
        self.figures[f"commission {period}"] = [(e.agent.code, e.level, e.amount) for e in entries]
        parts = [
            f"{e.agent.code} level {e.level} {e.rate.normalize():f} % of {self.m(e.base_amount)} "
            f"= {self.m(e.amount)}"
            for e in entries
        ]
        self.step(f"commission {period}", "; ".join(parts))

    def ledger(self, title: str) -> None:
        from cambill.payments import ledger as L
        from cambill.payments.models import LedgerEntry, LedgerLine

        totals = LedgerLine.objects.filter(cloud=self.cloud).aggregate(
            d=Sum("debit"), c=Sum("credit")
        )
        debits, credits = totals["d"] or Decimal(0), totals["c"] or Decimal(0)
        check(debits == credits, f"The ledger does not balance: {debits} != {credits}.")
        for entry in LedgerEntry.objects.filter(cloud=self.cloud):
            agg = entry.lines.aggregate(d=Sum("debit"), c=Sum("credit"))
            check(agg["d"] == agg["c"], f"Journal {entry.key} does not balance.")
        balance = L.account_balance(self.account)
        cash = L.code_balance(self.cloud.pk, L.CASH)
        self.figures[title] = {"debits": debits, "balance": balance, "cash": cash}
        journals = LedgerEntry.objects.filter(cloud=self.cloud).count()
        self.step(
            title,
            f"{journals} journals, debits = credits = {self.m(debits)}; cash received "
            f"{self.m(cash)}; northwind owes {self.m(balance)}",
        )

    # -- month 2 ----------------------------------------------------------------

    def _month_two(self) -> None:
        instant, hours = APRIL_POLL
        self.poll(instant, hours)
        hours_april = self.recorded_hours(APRIL)
        self.figures["april_hours"] = hours_april
        self.step(
            "April usage", f"the archive grew {hours} h: {hours_april:.2f} recorded hours ingested"
        )
        self.bill_month(APRIL, APRIL_BILLED_AT, card_works=False)
        self.stripe_webhook_failed()
        self.dunning_reminders()
        self.suspension()
        self.payment_and_resumption()
        self.commission(APRIL)
        self.ledger("ledger at the end")

    def stripe_webhook_failed(self) -> None:
        from cambill.payments.models import ChargeAttempt

        obj = self.fake_stripe.objects[self.attempt.intent_id]
        answer = self.send_stripe_event("payment_intent.payment_failed", obj)
        check(answer["status"] == "processed", f"The Stripe webhook was {answer['status']}.")
        failed = ChargeAttempt.objects.filter(invoice=self.invoice, status="failed").count()
        check(failed == 1, f"{failed} failed attempts recorded, not 1.")
        self.step(
            "Stripe webhook handled",
            f"payment_intent.payment_failed {answer['event']} (signature verified): the "
            "failure was recorded once; payment.failed sent to the webhook receiver",
        )

    def dunning(self, instant: datetime) -> tuple[dict[str, int], list[Any]]:
        from django.core import mail

        from cambill.payments.dunning import dunning_run

        before = len(getattr(mail, "outbox", []))
        stats = dunning_run(cloud=self.cloud, now=self.at(instant))
        self.settle()
        return stats, list(getattr(mail, "outbox", []))[before:]

    def dunning_reminders(self) -> None:
        from cambill.payments.models import ChargeAttempt

        self.figures["mails"] = []
        for day, instant in zip(REMINDER_DAYS, DUNNING_RUNS[:2], strict=True):
            stats, mails = self.dunning(instant)
            check(stats["reminders"] == 1, f"Day {day}: {stats['reminders']} reminders, not 1.")
            check(len(mails) == 1, f"Day {day}: {len(mails)} e-mails sent, not 1.")
            mail_ = mails[0]
            self.figures["mails"].append((mail_.to[0], mail_.subject))
            attempts = ChargeAttempt.objects.filter(invoice=self.invoice).order_by("number")
            last = attempts.last()
            assert last is not None
            self.step(
                f"dunning day {day}",
                f'reminder e-mailed to {mail_.to[0]}: "{mail_.subject}" '
                f"({first_line_with(mail_.body, 'USD', '$')}); card retried: attempt "
                f"{last.number} {last.status}",
            )

    def suspension(self) -> None:
        from cambill.clouds.models import Account

        stats, _ = self.dunning(DUNNING_RUNS[2])
        check(stats["suspended"] == 1, f"Day {SUSPEND_DAY}: nothing was suspended.")
        account = Account.objects.get(pk=self.account.pk)
        check(account.status == "suspended", f"The account is {account.status}, not suspended.")
        stream = self.stream()
        self.figures["stream_after_suspension"] = stream.get("disabled")
        check(stream.get("disabled") is True, "The stream is not disabled in the fake Watcher.")
        types = [r.event_type for r in self.receiver.received]
        check("account.suspended" in types, "No account.suspended webhook was delivered.")
        self.step(
            f"suspended on day {SUSPEND_DAY}",
            f"northwind suspended; GET /streams/{SERIAL} on the fake Watcher: disabled=true, "
            f"status {stream.get('stats', {}).get('status')}; account.suspended delivered",
        )

    def payment_and_resumption(self) -> None:
        from cambill.clouds.models import Account
        from cambill.payments.gateways import charge_invoice

        self.fake_stripe.decline = False
        self.fake_stripe.confirm_async = False
        attempt = charge_invoice(self.invoice, now=self.at(PAID_AT))
        self.settle()
        check(
            attempt is not None and attempt.status == "succeeded",
            f"The card charge after suspension is {attempt.status if attempt else 'skipped'}.",
        )
        assert attempt is not None
        self.invoice.refresh_from_db()
        check(self.invoice.status == "paid", f"The invoice is {self.invoice.status}, not paid.")
        self.figures["april_payment"] = attempt.amount
        self.step(
            "payment",
            f"the subscriber fixed the card; attempt {attempt.number} {attempt.status}: "
            f"{self.m(attempt.amount)} recorded, invoice {self.invoice.number} paid",
        )
        account = Account.objects.get(pk=self.account.pk)
        check(account.status == "active", f"The account is {account.status}, not resumed.")
        stream = self.stream()
        self.figures["stream_after_payment"] = stream.get("disabled")
        check(stream.get("disabled") is False, "The stream is still disabled in the fake Watcher.")
        types = [r.event_type for r in self.receiver.received]
        check("account.resumed" in types, "No account.resumed webhook was delivered.")
        bad = [r.event_type for r in self.receiver.received if not r.valid]
        check(not bad, f"Webhooks with an invalid signature: {bad}.")
        self.figures["webhooks"] = types
        self.step(
            "resumed",
            f"northwind active; GET /streams/{SERIAL}: disabled=false, status "
            f"{stream.get('stats', {}).get('status')}; account.resumed delivered "
            f"({len(types)} webhooks in all, all signatures valid)",
        )

    def _disconnect(self) -> None:
        """The servers stop with the run: switch off what would call them later."""
        from cambill.watcher.services.connection import watcher_connection_set
        from cambill.webhooks.services import webhook_endpoint_update

        with contextlib.suppress(Exception):
            if getattr(self, "endpoint", None) is not None:
                webhook_endpoint_update(actor=self.admin, endpoint=self.endpoint, active=False)
        with contextlib.suppress(Exception):
            if getattr(self, "cloud", None) is not None:
                watcher_connection_set(actor=SYSTEM, cloud=self.cloud, enabled=False)


def first_line_with(text: str, *needles: str) -> str:
    for line in text.splitlines():
        if any(n in line for n in needles):
            return line.strip()
    return text.strip().splitlines()[0] if text.strip() else ""


def run_flow(*, slug: str | None = None, out: Callable[[str], None] | None = None) -> FlowResult:
    """Run the flow; a failure is a :class:`FlowError` naming the step and the cause."""
    flow = DemoFlow(slug=slug, out=out)
    try:
        return flow.run()
    except FlowError as exc:
        raise FlowError(f"step {flow._number + 1} failed: {exc}") from exc
    except DomainError as exc:
        raise FlowError(f"step {flow._number + 1} failed: {exc.code}: {exc.message}") from exc
    except Exception as exc:
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        raise FlowError(f"step {flow._number + 1} failed: {detail}") from exc


__all__ = ["DemoFlow", "FlowError", "FlowResult", "run_flow"]

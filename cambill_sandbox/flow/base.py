"""The flow's plumbing: its state, the step log, the local servers and the environment the
domain runs in (eager tasks, the SDK pointed at the fake Stripe, mail kept)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.test.utils import override_settings
from django.utils import timezone

if TYPE_CHECKING:
    from cambill.accounts.models import User
    from cambill.clouds.models import Account, Cloud
    from cambill.core.access import Actor
    from cambill.invoicing.models import Invoice
    from cambill.payments.models import ChargeAttempt
    from cambill.usage.models import Meter
    from cambill.webhooks.models import WebhookEndpoint

from .common import SERIAL, TARIFF_FROM, FlowResult, Step, money, new_slug


class FlowBase:
    """State and plumbing shared by the flow's steps.

    What one group of steps creates and later ones use, set as the steps run:
    """

    cloud: Cloud
    admin: Actor
    meter: Meter
    endpoint: WebhookEndpoint
    account: Account
    subscriber_user: User
    invoice: Invoice
    attempt: ChargeAttempt

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
        from cambill_sandbox.eager import eager_tasks

        with (
            eager_tasks(),
            override_settings(
                STRIPE_API_BASE=self.fake_stripe.base,
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                CAMBILL_WATCHER_PUSH_ON_COMMIT=True,
            ),
        ):
            yield

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

    def send_stripe_event(self, type_: str, obj: dict[str, Any]) -> dict[str, Any]:
        from cambill.payments.gateways.stripe_webhooks import stripe_webhook_handle
        from cambill.payments.models import GatewayConfig
        from cambill_sandbox.fake_stripe import stripe_signature

        cfg = GatewayConfig.objects.get(cloud=self.cloud, kind="stripe")
        payload = self.fake_stripe.event(type_, obj)
        header = stripe_signature(cfg.webhook_secret, payload)
        return stripe_webhook_handle(payload.encode(), header)

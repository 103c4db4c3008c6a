"""The world the flow bills: the cloud and its catalogue, the agents, the subscriber, the
camera from the intake CSV and its tariff."""

from __future__ import annotations

import secrets
from decimal import Decimal

from cambill.core.access import SYSTEM, Actor, actor_for

from .base import FlowBase
from .common import (
    CSV_HEADER,
    HOUR_PRICE,
    LEVELS,
    REMINDER_DAYS,
    SERIAL,
    SERVICE_PRICES,
    SUSPEND_DAY,
    TARIFF,
    TARIFF_FROM,
    TARIFF_PRICE,
    TZ,
    check,
)


class WorldSteps(FlowBase):
    """Setting up the cloud, the people and the camera (month 1, before any usage)."""

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
        from cambill.payments.gateways.config import gateway_config_set
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

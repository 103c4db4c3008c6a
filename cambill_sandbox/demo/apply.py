"""Applying a plan: every write goes through the real services as ``SYSTEM``.

Events are applied in time order with the demo clock set to each event's
time, so each camera's history is written chronologically and the services'
own overlap checks pass. ``fast=True`` writes accounts, cameras and tariff
periods with ``bulk_create`` instead (the same rows, no per-row audit entries)
for benchmark-sized data; everything else still goes through the services.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from cambill.core.access import SYSTEM

from . import catalogue as cat
from . import names as N
from .clock import DemoClock
from .plan import AccountSpec, AgentSpec, CameraSpec, CloudSpec, Event, Plan, UserSpec

LIST_PRICES_FROM = date(2020, 1, 1)


class Builder:
    """Writes one plan into the database."""

    def __init__(self, plan: Plan, clock: DemoClock, *, fast: bool = False):
        self.plan = plan
        self.clock = clock
        self.fast = fast
        self.users: dict[str, Any] = {}
        self.clouds: dict[str, Any] = {}
        self.tariffs: dict[tuple[str, str], Any] = {}  # (cloud slug, code) -> plan
        self.provider_tariffs: dict[str, Any] = {}
        self.agents: dict[tuple[str, str], Any] = {}
        self.accounts: dict[tuple[str, str], Any] = {}
        self.cameras: dict[tuple[str, str], Any] = {}
        self.services: dict[str, Any] = {}
        # fast path: rows waiting for bulk_create, in creation order
        self._pending_accounts: list[Any] = []
        self._fast_cameras: list[Any] = []
        self._fast_periods: list[Any] = []
        self._open_period: dict[tuple[str, str], Any] = {}

    def run(self) -> None:
        for event in self.plan.events:
            self.clock.set(event.at)
            getattr(self, f"_on_{event.kind}")(event)
        if self.fast:
            self._flush_accounts()
            self._flush_cameras()

    # --- provider -------------------------------------------------------

    def _user(self, spec: UserSpec) -> Any:
        from cambill.accounts.services import user_create

        from .plan import PASSWORD

        slug = spec.cloud or ""
        user = user_create(
            actor=SYSTEM,
            username=spec.username,
            password=PASSWORD,
            role=spec.role,
            email=spec.email,
            cloud=self.clouds.get(slug),
            account=self.accounts.get((slug, spec.account)) if spec.account else None,
            agent=self.agents.get((slug, spec.agent)) if spec.agent else None,
            first_name=spec.first_name,
            last_name=spec.last_name,
            language=spec.language,
        )
        self.users[spec.username] = user
        return user

    def _on_provider(self, event: Event) -> None:
        from cambill.catalog.services import service_create, tariff_create

        for u in self.plan.provider_users:
            self._user(u)
        from .branding import brand_provider

        brand_provider()
        for s in cat.SERVICES:
            prices = [
                {
                    "currency": cur,
                    "amount": cat.nice_price(s.usd * fx, cur),
                    "valid_from": LIST_PRICES_FROM,
                }
                for cur, fx in N.FX.items()
            ]
            self.services[s.code] = service_create(
                actor=SYSTEM,
                code=s.code,
                name=s.name,
                kind=s.kind,
                unit=s.unit,
                preset_settings=dict(s.preset),
                prices=prices,
            )
        currencies: list[str] = []
        for c in self.plan.clouds:
            if c.currency not in currencies:
                currencies.append(c.currency)
        for t in cat.PROVIDER_TARIFFS:
            for cur in currencies:
                code = cat.provider_code(t.code, cur)
                self.provider_tariffs[code] = tariff_create(
                    actor=SYSTEM,
                    cloud=None,
                    code=code,
                    name=t.name,
                    currency=cur,
                    price=cat.nice_price(t.usd * N.FX[cur], cur),
                    components=[{"service": svc, "quantity": q} for svc, q in t.components],
                )

    def _on_price_change(self, event: Event) -> None:
        from cambill.catalog.models import ServicePrice
        from cambill.catalog.services import service_price_set

        _, valid_from, factor = event.obj
        svc = self.services["LPR"]
        for cur in N.FX:
            old = ServicePrice.objects.get(
                service=svc, currency=cur, valid_from=LIST_PRICES_FROM
            ).amount
            service_price_set(
                actor=SYSTEM,
                service=svc,
                currency=cur,
                amount=cat.nice_price(old * factor, cur),
                valid_from=valid_from,
            )

    # --- clouds ---------------------------------------------------------

    def _on_cloud(self, event: Event) -> None:
        from cambill.catalog.services import (
            cloud_set_allowed_tariffs,
            cloud_set_service_prices,
            tariff_create,
        )
        from cambill.clouds.services import cloud_create

        c: CloudSpec = event.obj
        cloud = cloud_create(
            actor=SYSTEM,
            slug=c.slug,
            name=c.name,
            currency=c.currency,
            timezone_name=c.tz,
            discount_percent=c.discount_percent,
            tax_percent=c.tax_percent,
            wholesale_tax_percent=c.wholesale_tax_percent,
            trial_until=c.trial_until,
            manager=self.users[c.manager],
            legal_name=c.legal_name,
            tax_id=c.tax_id,
            address=c.address,
        )
        # The demo's legal e-invoicing issuers (issue #19): the Mexican operator signs with
        # SAT's test CSD through the sandbox PAC, the Colombian one as the sandbox DIAN's
        # demo issuer; their legal data and certificates set as their admins would.
        country = {
            "azteca": "MX",
            "caribe": "CO",
            "brabant": "BE",
            "lumiere": "FR",
            "iberia": "ES",
        }.get(c.slug)
        if country:
            from cambill_sandbox.einvoice.legal_demo import setup_issuer

            cloud = setup_issuer(cloud, country=country)
            if country == "MX":
                # The provider e-invoices its Mexican cloud's wholesale invoices too
                # (SAT's test taxpayer and CSD at provider level; clouds abroad get
                # their wholesale PDF only, see cambill.einvoice.issuing.regime_for).
                setup_issuer(None, country="MX")
        self.clouds[c.slug] = cloud
        from .branding import brand_cloud

        brand_cloud(cloud, c)
        cloud_set_allowed_tariffs(
            actor=SYSTEM, cloud=cloud, tariffs=[self.provider_tariffs[t] for t in c.allowed]
        )
        cloud_set_service_prices(
            actor=SYSTEM,
            cloud=cloud,
            prices=[{"service": self.services[s], "amount": a} for s, a in c.service_prices],
        )
        for t in c.tariffs:
            self.tariffs[(c.slug, t.code)] = tariff_create(
                actor=SYSTEM,
                cloud=cloud,
                code=t.code,
                name=t.name,
                price=t.price,
                components=[{"service": self.services[s], "quantity": q} for s, q in t.components],
            )
        for code in c.allowed:
            self.tariffs[(c.slug, code)] = self.provider_tariffs[code]
        # Every demo cloud runs a three-level referral programme on issued
        # invoices, so agents see commission as soon as the demo bills.
        from cambill.referrals.services import referral_programme_set

        referral_programme_set(
            actor=SYSTEM, cloud=cloud, levels={1: "10", 2: "3", 3: "1"}, base="issued"
        )
        for u in c.staff:
            self._user(u)

    def _on_agent(self, event: Event) -> None:
        from cambill.referrals.services import agent_create

        a: AgentSpec = event.obj
        cloud = self.clouds[a.cloud]
        fields: dict[str, Any] = {"email": a.email, "rate_percent": a.rate_percent}
        if a.parent:
            fields["parent"] = self.agents[(a.cloud, a.parent)]
        self.agents[(a.cloud, a.code)] = agent_create(
            actor=SYSTEM, cloud=cloud, code=a.code, name=a.name, **fields
        )
        if a.user is not None:
            self._user(a.user)

    # --- accounts -------------------------------------------------------

    def _account_fields(self, a: AccountSpec) -> dict[str, Any]:
        return {
            "email": a.email,
            "account_manager": self.users[a.account_manager] if a.account_manager else None,
            "referral_agent": self.agents[(a.cloud, a.agent)] if a.agent else None,
            "trial_until": a.trial_until,
            "language": a.language,
            "legal_name": a.legal_name,
            "tax_id": a.tax_id,
            "address": a.address,
        }

    def _on_account(self, event: Event) -> None:
        a: AccountSpec = event.obj
        cloud = self.clouds[a.cloud]
        if self.fast:
            from cambill.clouds.models import Account

            obj = Account(
                cloud=cloud,
                code=a.code,
                name=a.name,
                created_at=event.at,
                **self._account_fields(a),
            )
            self._pending_accounts.append(obj)
            self.accounts[(a.cloud, a.code)] = obj
        else:
            from cambill.clouds.services import account_create

            self.accounts[(a.cloud, a.code)] = account_create(
                actor=SYSTEM, cloud=cloud, code=a.code, name=a.name, **self._account_fields(a)
            )
        if a.subscriber is not None:
            self._flush_accounts()
            self._user(a.subscriber)

    def _on_discount(self, event: Event) -> None:
        from zoneinfo import ZoneInfo

        from cambill.catalog.services import account_discount_create

        a: AccountSpec = event.obj
        assert a.discount is not None
        self._flush_accounts()
        tz = ZoneInfo(self.plan.cloud(a.cloud).tz)
        account = self.accounts[(a.cloud, a.code)]
        account_discount_create(
            actor=SYSTEM,
            account=account,
            kind="percent",
            value=a.discount[1],
            valid_from=event.at.astimezone(tz).date() + timedelta(days=1),
            description=a.discount[2],
        )

    def _on_suspend(self, event: Event) -> None:
        from cambill.clouds.services import account_suspend

        a: AccountSpec = event.obj
        self._flush_accounts()
        key = (a.cloud, a.code)
        # A dated fact of the account's suspension history (the demo clock is at it).
        account_suspend(actor=SYSTEM, account=self.accounts[key], reason="Closed for the season")
        self.accounts[key].refresh_from_db()

    def _flush_accounts(self) -> None:
        if not self._pending_accounts:
            return
        from cambill.clouds.models import Account

        Account.objects.bulk_create(self._pending_accounts, batch_size=500)
        self._pending_accounts = []

    # --- cameras --------------------------------------------------------

    def _on_camera(self, event: Event) -> None:
        cam: CameraSpec = event.obj
        key = (cam.cloud, cam.code)
        tariff = self.tariffs[(cam.cloud, cam.tariff)]
        account = self.accounts[(cam.cloud, cam.account)]
        if self.fast:
            self._fast_camera(cam, account, tariff, event.at)
            return
        from cambill.clouds.services import camera_add_tariff_period, camera_create

        camera = camera_create(
            actor=SYSTEM,
            cloud=self.clouds[cam.cloud],
            code=cam.code,
            title=cam.title,
            account=account,
            tariff=None if cam.imported else tariff,
            at=event.at,
        )
        if cam.imported:
            camera_add_tariff_period(
                actor=SYSTEM, camera=camera, tariff=tariff, valid_from=event.at, valid_to=None
            )
        self.cameras[key] = camera

    def _on_change(self, event: Event) -> None:
        cam: CameraSpec = event.obj
        key = (cam.cloud, cam.code)
        tariff = self.tariffs[(cam.cloud, event.arg)]
        if self.fast:
            self._fast_cut(key, event.at, tariff=tariff)
            return
        from cambill.clouds.services import camera_change_tariff

        self.cameras[key] = camera_change_tariff(
            actor=SYSTEM, camera=self.cameras[key], tariff=tariff, at=event.at
        )

    def _on_move(self, event: Event) -> None:
        cam: CameraSpec = event.obj
        key = (cam.cloud, cam.code)
        account = self.accounts[(cam.cloud, event.arg)]
        if self.fast:
            self._fast_cut(key, event.at, account=account)
            return
        from cambill.clouds.services import camera_move

        self.cameras[key] = camera_move(
            actor=SYSTEM, camera=self.cameras[key], account=account, at=event.at
        )

    def _on_remove(self, event: Event, status: str = "removed") -> None:
        cam: CameraSpec = event.obj
        key = (cam.cloud, cam.code)
        if self.fast:
            self._fast_cut(key, event.at)
            self.cameras[key].status = status
            return
        from cambill.clouds.services import camera_change_tariff, camera_update

        camera = camera_change_tariff(
            actor=SYSTEM, camera=self.cameras[key], tariff=None, at=event.at
        )
        self.cameras[key] = camera_update(actor=SYSTEM, camera=camera, status=status)

    def _on_disable(self, event: Event) -> None:
        self._on_remove(event, status="disabled")

    # --- fast path: the rows the services would write ------------------

    def _fast_camera(self, cam: CameraSpec, account: Any, tariff: Any, at: datetime) -> None:
        from cambill.clouds.models import Camera, CameraTariffPeriod

        key = (cam.cloud, cam.code)
        camera = Camera(
            cloud=self.clouds[cam.cloud],
            code=cam.code,
            title=cam.title,
            account=account,
            created_at=at,
        )
        self.cameras[key] = camera
        self._fast_cameras.append(camera)
        period = CameraTariffPeriod(
            cloud=camera.cloud, camera=camera, account=account, tariff=tariff, valid_from=at
        )
        self._fast_periods.append(period)
        self._open_period[key] = period

    def _fast_cut(
        self, key: tuple[str, str], at: datetime, *, tariff: Any = None, account: Any = None
    ) -> None:
        """Close the open period at ``at``; open the next one with the new tariff
        (a change) or the same tariff for the new account (a move)."""
        from cambill.clouds.models import CameraTariffPeriod

        camera = self.cameras[key]
        open_ = self._open_period.pop(key)
        open_.valid_to = at
        if account is not None:
            camera.account = account
            tariff = open_.tariff
        if tariff is not None:
            period = CameraTariffPeriod(
                cloud=camera.cloud,
                camera=camera,
                account=camera.account,
                tariff=tariff,
                valid_from=at,
            )
            self._fast_periods.append(period)
            self._open_period[key] = period

    def _flush_cameras(self) -> None:
        from cambill.clouds.models import Camera, CameraTariffPeriod

        Camera.objects.bulk_create(self._fast_cameras, batch_size=500)
        for p in self._fast_periods:
            p.camera_id = p.camera.pk
            p.account_id = p.account.pk
        CameraTariffPeriod.objects.bulk_create(self._fast_periods, batch_size=500)
        self._fast_cameras, self._fast_periods = [], []

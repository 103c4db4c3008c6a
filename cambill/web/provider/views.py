"""Provider pages: services and prices, provider tariffs, clouds and their
terms, provider staff, the audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import Role
from cambill.accounts.selectors import cloud_user_list, staff_list
from cambill.accounts.services import user_create
from cambill.catalog.selectors import (
    allowed_tariffs,
    cloud_service_prices,
    provider_tariff_list,
    service_get,
    service_list,
    tariff_list,
)
from cambill.catalog.services import (
    cloud_set_allowed_tariffs,
    cloud_set_service_prices,
    service_create,
    service_price_set,
    service_update,
)
from cambill.clouds.selectors import account_list, camera_list, cloud_list
from cambill.clouds.services import cloud_billing_settings_update, cloud_create, cloud_update
from cambill.core.errors import NotFound
from cambill.core.permissions import require
from cambill.core.selectors import audit_list
from cambill.referrals.selectors import agent_list
from cambill.web.accounts.tables import AccountTable
from cambill.web.core.pages import (
    CloudDetailPage,
    CloudFormPage,
    DetailPage,
    ListPage,
    ProviderFormPage,
)
from cambill.web.people.filters import UserFilter
from cambill.web.people.forms import UserForm
from cambill.web.people.tables import UserTable
from cambill.web.provider.filters import AuditFilter, CloudFilter, ServiceFilter
from cambill.web.provider.forms import (
    BILLING_SETTING_FIELDS,
    AllowedTariffsForm,
    BillingSettingsForm,
    CloudForm,
    ServiceForm,
    ServicePriceForm,
    ServicePricesForm,
)
from cambill.web.provider.tables import AuditTable, CloudTable, ServiceTable, StaffTable
from cambill.web.tariffs.filters import TariffFilter
from cambill.web.tariffs.tables import TariffTable
from cambill.web.tariffs.views.pages import TariffFormMixin

# --- services -------------------------------------------------------------


class ServiceListView(ListPage):
    action = "service.view"
    title = _("Services")
    table_class = ServiceTable
    filterset_class = ServiceFilter

    def rows(self) -> Any:
        return service_list(actor=self.actor)

    def get_actions(self) -> Any:
        return [
            self.button(_("New service"), reverse("web:service_create"), "service.manage"),
            self.button(_("New metered service"), reverse("web:service_metered"), "service.manage"),
        ]


class ServiceMixin:
    def resolve(self, **kwargs: Any) -> None:
        self.object = service_get(actor=self.actor, code=kwargs["code"])  # type: ignore[attr-defined]

    def get_title(self) -> Any:
        return f"{self.object.code} - {self.object.name}"  # type: ignore[attr-defined]

    def get_success_url(self) -> str:
        return reverse("web:service_detail", args=[self.object.code])  # type: ignore[attr-defined]

    def default_cancel_url(self) -> str:
        return reverse("web:service_detail", args=[self.object.code])  # type: ignore[attr-defined]


class ServiceDetailView(ServiceMixin, DetailPage):
    action = "service.view"
    template_name = "web/service_detail.html"

    def get_actions(self) -> Any:
        code = self.object.code
        # A metered service is priced by pricing models (usage pages).
        price = "web:service_metered_price" if self.metered() else "web:service_price"
        return [
            self.button(_("Edit"), reverse("web:service_edit", args=[code]), "service.manage"),
            self.button(_("Set a price"), reverse(price, args=[code]), "service.manage"),
        ]

    def metered(self) -> dict[str, Any] | None:
        from cambill.usage.selectors import metered_pricing_of

        return metered_pricing_of([self.object]).get(self.object.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["service"] = self.object
        ctx["prices"] = self.object.prices.order_by("currency", "-valid_from")
        ctx["metered"] = self.metered()
        return ctx


class ServiceCreateView(ProviderFormPage):
    action = "service.manage"
    title = _("New service")
    form_class = ServiceForm
    success_message = _("Service created.")
    cancel_url = reverse_lazy("web:service_list")

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return service_create(
            actor=self.actor,
            code=d["code"],
            name=d["name"],
            kind=d["kind"],
            unit=d["unit"],
            preset_settings=d["preset_settings"],
            prices=form.prices(),
            billed_while_suspended=d.get("billed_while_suspended", False),
            sat_product_code=d.get("sat_product_code"),
            sat_unit_code=d.get("sat_unit_code"),
        )

    def get_success_url(self) -> str:
        return reverse("web:service_detail", args=[self.object.code])


class ServiceEditView(ServiceMixin, ProviderFormPage):
    action = "service.manage"
    form_class = ServiceForm
    success_message = _("Service saved.")

    def get_initial(self) -> dict[str, Any]:
        s = self.object
        return {
            "code": s.code,
            "name": s.name,
            "kind": s.kind,
            "unit": s.unit,
            "preset_settings": s.preset_settings,
            "active": s.active,
            "billed_while_suspended": s.billed_while_suspended,
            "sat_product_code": s.sat_product_code,
            "sat_unit_code": s.sat_unit_code,
        }

    def perform(self, form: Any) -> Any:
        return service_update(actor=self.actor, service=self.object, **form.cleaned_data)


class ServicePriceView(ServiceMixin, ProviderFormPage):
    action = "service.manage"
    form_class = ServicePriceForm
    success_message = _("Price set.")

    def get_title(self) -> Any:
        return _("Set a price of %(code)s") % {"code": self.object.code}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        service_price_set(
            actor=self.actor,
            service=self.object,
            currency=d["currency"].strip().upper(),
            amount=d["amount"],
            valid_from=d["valid_from"],
        )


# --- provider tariffs -------------------------------------------------------


class ProviderTariffListView(ListPage):
    action = "service.view"
    title = _("Provider tariffs")
    table_class = TariffTable
    filterset_class = TariffFilter

    def rows(self) -> Any:
        return provider_tariff_list(actor=self.actor)

    def get_actions(self) -> Any:
        if self.actor.role != Role.PROVIDER_ADMIN:
            return []
        return [self.button(_("New provider tariff"), reverse("web:provider_tariff_create"))]


class ProviderTariffCreateView(TariffFormMixin, ProviderFormPage):
    action = "tariff.manage"
    provider_only = True
    title = _("New provider tariff")
    cancel_url = reverse_lazy("web:provider_tariff_list")


class ProviderTariffEditView(TariffFormMixin, ProviderFormPage):
    action = "tariff.manage"
    provider_only = True

    def resolve(self, **kwargs: Any) -> None:
        self.object = provider_tariff_list(actor=self.actor).filter(code=kwargs["code"]).first()
        if self.object is None:
            raise NotFound("tariff")


# --- clouds -----------------------------------------------------------------


class CloudListView(ListPage):
    action = "cloud.view"
    title = _("Clouds")
    table_class = CloudTable
    filterset_class = CloudFilter

    def rows(self) -> Any:
        return cloud_list(actor=self.actor).annotate(n_accounts=Count("accounts")).order_by("slug")

    def get_actions(self) -> Any:
        return [self.button(_("New cloud"), reverse("web:cloud_create"), "cloud.create")]


class CloudCreateView(ProviderFormPage):
    action = "cloud.create"
    title = _("New cloud")
    form_class = CloudForm
    success_message = _("Cloud created.")
    cancel_url = reverse_lazy("web:cloud_list")

    def perform(self, form: Any) -> Any:
        d = form.verb_fields()
        return cloud_create(
            actor=self.actor,
            slug=form.cleaned_data["slug"],
            name=d.pop("name"),
            currency=d.pop("currency"),
            timezone_name=d.pop("timezone"),
            **d,
        )

    def get_success_url(self) -> str:
        return reverse("web:cloud_detail", args=[self.object.slug])


class CloudDetailView(CloudDetailPage):
    action = "cloud.view"
    template_name = "web/cloud_detail.html"
    preview = 10

    def get_title(self) -> Any:
        return self.cloud.name or self.cloud.slug

    def get_actions(self) -> Any:
        slug = self.cloud.slug
        return [
            self.button(_("Edit"), reverse("web:cloud_edit", args=[slug]), "cloud.edit"),
            self.button(
                _("Allowed tariffs"),
                reverse("web:cloud_allowed_tariffs", args=[slug]),
                "cloud.edit",
            ),
            self.button(
                _("Individual prices"),
                reverse("web:cloud_service_prices", args=[slug]),
                "cloud.edit",
            ),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from cambill.web.provider.first_steps import checklist

        ctx = super().get_context_data(**kwargs)
        a, c = self.actor, self.cloud
        ctx["first_steps"] = checklist(a, c)
        ctx["allowed_tariffs"] = allowed_tariffs(actor=a, cloud=c)
        ctx["service_prices"] = cloud_service_prices(actor=a, cloud=c)
        if a.can("tariff.view"):
            ctx["tariffs"] = TariffTable(
                tariff_list(actor=a, cloud=c), cloud=c, tz=self.tz, actor=a, orderable=False
            )
        if a.can("account.view"):
            accounts = (
                account_list(actor=a, cloud=c).annotate(n_cameras=Count("cameras")).order_by("code")
            )
            ctx["account_count"] = accounts.count()
            ctx["accounts"] = AccountTable(
                accounts[: self.preview], cloud=c, tz=self.tz, actor=a, orderable=False
            )
        if a.can("camera.view"):
            ctx["camera_count"] = camera_list(actor=a, cloud=c).count()
        if a.can("agent.view"):
            ctx["agent_count"] = agent_list(actor=a, cloud=c).count()
        if a.can("user.view"):
            users = cloud_user_list(actor=a, cloud=c).order_by("username")
            ctx["user_count"] = users.count()
            ctx["users"] = UserTable(
                users[: self.preview], cloud=c, tz=self.tz, actor=a, orderable=False
            )
        return ctx


class CloudEditView(CloudFormPage):
    action = "cloud.edit"
    form_class = CloudForm
    success_message = _("Cloud saved.")

    def get_title(self) -> Any:
        return _("Edit %(cloud)s") % {"cloud": self.cloud.slug}

    def get_initial(self) -> dict[str, Any]:
        c = self.cloud
        names = [n for n in CloudForm.base_fields if n != "slug"]
        return {**{n: getattr(c, n) for n in names}, "slug": c.slug}

    def perform(self, form: Any) -> Any:
        return cloud_update(actor=self.actor, cloud=self.cloud, **form.verb_fields())

    def get_success_url(self) -> str:
        return reverse("web:cloud_detail", args=[self.cloud.slug])

    default_cancel_url = get_success_url


class CloudBillingSettingsView(CloudFormPage):
    """The cloud's retail billing choices: its cloud admin's page (and the
    provider admin's, on the cloud)."""

    action = "cloud.billing_settings"
    form_class = BillingSettingsForm
    success_message = _("Billing settings saved.")
    submit_label = _("Save")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "cloud.billing_settings", self.cloud)

    def get_title(self) -> Any:
        return _("Billing settings of %(cloud)s") % {"cloud": self.cloud.name}

    def get_initial(self) -> dict[str, Any]:
        return {n: getattr(self.cloud, n) for n in BILLING_SETTING_FIELDS}

    def perform(self, form: Any) -> Any:
        return cloud_billing_settings_update(
            actor=self.actor, cloud=self.cloud, **form.verb_fields()
        )

    def get_success_url(self) -> str:
        return reverse("web:cloud_billing_settings", args=[self.cloud.slug])


class AllowedTariffsView(CloudFormPage):
    action = "cloud.edit"
    form_class = AllowedTariffsForm
    success_message = _("Allowed tariffs saved.")

    def get_title(self) -> Any:
        return _("Tariffs %(cloud)s may sell") % {"cloud": self.cloud.slug}

    def get_initial(self) -> dict[str, Any]:
        return {"allowed_tariffs": list(allowed_tariffs(actor=self.actor, cloud=self.cloud))}

    def perform(self, form: Any) -> Any:
        cloud_set_allowed_tariffs(
            actor=self.actor, cloud=self.cloud, tariffs=list(form.cleaned_data["allowed_tariffs"])
        )

    def get_success_url(self) -> str:
        return reverse("web:cloud_detail", args=[self.cloud.slug])

    default_cancel_url = get_success_url


class ServicePricesView(CloudFormPage):
    action = "cloud.edit"
    form_class = ServicePricesForm
    success_message = _("Individual prices saved.")

    def get_title(self) -> Any:
        return _("Individual prices of %(cloud)s") % {"cloud": self.cloud.slug}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for p in cloud_service_prices(actor=self.actor, cloud=self.cloud):
            initial.setdefault(f"svc_{p.service_id}", p.amount)  # newest first
        return initial

    def perform(self, form: Any) -> Any:
        cloud_set_service_prices(
            actor=self.actor,
            cloud=self.cloud,
            prices=form.prices(),
            valid_from=form.cleaned_data.get("valid_from"),
        )

    def get_success_url(self) -> str:
        return reverse("web:cloud_detail", args=[self.cloud.slug])

    default_cancel_url = get_success_url


# --- staff and audit ----------------------------------------------------------


class StaffListView(ListPage):
    action = "user.view"
    provider_only = True
    title = _("Provider staff")
    table_class = StaffTable
    filterset_class = UserFilter

    def rows(self) -> Any:
        return staff_list(actor=self.actor).order_by("username")

    def get_actions(self) -> Any:
        if self.actor.role != Role.PROVIDER_ADMIN:
            return []
        return [self.button(_("New staff user"), reverse("web:staff_create"))]


class StaffCreateView(ProviderFormPage):
    action = "user.manage"
    provider_only = True
    title = _("New staff user")
    form_class = UserForm
    success_message = _("User created.")
    cancel_url = reverse_lazy("web:staff_list")

    def perform(self, form: Any) -> Any:
        return user_create(actor=self.actor, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("web:staff_list")


class AuditListView(ListPage):
    action = "audit.view"
    title = _("Audit log")
    table_class = AuditTable
    filterset_class = AuditFilter

    def rows(self) -> Any:
        return audit_list(actor=self.actor)

"""Tariff plans: a cloud's own (and the provider tariffs it may sell), and the
form shared with provider tariffs (fields plus a ``service x quantity`` formset)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.catalog.selectors import tariff_get, tariff_list
from cambill.catalog.services import tariff_create, tariff_update
from cambill.core.errors import NotFound

from .. import filters, tables
from ..forms.provider import ComponentFormSet, TariffForm
from .base import CloudDetailPage, CloudFormPage, CloudListPage


class TariffFormMixin:
    """Create (``object`` None) or edit a tariff of ``cloud`` (None: the provider's)."""

    form_class: Any = TariffForm
    formset_class: Any = ComponentFormSet
    object: Any = None
    actor: Any
    # Set by perform(): by the time the message is read, ``object`` is the
    # new tariff, so it cannot tell a creation from an edit any more.
    created = False

    @property
    def tariff_cloud(self) -> Any:
        return getattr(self, "cloud", None)

    def get_title(self) -> Any:
        if self.object is None:
            return self.title  # type: ignore[attr-defined]
        return _("Edit tariff %(code)s") % {"code": self.object.code}

    @property
    def success_message(self) -> Any:  # type: ignore[override]
        return _("Tariff created.") if self.created else _("Tariff saved.")

    def get_initial(self) -> dict[str, Any]:
        t = self.object
        if t is None:
            return {}
        return {"code": t.code, "name": t.name, "price": t.price.normalize(), "active": t.active}

    def formset_kwargs(self) -> dict[str, Any]:
        initial = None
        if self.object is not None:
            initial = [
                {"service": c.service, "quantity": c.quantity.normalize()}
                for c in self.object.components.all()
            ]
        return {"actor": self.actor, "initial": initial}  # type: ignore[attr-defined]

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        components = self.get_formset().components()  # type: ignore[attr-defined]
        if self.object is None:
            self.created = True
            return tariff_create(
                actor=self.actor,
                cloud=self.tariff_cloud,
                code=d["code"],
                name=d["name"],  # type: ignore[attr-defined]
                price=d["price"],
                currency=(d.get("currency") or "").strip().upper() or None,
                components=components,
            )
        return tariff_update(
            actor=self.actor,
            tariff=self.object,
            name=d["name"],
            price=d["price"],  # type: ignore[attr-defined]
            active=d["active"],
            components=components,
        )

    def get_success_url(self) -> str:
        if self.tariff_cloud is None:
            return reverse("web:provider_tariff_list")
        return reverse("web:tariff_detail", args=[self.tariff_cloud.slug, self.object.code])

    def default_cancel_url(self) -> str:
        if self.tariff_cloud is None:
            return reverse("web:provider_tariff_list")
        if self.object is None:
            return reverse("web:tariff_list", args=[self.tariff_cloud.slug])
        return reverse("web:tariff_detail", args=[self.tariff_cloud.slug, self.object.code])


class TariffListView(CloudListPage):
    action = "tariff.view"
    title = _("Tariffs")
    table_class = tables.TariffTable
    filterset_class = filters.TariffFilter

    def rows(self) -> Any:
        return tariff_list(actor=self.actor, cloud=self.cloud)

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New tariff"),
                reverse("web:tariff_create", args=[self.cloud.slug]),
                "tariff.manage",
            )
        ]


class TariffDetailView(CloudDetailPage):
    action = "tariff.view"
    template_name = "web/tariff_detail.html"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = tariff_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])

    def get_title(self) -> Any:
        return f"{self.object.code} - {self.object.name}"

    def get_actions(self) -> Any:
        if self.object.cloud_id != self.cloud.pk:
            return []  # a provider tariff is edited by the provider
        return [
            self.button(
                _("Edit"),
                reverse("web:tariff_edit", args=[self.cloud.slug, self.object.code]),
                "tariff.manage",
            )
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["tariff"] = self.object
        ctx["components"] = self.object.components.all()
        return ctx


class TariffCreateView(TariffFormMixin, CloudFormPage):
    action = "tariff.manage"
    title = _("New tariff")


class TariffEditView(TariffFormMixin, CloudFormPage):
    action = "tariff.manage"

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        tariff = tariff_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])
        if tariff.cloud_id != self.cloud.pk:
            raise NotFound("tariff")  # provider tariffs are edited on the provider's page
        self.object = tariff

"""A cloud's subscriber accounts (with discounts) and cameras (with their
tariff history, tariff changes and moves between accounts)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from cambill.catalog.services import account_discount_create
from cambill.clouds.models import Camera, CameraTariffPeriod
from cambill.clouds.selectors import (
    account_get,
    account_list,
    camera_get,
    camera_history,
    camera_list,
)
from cambill.clouds.services import (
    account_create,
    account_update,
    camera_change_tariff,
    camera_create,
    camera_move,
    camera_update,
)

from .. import filters, tables
from ..forms.cloud import (
    AccountForm,
    CameraForm,
    CameraMoveForm,
    CameraTariffForm,
    DiscountForm,
)
from ..selectors import account_users
from .base import CloudDetailPage, CloudFormPage, CloudListPage


def with_current_tariff(cameras: QuerySet[Camera]) -> QuerySet[Camera]:
    """Annotate each camera with the code of the tariff it holds now."""
    now = timezone.now()
    holding = CameraTariffPeriod.objects.filter(camera=OuterRef("pk"), valid_from__lte=now).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=now)
    )
    return cameras.annotate(current_tariff=Subquery(holding.values("tariff__code")[:1]))


# --- accounts ---------------------------------------------------------------


class AccountListView(CloudListPage):
    action = "account.view"
    title = _("Accounts")
    table_class = tables.AccountTable
    filterset_class = filters.AccountFilter

    def rows(self) -> Any:
        return (
            account_list(actor=self.actor, cloud=self.cloud)
            .annotate(n_cameras=Count("cameras"))
            .order_by("code")
        )

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New account"),
                reverse("web:account_create", args=[self.cloud.slug]),
                "account.create",
            )
        ]


class AccountMixin:
    """Pages of one account: loaded through the scoped selector (else 404)."""

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = account_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])  # type: ignore[attr-defined]

    def account_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.object.code])  # type: ignore[attr-defined]

    def get_success_url(self) -> str:
        return self.account_url()

    def default_cancel_url(self) -> str:
        return self.account_url()


class AccountDetailView(AccountMixin, CloudDetailPage):
    action = "account.view"
    template_name = "web/account_detail.html"

    def get_title(self) -> Any:
        return f"{self.object.code} - {self.object.name}"

    def get_actions(self) -> Any:
        slug, code = self.cloud.slug, self.object.code
        return [
            self.button(_("Edit"), reverse("web:account_edit", args=[slug, code]), "account.edit"),
            self.button(
                _("New camera"),
                reverse("web:camera_create", args=[slug]) + f"?account={code}",
                "camera.manage",
            ),
            self.button(
                _("Add discount"), reverse("web:discount_create", args=[slug, code]), "account.edit"
            ),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        acc = self.object
        ctx["account"] = acc
        cameras = with_current_tariff(
            camera_list(actor=self.actor, cloud=self.cloud).filter(account=acc)
        )
        table = tables.CameraTable(
            cameras, cloud=self.cloud, tz=self.tz, actor=self.actor, exclude=("account",)
        )
        RequestConfig(self.request, paginate={"per_page": 25}).configure(table)
        ctx["cameras"] = table
        ctx["discounts"] = acc.discounts.all()
        ctx["users"] = account_users(account=acc)
        return ctx


class AccountCreateView(CloudFormPage):
    action = "account.create"
    title = _("New account")
    form_class = AccountForm
    success_message = _("Account created.")

    def perform(self, form: Any) -> Any:
        d = form.verb_fields()
        return account_create(
            actor=self.actor,
            cloud=self.cloud,
            code=form.cleaned_data["code"],
            name=d.pop("name"),
            **d,
        )

    def get_success_url(self) -> str:
        return reverse("web:account_detail", args=[self.cloud.slug, self.object.code])

    def default_cancel_url(self) -> str:
        return reverse("web:account_list", args=[self.cloud.slug])


class AccountEditView(AccountMixin, CloudFormPage):
    action = "account.edit"
    form_class = AccountForm
    success_message = _("Account saved.")

    def get_title(self) -> Any:
        return _("Edit account %(code)s") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        a = self.object
        return {n: getattr(a, n) for n in AccountForm.base_fields}

    def perform(self, form: Any) -> Any:
        return account_update(actor=self.actor, account=self.object, **form.verb_fields())


class DiscountCreateView(AccountMixin, CloudFormPage):
    action = "account.edit"
    form_class = DiscountForm
    success_message = _("Discount added.")

    def get_title(self) -> Any:
        return _("Discount for %(code)s") % {"code": self.object.code}

    def perform(self, form: Any) -> Any:
        account_discount_create(actor=self.actor, account=self.object, **form.cleaned_data)


# --- cameras ------------------------------------------------------------------


class CameraListView(CloudListPage):
    action = "camera.view"
    title = _("Cameras")
    table_class = tables.CameraTable
    filterset_class = filters.CameraFilter

    def rows(self) -> Any:
        return with_current_tariff(camera_list(actor=self.actor, cloud=self.cloud))

    def get_actions(self) -> Any:
        return [
            self.button(
                _("New camera"),
                reverse("web:camera_create", args=[self.cloud.slug]),
                "camera.manage",
            )
        ]


class CameraMixin:
    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.object = camera_get(actor=self.actor, cloud=self.cloud, code=kwargs["code"])  # type: ignore[attr-defined]

    def camera_url(self) -> str:
        return reverse("web:camera_detail", args=[self.cloud.slug, self.object.code])  # type: ignore[attr-defined]

    def get_success_url(self) -> str:
        return self.camera_url()

    def default_cancel_url(self) -> str:
        return self.camera_url()


class CameraDetailView(CameraMixin, CloudDetailPage):
    action = "camera.view"
    template_name = "web/camera_detail.html"

    def get_title(self) -> Any:
        return _("Camera %(code)s") % {"code": self.object.code}

    def get_actions(self) -> Any:
        slug, code = self.cloud.slug, self.object.code
        return [
            self.button(
                _("Change tariff"), reverse("web:camera_tariff", args=[slug, code]), "camera.manage"
            ),
            self.button(_("Move"), reverse("web:camera_move", args=[slug, code]), "camera.manage"),
            self.button(_("Edit"), reverse("web:camera_edit", args=[slug, code]), "camera.manage"),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["camera"] = self.object
        history = camera_history(camera=self.object).order_by("-valid_from")
        table = tables.HistoryTable(
            history, cloud=self.cloud, tz=self.tz, actor=self.actor, orderable=False
        )
        RequestConfig(self.request, paginate={"per_page": 50}).configure(table)
        ctx["history"] = table
        return ctx


class CameraCreateView(CloudFormPage):
    action = "camera.manage"
    title = _("New camera")
    form_class = CameraForm
    success_message = _("Camera created.")

    def get_initial(self) -> dict[str, Any]:
        code = self.request.GET.get("account")
        if not code:
            return {}
        acc = account_list(actor=self.actor, cloud=self.cloud).filter(code=code).first()
        return {"account": acc} if acc else {}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return camera_create(
            actor=self.actor,
            cloud=self.cloud,
            code=d["code"],
            title=d["title"],
            account=d["account"],
            tariff=d["tariff"],
            at=d["at"],
        )

    def get_success_url(self) -> str:
        return reverse("web:camera_detail", args=[self.cloud.slug, self.object.code])

    def default_cancel_url(self) -> str:
        return reverse("web:camera_list", args=[self.cloud.slug])


class CameraEditView(CameraMixin, CloudFormPage):
    action = "camera.manage"
    form_class = CameraForm
    success_message = _("Camera saved.")

    def get_title(self) -> Any:
        return _("Edit camera %(code)s") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        c = self.object
        return {"code": c.code, "title": c.title, "status": c.status}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return camera_update(
            actor=self.actor, camera=self.object, title=d["title"], status=d["status"]
        )


class CameraTariffView(CameraMixin, CloudFormPage):
    action = "camera.manage"
    form_class = CameraTariffForm
    success_message = _("Tariff changed.")

    def get_title(self) -> Any:
        return _("Change the tariff of %(code)s") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        return {"at": timezone.now().replace(second=0, microsecond=0)}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return camera_change_tariff(
            actor=self.actor, camera=self.object, tariff=d["tariff"], at=d["at"]
        )


class CameraMoveView(CameraMixin, CloudFormPage):
    action = "camera.manage"
    form_class = CameraMoveForm
    success_message = _("Camera moved.")

    def get_title(self) -> Any:
        return _("Move %(code)s to another account") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        return {"at": timezone.now().replace(second=0, microsecond=0)}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return camera_move(actor=self.actor, camera=self.object, account=d["account"], at=d["at"])

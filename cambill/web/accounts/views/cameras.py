"""A cloud's cameras: list, detail (tariff history and timeline), new, edit,
tariff change and move between accounts."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tables2 import RequestConfig

from cambill.clouds.selectors import (
    account_list,
    camera_get,
    camera_history_in_scope,
    camera_list,
    with_current_tariff,
)
from cambill.clouds.services import (
    camera_change_tariff,
    camera_create,
    camera_move,
    camera_update,
)
from cambill.core import clock
from cambill.web.accounts.filters import CameraFilter
from cambill.web.accounts.forms import (
    CameraForm,
    CameraMoveForm,
    CameraTariffForm,
)
from cambill.web.accounts.tables import CameraTable, HistoryTable
from cambill.web.accounts.views.timeline import build_timeline
from cambill.web.core.pages import CloudDetailPage, CloudFormPage, CloudListPage

# --- cameras ------------------------------------------------------------------


class CameraListView(CloudListPage):
    action = "camera.view"
    title = _("Cameras")
    table_class = CameraTable
    filterset_class = CameraFilter

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
            self.button(
                _("Change my tariff"),
                reverse("web:camera_self_service_tariff", args=[slug, code]),
                "camera.self_service",
            ),
        ]

    def history(self) -> QuerySet[Any]:
        """The camera's intervals the actor may see: a camera that moved
        between accounts shows a subscriber (or its manager, or agent) only
        the time it spent in accounts of theirs."""
        return camera_history_in_scope(actor=self.actor, camera=self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["camera"] = self.object
        history = self.history()
        periods = list(history)
        now = clock.now()
        ctx["timeline"] = build_timeline(periods, now=now, tz=ZoneInfo(self.cloud.timezone))
        ctx["current"] = next(
            (
                p
                for p in periods
                if p.valid_from <= now and (p.valid_to is None or p.valid_to > now)
            ),
            None,
        )
        ctx["tariff_url"] = (
            reverse("web:camera_tariff", args=[self.cloud.slug, self.object.code])
            if self.actor.can("camera.manage")
            else None
        )
        table = HistoryTable(
            history.order_by("-valid_from"),
            cloud=self.cloud,
            tz=self.tz,
            actor=self.actor,
            orderable=False,
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
        return {"at": clock.now().replace(second=0, microsecond=0)}

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
        return {"at": clock.now().replace(second=0, microsecond=0)}

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return camera_move(actor=self.actor, camera=self.object, account=d["account"], at=d["at"])

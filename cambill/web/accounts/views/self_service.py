"""The subscriber's own tariff change in its portal (issue #17, point 7): choose
one of the cloud's self-service tariffs, see what it changes on the next
invoices (the rating functions' preview), confirm; the change is pushed to
Watcher at once by the verb."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cambill.clouds.self_service import current_period, tariff_change_preview
from cambill.clouds.services import camera_self_service_change_tariff
from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode
from cambill.web.accounts.forms_self_service import SelfServiceTariffForm
from cambill.web.accounts.views.cameras import CameraMixin
from cambill.web.core.pages import CloudFormPage


class CameraSelfServiceTariffView(CameraMixin, CloudFormPage):
    action = "camera.self_service"
    form_class = SelfServiceTariffForm
    template_name = "web/self_service_tariff.html"
    success_message = _("Tariff changed. Your camera uses it from now on.")
    submit_label = _("Confirm the change")

    def get_title(self) -> Any:
        return _("Change the tariff of %(code)s") % {"code": self.object.code}

    def form_extra_kwargs(self) -> dict[str, Any]:
        return {**super().form_extra_kwargs(), "camera": self.object}

    def get_initial(self) -> dict[str, Any]:
        return {"tariff": self.request.GET.get("tariff", "")}  # type: ignore[attr-defined]

    def preview(self) -> dict[str, Any] | None:
        """The preview of the tariff named in the query, or None (nothing chosen,
        or a tariff the subscriber may not choose: the message says why)."""
        code = self.request.GET.get("tariff")  # type: ignore[attr-defined]
        if not code or self.request.method != "GET":  # type: ignore[attr-defined]
            return None
        try:
            return tariff_change_preview(actor=self.actor, camera=self.object, tariff=code)
        except DomainError as e:
            if e.code == ErrorCode.NOT_FOUND:
                raise
            return {"error": e.message}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        held = current_period(self.object, clock.now())
        ctx["camera"] = self.object
        ctx["current_tariff"] = held.tariff if held else None
        ctx["preview"] = self.preview()
        return ctx

    def perform(self, form: Any) -> Any:
        camera_self_service_change_tariff(
            actor=self.actor, camera=self.object, tariff=form.cleaned_data["tariff"]
        )
        return self.object

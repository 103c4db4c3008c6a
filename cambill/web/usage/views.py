"""Usage pages of a cloud: raw events (filterable) and the unmatched list.

Only the cloud's admin and accountant and provider staff read raw usage (the
selectors refuse others with 403); times are in the cloud's time zone.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from cambill.catalog.selectors import service_get
from cambill.core.errors import DomainError, NotFound
from cambill.core.permissions import require
from cambill.usage.late import late_usage_report, late_usage_settle
from cambill.usage.metering import (
    meter_check,
    meter_create,
    meter_draft,
    meter_update,
    metered_service_create,
    metered_service_update,
)
from cambill.usage.selectors import event_list, meter_get, meter_list, usage_cloud
from cambill.web.core.labels import tr
from cambill.web.core.pages import (
    ActorMixin,
    CloudFormPage,
    CloudListPage,
    CloudMixin,
    ListPage,
    ProviderFormPage,
)
from cambill.web.usage.filters import EventFilter
from cambill.web.usage.forms import (
    LateSettleForm,
    MeteredPriceForm,
    MeteredServiceForm,
    MeterForm,
)
from cambill.web.usage.tables import EventTable, LateItemTable, MeterTable


class UsageEventListView(CloudListPage):
    """``/clouds/<slug>/usage/``: the cloud's raw events, newest first."""

    title = _("Usage events")
    table_class = EventTable
    filterset_class = EventFilter
    unmatched = False
    quarantined: bool | None = None

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        usage_cloud(actor=self.actor, slug=self.cloud.slug)

    def rows(self) -> Any:
        return event_list(
            actor=self.actor,
            cloud=self.cloud,
            unmatched=self.unmatched,
            quarantined=self.quarantined,
        )

    def get_actions(self) -> Any:
        from django.urls import reverse

        slug = [self.cloud.slug]
        out = []
        if self.unmatched or self.quarantined:
            out.append(self.button(_("All events"), reverse("web:usage_events", args=slug)))
        if not self.unmatched:
            out.append(
                self.button(_("Unmatched events"), reverse("web:usage_unmatched", args=slug))
            )
        if not self.quarantined:
            out.append(
                self.button(_("Quarantined events"), reverse("web:usage_quarantine", args=slug))
            )
        out.append(self.button(_("Late usage"), reverse("web:usage_late", args=slug)))
        return out


class UnmatchedListView(UsageEventListView):
    """``/clouds/<slug>/usage/unmatched/``: events of cameras not known yet;
    they are counted as soon as the camera appears."""

    title = _("Unmatched usage events")
    unmatched = True


class QuarantineListView(UsageEventListView):
    """``/clouds/<slug>/usage/quarantine/``: events the rollup could not count,
    with the reason; they are skipped so the rest of the usage is billed."""

    title = _("Quarantined usage events")
    quarantined = True


# --- late usage ------------------------------------------------------------


class LateUsageView(CloudMixin, TemplateView):
    """``/clouds/<slug>/usage/late/``: late usage still to bill or settle.

    With the ``next_period`` policy the next bill run adds these as adjustment
    lines; with ``credit_note_report`` they wait here to be credited or
    charged by hand and marked settled.
    """

    template_name = "web/usage_late.html"
    title = _("Late usage")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        self.items = late_usage_report(actor=self.actor, cloud=self.cloud)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.urls import reverse

        ctx = super().get_context_data(**kwargs)
        ctx["table"] = LateItemTable(self.items, cloud=self.cloud, tz=self.tz, actor=self.actor)
        ctx["policy"] = tr(self.cloud.get_late_usage_policy_display())
        ctx["report_policy"] = self.cloud.late_usage_policy == "credit_note_report"
        ctx["events_url"] = reverse("web:usage_events", args=[self.cloud.slug]) + "?pending=true"
        return ctx

    def get_actions(self) -> Any:
        from django.urls import reverse

        if not self.items:
            return []
        return [
            self.button(
                _("Mark settled"),
                reverse("web:usage_late_settle", args=[self.cloud.slug]),
                "usage.settle",
            )
        ]


class LateUsageSettleView(CloudFormPage):
    """``/clouds/<slug>/usage/late/settle/``: record that a period's late usage
    was credited or charged by hand."""

    form_class = LateSettleForm
    title = _("Mark late usage settled")
    submit_label = _("Mark settled")
    success_message = _("Late usage marked settled.")

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        require(self.actor, "usage.settle")

    def perform(self, form: Any) -> Any:
        late_usage_settle(
            actor=self.actor,
            cloud=self.cloud,
            period=form.cleaned_data["period"],
            note=form.cleaned_data["note"],
        )

    def get_success_url(self) -> str:
        from django.urls import reverse

        return reverse("web:usage_late", args=[self.cloud.slug])

    def default_cancel_url(self) -> str | None:
        return self.get_success_url()


# --- the provider's meters (``/meters/``) ------------------------------------------


class MeterListView(ListPage):
    """``/meters/``: what each meter reads from the events and how it adds up."""

    action = "service.view"
    title = _("Meters")
    table_class = MeterTable

    def rows(self) -> Any:
        return meter_list(actor=self.actor)

    def get_actions(self) -> Any:
        return [self.button(_("New meter"), reverse("web:meter_create"), "usage.manage")]


METER_FORM = "web/meter_form.html"


class MeterFormMixin:
    """Create (``object`` None) or edit a meter, with the live check beside the form."""

    object: Any = None
    actor: Any
    request: HttpRequest

    def get_success_url(self) -> str:
        return reverse("web:meter_list")

    def default_cancel_url(self) -> str:
        return reverse("web:meter_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)  # type: ignore[misc]
        ctx["check_url"] = reverse("web:meter_check")
        data = self.request.POST if self.request.method == "POST" else None
        ctx.update(check_context(data, self.object))
        return ctx


class MeterCreateView(MeterFormMixin, ProviderFormPage):
    action = "usage.manage"
    template_name = METER_FORM
    form_class = MeterForm
    title = _("New meter")
    success_message = _("Meter created.")

    def perform(self, form: Any) -> Any:
        return meter_create(actor=self.actor, **form.definition())


class MeterEditView(MeterFormMixin, ProviderFormPage):
    action = "usage.manage"
    template_name = METER_FORM
    form_class = MeterForm
    success_message = _("Meter saved.")

    def resolve(self, **kwargs: Any) -> None:
        self.object = meter_get(actor=self.actor, code=kwargs["code"])

    def get_title(self) -> Any:
        return _("Edit meter %(code)s") % {"code": self.object.code}

    def get_initial(self) -> dict[str, Any]:
        m = self.object
        return {
            "code": m.code,
            "name": m.name,
            "unit": m.unit,
            "event_type": m.event_type,
            "aggregation": m.aggregation,
            "value_path": m.value_path,
            "unit_divisor": m.unit_divisor,
            "allow_negative": m.allow_negative,
        }

    def perform(self, form: Any) -> Any:
        return meter_update(actor=self.actor, meter=self.object, **form.definition())


def check_context(data: Any, meter: Any = None) -> dict[str, Any]:
    """What the check panel shows for the form as typed (``data``: its POST;
    None: the meter as saved, nothing pasted yet). Nothing is written."""
    if data is None:
        return {"check": None, "check_problem": ""}
    fields = {
        k: (data.get(k) or "").strip()
        for k in ("event_type", "aggregation", "value_path", "unit_divisor")
    }
    sample = (data.get("sample_event") or "").strip()
    if not sample:
        return {"check": None, "check_problem": ""}
    try:
        draft = meter_draft(
            event_type=fields["event_type"],
            aggregation=fields["aggregation"],
            value_path=fields["value_path"],
            unit_divisor=fields["unit_divisor"] or 1,
            allow_negative=data.get("allow_negative") in ("on", "true", "1"),
        )
    except DomainError as e:
        problems = [f"{k}: {m}" for k, ms in e.fields.items() for m in ms] or [e.message]
        return {"check": None, "check_problem": "; ".join(problems)}
    return {"check": meter_check(draft, sample), "check_problem": ""}


class MeterCheckView(ActorMixin, View):
    """POST (htmx, as the meter form changes): the check panel only. It reads
    the pasted event with the definition as typed, through ingestion's own
    validation and extraction; nothing is written."""

    action = "usage.manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "web/meter_check.html", check_context(request.POST))


# --- metered provider services (``/services/...``) ---------------------------------


class MeteredServiceCreateView(ProviderFormPage):
    """A provider service priced from a meter, with its first price."""

    action = "service.manage"
    title = _("New metered service")
    form_class = MeteredServiceForm
    success_message = _("Service created.")

    def default_cancel_url(self) -> str:
        return reverse("web:service_list")

    def perform(self, form: Any) -> Any:
        d = form.cleaned_data
        return metered_service_create(
            actor=self.actor,
            code=d["code"],
            name=d["name"],
            meter=d["meter"],
            unit=d.get("unit") or None,
            prices=[form.price()],
        )

    def get_success_url(self) -> str:
        return reverse("web:service_detail", args=[self.object.code])


class MeteredPriceView(ProviderFormPage):
    """Set a metered service's price in a currency from a date."""

    action = "service.manage"
    form_class = MeteredPriceForm
    success_message = _("Price set.")

    def resolve(self, **kwargs: Any) -> None:
        self.object = service_get(actor=self.actor, code=kwargs["code"])
        if self.object.kind != "metered":
            raise NotFound("service")

    def get_title(self) -> Any:
        return _("Set a price of %(code)s") % {"code": self.object.code}

    def default_cancel_url(self) -> str:
        return reverse("web:service_detail", args=[self.object.code])

    def get_success_url(self) -> str:
        return self.default_cancel_url()

    def perform(self, form: Any) -> Any:
        metered_service_update(actor=self.actor, service=self.object, prices=[form.price()])

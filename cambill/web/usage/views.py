"""Usage pages of a cloud: raw events (filterable) and the unmatched list.

Only the cloud's admin and accountant and provider staff read raw usage (the
selectors refuse others with 403); times are in the cloud's time zone.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.core.permissions import require
from cambill.usage.late import late_usage_report, late_usage_settle
from cambill.usage.selectors import event_list, usage_cloud
from cambill.web.core.labels import tr
from cambill.web.core.pages import CloudFormPage, CloudListPage, CloudMixin
from cambill.web.usage.filters import EventFilter
from cambill.web.usage.forms import LateSettleForm
from cambill.web.usage.tables import EventTable, LateItemTable


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

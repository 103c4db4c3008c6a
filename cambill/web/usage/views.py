"""Usage pages of a cloud: raw events (filterable) and the unmatched list.

Only the cloud's admin and accountant and provider staff read raw usage (the
selectors refuse others with 403); times are in the cloud's time zone.
"""

from __future__ import annotations

import json
from typing import Any

import django_filters as df
import django_tables2 as tables
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from cambill.core.permissions import require
from cambill.usage.late import late_usage_report, late_usage_settle
from cambill.usage.selectors import event_list, usage_cloud
from cambill.web.core.filters import ScopedFilterSet
from cambill.web.core.format import price_text, quantity_text
from cambill.web.core.forms import ActorForm
from cambill.web.core.labels import tr
from cambill.web.core.pages import CloudFormPage, CloudListPage, CloudMixin
from cambill.web.core.tables import BaseTable, money_value


class EventTable(BaseTable):
    """Raw CloudEvents as received: late ones and unmatched ones marked."""

    time = tables.Column(verbose_name=_("Time"))
    subject = tables.Column(verbose_name=_("Camera"))
    type = tables.Column(verbose_name=_("Type"))
    data = tables.Column(verbose_name=_("Data"), orderable=False)
    source = tables.Column(verbose_name=_("Source"))
    event_id = tables.Column(verbose_name=_("Event id"))
    late = tables.Column(verbose_name=_("Late"))
    billed_period = tables.Column(verbose_name=_("Late usage billed"), default="")
    received_at = tables.Column(verbose_name=_("Received"))
    quarantine_reason = tables.Column(verbose_name=_("Quarantined"), default="")

    class Meta(BaseTable.Meta):
        fields = (
            "time",
            "subject",
            "type",
            "data",
            "source",
            "event_id",
            "late",
            "billed_period",
            "received_at",
            "quarantine_reason",
        )
        empty_text = _("No usage events.")

    def render_time(self, value: Any) -> str:
        return self.when(value)

    def render_received_at(self, value: Any) -> str:
        return self.when(value)

    def render_subject(self, value: str, record: Any) -> str:
        if record.camera_id is None:
            return format_html('{} <span class="badge badge-off">{}</span>', value, _("unmatched"))
        return value

    def render_data(self, value: Any) -> str:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        return text if len(text) <= 120 else text[:117] + "..."

    def render_late(self, value: bool) -> str:
        if value:
            return format_html('<span class="badge badge-warn">{}</span>', _("late"))
        return ""

    def render_quarantine_reason(self, value: str, record: Any) -> str:
        if record.quarantined_at is None:
            return ""
        return format_html(
            '<span class="badge badge-warn">{}</span> {}', _("quarantined"), value or ""
        )

    def render_billed_period(self, value: str | None) -> str:
        if value == "manual":
            return str(_("settled by hand"))
        return value or ""


class EventFilter(ScopedFilterSet):
    subject = df.CharFilter(label=_("Camera"), field_name="subject", lookup_expr="exact")
    type = df.CharFilter(label=_("Type"), field_name="type", lookup_expr="exact")
    late = df.BooleanFilter(label=_("Late"), field_name="late")
    pending = df.BooleanFilter(
        label=_("Late, not yet billed"), method="filter_pending", widget=df.widgets.BooleanWidget
    )

    def filter_pending(self, queryset: Any, name: str, value: Any) -> Any:
        if value is None:
            return queryset
        pending = queryset.filter(late=True, billed_period__isnull=True)
        return pending if value else queryset.exclude(pk__in=pending.values("pk"))


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


class LateItemTable(BaseTable):
    """Late usage per period, account, camera and meter (retail) or metered
    service (wholesale): what Q's invoices billed, what Q's usage is worth now."""

    period = tables.Column(verbose_name=_("Period"), orderable=False)
    level = tables.Column(verbose_name=_("Invoice"), orderable=False)
    account_code = tables.Column(verbose_name=_("Account"), orderable=False)
    camera_code = tables.Column(verbose_name=_("Camera"), orderable=False)
    key = tables.Column(verbose_name=_("Meter or service"), orderable=False)
    late_events = tables.Column(verbose_name=_("Late events"), orderable=False)
    quantity = tables.Column(verbose_name=_("Quantity"), orderable=False)
    amount_billed = tables.Column(verbose_name=_("Billed"), orderable=False)
    amount_now = tables.Column(verbose_name=_("Worth now"), orderable=False)
    amount = tables.Column(verbose_name=_("To charge (credit if negative)"), orderable=False)

    class Meta(BaseTable.Meta):
        fields = (
            "period",
            "level",
            "account_code",
            "camera_code",
            "key",
            "late_events",
            "quantity",
            "amount_billed",
            "amount_now",
            "amount",
        )
        empty_text = _("No late usage waiting.")

    def render_level(self, value: str) -> str:
        return str(_("Retail") if value == "retail" else _("Wholesale"))

    def render_quantity(self, value: Any, record: Any) -> str:
        return f"{quantity_text(value)} {record.unit}"

    def render_amount_billed(self, value: Any, record: Any) -> str:
        return price_text(money_value(value, record.currency), record.currency)

    def render_amount_now(self, value: Any, record: Any) -> str:
        return price_text(money_value(value, record.currency), record.currency)

    def render_amount(self, value: Any, record: Any) -> str:
        return price_text(money_value(value, record.currency), record.currency)


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


class LateSettleForm(ActorForm):
    period = forms.ChoiceField(label=_("Period"))
    note = forms.CharField(
        label=_("How it was settled"),
        max_length=300,
        help_text=_("E.g. the number of the credit note or of the manual charge."),
    )

    def setup(self) -> None:
        periods = sorted(
            {it.period for it in late_usage_report(actor=self.actor, cloud=self.cloud)}
        )
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p, p) for p in periods]


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

"""Usage pages of a cloud: raw events (filterable) and the unmatched list.

Only the cloud's admin and accountant and provider staff read raw usage (the
selectors refuse others with 403); times are in the cloud's time zone.
"""

from __future__ import annotations

import json
from typing import Any

import django_filters as df
import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cambill.usage.selectors import event_list, usage_cloud

from .filters import ScopedFilterSet
from .tables import BaseTable
from .views.base import CloudListPage


class EventTable(BaseTable):
    """Raw CloudEvents as received: late ones and unmatched ones marked."""

    time = tables.Column(verbose_name=_("Time"))
    subject = tables.Column(verbose_name=_("Camera"))
    type = tables.Column(verbose_name=_("Type"))
    data = tables.Column(verbose_name=_("Data"), orderable=False)
    source = tables.Column(verbose_name=_("Source"))
    event_id = tables.Column(verbose_name=_("Event id"))
    late = tables.Column(verbose_name=_("Late"))
    received_at = tables.Column(verbose_name=_("Received"))

    class Meta(BaseTable.Meta):
        fields = ("time", "subject", "type", "data", "source", "event_id", "late", "received_at")
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


class EventFilter(ScopedFilterSet):
    subject = df.CharFilter(label=_("Camera"), field_name="subject", lookup_expr="exact")
    type = df.CharFilter(label=_("Type"), field_name="type", lookup_expr="exact")
    late = df.BooleanFilter(label=_("Late"), field_name="late")


class UsageEventListView(CloudListPage):
    """``/clouds/<slug>/usage/``: the cloud's raw events, newest first."""

    title = _("Usage events")
    table_class = EventTable
    filterset_class = EventFilter
    unmatched = False

    def resolve_in_cloud(self, **kwargs: Any) -> None:
        usage_cloud(actor=self.actor, slug=self.cloud.slug)

    def rows(self) -> Any:
        return event_list(actor=self.actor, cloud=self.cloud, unmatched=self.unmatched)

    def get_actions(self) -> Any:
        from django.urls import reverse

        other = "web:usage_events" if self.unmatched else "web:usage_unmatched"
        label = _("All events") if self.unmatched else _("Unmatched events")
        return [self.button(label, reverse(other, args=[self.cloud.slug]))]


class UnmatchedListView(UsageEventListView):
    """``/clouds/<slug>/usage/unmatched/``: events of cameras not known yet;
    they are counted as soon as the camera appears."""

    title = _("Unmatched usage events")
    unmatched = True

"""Tables of the provider's pages: services, clouds, staff, audit log."""

from __future__ import annotations

import json
from typing import Any

import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.core import clock
from cambill.core.audit_text import actor_name, audit_sentence
from cambill.core.display import person_name
from cambill.web.core.format import (
    current_prices,
    percent_text,
    price_text,
)
from cambill.web.core.tables import (
    ActiveColumn,
    BaseTable,
    StatusColumn,
    link,
    money_value,
)
from cambill.web.people.tables import UserTable


class ServiceTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    kind = tables.Column(verbose_name=_("Kind"))
    unit = tables.Column(verbose_name=_("Unit"))
    prices = tables.Column(verbose_name=_("List price today"), empty_values=(), orderable=False)
    active = ActiveColumn(verbose_name=_("Active"))

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "kind", "unit", "prices", "active")

    def render_code(self, value: str) -> str:
        return link(reverse("web:service_detail", args=[value]), value)

    def render_prices(self, record: Any) -> str:
        today = clock.now().date()
        return (
            ", ".join(price_text(a, c) for c, a in current_prices(record.prices.all(), today))
            or "—"
        )

    def value_prices(self, record: Any) -> str:
        """Prices in several currencies share the cell: "USD 0.30; EUR 0.28", plain numbers."""
        today = clock.now().date()
        return "; ".join(
            f"{c} {money_value(a, c):f}" for c, a in current_prices(record.prices.all(), today)
        )


class CloudTable(BaseTable):
    slug = tables.Column(verbose_name=_("Slug"))
    name = tables.Column(verbose_name=_("Name"))
    currency = tables.Column(verbose_name=_("Currency"))
    timezone = tables.Column(verbose_name=_("Time zone"))
    discount_percent = tables.Column(verbose_name=_("Discount"))
    manager = tables.Column(
        verbose_name=_("Manager"), accessor="manager__last_name", empty_values=()
    )
    accounts = tables.Column(verbose_name=_("Accounts"), accessor="n_accounts")
    status = StatusColumn(verbose_name=_("Status"))

    class Meta(BaseTable.Meta):
        fields = (
            "slug",
            "name",
            "currency",
            "timezone",
            "discount_percent",
            "manager",
            "accounts",
            "status",
        )

    def render_slug(self, value: str) -> str:
        return link(reverse("web:cloud_detail", args=[value]), value)

    def render_discount_percent(self, value: Any) -> str:
        return percent_text(value)

    def render_manager(self, record: Any) -> str:
        return person_name(record.manager) or "—"


class StaffTable(UserTable):
    class Meta(UserTable.Meta):
        exclude = ("account", "agent")


class AuditTable(BaseTable):
    """The audit log as sentences ("Maria Lopez issued invoice TELENET-2026-000190");
    exports keep the verb, the object's type and its representation as written."""

    at = tables.Column(verbose_name=_("When"))
    sentence = tables.Column(
        verbose_name=_("What happened"), empty_values=(), orderable=False, accessor="verb"
    )
    actor_repr = tables.Column(verbose_name=_("Who"), visible=False)
    verb = tables.Column(verbose_name=_("Verb"), visible=False)
    object_type = tables.Column(verbose_name=_("Object type"), visible=False)
    object_repr = tables.Column(verbose_name=_("Object"), visible=False)
    cloud = tables.Column(verbose_name=_("Cloud"), accessor="cloud__slug")
    changes = tables.Column(verbose_name=_("Before / after"), empty_values=(), orderable=False)
    export_extra = ("actor_repr", "verb", "object_type", "object_repr")

    class Meta(BaseTable.Meta):
        fields = (
            "at",
            "sentence",
            "actor_repr",
            "verb",
            "object_type",
            "object_repr",
            "cloud",
            "changes",
        )

    def render_at(self, value: Any) -> str:
        return self.when(value)

    def render_sentence(self, record: Any) -> str:
        return audit_sentence(record)

    def render_actor_repr(self, record: Any) -> str:
        return actor_name(record)

    def render_changes(self, record: Any) -> str:
        return render_to_string("web/includes/audit_changes.html", {"entry": record})

    def value_changes(self, record: Any) -> str | None:
        if record.before is None and record.after is None:
            return None
        return json.dumps(
            {"before": record.before, "after": record.after},
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )

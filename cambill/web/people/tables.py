"""Tables of a cloud's agents and users."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cambill.accounts.selectors import user_in_scope
from cambill.web.core.format import (
    percent_text,
)
from cambill.web.core.tables import (
    ActiveColumn,
    BaseTable,
    StatusColumn,
    link,
)


class AgentTable(BaseTable):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"))
    parent = tables.Column(verbose_name=_("Parent"), accessor="parent__name")
    rate_percent = tables.Column(verbose_name=_("Rate"))
    user = tables.Column(verbose_name=_("Login"), accessor="user__username")
    accounts = tables.Column(verbose_name=_("Accounts"), accessor="n_accounts")
    active = ActiveColumn(verbose_name=_("Active"))

    class Meta(BaseTable.Meta):
        fields = ("code", "name", "parent", "rate_percent", "user", "accounts", "active")

    def render_code(self, value: str, record: Any) -> str:
        return link(self.url("agent_edit", value), value) if self.can("agent.manage") else value

    def render_rate_percent(self, value: Any) -> str:
        return percent_text(value)


class UserTable(BaseTable):
    username = tables.Column(verbose_name=_("Username"))
    full_name = tables.Column(verbose_name=_("Name"), accessor="last_name", empty_values=())
    role = StatusColumn(verbose_name=_("Role"))
    account = tables.Column(verbose_name=_("Account"), accessor="membership__account__code")
    agent = tables.Column(verbose_name=_("Agent"), accessor="agent__code")
    is_active = ActiveColumn(verbose_name=_("Active"))
    last_login = tables.Column(verbose_name=_("Last login"))

    class Meta(BaseTable.Meta):
        fields = ("username", "full_name", "role", "account", "agent", "is_active", "last_login")

    def render_username(self, value: Any, record: Any) -> str:
        # The user's page (role, second factor, and the admin's two-factor reset).
        if self.actor is None or not user_in_scope(self.actor, record):
            return value
        return link(reverse("web:user_detail", args=[value]), value)

    def render_full_name(self, record: Any) -> str:
        return record.get_full_name() or "—"

    def render_last_login(self, value: Any) -> str:
        return self.when(value)

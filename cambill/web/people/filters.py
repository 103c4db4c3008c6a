"""Filters of a cloud's agents and users."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import Role
from cambill.web.core.filters import (
    ScopedFilterSet,
    search_filter,
    yes_no_filter,
)
from cambill.web.core.labels import tr_choices


class AgentFilter(ScopedFilterSet):
    q = search_filter("code", "name", "email")
    active = yes_no_filter(_("Active"))


class UserFilter(ScopedFilterSet):
    q = search_filter("username", "first_name", "last_name", "email")
    role = df.ChoiceFilter(label=_("Role"), empty_label=_("Any"), choices=tr_choices(Role.choices))
    is_active = yes_no_filter(_("Active"))

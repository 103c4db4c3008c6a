"""Filters of the tariff lists."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cambill.web.core.filters import (
    ScopedFilterSet,
    search_filter,
    yes_no_filter,
)


class TariffFilter(ScopedFilterSet):
    q = search_filter("code", "name")
    active = yes_no_filter(_("Active"))

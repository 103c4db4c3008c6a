"""Filters of the usage event lists."""

from __future__ import annotations

from typing import Any

import django_filters as df
from django.utils.translation import gettext_lazy as _

from cambill.web.core.filters import ScopedFilterSet


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

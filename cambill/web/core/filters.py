"""The base of every list page's filter (django-filter); each domain's ``filters.py``
builds on ``ScopedFilterSet``.

The queryset a filterset narrows is already the selector's, scoped to the
actor; choices offered here come from the same selectors, so a filter can
never reveal another tenant's codes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import (
    cloud_timezones,
)
from cambill.core.periods import local_midnight


def yes_no_filter(label: Any) -> df.BooleanFilter:
    """A yes/no filter whose empty choice reads "Any" (Django's default says "Unknown")."""
    return df.BooleanFilter(
        label=label,
        widget=forms.Select(choices=[("", _("Any")), ("true", _("yes")), ("false", _("no"))]),
    )


class ScopedFilterSet(df.FilterSet):
    def __init__(self, *args: Any, actor: Any = None, cloud: Any = None, **kwargs: Any) -> None:
        self.actor = actor
        self.cloud = cloud
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self) -> None:
        """Hook: fill choices from the actor's scope."""


def make_live(form: forms.Form, url: str) -> None:
    """Let each filter refresh the results as it changes (htmx), the search box
    after a pause in typing. The form around them says where results go."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.TextInput) and widget.attrs.get("type") == "search":
            trigger = "input changed delay:400ms, search"
        elif isinstance(widget, forms.TextInput):
            trigger = "input changed delay:600ms"
        else:
            trigger = "change"
        widget.attrs.update({"hx-get": url, "hx-trigger": trigger})


class NoFilter(ScopedFilterSet):
    pass


def date_filter(label: Any) -> df.DateFilter:
    """A calendar date (a local day of the cloud), filtered in ``filter_queryset``."""
    return df.DateFilter(
        label=label,
        method=lambda qs, name, value: qs,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def local_window(
    qs: QuerySet[Any],
    zone_of: str,
    first: date | None,
    last: date | None,
    condition: Callable[[datetime | None, datetime | None], Q],
) -> QuerySet[Any]:
    """Narrow ``qs`` to rows meeting ``condition(lo, hi)``, where ``[lo, hi)`` are
    the instants of the local days ``first``..``last`` (inclusive) in each row's
    cloud's zone (``zone_of``: the path to the cloud's ``timezone``). One cloud's
    list has one zone; a provider-wide list one condition per zone in use."""
    if first is None and last is None:
        return qs
    q = Q(pk__in=[])
    for name in cloud_timezones(qs):
        tz = ZoneInfo(name)
        lo = local_midnight(first, tz) if first is not None else None
        hi = local_midnight(last + timedelta(days=1), tz) if last is not None else None
        q |= Q(**{zone_of: name}) & condition(lo, hi)
    return qs.filter(q)


def search_filter(*fields: str) -> df.CharFilter:
    def apply(qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return qs
        q = Q()
        for f in fields:
            q |= Q(**{f"{f}__icontains": value})
        return qs.filter(q)

    return df.CharFilter(
        label=_("Search"),
        method=apply,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search…")}),
    )

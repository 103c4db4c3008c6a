"""Filters of the wholesale invoice list of a cloud."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cambill.core import clock
from cambill.invoicing.choices import InvoiceStatus
from cambill.web.core.filters import ScopedFilterSet, date_filter, local_window


def _open(qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return qs
    return qs.filter(open_amount__gt=0) if value else qs.exclude(open_amount__gt=0)


def _overdue(qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return qs
    late = Q(open_amount__gt=0, due__lt=clock.now())
    return qs.filter(late) if value else qs.exclude(late)


def _yes_no(label: Any, method: Any) -> df.BooleanFilter:
    return df.BooleanFilter(
        label=label,
        method=method,
        widget=forms.Select(choices=[("", _("Any")), ("true", _("yes")), ("false", _("no"))]),
    )


class WholesaleInvoiceFilter(ScopedFilterSet):
    """ "Open": issued with something left to pay; "overdue": open and past due."""

    period = df.CharFilter(
        label=_("Period"), widget=forms.TextInput(attrs={"placeholder": "2026-03"})
    )
    status = df.ChoiceFilter(label=_("Status"), choices=InvoiceStatus.choices)
    open = _yes_no(_("Open amount"), _open)
    overdue = _yes_no(_("Overdue"), _overdue)
    due_from = date_filter(_("Due from"))
    due_to = date_filter(_("Due to"))

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().filter_queryset(queryset)
        data = self.form.cleaned_data

        def due(lo: datetime | None, hi: datetime | None) -> Q:
            q = Q()
            if lo is not None:
                q &= Q(due_at__gte=lo)
            if hi is not None:
                q &= Q(due_at__lt=hi)
            return q

        return local_window(qs, "cloud__timezone", data.get("due_from"), data.get("due_to"), due)

"""Filters of the invoice lists (one cloud's and the provider-wide one)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cambill.clouds.selectors import (
    cloud_list,
)
from cambill.core import clock
from cambill.invoicing.choices import InvoiceKind, InvoiceStatus
from cambill.metrics.compute import AGE_BUCKETS, NOT_DUE
from cambill.web.core.filters import (
    ScopedFilterSet,
    date_filter,
    local_window,
    search_filter,
)

# --- invoices ----------------------------------------------------------------------

OVERDUE_ANY = "yes"


def overdue_choices() -> list[tuple[str, Any]]:
    return [
        (OVERDUE_ANY, _("Overdue (any age)")),
        (NOT_DUE, _("Open, not yet due")),
        ("0-30", _("0-30 days overdue")),
        ("31-60", _("31-60 days overdue")),
        ("61-90", _("61-90 days overdue")),
        ("90+", _("over 90 days overdue")),
    ]


def due_window(key: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The due instants ``(after, until]`` of an age bucket at ``now``: the
    exact inverse of :func:`cambill.metrics.compute.age_bucket` (``not_due``
    after now; else whole days past due, ``(now - due).days`` in ``[lo, hi]``),
    so a list filtered by a bucket holds the invoices the dashboard adds up."""
    if key == NOT_DUE:
        return now, None
    if key == OVERDUE_ANY:
        return None, now
    for k, lo, hi in AGE_BUCKETS:
        if k == key:
            after = now - timedelta(days=hi + 1) if hi is not None else None
            return after, now - timedelta(days=lo)
    raise ValueError(key)


def with_open_amount(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Issued invoices with something open, annotated ``open_amount`` and
    ``due`` exactly as the dashboards compute them (cambill.metrics.selectors)."""
    from cambill.metrics.selectors import with_open_amount

    if "open_amount" in qs.query.annotations:
        return qs  # already narrowed (both "open" and "overdue" given)
    return (
        with_open_amount(qs.filter(status=InvoiceStatus.ISSUED))
        .annotate(due=Coalesce("due_at", "issued_at"))
        .filter(open_amount__gt=0)
    )


def _open(qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return qs
    if value:
        return with_open_amount(qs)
    return qs.exclude(pk__in=with_open_amount(qs).values("pk"))


def _overdue(qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    if not value:
        return qs
    after, until = due_window(value, clock.now())
    qs = with_open_amount(qs)
    if after is not None:
        qs = qs.filter(due__gt=after)
    if until is not None:
        qs = qs.filter(due__lte=until)
    return qs


class InvoiceFilter(ScopedFilterSet):
    """Invoices of one cloud. "Open": issued with an open amount (total less
    credit notes and allocated payments); "overdue": open and past due, by
    whole days past the due date as the dashboards' receivables by age."""

    period = df.CharFilter(
        label=_("Period"), widget=forms.TextInput(attrs={"placeholder": "2026-03"})
    )
    kind = df.ChoiceFilter(label=_("Kind"), choices=InvoiceKind.choices)
    status = df.ChoiceFilter(label=_("Status"), choices=InvoiceStatus.choices)
    account = df.CharFilter(label=_("Account"), field_name="account__code")
    open = df.BooleanFilter(
        label=_("Open amount"),
        method=_open,
        widget=forms.Select(choices=[("", _("Any")), ("true", _("yes")), ("false", _("no"))]),
    )
    overdue = df.ChoiceFilter(
        label=_("Overdue"), empty_label=_("Any"), choices=overdue_choices, method=_overdue
    )
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


class ProviderInvoiceFilter(InvoiceFilter):
    """Invoices of every cloud in the actor's scope; amounts per currency."""

    cloud = df.ModelChoiceFilter(
        label=_("Cloud"), empty_label=_("Any"), queryset=None, to_field_name="slug"
    )
    currency = df.CharFilter(label=_("Currency"), field_name="currency", lookup_expr="iexact")

    def setup(self) -> None:
        self.filters["cloud"].queryset = cloud_list(actor=self.actor)


# --- the review screen of a bill run --------------------------------------------------


class ReviewFilter(ScopedFilterSet):
    q = search_filter("account__code", "customer_name", "number")
    status = df.ChoiceFilter(label=_("Status"), choices=InvoiceStatus.choices)
    kind = df.ChoiceFilter(label=_("Kind"), choices=InvoiceKind.choices)
    flagged = df.ChoiceFilter(
        label=_("Flagged"),
        choices=[("1", _("Flagged only")), ("0", _("Not flagged"))],
        method="filter_flagged",
    )

    def filter_flagged(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(flagged=int(value)) if value in ("0", "1") else qs

"""Filters of the list pages (django-filter).

The queryset a filterset narrows is already the selector's, scoped to the
actor; choices offered here come from the same selectors, so a filter can
never reveal another tenant's codes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import Role
from cambill.clouds.choices import AccountStatus, CameraStatus, CloudStatus
from cambill.clouds.selectors import (
    account_list,
    cloud_list,
    cloud_timezones,
    tariff_ended_without_successor,
    with_first_tariff_at,
)
from cambill.core import clock
from cambill.core.periods import local_midnight
from cambill.invoicing.choices import InvoiceKind, InvoiceStatus
from cambill.metrics.compute import AGE_BUCKETS, NOT_DUE

from .labels import tr_choices


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


class ServiceFilter(ScopedFilterSet):
    q = search_filter("code", "name")
    active = yes_no_filter(_("Active"))


class TariffFilter(ScopedFilterSet):
    q = search_filter("code", "name")
    active = yes_no_filter(_("Active"))


class CloudFilter(ScopedFilterSet):
    q = search_filter("slug", "name", "legal_name")
    status = df.ChoiceFilter(
        label=_("Status"), empty_label=_("Any"), choices=tr_choices(CloudStatus.choices)
    )


class AccountFilter(ScopedFilterSet):
    q = search_filter("code", "name", "email", "legal_name")
    status = df.ChoiceFilter(
        label=_("Status"), empty_label=_("Any"), choices=tr_choices(AccountStatus.choices)
    )


def _holds_tariff(qs: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
    if value is None:
        return qs
    return qs.filter(current_tariff__isnull=not value)


class CameraFilter(ScopedFilterSet):
    """Cameras of one cloud; the list annotates ``current_tariff`` (the tariff
    held now). "Added" and "removed" are the dashboard's (docs/metrics.md):

    * added between: the camera's first tariff interval ever starts on one of
      these local days (and has started: not after now);
    * removed between: one of its intervals ends on one of these days (the
      instant ``valid_to`` in ``(first day 00:00, day after the last 00:00]``,
      not after now) and no interval of the camera starts at that instant: it
      lost its tariff, it did not move to another tariff or account. With
      "holds a tariff now: no" these are the dashboard's lost cameras.
    """

    q = search_filter("code", "title")
    account = df.ModelChoiceFilter(
        label=_("Account"), empty_label=_("Any"), queryset=None, field_name="account"
    )
    tariff = df.CharFilter(
        label=_("Tariff code"), field_name="current_tariff", lookup_expr="iexact"
    )
    status = df.ChoiceFilter(
        label=_("Status"), empty_label=_("Any"), choices=tr_choices(CameraStatus.choices)
    )
    holds_tariff = df.BooleanFilter(
        label=_("Holds a tariff now"),
        method=_holds_tariff,
        widget=forms.Select(choices=[("", _("Any")), ("true", _("yes")), ("false", _("no"))]),
    )
    added_from = date_filter(_("Added from"))
    added_to = date_filter(_("Added to"))
    removed_from = date_filter(_("Removed from"))
    removed_to = date_filter(_("Removed to"))

    def setup(self) -> None:
        self.filters["account"].queryset = account_list(actor=self.actor, cloud=self.cloud)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        now = clock.now()
        added = (data.get("added_from"), data.get("added_to"))
        if any(v is not None for v in added):
            qs = with_first_tariff_at(qs)

            def starts(lo: datetime | None, hi: datetime | None) -> Q:
                q = Q(first_tariff_at__lte=now)
                if lo is not None:
                    q &= Q(first_tariff_at__gte=lo)
                if hi is not None:
                    q &= Q(first_tariff_at__lt=hi)
                return q

            qs = local_window(qs, "cloud__timezone", *added, starts)
        removed = (data.get("removed_from"), data.get("removed_to"))
        if any(v is not None for v in removed):
            ends = partial(tariff_ended_without_successor, now)
            qs = local_window(qs, "cloud__timezone", *removed, ends)
        return qs


class ProviderCameraFilter(CameraFilter):
    """Cameras of every cloud in the actor's scope (dates in each camera's cloud's zone)."""

    cloud = df.ModelChoiceFilter(
        label=_("Cloud"), empty_label=_("Any"), queryset=None, to_field_name="slug"
    )
    account = None  # type: ignore[assignment]  # its choices need one cloud

    def setup(self) -> None:
        self.filters["cloud"].queryset = cloud_list(actor=self.actor)


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


class AgentFilter(ScopedFilterSet):
    q = search_filter("code", "name", "email")
    active = yes_no_filter(_("Active"))


class UserFilter(ScopedFilterSet):
    q = search_filter("username", "first_name", "last_name", "email")
    role = df.ChoiceFilter(label=_("Role"), empty_label=_("Any"), choices=tr_choices(Role.choices))


class AuditFilter(ScopedFilterSet):
    verb = df.ChoiceFilter(label=_("Verb"), empty_label=_("Any"), choices=())
    object_type = df.ChoiceFilter(label=_("Object type"), empty_label=_("Any"), choices=())
    actor = df.CharFilter(label=_("Actor"), field_name="actor_repr", lookup_expr="iexact")
    cloud = df.ModelChoiceFilter(
        label=_("Cloud"), empty_label=_("Any"), queryset=None, to_field_name="slug"
    )

    def setup(self) -> None:
        base = self.queryset.order_by()
        verbs = base.values_list("verb", flat=True).distinct().order_by("verb")
        types = base.values_list("object_type", flat=True).distinct().order_by("object_type")
        self.filters["verb"].extra["choices"] = [(v, v) for v in verbs]
        self.filters["object_type"].extra["choices"] = [(t, t) for t in types]
        self.filters["cloud"].queryset = cloud_list(actor=self.actor)

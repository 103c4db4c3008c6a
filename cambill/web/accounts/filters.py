"""Filters of a cloud's accounts and cameras (and the provider-wide cameras)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cambill.clouds.choices import AccountStatus, CameraStatus
from cambill.clouds.selectors import (
    account_list,
    cloud_list,
    tariff_ended_without_successor,
    with_first_tariff_at,
)
from cambill.core import clock
from cambill.web.core.filters import (
    ScopedFilterSet,
    date_filter,
    local_window,
    search_filter,
)
from cambill.web.core.labels import tr_choices


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

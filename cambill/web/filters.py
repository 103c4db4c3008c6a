"""Filters of the list pages (django-filter).

The queryset a filterset narrows is already the selector's, scoped to the
actor; choices offered here come from the same selectors, so a filter can
never reveal another tenant's codes.
"""

from __future__ import annotations

from typing import Any

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cambill.accounts.roles import Role
from cambill.clouds.models import AccountStatus, CameraStatus, CloudStatus
from cambill.clouds.selectors import account_list, cloud_list

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


class CameraFilter(ScopedFilterSet):
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

    def setup(self) -> None:
        self.filters["account"].queryset = account_list(actor=self.actor, cloud=self.cloud)


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

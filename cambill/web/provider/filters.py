"""Filters of the provider's lists: services, clouds, audit log."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from cambill.clouds.choices import CloudStatus
from cambill.clouds.selectors import (
    cloud_list,
)
from cambill.web.core.filters import (
    ScopedFilterSet,
    search_filter,
    yes_no_filter,
)
from cambill.web.core.labels import tr_choices


class ServiceFilter(ScopedFilterSet):
    q = search_filter("code", "name")
    active = yes_no_filter(_("Active"))


class CloudFilter(ScopedFilterSet):
    q = search_filter("slug", "name", "legal_name")
    status = df.ChoiceFilter(
        label=_("Status"), empty_label=_("Any"), choices=tr_choices(CloudStatus.choices)
    )


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

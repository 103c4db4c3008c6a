"""Filters of the provider's lists: services, clouds, audit log."""

from __future__ import annotations

from typing import Any

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cambill.clouds.choices import CloudStatus
from cambill.clouds.selectors import (
    cloud_list,
)
from cambill.core.audit_text import SENTENCES
from cambill.web.core.filters import (
    ScopedFilterSet,
    search_filter,
    yes_no_filter,
)
from cambill.web.core.labels import tr_choices


def verb_label(verb: str) -> str:
    """A verb as what happened, without who and to what: "… issued invoice …"."""
    if verb not in SENTENCES:
        return verb
    return str(SENTENCES[verb]) % {"actor": "\u2026", "object": "\u2026"}


class ServiceFilter(ScopedFilterSet):
    q = search_filter("code", "name")
    active = yes_no_filter(_("Active"))


class CloudFilter(ScopedFilterSet):
    q = search_filter("slug", "name", "legal_name")
    status = df.ChoiceFilter(
        label=_("Status"), empty_label=_("Any"), choices=tr_choices(CloudStatus.choices)
    )


class AuditFilter(ScopedFilterSet):
    verb = df.ChoiceFilter(label=_("What happened"), empty_label=_("Any"), choices=())
    object_type = df.ChoiceFilter(label=_("Object type"), empty_label=_("Any"), choices=())
    actor = df.CharFilter(label=_("Who"), method="filter_actor")
    cloud = df.ModelChoiceFilter(
        label=_("Cloud"), empty_label=_("Any"), queryset=None, to_field_name="slug"
    )

    def setup(self) -> None:
        base = self.queryset.order_by()
        verbs = base.values_list("verb", flat=True).distinct().order_by("verb")
        types = base.values_list("object_type", flat=True).distinct().order_by("object_type")
        self.filters["verb"].extra["choices"] = sorted(
            ((v, verb_label(v)) for v in verbs), key=lambda choice: choice[1].casefold()
        )
        self.filters["object_type"].extra["choices"] = [(t, t) for t in types]
        self.filters["cloud"].queryset = cloud_list(actor=self.actor)

    def filter_actor(self, queryset: Any, name: str, value: str) -> Any:
        """Who acted, by login or by a part of the name."""
        words = value.split()
        if not words:
            return queryset
        by_name = Q()
        for word in words:
            by_name &= Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word)
        return queryset.filter(Q(actor_repr__iexact=value.strip()) | by_name)

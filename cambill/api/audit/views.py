"""The audit log, read-only, for provider admins: ``/audit/``."""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from rest_framework import mixins

from cambill.api.core.common import ApiViewSet, fake
from cambill.core.selectors import audit_list, audit_none

from .serializers import AuditOut


class AuditFilter(filters.FilterSet):
    verb = filters.CharFilter(help_text="e.g. camera_change_tariff")
    object_type = filters.CharFilter(help_text="e.g. clouds.camera")
    object_id = filters.CharFilter()
    actor = filters.CharFilter(field_name="actor_repr", help_text="Username, or 'system'")
    cloud = filters.CharFilter(field_name="cloud__slug", help_text="Cloud slug")


class AuditViewSet(mixins.ListModelMixin, ApiViewSet):
    """Who did what to which object, newest first."""

    queryset = audit_none()
    serializer_class = AuditOut
    filterset_class = AuditFilter
    search_fields = ["object_repr", "verb"]
    ordering_fields = ["at", "id"]

    def get_queryset(self) -> Any:
        if fake(self):
            return audit_none()
        return audit_list(actor=self.actor)

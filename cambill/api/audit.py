"""The audit log, read-only, for provider admins: ``/audit/``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from rest_framework import mixins, serializers

from cambill.core.access import Actor
from cambill.core.models import AuditEntry
from cambill.core.permissions import require

from .common import ApiViewSet, Output, TimeField, fake


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    """Audit rows the actor may read (only provider admins may read any)."""
    require(actor, "audit.view")
    return AuditEntry.objects.select_related("cloud")


class AuditOut(Output):
    id = serializers.IntegerField()
    at = TimeField()
    actor = serializers.CharField(source="actor_repr", help_text="Username, or 'system'")
    verb = serializers.CharField()
    object_type = serializers.CharField(help_text="e.g. clouds.camera")
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    cloud = serializers.CharField(source="cloud.slug", allow_null=True)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class AuditFilter(filters.FilterSet):
    verb = filters.CharFilter(help_text="e.g. camera_change_tariff")
    object_type = filters.CharFilter(help_text="e.g. clouds.camera")
    object_id = filters.CharFilter()
    actor = filters.CharFilter(field_name="actor_repr", help_text="Username, or 'system'")
    cloud = filters.CharFilter(field_name="cloud__slug", help_text="Cloud slug")

    class Meta:
        model = AuditEntry
        fields = ["verb", "object_type", "object_id", "actor", "cloud"]


class AuditViewSet(mixins.ListModelMixin, ApiViewSet):
    """Who did what to which object, newest first."""

    queryset = AuditEntry.objects.none()
    serializer_class = AuditOut
    filterset_class = AuditFilter
    search_fields = ["object_repr", "verb"]
    ordering_fields = ["at", "id"]

    def get_queryset(self) -> Any:
        if fake(self):
            return AuditEntry.objects.none()
        return audit_list(actor=self.actor)

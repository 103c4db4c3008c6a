"""Request and response bodies of the audit endpoints (see ``views.py``)."""

from __future__ import annotations

from rest_framework import serializers

from cambill.api.core.common import Output, TimeField


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

"""Request and response bodies of the audit endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from cambill.api.core.common import Output, TimeField
from cambill.core.audit_text import actor_name, audit_sentence


class AuditOut(Output):
    id = serializers.IntegerField()
    at = TimeField()
    actor = serializers.CharField(source="actor_repr", help_text="Username, or 'system'")
    actor_name = serializers.SerializerMethodField(
        help_text="The person by name (the username when the user has no name), or 'System'."
    )
    sentence = serializers.SerializerMethodField(
        help_text="The entry as one sentence in the request's language, e.g. "
        "'Maria Lopez issued invoice TELENET-2026-000190'."
    )
    verb = serializers.CharField()
    object_type = serializers.CharField(help_text="e.g. clouds.camera")
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    cloud = serializers.CharField(source="cloud.slug", allow_null=True)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    def get_actor_name(self, obj: Any) -> str:
        return actor_name(obj)

    def get_sentence(self, obj: Any) -> str:
        return audit_sentence(obj)

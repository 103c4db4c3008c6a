"""Request and response bodies of the watcher endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from cambill.api.core.common import (
    Input,
    Output,
    TimeField,
    text_of,
)
from cambill.catalog.selectors import field_max_length as catalog_max_length
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.watcher.choices import PushStatus, SuspendMode
from cambill.watcher.selectors import field_max_length as watcher_max_length
from cambill.watcher.services.links import (
    MAX_ADOPT,
)

# --- connection -------------------------------------------------------------------


class ConnectionOut(Output):
    base_url = serializers.CharField()
    username = serializers.CharField()
    password_set = serializers.BooleanField(help_text="The password itself is never returned.")
    suspend_mode = serializers.ChoiceField(choices=SuspendMode.choices)
    enabled = serializers.BooleanField()
    last_sync_kind = serializers.CharField()
    last_sync_at = TimeField(allow_null=True)
    last_sync_status = serializers.CharField()
    last_sync_error = serializers.CharField()
    last_poll_at = TimeField(allow_null=True)
    last_poll_streams = serializers.IntegerField()


class ConnectionIn(Input):
    base_url = text_of(
        watcher_max_length("WatcherConnection", "base_url"),
        required=False,
        help_text="http(s)://watcher.example:80",
    )
    username = text_of(watcher_max_length("WatcherConnection", "username"), required=False)
    password = text_of(
        watcher_max_length("WatcherConnection", "password"),
        required=False,
        write_only=True,
        allow_blank=True,
        help_text="Write-only.",
    )
    suspend_mode = serializers.ChoiceField(choices=SuspendMode.choices, required=False)
    enabled = serializers.BooleanField(required=False)


class ImportApplyIn(Input):
    digest = serializers.CharField(
        required=False,
        max_length=64,  # the plan digest is 16 hex characters; room to spare
        help_text="The plan's digest from import-plan: refuse (409) if the plan changed since.",
    )


class PushOut(Output):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    object_ref = serializers.CharField()
    status = serializers.ChoiceField(choices=PushStatus.choices)
    attempts = serializers.IntegerField()
    last_error = serializers.CharField()
    payload = serializers.JSONField()
    next_attempt_at = TimeField()
    created_at = TimeField()
    done_at = TimeField(allow_null=True)


class AdoptableOut(Output):
    id = serializers.IntegerField(help_text="The organization's id in Watcher.")
    title = serializers.CharField()
    billing_member = serializers.BooleanField(
        help_text="False: billing's Watcher user is not a member yet; adopting makes it one."
    )
    suggested_code = serializers.CharField(help_text="The account code adopting would create.")
    account = serializers.CharField(
        allow_null=True, help_text="An unlinked account with that code, to link instead."
    )


class NewAccountIn(Input):
    code = text_of(
        clouds_max_length("Account", "code"),
        required=False,
        help_text="Default: the suggested code (from the title).",
    )
    name = text_of(
        clouds_max_length("Account", "name"),
        required=False,
        help_text="Default: the organization's title.",
    )


class AdoptItemIn(Input):
    id = serializers.IntegerField(min_value=1, help_text="The organization's id in Watcher.")
    account = text_of(
        clouds_max_length("Account", "code"),
        required=False,
        help_text="Link to this existing account.",
    )
    create_account = NewAccountIn(
        required=False, help_text="Or create the account (give exactly one of the two)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("account" in attrs) == ("create_account" in attrs):
            raise serializers.ValidationError(
                {"account": [_("Give either account or create_account.")]}
            )
        return attrs


class AdoptIn(Input):
    organizations = serializers.ListField(
        child=AdoptItemIn(),
        min_length=1,
        max_length=MAX_ADOPT,
        help_text="The organizations to adopt, each linked to or creating an account.",
    )


class AdoptOut(Output):
    adopted = serializers.ListField(child=serializers.DictField())
    unchanged = serializers.ListField(child=serializers.DictField())


class DeviceOut(Output):
    serial = serializers.CharField()
    model = serializers.CharField()
    agent_id = serializers.CharField()
    stream_url = serializers.CharField()
    substream_url = serializers.CharField()
    thumbnails = serializers.CharField()
    onvif_url = serializers.CharField()
    onvif_profile = serializers.CharField()
    ptz = serializers.BooleanField()
    product = serializers.CharField(help_text="Product charged when attached ('' for none)")
    camera = serializers.CharField(source="camera.code", allow_null=True, default=None)
    account = serializers.CharField(source="camera.account.code", allow_null=True, default=None)
    created_at = TimeField()
    updated_at = TimeField()


class AttachIn(Input):
    account = text_of(clouds_max_length("Account", "code"), help_text="Account code")
    code = text_of(
        clouds_max_length("Camera", "code"),
        required=False,
        help_text="Camera code (default: the serial)",
    )
    title = text_of(clouds_max_length("Camera", "title"), required=False, allow_blank=True)
    tariff = text_of(
        catalog_max_length("TariffPlan", "code"),
        required=False,
        allow_null=True,
        help_text="Tariff code",
    )
    at = TimeField(required=False, help_text="Tariff start (default: now)")
    product = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="Product charged once for the camera (default: the intake's; '' for none)",
    )

"""Request and response bodies of the accounts endpoints (see ``views.py``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cambill.accounts.roles import Role
from cambill.accounts.selectors import field_max_length as accounts_max_length
from cambill.api.core.common import (
    Input,
    Output,
    TimeField,
    text_of,
)
from cambill.clouds.selectors import field_max_length as clouds_max_length
from cambill.core import languages
from cambill.core.validation import PASSWORD_MAX_LENGTH
from cambill.referrals.selectors import field_max_length as referrals_max_length

LANGUAGES = languages.CHOICES


class UserOut(Output):
    username = serializers.CharField()
    email = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices, allow_blank=True)
    cloud = serializers.SerializerMethodField()
    account = serializers.SerializerMethodField()
    agent = serializers.SerializerMethodField()
    language = serializers.ChoiceField(choices=LANGUAGES)
    is_active = serializers.BooleanField()
    date_joined = TimeField()

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Cloud slug"))
    def get_cloud(self, obj: Any) -> str | None:
        m = getattr(obj, "membership", None)
        return m.cloud.slug if m is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Account code"))
    def get_account(self, obj: Any) -> str | None:
        m = getattr(obj, "membership", None)
        return m.account.code if m is not None and m.account_id is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Agent code"))
    def get_agent(self, obj: Any) -> str | None:
        agent = getattr(obj, "agent", None)
        return agent.code if agent is not None else None


class TwoFactorResetOut(Output):
    username = serializers.CharField()
    was_on = serializers.BooleanField(help_text="Whether the user had a second factor")
    two_factor = serializers.BooleanField(help_text="Always false after a reset")


class PasswordResetOut(Output):
    username = serializers.CharField()
    sent_to = serializers.CharField(help_text="The address the link was queued for")


class UserPatchIn(Input):
    hints = {
        k: f"'{k}' cannot change; make a new user instead."
        for k in ("username", "cloud", "account", "agent")
    }

    email = text_of(accounts_max_length("User", "email"), required=False, allow_blank=True)
    first_name = text_of(
        accounts_max_length("User", "first_name"), required=False, allow_blank=True
    )
    last_name = text_of(accounts_max_length("User", "last_name"), required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    role = serializers.ChoiceField(
        choices=Role.choices,
        required=False,
        help_text=(
            "Provider staff move among provider roles (a provider admin decides), cloud "
            "staff among cloud staff roles (a provider admin or the cloud's admin); a "
            "subscriber's or an agent's login never changes role; nobody changes its own."
        ),
    )
    is_active = serializers.BooleanField(
        required=False, help_text="False: as POST .../deactivate (sessions and tokens end)"
    )
    password = serializers.CharField(
        required=False, write_only=True, trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH
    )
    current_password = serializers.CharField(
        required=False,
        write_only=True,
        trim_whitespace=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text="Required to change your own password",
    )


class UserIn(Input):
    hints = {"is_active": "New users are active; PATCH 'is_active' afterwards."}

    username = text_of(accounts_max_length("User", "username"))
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH
    )
    role = serializers.ChoiceField(choices=Role.choices)
    email = text_of(accounts_max_length("User", "email"), required=False, allow_blank=True)
    first_name = text_of(
        accounts_max_length("User", "first_name"), required=False, allow_blank=True
    )
    last_name = text_of(accounts_max_length("User", "last_name"), required=False, allow_blank=True)
    cloud = text_of(
        clouds_max_length("Cloud", "slug"),
        required=False,
        allow_null=True,
        help_text="Cloud slug (cloud roles)",
    )
    account = text_of(
        clouds_max_length("Account", "code"),
        required=False,
        allow_null=True,
        help_text="Account code (subscribers)",
    )
    agent = text_of(
        referrals_max_length("Agent", "code"),
        required=False,
        allow_null=True,
        help_text="Agent code (agents)",
    )
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)


# --- tokens ---------------------------------------------------------------


class TokenOut(Output):
    prefix = serializers.CharField()
    name = serializers.CharField()
    created_at = TimeField()
    last_used_at = TimeField(allow_null=True)
    revoked_at = TimeField(allow_null=True)


class TokenCreatedOut(TokenOut):
    token = serializers.CharField(help_text="The secret: shown once, store it now")


class TokenIn(Input):
    name = text_of(
        accounts_max_length("ApiToken", "name"),
        required=False,
        allow_blank=True,
        help_text="What it is for",
    )

"""Users and API tokens: ``/users/``, ``/users/me/``, ``/tokens/``.

Who sees which users: a provider admin all of them, a cloud admin the users of
its cloud, everyone else only itself (a "not yours" user is a 404).
A token's secret is returned once, by the POST that creates it; only its
SHA-256 is stored and lists show the prefix, never the secret or the hash.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.accounts.models import ApiToken, User
from cambill.accounts.roles import Role
from cambill.accounts.services import api_token_create, api_token_revoke, user_create, user_update
from cambill.clouds.selectors import account_get, cloud_in_scope
from cambill.core import languages
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require
from cambill.core.validation import PASSWORD_MAX_LENGTH
from cambill.referrals.selectors import agent_get

from .common import ApiViewSet, Input, Output, TimeField, atomic, fake, resolve, valid

LANGUAGES = languages.CHOICES


def users_in_scope(actor: Actor) -> QuerySet[User]:
    """The users ``actor`` may see (belongs in ``cambill.accounts.selectors``,
    which does not exist yet; kept here with the same contract)."""
    require(actor, "user.view")
    qs = User.objects.select_related("membership__cloud", "membership__account", "agent")
    if actor.is_system or actor.role == Role.PROVIDER_ADMIN:
        return qs
    if actor.role == Role.CLOUD_ADMIN and actor.cloud_id is not None:
        return qs.filter(membership__cloud_id=actor.cloud_id)
    return qs.filter(pk=actor.user.pk)


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
    def get_cloud(self, obj: User) -> str | None:
        m = getattr(obj, "membership", None)
        return m.cloud.slug if m is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Account code"))
    def get_account(self, obj: User) -> str | None:
        m = getattr(obj, "membership", None)
        return m.account.code if m is not None and m.account_id is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Agent code"))
    def get_agent(self, obj: User) -> str | None:
        agent = getattr(obj, "agent", None)
        return agent.code if agent is not None else None


class UserPatchIn(Input):
    hints = {
        k: f"'{k}' cannot change; make a new user instead."
        for k in ("username", "role", "cloud", "account", "agent")
    }

    email = serializers.CharField(required=False, allow_blank=True)
    first_name = serializers.CharField(required=False, allow_blank=True)
    last_name = serializers.CharField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)
    is_active = serializers.BooleanField(required=False)
    password = serializers.CharField(
        required=False, write_only=True, trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH
    )


class UserIn(Input):
    hints = {"is_active": "New users are active; PATCH 'is_active' afterwards."}

    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, max_length=PASSWORD_MAX_LENGTH
    )
    role = serializers.ChoiceField(choices=Role.choices)
    email = serializers.CharField(required=False, allow_blank=True)
    first_name = serializers.CharField(required=False, allow_blank=True)
    last_name = serializers.CharField(required=False, allow_blank=True)
    cloud = serializers.CharField(
        required=False, allow_null=True, help_text="Cloud slug (cloud roles)"
    )
    account = serializers.CharField(
        required=False, allow_null=True, help_text="Account code (subscribers)"
    )
    agent = serializers.CharField(required=False, allow_null=True, help_text="Agent code (agents)")
    language = serializers.ChoiceField(choices=LANGUAGES, required=False)


class UserFilter(filters.FilterSet):
    role = filters.ChoiceFilter(choices=Role.choices)
    cloud = filters.CharFilter(field_name="membership__cloud__slug", help_text="Cloud slug")
    is_active = filters.BooleanFilter()

    class Meta:
        model = User
        fields = ["role", "cloud", "is_active"]


def _references(
    actor: Actor, slug: str | None, account_code: str | None, agent_code: str | None
) -> tuple[Any, Any, Any]:
    """The cloud, account and agent a new user is tied to, looked up in the
    creator's scope (unknown or not visible: a 400 on that field)."""
    cloud: Any = None
    account: Any = None
    agent: Any = None
    if slug is not None:
        cloud = resolve("cloud", lambda: cloud_in_scope(actor=actor, slug=slug), "cloud")
    for key, value in (("account", account_code), ("agent", agent_code)):
        if value is not None and cloud is None:
            raise serializers.ValidationError({key: [f"Give the 'cloud' the {key} belongs to."]})
    if account_code is not None:
        account = resolve(
            "account", lambda: account_get(actor=actor, cloud=cloud, code=account_code), "account"
        )
    if agent_code is not None:
        agent = resolve(
            "agent", lambda: agent_get(actor=actor, cloud=cloud, code=agent_code), "agent"
        )
    return cloud, account, agent


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """People who log in, one role each."""

    queryset = User.objects.none()
    serializer_class = UserOut
    lookup_field = "username"
    filterset_class = UserFilter
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "date_joined", "role"]
    ordering = ["username"]

    def get_queryset(self) -> Any:
        if fake(self):
            return User.objects.none()
        return users_in_scope(self.actor).order_by("username")

    def get_object(self) -> User:
        user = users_in_scope(self.actor).filter(username=self.kwargs["username"]).first()
        if user is None:
            raise NotFound("user")
        return user

    @extend_schema(responses=UserOut)
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def me(self, request: Request) -> Response:
        """The caller."""
        user: Any = request.user
        return Response(self.out(UserOut, users_in_scope(self.actor).get(pk=user.pk)))

    @extend_schema(request=UserIn, responses={201: UserOut})
    def create(self, request: Request) -> Response:
        actor = self.actor
        # Refuse roles that may not create users before looking anything up,
        # so they get a 403 rather than a "no such cloud".
        require(actor, "user.manage")
        data = valid(UserIn, request.data)
        cloud, account, agent = _references(
            actor, data.pop("cloud", None), data.pop("account", None), data.pop("agent", None)
        )
        with atomic():
            user = user_create(actor=actor, cloud=cloud, account=account, agent=agent, **data)
        return Response(
            self.out(UserOut, User.objects.get(pk=user.pk)), status=status.HTTP_201_CREATED
        )

    @extend_schema(request=UserPatchIn, responses=UserOut)
    def partial_update(self, request: Request, username: str) -> Response:
        user = self.get_object()
        data = valid(UserPatchIn, request.data)
        if data:
            with atomic():
                user_update(actor=self.actor, user=user, **data)
        return Response(self.out(UserOut, self.get_object()))


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
    name = serializers.CharField(required=False, allow_blank=True, help_text="What it is for")


class TokenViewSet(mixins.ListModelMixin, ApiViewSet):
    """The caller's API tokens (``Authorization: Bearer <token>``)."""

    queryset = ApiToken.objects.none()
    serializer_class = TokenOut
    lookup_field = "prefix"
    filterset_class = None
    filterset_fields: list[str] = []
    search_fields: list[str] = []
    ordering_fields = ["created_at", "last_used_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return ApiToken.objects.none()
        user: Any = self.request.user
        return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")

    @extend_schema(request=TokenIn, responses={201: TokenCreatedOut})
    def create(self, request: Request) -> Response:
        data = valid(TokenIn, request.data)
        with atomic():
            user: Any = request.user
            token, secret = api_token_create(actor=self.actor, user=user, name=data.get("name", ""))
        body = {**self.out(TokenOut, token), "token": secret}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, prefix: str) -> Response:
        """Revoke a token: it stops working at once (401)."""
        token = self.get_queryset().filter(prefix=prefix).first()
        if token is None:
            raise NotFound("token")
        with atomic():
            api_token_revoke(actor=self.actor, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)

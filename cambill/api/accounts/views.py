"""Users and API tokens: ``/users/``, ``/users/me/``, ``/tokens/``.

Who sees which users: a provider admin all of them, a cloud admin the users of
its cloud, everyone else only itself (a "not yours" user is a 404). The same two
manage them (edit, role, deactivate, reactivate, password-reset link); nobody
manages itself there, only its own name, e-mail, language and password.

Deactivating a user ends its sessions at their next request and revokes its API
tokens at once; reactivating it lets it sign in again, but the revoked tokens
stay revoked (it makes new ones).
A token's secret is returned once, by the POST that creates it; only its
SHA-256 is stored and lists show the prefix, never the secret or the hash.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cambill.accounts import two_factor
from cambill.accounts.password_reset import password_reset_send
from cambill.accounts.roles import Role
from cambill.accounts.selectors import (
    token_list,
    token_none,
    user_get,
    user_none,
    user_reread,
    users_in_scope,
)
from cambill.accounts.services import (
    api_token_create,
    api_token_revoke,
    user_create,
    user_deactivate,
    user_reactivate,
    user_update,
)
from cambill.api.core.auth import verified_session
from cambill.api.core.common import (
    ApiViewSet,
    atomic,
    fake,
    resolve,
    valid,
)
from cambill.clouds.selectors import account_get, cloud_in_scope
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, NotFound
from cambill.core.permissions import require
from cambill.referrals.selectors import agent_get

from .serializers import (
    PasswordResetOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    TwoFactorResetOut,
    UserIn,
    UserOut,
    UserPatchIn,
)


class UserFilter(filters.FilterSet):
    role = filters.ChoiceFilter(choices=Role.choices)
    cloud = filters.CharFilter(field_name="membership__cloud__slug", help_text="Cloud slug")
    is_active = filters.BooleanFilter()


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

    queryset = user_none()
    serializer_class = UserOut
    lookup_field = "username"
    filterset_class = UserFilter
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "date_joined", "role"]
    ordering = ["username"]

    def get_queryset(self) -> Any:
        if fake(self):
            return user_none()
        return users_in_scope(self.actor).order_by("username")

    def get_object(self) -> Any:
        return user_get(actor=self.actor, username=self.kwargs["username"])

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
        return Response(self.out(UserOut, user_reread(user)), status=status.HTTP_201_CREATED)

    @extend_schema(request=UserPatchIn, responses=UserOut)
    def partial_update(self, request: Request, username: str) -> Response:
        """Change a user: name, e-mail, language; ``role`` within its family of
        roles; ``is_active``; ``password`` (your own with ``current_password``).
        Yourself: only name, e-mail, language and password."""
        user = self.get_object()
        data = valid(UserPatchIn, request.data)
        if data:
            with atomic():
                user_update(actor=self.actor, user=user, **data)
        return Response(self.out(UserOut, self.get_object()))

    @extend_schema(request=None, responses=UserOut)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def deactivate(self, request: Request, username: str) -> Response:
        """Switch the user off (audited): it cannot sign in, its sessions end at
        their next request and its API tokens are revoked at once (they stay
        revoked after a reactivation). Nobody deactivates itself; 409 if it
        already is."""
        user = self.get_object()
        with atomic():
            user_deactivate(actor=self.actor, user=user)
        return Response(self.out(UserOut, self.get_object()))

    @extend_schema(request=None, responses=UserOut)
    @action(detail=True, methods=["post"], pagination_class=None, filter_backends=[])
    def reactivate(self, request: Request, username: str) -> Response:
        """Switch a deactivated user on again (audited): it signs in with its
        password, or a reset link; its old tokens stay revoked. 409 if active."""
        user = self.get_object()
        with atomic():
            user_reactivate(actor=self.actor, user=user)
        return Response(self.out(UserOut, self.get_object()))

    @extend_schema(request=None, responses=PasswordResetOut)
    @action(
        detail=True,
        methods=["post"],
        url_path="password-reset",
        pagination_class=None,
        filter_backends=[],
    )
    def password_reset(self, request: Request, username: str) -> Response:
        """E-mail the user a link to choose a new password, through the outbox,
        in the user's language (audited). The link is signed, works once and
        expires (``CAMBILL_PASSWORD_RESET_HOURS``, default 24); the current
        password keeps working until it is used. 400 if the user has no e-mail,
        409 if it is deactivated."""
        user = self.get_object()
        with atomic():
            user = password_reset_send(actor=self.actor, user=user)
        return Response({"username": user.username, "sent_to": user.email})

    @extend_schema(request=None, responses=TwoFactorResetOut)
    @action(
        detail=True,
        methods=["post"],
        url_path="two-factor/reset",
        pagination_class=None,
        filter_backends=[],
    )
    def two_factor_reset(self, request: Request, username: str) -> Response:
        """Turn off the user's second factor (provider admins; audited): its
        authenticator app and recovery codes are deleted and it enrols again
        at its next sign-in. For someone who lost both."""
        require(self.actor, "user.two_factor_reset")
        user = self.get_object()
        with atomic():
            had = two_factor.two_factor_reset(actor=self.actor, user=user)
        return Response({"username": user.username, "was_on": had, "two_factor": False})


class TokenViewSet(mixins.ListModelMixin, ApiViewSet):
    """The caller's API tokens (``Authorization: Bearer <token>``)."""

    queryset = token_none()
    serializer_class = TokenOut
    lookup_field = "prefix"
    filterset_class = None
    filterset_fields: list[str] = []
    search_fields: list[str] = []
    ordering_fields = ["created_at", "last_used_at"]

    def get_queryset(self) -> Any:
        if fake(self):
            return token_none()
        return token_list(actor=self.actor).order_by("-created_at", "-id")

    @extend_schema(request=TokenIn, responses={201: TokenCreatedOut})
    def create(self, request: Request) -> Response:
        """Mint a token from a signed-in session (two-factor verified where the
        user needs it), never from another token: a leaked token must not be
        able to make itself permanent."""
        if not verified_session(request):
            raise Forbidden(
                _("Create API tokens from a signed-in session (the Tokens page), not with a token.")
            )
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

"""Writes on users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cambill.core import clock, languages
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.permissions import require
from cambill.core.validation import check_code, check_text, duplicate, validate_model

from .models import ApiToken, User
from .roles import CLOUD_ROLES, PROVIDER_ROLES, Role

TOKEN_PREFIX = "cb_"
# Names that collide with routes such as /api/v1/users/me/.
RESERVED_USERNAMES = frozenset({"me", "new", "system"})
SELF_EDITABLE = frozenset({"email", "first_name", "last_name", "language", "password"})


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise validation("password", " ".join(e.messages)) from None


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    email: str = "",
    cloud: Any = None,
    account: Any = None,
    agent: Any = None,
    first_name: str = "",
    last_name: str = "",
    language: str = "en",
) -> User:
    """Create a user with one role. Cloud roles need ``cloud``; a subscriber
    needs ``account``; an agent user is linked to ``agent``."""
    from cambill.clouds.models import Membership

    require(actor, "user.manage")
    username = check_code(username, "username", max_length=150)
    if username.lower() in RESERVED_USERNAMES:
        raise validation("username", f"'{username}' is reserved.")
    if role not in Role.values:
        raise validation("role", f"Use one of {', '.join(Role.values)}.")
    role = Role(role)
    if role in PROVIDER_ROLES:
        if actor.role not in (Role.PROVIDER_ADMIN, None):
            raise Forbidden("Only provider admins create provider staff.")
        if cloud is not None:
            raise validation("cloud", "Provider staff belong to no cloud.")
    else:
        if cloud is None:
            raise validation("cloud", "This role needs a cloud.")
        if not actor.is_provider and actor.cloud_id != cloud.pk:
            raise Forbidden("Not your cloud.")
        if actor.role == Role.PROVIDER_MANAGER:
            raise Forbidden()
        if role == Role.SUBSCRIBER:
            if account is None or account.cloud_id != cloud.pk:
                raise validation("account", "A subscriber user needs an account of this cloud.")
        elif account is not None:
            raise validation("account", "Only subscriber users belong to an account.")
        if role == Role.AGENT:
            if agent is None or agent.cloud_id != cloud.pk:
                raise validation("agent", "An agent user needs an agent of this cloud.")
            if agent.user_id is not None:
                raise DomainError(ErrorCode.CONFLICT, "That agent already has a user.")
    _check_password(password)
    if not languages.is_supported(language):
        raise validation("language", languages.use_message())
    if User.objects.filter(username__iexact=username).exists():
        raise duplicate("username", "user", username)
    try:
        with transaction.atomic():
            user = User(
                username=username,
                email=check_text(email, "email", max_length=254, required=False),
                role=role,
                first_name=check_text(first_name, "first_name", max_length=150, required=False),
                last_name=check_text(last_name, "last_name", max_length=150, required=False),
                language=language,
            )
            validate_model(user, exclude=["password"])
            user.set_password(password)
            user.save()
    except IntegrityError:
        raise duplicate("username", "user", username) from None
    if role in CLOUD_ROLES:
        Membership.objects.create(
            cloud=cloud, user=user, account=account if role == Role.SUBSCRIBER else None
        )
    if role == Role.AGENT:
        agent.user = user
        agent.save(update_fields=["user"])
    if role == Role.SUBSCRIBER and account.owner_id is None:
        account.owner = user
        account.save(update_fields=["owner"])
    audit(
        actor=actor,
        verb="user_create",
        obj=user,
        after={**snapshot(user, ["username", "email", "role"])},
        cloud_id=cloud.pk if cloud else None,
    )
    return user


@transaction.atomic
def user_update(*, actor: Actor, user: User, **fields: Any) -> User:
    """Change a user. Anyone may change its own name, e-mail, language and
    password; the rest needs ``user.manage`` over that user."""
    membership = getattr(user, "membership", None)
    is_self = user.pk == getattr(actor.user, "pk", None)
    if is_self and set(fields) <= SELF_EDITABLE:
        pass
    elif not actor.can("user.manage"):
        require(actor, "user.manage")
    elif not actor.is_provider and (membership is None or membership.cloud_id != actor.cloud_id):
        raise Forbidden("Not a user of your cloud.")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, ["username", "email", "role", "is_active", "language"])
    for key, value in fields.items():
        if key == "email":
            user.email = check_text(value, key, max_length=254, required=False)
        elif key in ("first_name", "last_name"):
            setattr(user, key, check_text(value, key, max_length=150, required=False))
        elif key == "is_active":
            if user.pk == getattr(actor.user, "pk", None) and not value:
                raise validation("is_active", "You cannot deactivate yourself.")
            user.is_active = bool(value)
        elif key == "language":
            if not languages.is_supported(value):
                raise validation("language", languages.use_message())
            user.language = value
        elif key == "password":
            _check_password(value, user)
            user.set_password(value)
        else:
            raise validation(key, f"'{key}' cannot be changed here.")
    validate_model(user, fields=set(fields) - {"password"})
    user.save()
    audit(
        actor=actor,
        verb="user_update",
        obj=user,
        before=before,
        after=snapshot(user, ["username", "email", "role", "is_active", "language"]),
        cloud_id=membership.cloud_id if membership else None,
    )
    return user


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for ``user`` (yourself, or any user for a provider admin).
    Returns the row and the secret, which is shown once and never stored."""
    if user.pk != getattr(actor.user, "pk", None) and actor.role not in (Role.PROVIDER_ADMIN, None):
        raise Forbidden("You can only create tokens for yourself.")
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=check_text(name, "name", max_length=100, required=False),
        prefix=prefix,
        key_hash=hash_token(secret),
        created_at=clock.now(),
    )
    validate_model(token, fields=["name"])
    token.save(force_insert=True)
    audit(
        actor=actor,
        verb="api_token_create",
        obj=token,
        after={"user": user.username, "prefix": prefix},
        now=token.created_at,
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.user_id != getattr(actor.user, "pk", None) and actor.role not in (
        Role.PROVIDER_ADMIN,
        None,
    ):
        raise Forbidden("You can only revoke your own tokens.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit(
            actor=actor,
            verb="api_token_revoke",
            obj=token,
            after={"prefix": token.prefix},
            now=token.revoked_at,
        )
    return token


def token_user(secret: str) -> User | None:
    """The active user of a valid, unrevoked token, or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    try:
        prefix = secret[len(TOKEN_PREFIX) :].split("_", 1)[0]
    except IndexError:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if (
        token is None
        or not secrets.compare_digest(token.key_hash, hash_token(secret))
        or not token.user.is_active
    ):
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user

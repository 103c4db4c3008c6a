"""Writes on users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from cambill.core import clock, languages
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.permissions import require
from cambill.core.validation import check_code, check_text, duplicate, validate_model

from .models import ApiToken, User
from .roles import CLOUD_ROLES, PROVIDER_ROLES, Role
from .selectors import grantable_roles, may_manage

TOKEN_PREFIX = "cb_"
# Names that collide with routes such as /api/v1/users/me/.
RESERVED_USERNAMES = frozenset({"me", "new", "system"})
SELF_EDITABLE = frozenset({"email", "first_name", "last_name", "language", "password"})


def check_new_password(password: str, user: User | None = None) -> None:
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
        raise validation(
            "username", gettext("'%(username)s' is reserved.") % {"username": username}
        )
    if role not in Role.values:
        raise validation(
            "role", gettext("Use one of %(value)s.") % {"value": ", ".join(Role.values)}
        )
    role = Role(role)
    if role in PROVIDER_ROLES:
        if actor.role not in (Role.PROVIDER_ADMIN, None):
            raise Forbidden(gettext("Only provider admins create provider staff."))
        if cloud is not None:
            raise validation("cloud", gettext("Provider staff belong to no cloud."))
    else:
        if cloud is None:
            raise validation("cloud", gettext("This role needs a cloud."))
        if not actor.is_provider and actor.cloud_id != cloud.pk:
            raise Forbidden(gettext("Not your cloud."))
        if actor.role == Role.PROVIDER_MANAGER:
            raise Forbidden()
        if role == Role.SUBSCRIBER:
            if account is None or account.cloud_id != cloud.pk:
                raise validation(
                    "account", gettext("A subscriber user needs an account of this cloud.")
                )
        elif account is not None:
            raise validation("account", gettext("Only subscriber users belong to an account."))
        if role == Role.AGENT:
            if agent is None or agent.cloud_id != cloud.pk:
                raise validation("agent", gettext("An agent user needs an agent of this cloud."))
            if agent.user_id is not None:
                raise DomainError(ErrorCode.CONFLICT, gettext("That agent already has a user."))
    check_new_password(password)
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


def require_manage(actor: Actor, user: User) -> None:
    require(actor, "user.manage")
    if not may_manage(actor, user):
        raise Forbidden(_("You do not manage this user."))


def _check_role(actor: Actor, user: User, value: Any) -> Role:
    """The new role of ``user``, if ``actor`` may give it (see ``grantable_roles``)."""
    if value not in Role.values:
        raise validation("role", _("Use one of %(roles)s.") % {"roles": ", ".join(Role.values)})
    role = Role(value)
    if role == user.role:
        return role
    allowed = grantable_roles(actor, user)
    if role not in allowed:
        if not allowed:
            raise validation(
                "role",
                _("This user's role cannot change here; make a new user instead."),
            )
        raise Forbidden(
            _("You may give this user one of: %(roles)s.")
            % {"roles": ", ".join(r.value for r in allowed)}
        )
    from cambill.clouds.models import Account, Cloud

    # Whoever is responsible for accounts or clouds keeps a role that may be.
    for may_be, responsible, message in (
        (
            (Role.ACCOUNT_MANAGER, Role.CLOUD_ADMIN),
            Account.objects.filter(account_manager=user),
            _("%(user)s manages %(n)d accounts; give them another manager first."),
        ),
        (
            (Role.PROVIDER_MANAGER, Role.PROVIDER_ADMIN),
            Cloud.objects.filter(manager=user),
            _("%(user)s is the manager of %(n)d clouds; give them another manager first."),
        ),
    ):
        n = 0 if role in may_be else responsible.count()
        if n:
            text = message % {"user": user.username, "n": n}
            raise DomainError(ErrorCode.CONFLICT, text, {"role": [text]})
    return role


def audit_user(
    *,
    actor: Any,
    verb: str,
    user: User,
    before: dict[str, Any] | None = None,
    after: dict[str, Any],
    now: Any = None,
) -> None:
    """The audit row of a change to ``user``, filed under its cloud (if any)."""
    membership = getattr(user, "membership", None)
    audit(
        actor=actor,
        verb=verb,
        obj=user,
        before=before,
        after=after,
        cloud_id=membership.cloud_id if membership is not None else None,
        now=now,
    )


def _set_active(user: User, active: bool, now: Any) -> int:
    """Switch ``user`` on or off (the caller holds its row). Switching it off ends
    its sessions at their next request (``session_epoch``) and revokes its API
    tokens, which stay revoked if it is switched on again. Returns the number of
    tokens revoked."""
    if bool(active) == user.is_active:
        return 0
    user.is_active = bool(active)
    if active:
        return 0
    user.session_epoch += 1
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


AUDITED = ["username", "email", "first_name", "last_name", "role", "is_active", "language"]


@transaction.atomic
def user_update(*, actor: Actor, user: User, **fields: Any) -> User:
    """Change a user. Anyone may change its own name, e-mail, language and
    password (its password with ``current_password``); the rest, and anyone
    else, needs ``user.manage`` over that user (a provider admin: anyone; a
    cloud admin: its cloud's users). ``role`` moves within the user's family of
    roles (``grantable_roles``); ``is_active`` False deactivates (sessions and
    tokens stop working at once)."""
    is_self = user.pk == getattr(actor.user, "pk", None)
    current_password = fields.pop("current_password", None)
    if is_self and not actor.is_system:
        if not set(fields) <= SELF_EDITABLE:
            require(actor, "user.manage")
        if fields.get("is_active") is False:
            raise validation("is_active", _("You cannot deactivate yourself."))
        if "role" in fields and fields["role"] != user.role:
            raise validation("role", _("You cannot change your own role."))
        fields = {k: v for k, v in fields.items() if k not in ("role", "is_active")}
        if "password" in fields and not user.check_password(current_password or ""):
            raise validation("current_password", _("That is not your current password."))
    else:
        require_manage(actor, user)
    now = clock.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    before = snapshot(user, AUDITED)
    revoked = 0
    for key, value in fields.items():
        if key == "email":
            user.email = check_text(value, key, max_length=254, required=False)
        elif key in ("first_name", "last_name"):
            setattr(user, key, check_text(value, key, max_length=150, required=False))
        elif key == "is_active":
            revoked = _set_active(user, bool(value), now)
        elif key == "role":
            user.role = _check_role(actor, user, value)
        elif key == "language":
            if not languages.is_supported(value):
                raise validation("language", languages.use_message())
            user.language = value
        elif key == "password":
            check_new_password(value, user)
            user.set_password(value)
        else:
            raise validation(key, gettext("'%(key)s' cannot be changed here.") % {"key": key})
    validate_model(user, fields=set(fields) - {"password"})
    user.save()
    after: dict[str, Any] = snapshot(user, AUDITED)
    if "password" in fields:
        after["password"] = "changed"
    if revoked:
        after["tokens_revoked"] = revoked
    audit_user(actor=actor, verb="user_update", user=user, before=before, after=after, now=now)
    return user


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User) -> User:
    """Switch a user off: it can no longer sign in, its open sessions end at
    their next request and its API tokens are revoked (and stay revoked)."""
    require(actor, "user.manage")
    if user.pk == getattr(actor.user, "pk", None):
        raise validation("is_active", _("You cannot deactivate yourself."))
    require_manage(actor, user)
    now = clock.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(ErrorCode.INVALID_STATE, _("This user is already deactivated."))
    revoked = _set_active(user, False, now)
    user.save(update_fields=["is_active", "session_epoch"])
    after = {"is_active": False, "tokens_revoked": revoked}
    audit_user(
        actor=actor, verb="user_deactivate", user=user, before={"is_active": True}, after=after
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: Actor, user: User) -> User:
    """Switch a deactivated user on again: it signs in with its password (or a
    reset link); sessions and tokens it had before stay dead."""
    require_manage(actor, user)
    now = clock.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise DomainError(ErrorCode.INVALID_STATE, _("This user is already active."))
    _set_active(user, True, now)
    user.save(update_fields=["is_active"])
    audit_user(
        actor=actor,
        verb="user_reactivate",
        user=user,
        before={"is_active": False},
        after={"is_active": True},
        now=now,
    )
    return user


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for ``user`` (yourself, or any user for a provider admin).
    Returns the row and the secret, which is shown once and never stored."""
    if user.pk != getattr(actor.user, "pk", None) and actor.role not in (Role.PROVIDER_ADMIN, None):
        raise Forbidden(gettext("You can only create tokens for yourself."))
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
        raise Forbidden(gettext("You can only revoke your own tokens."))
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

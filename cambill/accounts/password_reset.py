"""Password-reset links: sent by whoever manages a user, or asked for by the
user itself ("forgot password?"), delivered through the outbox in the user's
language, and used once on the public reset page.

The link is signed and expires (``cambill.core.reset_tokens``); it is made when
the message is sent, so the outbox never stores a live one. Setting the new
password changes the password hash, which kills the link and every session
the user had open.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cambill.core import clock, reset_tokens
from cambill.core.access import Actor
from cambill.core.errors import DomainError, ErrorCode, validation

from .models import User
from .services import audit_user, check_new_password, require_manage


class BadLink(DomainError):
    """The link is unknown, used, expired, or its user is deactivated: one
    answer for all of them, so the page tells an attacker nothing."""

    def __init__(self) -> None:
        super().__init__(
            ErrorCode.INVALID_STATE,
            _("This password-reset link is not valid any more. Ask for a new one."),
        )


def _cloud_of(user: User) -> Any:
    membership = getattr(user, "membership", None)
    return membership.cloud if membership is not None else None


def _enqueue(user: User, now: Any) -> bool:
    from cambill.notifications.notify import password_reset

    return password_reset(user, cloud=_cloud_of(user), now=now) is not None


@transaction.atomic
def password_reset_send(*, actor: Actor, user: User) -> User:
    """Mail ``user`` a link to choose a new password (a provider admin for
    anyone, a cloud admin for its cloud's users). Its password keeps working
    until the link is used."""
    require_manage(actor, user)
    user = User.objects.select_related("membership__cloud").get(pk=user.pk)
    if not user.is_active:
        raise DomainError(
            ErrorCode.INVALID_STATE, _("Reactivate this user before sending it a reset link.")
        )
    if not user.email:
        raise validation("email", _("This user has no e-mail address; add one first."))
    now = clock.now()
    _enqueue(user, now)
    audit_user(actor=actor, verb="user_password_reset_send", user=user, after={"to": user.email})
    return user


@transaction.atomic
def password_reset_request(*, email: str) -> int:
    """ "Forgot password?": a link to every active user with this e-mail. The
    caller answers the same whatever this returns (no user enumeration)."""
    email = (email or "").strip()
    if not email:
        return 0
    now = clock.now()
    sent = 0
    users = User.objects.filter(email__iexact=email, is_active=True).select_related(
        "membership__cloud"
    )
    for user in users.order_by("pk"):
        if _enqueue(user, now):
            sent += 1
            after = {"to": user.email}
            audit_user(actor=user, verb="user_password_reset_request", user=user, after=after)
    return sent


def password_reset_user(*, uid: str, token: str) -> User:
    """The user a link opens, or ``BadLink``."""
    pk = reset_tokens.user_pk(uid)
    user = User.objects.filter(pk=pk).first() if pk is not None else None
    if user is None or not reset_tokens.check(user, token):
        raise BadLink()
    return user


@transaction.atomic
def password_reset_complete(*, uid: str, token: str, password: str) -> User:
    """Set the new password a link allows; the link then stops working, and so
    does every session the user had open."""
    found = password_reset_user(uid=uid, token=token)
    user = (
        User.objects.select_for_update(of=("self",)).select_related("membership").get(pk=found.pk)
    )
    # Checked again under the lock: two tabs submitting the same link set one password.
    if not reset_tokens.check(user, token):
        raise BadLink()
    check_new_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_user(actor=user, verb="user_password_reset", user=user, after={"password": "changed"})
    return user

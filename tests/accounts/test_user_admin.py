"""Managing users (issue #13, point 6): who may change whom, roles within a
family, deactivation ending sessions and tokens, password-reset links that
expire and work once, each change audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from cambill.accounts.models import ApiToken, User
from cambill.core.access import SYSTEM
from cambill.core.audit import AuditEntry
from cambill.core.errors import DomainError, ErrorCode
from cambill.notifications.models import Message
from tests.conftest import PASSWORD, utc

pytestmark = pytest.mark.django_db


def _fresh(world: Any, name: str) -> User:
    return User.objects.get(pk=world.users[name].pk)


def _audits(verb: str, user: Any) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(verb=verb, object_id=str(user.pk)))


# --- scope and roles -----------------------------------------------------------


def test_grantable_roles_stay_in_the_users_family(world: Any) -> None:
    from cambill.accounts.selectors import grantable_roles

    def roles(actor: str, user: str) -> list[str]:
        return [r.value for r in grantable_roles(world.actor(actor), world.users[user])]

    staff = ["cloud_admin", "account_manager", "cloud_accountant"]
    assert roles("cadmin", "amanager") == staff
    assert roles("padmin", "caccountant") == staff
    assert roles("padmin", "pmanager") == [
        "provider_admin",
        "provider_accountant",
        "provider_manager",
    ]
    # A subscriber's or agent's login is tied to its record; nobody changes itself;
    # a cloud admin reaches no other cloud and no provider staff.
    assert roles("cadmin", "subscriber") == []
    assert roles("cadmin", "agent") == []
    assert roles("cadmin", "cadmin") == []
    assert roles("cadmin", "otheradmin") == []
    assert roles("cadmin", "pmanager") == []
    assert roles("caccountant", "amanager") == []


def test_cloud_admin_changes_a_colleagues_role_and_it_is_audited(world: Any) -> None:
    from cambill.accounts.services import user_update

    user_update(
        actor=world.actor("cadmin"), user=world.users["caccountant"], role="account_manager"
    )
    assert _fresh(world, "caccountant").role == "account_manager"
    (row,) = _audits("user_update", world.users["caccountant"])
    assert (row.before["role"], row.after["role"]) == ("cloud_accountant", "account_manager")
    assert row.cloud_id == world.clouds["telenet"].pk


@pytest.mark.parametrize(
    ("actor", "user", "role", "code"),
    [
        ("cadmin", "amanager", "provider_admin", ErrorCode.FORBIDDEN),  # beyond its own
        ("cadmin", "subscriber", "cloud_admin", ErrorCode.VALIDATION),  # tied to an account
        ("cadmin", "otheradmin", "account_manager", ErrorCode.FORBIDDEN),  # another cloud
        ("cadmin", "cadmin", "account_manager", ErrorCode.VALIDATION),  # itself
        ("amanager", "caccountant", "cloud_admin", ErrorCode.FORBIDDEN),  # no user.manage
        ("padmin", "pmanager", "cloud_admin", ErrorCode.FORBIDDEN),  # out of its family
        # Still responsible for accounts (acme) or clouds (telenet).
        ("cadmin", "amanager", "cloud_accountant", ErrorCode.CONFLICT),
        ("padmin", "pmanager", "provider_accountant", ErrorCode.CONFLICT),
    ],
)
def test_role_changes_refused(world: Any, actor: str, user: str, role: str, code: str) -> None:
    from cambill.accounts.services import user_update

    before = _fresh(world, user).role
    with pytest.raises(DomainError) as exc:
        user_update(actor=world.actor(actor), user=world.users[user], role=role)
    assert exc.value.code == code
    assert _fresh(world, user).role == before
    assert not AuditEntry.objects.filter(verb="user_update").exists()


def test_own_password_needs_the_current_one(world: Any) -> None:
    from cambill.accounts.services import user_update

    me = world.actor("amanager")
    with pytest.raises(DomainError) as exc:
        user_update(actor=me, user=world.users["amanager"], password="a-new-password-1")
    assert exc.value.fields == {"current_password": ["That is not your current password."]}
    user_update(
        actor=me,
        user=world.users["amanager"],
        password="a-new-password-1",
        current_password=PASSWORD,
    )
    assert _fresh(world, "amanager").check_password("a-new-password-1")
    (row,) = _audits("user_update", world.users["amanager"])
    assert row.after["password"] == "changed"


# --- deactivation --------------------------------------------------------------


def test_deactivation_ends_sessions_and_tokens_at_once(world: Any) -> None:
    from cambill.accounts.services import (
        api_token_create,
        token_user,
        user_deactivate,
        user_reactivate,
    )

    victim = world.users["amanager"]
    browser = Client()
    browser.force_login(victim)
    assert browser.get("/me/").status_code == 200
    _token, secret = api_token_create(actor=world.actor("amanager"), user=victim)
    assert token_user(secret) == victim

    user_deactivate(actor=world.actor("cadmin"), user=victim)

    assert browser.get("/me/").status_code == 302  # to the sign-in page
    assert token_user(secret) is None
    assert ApiToken.objects.get(user=victim).revoked_at is not None
    (row,) = _audits("user_deactivate", victim)
    assert row.after == {"is_active": False, "tokens_revoked": 1}
    assert not Client().login(username="amanager", password=PASSWORD)

    # Back on: it signs in again, but the old session and token stay dead.
    user_reactivate(actor=world.actor("cadmin"), user=victim)
    assert browser.get("/me/").status_code == 302
    assert token_user(secret) is None
    assert Client().login(username="amanager", password=PASSWORD)
    assert len(_audits("user_reactivate", victim)) == 1


def test_deactivation_refusals(world: Any) -> None:
    from cambill.accounts.services import user_deactivate, user_reactivate

    for actor, user, code in [
        ("cadmin", "cadmin", ErrorCode.VALIDATION),  # itself
        ("cadmin", "otheradmin", ErrorCode.FORBIDDEN),  # another cloud
        ("cadmin", "padmin", ErrorCode.FORBIDDEN),  # provider staff
        ("caccountant", "amanager", ErrorCode.FORBIDDEN),  # no user.manage
    ]:
        with pytest.raises(DomainError) as exc:
            user_deactivate(actor=world.actor(actor), user=world.users[user])
        assert exc.value.code == code, (actor, user)
        assert _fresh(world, user).is_active
    with pytest.raises(DomainError) as exc:
        user_reactivate(actor=world.actor("cadmin"), user=world.users["amanager"])
    assert exc.value.code == ErrorCode.INVALID_STATE
    assert not AuditEntry.objects.filter(verb__in=["user_deactivate", "user_reactivate"]).exists()


# --- password-reset links --------------------------------------------------------


def _link(msg: Message) -> tuple[str, str]:
    """The uid and token of the link the message carries when it is sent."""
    from cambill.notifications.services import build_email

    body = build_email(msg).body
    path = body.split("/password/reset/", 1)[1].split()[0]
    uid, token = path.strip("/").split("/")
    return uid, token


def test_reset_link_is_queued_in_the_users_language_without_the_secret(world: Any) -> None:
    from cambill.accounts.password_reset import password_reset_send
    from cambill.accounts.services import user_update

    user_update(actor=SYSTEM, user=world.users["amanager"], email="am@t.test", language="es")
    password_reset_send(actor=world.actor("cadmin"), user=world.users["amanager"])
    msg = Message.objects.get(kind="password_reset")
    assert (msg.to, msg.language, msg.cloud_id, msg.user_id) == (
        ["am@t.test"],
        "es",
        world.clouds["telenet"].pk,
        world.users["amanager"].pk,
    )
    assert msg.subject == "Telenet: elija una nueva contraseña"
    # The stored body names the link; the token exists only in what is sent.
    assert "{reset_url}" in msg.body
    assert "/password/reset/" not in msg.body
    (row,) = _audits("user_password_reset_send", world.users["amanager"])
    assert row.after == {"to": "am@t.test"}


def test_provider_staff_reset_link_has_no_cloud(world: Any) -> None:
    from cambill.accounts.password_reset import password_reset_send
    from cambill.accounts.services import user_update

    user_update(actor=SYSTEM, user=world.users["pmanager"], email="pm@p.test")
    password_reset_send(actor=world.actor("padmin"), user=world.users["pmanager"])
    msg = Message.objects.get(kind="password_reset")
    assert msg.cloud_id is None
    assert msg.subject == "cambill Platform Ltd.: set a new password"


def test_reset_link_works_once(world: Any) -> None:
    from cambill.accounts.password_reset import (
        BadLink,
        password_reset_complete,
        password_reset_send,
    )
    from cambill.accounts.services import user_update

    user_update(actor=SYSTEM, user=world.users["subscriber"], email="s@acme.test")
    password_reset_send(actor=world.actor("cadmin"), user=world.users["subscriber"])
    uid, token = _link(Message.objects.get(kind="password_reset"))
    password_reset_complete(uid=uid, token=token, password="brand-new-pass-9")
    assert _fresh(world, "subscriber").check_password("brand-new-pass-9")
    assert len(_audits("user_password_reset", world.users["subscriber"])) == 1
    with pytest.raises(BadLink):
        password_reset_complete(uid=uid, token=token, password="another-pass-99")
    assert _fresh(world, "subscriber").check_password("brand-new-pass-9")


def test_reset_link_expires_and_dies_with_deactivation(world: Any, settings: Any) -> None:
    from cambill.accounts.password_reset import (
        BadLink,
        password_reset_send,
        password_reset_user,
    )
    from cambill.accounts.services import user_deactivate, user_update

    settings.CAMBILL_PASSWORD_RESET_HOURS = 2
    user_update(actor=SYSTEM, user=world.users["amanager"], email="am@t.test")
    start = utc(2026, 5, 1, 9)
    with time_machine.travel(start, tick=False):
        password_reset_send(actor=world.actor("cadmin"), user=world.users["amanager"])
        uid, token = _link(Message.objects.get(kind="password_reset"))
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        assert password_reset_user(uid=uid, token=token).pk == world.users["amanager"].pk
    with (
        time_machine.travel(start + timedelta(hours=2, seconds=1), tick=False),
        pytest.raises(BadLink),
    ):
        password_reset_user(uid=uid, token=token)
    with time_machine.travel(start + timedelta(hours=1), tick=False):
        user_deactivate(actor=world.actor("cadmin"), user=world.users["amanager"])
        with pytest.raises(BadLink):
            password_reset_user(uid=uid, token=token)
    for bad_uid, bad_token in [("MQ", token), (uid, "abc-123"), ("!!", "x")]:
        with pytest.raises(BadLink):
            password_reset_user(uid=bad_uid, token=bad_token)


def test_reset_refusals(world: Any) -> None:
    from cambill.accounts.password_reset import password_reset_send
    from cambill.accounts.services import user_deactivate

    with pytest.raises(DomainError) as exc:
        password_reset_send(actor=world.actor("cadmin"), user=world.users["amanager"])
    assert exc.value.fields == {"email": ["This user has no e-mail address; add one first."]}
    with pytest.raises(DomainError) as exc:
        password_reset_send(actor=world.actor("cadmin"), user=world.users["otheradmin"])
    assert exc.value.code == ErrorCode.FORBIDDEN
    user_deactivate(actor=world.actor("cadmin"), user=world.users["caccountant"])
    with pytest.raises(DomainError) as exc:
        password_reset_send(actor=world.actor("cadmin"), user=world.users["caccountant"])
    assert exc.value.code == ErrorCode.INVALID_STATE
    assert not Message.objects.exists()


def test_forgot_password_mails_active_users_with_that_address_only(world: Any) -> None:
    from cambill.accounts.password_reset import password_reset_request
    from cambill.accounts.services import user_deactivate, user_update

    user_update(actor=SYSTEM, user=world.users["amanager"], email="Same@T.test")
    user_update(actor=SYSTEM, user=world.users["amanager2"], email="same@t.test")
    user_deactivate(actor=world.actor("cadmin"), user=world.users["amanager2"])
    assert password_reset_request(email="same@t.TEST") == 1
    assert password_reset_request(email="nobody@t.test") == 0
    assert password_reset_request(email="") == 0
    (msg,) = Message.objects.filter(kind="password_reset")
    assert (msg.user_id, msg.to) == (world.users["amanager"].pk, ["Same@t.test"])
    (row,) = _audits("user_password_reset_request", world.users["amanager"])
    assert row.actor_id == world.users["amanager"].pk

"""Users, passwords, tokens and the two user commands."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import CommandError, call_command

from cambill.accounts.models import ApiToken, User
from cambill.accounts.services import api_token_create, api_token_revoke, token_user
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_production_hasher_is_argon2() -> None:
    from cambill import settings as prod

    assert prod.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_token_is_hashed_at_rest_shown_once_and_revocable(world) -> None:  # type: ignore[no-untyped-def]
    user = world.users["cadmin"]
    token, secret = api_token_create(actor=world.actor("cadmin"), user=user, name="ci")
    row = ApiToken.objects.get(pk=token.pk)
    assert secret not in (row.key_hash, row.prefix, row.name)
    assert row.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token_user(secret) == user
    assert token_user(secret[:-1] + ("x" if secret[-1] != "x" else "y")) is None
    api_token_revoke(actor=world.actor("cadmin"), token=token)
    assert token_user(secret) is None


def test_token_of_deactivated_user_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_update

    _, secret = api_token_create(actor=SYSTEM, user=world.users["amanager"])
    user_update(actor=world.actor("padmin"), user=world.users["amanager"], is_active=False)
    assert token_user(secret) is None


def test_cannot_create_tokens_for_someone_else(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        api_token_create(actor=world.actor("cadmin"), user=world.users["padmin"])
    assert exc.value.code == ErrorCode.FORBIDDEN
    assert not ApiToken.objects.exists()


def test_create_user_command(world) -> None:  # type: ignore[no-untyped-def]
    call_command(
        "create_user", username="ops", password="long-enough-1", role="cloud_admin", cloud="telenet"
    )
    u = User.objects.get(username="ops")
    assert u.role == "cloud_admin" and u.membership.cloud.slug == "telenet"
    assert u.check_password("long-enough-1")
    assert AuditEntry.objects.filter(verb="user_create", object_id=str(u.pk)).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "cloud_admin"}, "needs a cloud"),
        ({"role": "cloud_admin", "cloud": "nope"}, "No cloud 'nope'"),
        ({"role": "subscriber", "cloud": "telenet"}, "needs an account"),
        ({"role": "subscriber", "cloud": "telenet", "account": "zzz"}, "No account 'zzz'"),
        ({"role": "provider_admin", "password": "short"}, "too short"),
    ],
)
def test_create_user_command_errors(world, kwargs, message) -> None:  # type: ignore[no-untyped-def]
    args = {"username": "ops", "password": "long-enough-1", **kwargs}
    with pytest.raises(CommandError, match=message):
        call_command("create_user", **args)
    assert not User.objects.filter(username="ops").exists()


def test_api_token_command_prints_a_working_token(world, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("api_token", user="padmin")
    secret = capsys.readouterr().out.strip()
    assert token_user(secret) == world.users["padmin"]
    with pytest.raises(CommandError, match="No user"):
        call_command("api_token", user="ghost")


def test_hyphenated_command_names_map_to_modules(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from cambill import manage

    seen = {}
    monkeypatch.setattr(sys, "argv", ["cambill", "api-token", "--help"])
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line",
        lambda argv: seen.setdefault("argv", argv),
    )
    manage.main()
    assert seen["argv"][1] == "api_token"


def test_duplicate_username_is_refused_case_insensitively(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_create

    with pytest.raises(DomainError) as exc:
        user_create(
            actor=SYSTEM, username="PAdmin", password="long-enough-1", role="provider_admin"
        )
    assert exc.value.code == ErrorCode.DUPLICATE


def test_users_edit_their_own_profile_but_not_their_standing(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_update

    me = world.actor("subscriber")
    user_update(actor=me, user=world.users["subscriber"], language="es", first_name="Sam")
    world.users["subscriber"].refresh_from_db()
    assert world.users["subscriber"].language == "es"
    with pytest.raises(DomainError) as exc:
        user_update(actor=me, user=world.users["subscriber"], is_active=False)
    assert exc.value.code == ErrorCode.FORBIDDEN
    with pytest.raises(DomainError):
        user_update(actor=me, user=world.users["subscriber2"], language="es")


def test_reserved_usernames_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_create

    with pytest.raises(DomainError) as exc:
        user_create(actor=SYSTEM, username="me", password="long-enough-1", role="provider_admin")
    assert "reserved" in exc.value.message

"""Every role against every read and write of the foundation.

Allowed writes succeed and leave one audit row; refused ones raise and change
nothing (no audit row, no object). Reads return exactly the objects in scope,
and out-of-scope objects are "not found", never "forbidden".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from cambill.accounts.roles import Role
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.models import AuditEntry
from cambill.core.permissions import MATRIX

ROLES = [
    "padmin",
    "paccountant",
    "pmanager",
    "cadmin",
    "amanager",
    "caccountant",
    "subscriber",
    "agent",
]
# Users whose scope must NOT include telenet's acme.
OUTSIDERS = ["pmanager2", "otheradmin", "amanager2", "subscriber2"]
AT = datetime(2026, 3, 10, 5, tzinfo=UTC)


def test_docs_roles_md_is_generated_from_the_registry() -> None:
    """docs/roles.md is exactly what ``cambill roles_doc`` renders from the registry."""
    from cambill.core.roles_doc import render

    text = (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()
    assert text == render(), "docs/roles.md is out of date: run `cambill roles_doc --write`"
    # the matrix it prints is the registry's, role by role
    header = next(line for line in text.splitlines() if line.startswith("| action |"))
    roles = [c.strip() for c in header.strip("|").split("|")][1:]
    assert roles == [r.value for r in Role]
    documented = {}
    for line in text.splitlines():
        m = re.match(r"^\| `([a-z_]+\.[a-z_]+)` \|(.*)\|$", line)
        if m:
            cells = [c.strip() for c in m.group(2).split("|")]
            if len(cells) == len(roles):
                documented[m.group(1)] = frozenset(
                    Role(r) for r, c in zip(roles, cells, strict=True) if c == "yes"
                )
    assert documented == MATRIX


def test_roles_doc_command_checks_and_prints(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import CommandError, call_command

    from cambill.core.management.commands import roles_doc
    from cambill.core.roles_doc import render

    out = StringIO()
    call_command("roles_doc", stdout=out)
    assert out.getvalue() == render()
    call_command("roles_doc", "--check")  # the committed file is current
    stale = tmp_path / "roles.md"
    stale.write_text("# old\n")
    monkeypatch.setattr(roles_doc, "docs_path", lambda: stale)
    with pytest.raises(CommandError):
        call_command("roles_doc", "--check")
    call_command("roles_doc", "--write", stdout=StringIO())
    assert stale.read_text() == render()


def _camera(world):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    return camera_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        code="cam-acme-1",
        account=world.accounts["acme"],
        tariff="HOME3",
        at=datetime(2026, 3, 1, 5, tzinfo=UTC),
    )


WRITES: dict[str, tuple[set[str], Any]] = {}


def write(name: str, allowed: set[str]):  # type: ignore[no-untyped-def]
    def deco(fn):  # type: ignore[no-untyped-def]
        WRITES[name] = (allowed, fn)
        return fn

    return deco


@write("service_create", {"padmin"})
def _w1(w, a):  # type: ignore[no-untyped-def]
    from cambill.catalog.services import service_create

    service_create(
        actor=a,
        code="NEW",
        name="New",
        prices=[{"currency": "USD", "amount": "1", "valid_from": date(2026, 1, 1)}],
    )


@write("cloud_create", {"padmin"})
def _w2(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import cloud_create

    cloud_create(actor=a, slug="newcloud", name="New", currency="USD", timezone_name="UTC")


@write("cloud_update", {"padmin"})
def _w3(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import cloud_update

    cloud_update(actor=a, cloud=w.clouds["telenet"], discount_percent="20")


@write("cloud_set_allowed_tariffs", {"padmin"})
def _w4(w, a):  # type: ignore[no-untyped-def]
    from cambill.catalog.services import cloud_set_allowed_tariffs

    cloud_set_allowed_tariffs(actor=a, cloud=w.clouds["telenet"], tariffs=[])


@write("tariff_create(cloud)", {"padmin", "cadmin"})
def _w5(w, a):  # type: ignore[no-untyped-def]
    from cambill.catalog.services import tariff_create

    tariff_create(
        actor=a,
        cloud=w.clouds["telenet"],
        code="NEWT",
        name="New",
        price="1.00",
        components=[{"service": "REC_DAY", "quantity": 1}],
    )


@write("tariff_create(provider)", {"padmin"})
def _w6(w, a):  # type: ignore[no-untyped-def]
    from cambill.catalog.services import tariff_create

    tariff_create(
        actor=a,
        cloud=None,
        code="NEWP",
        name="New",
        price="1.00",
        currency="USD",
        components=[{"service": "REC_DAY", "quantity": 1}],
    )


@write("account_create", {"padmin", "cadmin", "amanager", "amanager2", "agent"})
def _w7(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import account_create

    account_create(actor=a, cloud=w.clouds["telenet"], code="newacc", name="New account")


@write("account_update(acme)", {"padmin", "cadmin", "amanager"})
def _w8(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import account_update

    account_update(actor=a, account=w.accounts["acme"], name="Renamed")


@write("camera_create(acme)", {"padmin", "cadmin", "amanager"})
def _w9(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create

    camera_create(
        actor=a,
        cloud=w.clouds["telenet"],
        code="cam-new",
        account=w.accounts["acme"],
        tariff="HOME3",
        at=AT,
    )


@write("camera_change_tariff(acme)", {"padmin", "cadmin", "amanager"})
def _w10(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_change_tariff

    camera_change_tariff(actor=a, camera=w.camera, tariff="TRAFFIC7", at=AT)


@write("camera_move(acme->beta)", {"padmin", "cadmin"})
def _w11(w, a):  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_move

    camera_move(actor=a, camera=w.camera, account=w.accounts["beta"], at=AT)


@write("agent_create", {"padmin", "cadmin"})
def _w12(w, a):  # type: ignore[no-untyped-def]
    from cambill.referrals.services import agent_create

    agent_create(actor=a, cloud=w.clouds["telenet"], code="agent9", name="Nine", parent="agent1")


@write("user_create(cloud_accountant of telenet)", {"padmin", "cadmin"})
def _w13(w, a):  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_create

    user_create(
        actor=a,
        username="newuser",
        password="long-enough-1",
        role="cloud_accountant",
        cloud=w.clouds["telenet"],
    )


@write("user_create(provider_admin)", {"padmin"})
def _w14(w, a):  # type: ignore[no-untyped-def]
    from cambill.accounts.services import user_create

    user_create(actor=a, username="newstaff", password="long-enough-1", role="provider_admin")


def _state() -> tuple[int, ...]:
    from cambill.accounts.models import User
    from cambill.catalog.models import CloudAllowedTariff, Service, TariffPlan
    from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
    from cambill.referrals.models import Agent

    return (
        *tuple(
            m.objects.count()
            for m in (
                AuditEntry,
                User,
                Service,
                TariffPlan,
                CloudAllowedTariff,
                Cloud,
                Account,
                Camera,
                CameraTariffPeriod,
                Agent,
            )
        ),
        hash(tuple(Cloud.objects.values_list("discount_percent", flat=True))),
        hash(tuple(Account.objects.values_list("name", flat=True))),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("user", ROLES + OUTSIDERS)
@pytest.mark.parametrize("verb", list(WRITES))
def test_every_role_against_every_write(world, user: str, verb: str) -> None:  # type: ignore[no-untyped-def]
    allowed, fn = WRITES[verb]
    world.camera = _camera(world)
    actor = world.actor(user)
    before = _state()
    audit_before = AuditEntry.objects.count()
    if user in allowed:
        fn(world, actor)
        assert AuditEntry.objects.count() > audit_before
    else:
        with pytest.raises(DomainError) as exc, transaction.atomic():
            fn(world, actor)
        assert exc.value.code in (ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND)
        assert _state() == before


# --- reads -----------------------------------------------------------------

VISIBLE_ACCOUNTS = {
    "padmin": {"acme", "beta"},
    "paccountant": {"acme", "beta"},
    "pmanager": {"acme", "beta"},
    "cadmin": {"acme", "beta"},
    "amanager": {"acme"},
    "amanager2": {"beta"},
    "caccountant": {"acme", "beta"},
    "subscriber": {"acme"},
    "subscriber2": {"beta"},
    "agent": {"acme"},
}
VISIBLE_CLOUDS = {
    "padmin": {"telenet", "othercloud"},
    "paccountant": {"telenet", "othercloud"},
    "pmanager": {"telenet"},
    "pmanager2": {"othercloud"},
    "cadmin": {"telenet"},
    "amanager": {"telenet"},
    "amanager2": {"telenet"},
    "caccountant": {"telenet"},
    "otheradmin": {"othercloud"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("user", ROLES + OUTSIDERS)
def test_reads_are_scoped(world, user: str) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.selectors import (
        account_get,
        account_list,
        camera_get,
        camera_list,
        cloud_in_scope,
        cloud_list,
    )
    from cambill.core.errors import Forbidden, NotFound

    _camera(world)
    actor = world.actor(user)
    if user in VISIBLE_CLOUDS:
        assert set(cloud_list(actor=actor).values_list("slug", flat=True)) == VISIBLE_CLOUDS[user]
    else:
        with pytest.raises(Forbidden):
            cloud_list(actor=actor)
    try:
        telenet = cloud_in_scope(actor=actor, slug="telenet")
    except NotFound:
        assert user in ("pmanager2", "otheradmin")
        return
    accounts = set(account_list(actor=actor, cloud=telenet).values_list("code", flat=True))
    assert accounts == VISIBLE_ACCOUNTS[user]
    cams = set(camera_list(actor=actor, cloud=telenet).values_list("code", flat=True))
    assert cams == ({"cam-acme-1"} if "acme" in accounts else set())
    if "acme" not in accounts:
        with pytest.raises(NotFound):
            account_get(actor=actor, cloud=telenet, code="acme")
        with pytest.raises(NotFound):
            camera_get(actor=actor, cloud=telenet, code="cam-acme-1")
    # "not yours" and "does not exist" are the same answer
    with pytest.raises(NotFound) as missing:
        account_get(actor=actor, cloud=telenet, code="does-not-exist")
    assert missing.value.message == "No such account."


@pytest.mark.django_db
def test_other_cloud_is_not_found_for_cloud_staff(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.clouds.selectors import cloud_in_scope
    from cambill.core.errors import NotFound

    with pytest.raises(NotFound) as exc:
        cloud_in_scope(actor=world.actor("cadmin"), slug="othercloud")
    with pytest.raises(NotFound) as exc2:
        cloud_in_scope(actor=world.actor("cadmin"), slug="nope")
    assert exc.value.as_dict() == exc2.value.as_dict()


@pytest.mark.django_db
def test_agent_sees_itself_and_its_downline_only(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.core.access import SYSTEM
    from cambill.referrals.selectors import agent_list
    from cambill.referrals.services import agent_create

    agent_create(
        actor=SYSTEM, cloud=world.clouds["telenet"], code="sub1", name="Sub", parent="agent1"
    )
    codes = set(
        agent_list(actor=world.actor("agent"), cloud=world.clouds["telenet"]).values_list(
            "code", flat=True
        )
    )
    assert codes == {"agent1", "sub1"}


def test_matrix_covers_every_role() -> None:
    assert set().union(*MATRIX.values()) == set(Role)

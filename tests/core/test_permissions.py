"""The permission registry's object predicates, on real objects and every role.

The matrix (may a role attempt an action at all) is in test_roles.py; here an
allowed role must also pass the action's predicate for *this* object: the
wholesale invoice is the provider's, the retail one the cloud's; a provider
manager reaches only the clouds it manages; a cloud role only its own cloud.
Refusals change nothing (no audit row, the invoice still a draft).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.db import transaction

from cambill.core.access import SYSTEM
from cambill.core.errors import ErrorCode, Forbidden, NotFound
from cambill.core.models import AuditEntry
from cambill.core.permissions import REGISTRY, can, require
from cambill.core.predicates import in_cloud
from tests.invoicing.conftest import NOW, add_cameras
from tests.invoicing.helpers import bill, retail, wholesale

USERS = [
    "padmin",
    "paccountant",
    "pmanager",
    "pmanager2",
    "cadmin",
    "otheradmin",
    "amanager",
    "caccountant",
    "subscriber",
    "agent",
]
# who may change telenet's March invoices (issue a draft)
MANAGES = {
    "wholesale": {"padmin", "paccountant"},
    "retail": {"padmin", "cadmin", "caccountant"},
}


@pytest.fixture
def billed(world):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        add_cameras(world)
        bill(world.clouds["telenet"], "2026-03", NOW)
        yield world


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["wholesale", "retail"])
@pytest.mark.parametrize("user", USERS)
def test_invoice_manage_follows_the_issuer_and_the_cloud(billed, user: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import invoice_issue

    t = billed.clouds["telenet"]
    inv = wholesale(t, "2026-03") if kind == "wholesale" else retail(t, "2026-03", "acme")
    actor = billed.actor(user)
    allowed = user in MANAGES[kind]
    assert actor.can("invoice.manage", inv) is allowed
    audit_before = AuditEntry.objects.count()
    if allowed:
        assert invoice_issue(actor=actor, invoice=inv, now=NOW).status == "issued"
        assert AuditEntry.objects.count() == audit_before + 1
    else:
        with pytest.raises(Forbidden), transaction.atomic():
            invoice_issue(actor=actor, invoice=inv, now=NOW)
        inv.refresh_from_db()
        assert inv.status == "draft" and inv.number is None
        assert AuditEntry.objects.count() == audit_before


@pytest.mark.django_db
def test_cloud_accountant_manages_its_retail_invoice_but_not_the_wholesale_one(billed) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.services import invoice_issue

    t = billed.clouds["telenet"]
    acc = billed.actor("caccountant")
    assert acc.can("invoice.manage")  # the role may manage invoices at all...
    assert not acc.can("invoice.manage", wholesale(t, "2026-03"))  # ...not the provider's
    with pytest.raises(Forbidden) as exc:
        invoice_issue(actor=acc, invoice=wholesale(t, "2026-03"), now=NOW)
    assert "wholesale invoice is managed by the provider" in exc.value.message
    issued = invoice_issue(actor=acc, invoice=retail(t, "2026-03", "acme"), now=NOW)
    assert issued.status == "issued" and issued.number


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "telenet", "othercloud"),
    [
        ("pmanager", True, False),
        ("pmanager2", False, True),
        ("padmin", True, True),
        ("paccountant", True, True),
        ("cadmin", True, False),
        ("otheradmin", False, True),
    ],
)
def test_a_provider_manager_reaches_only_its_managed_clouds(world, user, telenet, othercloud):  # type: ignore[no-untyped-def]
    actor = world.actor(user)
    t, o = world.clouds["telenet"], world.clouds["othercloud"]
    assert in_cloud(actor, t.pk) is telenet
    assert in_cloud(actor, o.pk) is othercloud
    assert actor.can("billrun.view", t) is telenet
    assert actor.can("billrun.view", o) is othercloud
    assert actor.can("watcher.view", t) is telenet


@pytest.mark.django_db
def test_bill_runs_of_a_cloud_not_managed_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    from cambill.invoicing.selectors import bill_run_list

    t = world.clouds["telenet"]
    assert list(bill_run_list(actor=world.actor("pmanager"), cloud=t)) == []
    with pytest.raises(NotFound):  # not its cloud: as if it did not exist
        bill_run_list(actor=world.actor("pmanager2"), cloud=t)
    # the role may see bill runs, but never the account manager's or subscriber's
    with pytest.raises(Forbidden):
        bill_run_list(actor=world.actor("amanager"), cloud=t)


@pytest.mark.django_db
def test_payments_outside_the_reach_are_not_found_inside_it_forbidden(world) -> None:  # type: ignore[no-untyped-def]
    t = world.clouds["telenet"]
    # another cloud's admin: the cloud does not exist for it, whatever the kind
    for action in ("payment.manage", "payment.manage_wholesale", "payment.configure"):
        with pytest.raises(NotFound) as exc:
            require(world.actor("otheradmin"), action, t)
        assert exc.value.message == "No such cloud."
    # its own cloud's admin: retail yes, wholesale money is the provider's
    require(world.actor("cadmin"), "payment.manage", t)
    with pytest.raises(Forbidden) as exc2:
        require(world.actor("cadmin"), "payment.manage_wholesale", t)
    assert exc2.value.message == "A cloud admin may not record wholesale payments."
    require(world.actor("paccountant"), "payment.manage_wholesale", t)
    with pytest.raises(Forbidden):
        require(world.actor("paccountant"), "payment.manage", t)


@pytest.mark.django_db
def test_account_money_is_seen_by_its_people_only(world) -> None:  # type: ignore[no-untyped-def]
    acme, beta = world.accounts["acme"], world.accounts["beta"]
    seen = {
        u: {a.code for a in (acme, beta) if world.actor(u).can("payment.view_account", a)}
        for u in USERS
    }
    assert seen == {
        "padmin": {"acme", "beta"},
        "paccountant": {"acme", "beta"},
        "pmanager": {"acme", "beta"},
        "pmanager2": set(),
        "cadmin": {"acme", "beta"},
        "otheradmin": set(),
        "amanager": {"acme"},
        "caccountant": {"acme", "beta"},
        "subscriber": {"acme"},
        "agent": set(),
    }


def test_without_an_object_only_the_role_is_checked() -> None:
    from cambill.accounts.roles import Role
    from cambill.core.access import Actor

    cadmin = Actor(user=None, role=Role.CLOUD_ADMIN, cloud_id=1)
    assert cadmin.can("invoice.manage")
    assert not cadmin.can("invoice.manage", SimpleNamespace(cloud_id=2, kind="retail"))
    assert not cadmin.can("invoice.manage", SimpleNamespace(cloud_id=1, kind="wholesale"))
    assert cadmin.can("invoice.manage", SimpleNamespace(cloud_id=1, kind="retail"))
    # a cloud is its own cloud (no cloud_id attribute: its pk)
    assert cadmin.can("watcher.manage", SimpleNamespace(pk=1))
    assert not cadmin.can("watcher.manage", SimpleNamespace(pk=2))
    with pytest.raises(Forbidden) as exc:
        require(cadmin, "watcher.manage", SimpleNamespace(pk=2))
    assert exc.value.code == ErrorCode.FORBIDDEN


def test_system_may_do_everything_and_unknown_actions_fail_loudly() -> None:
    obj: Any = SimpleNamespace(pk=1, cloud_id=1, kind="wholesale", account_manager_id=None)
    for action in REGISTRY:
        assert can(SYSTEM, action, obj)
        require(SYSTEM, action, obj)
    with pytest.raises(KeyError):
        can(SYSTEM, "invoice.mange")
    with pytest.raises(KeyError):
        require(SYSTEM, "invoice.mange")


def test_every_predicate_is_described() -> None:
    for action, rule in REGISTRY.items():
        if rule.when is not None:
            assert rule.when.label and rule.when.label[0].islower(), action

"""Object predicates of the permission registry (:mod:`cambill.core.permissions`).

A predicate answers "may this actor do the action to *this* object?" once the
role is known to be allowed at all. It takes ``(actor, obj)`` (the actor is a
:class:`cambill.core.access.Actor`, not a Django user), composes with ``&``,
``|`` and ``~``, and carries a sentence that ``docs/roles.md`` prints, so the
document says in words what the code checks.

Objects are read by duck typing (``cloud_id``, ``kind``, ``account_manager_id``)
so that core never imports a domain's models. The actor is typed by the
:class:`Principal` protocol (what :class:`cambill.core.access.Actor` provides), so
the calls go one way: ``access`` -> ``permissions`` -> ``predicates``, and this
module imports neither of the other two.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from cambill.accounts.roles import Role

PA, PC, PM = Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.PROVIDER_MANAGER
CA, AM, CC = Role.CLOUD_ADMIN, Role.ACCOUNT_MANAGER, Role.CLOUD_ACCOUNTANT
SU, AG = Role.SUBSCRIBER, Role.AGENT


class Principal(Protocol):
    """Who is acting, as the predicates and the registry read it (an ``Actor``)."""

    @property
    def user(self) -> Any: ...

    @property
    def role(self) -> Role | None: ...

    @property
    def cloud_id(self) -> int | None: ...

    @property
    def account_id(self) -> int | None: ...

    @property
    def managed_cloud_ids(self) -> frozenset[int]: ...

    @property
    def is_system(self) -> bool: ...

    def sees_all_clouds(self) -> bool: ...


@dataclass(frozen=True)
class Predicate:
    """A named test on ``(actor, obj)``; ``label`` is the sentence in the docs."""

    fn: Callable[[Principal, Any], bool]
    label: str

    def __call__(self, actor: Principal, obj: Any) -> bool:
        return bool(self.fn(actor, obj))

    def __and__(self, other: Predicate) -> Predicate:
        return Predicate(
            lambda a, o: self(a, o) and other(a, o), f"{self.label}, and {other.label}"
        )

    def __or__(self, other: Predicate) -> Predicate:
        return Predicate(lambda a, o: self(a, o) or other(a, o), f"{self.label}, or {other.label}")

    def __invert__(self) -> Predicate:
        return Predicate(lambda a, o: not self(a, o), f"not ({self.label})")


def predicate(label: str) -> Callable[[Callable[[Principal, Any], bool]], Predicate]:
    """Decorate ``fn(actor, obj) -> bool`` into a :class:`Predicate` labelled ``label``."""

    def deco(fn: Callable[[Principal, Any], bool]) -> Predicate:
        return Predicate(fn, label)

    return deco


def cloud_id_of(obj: Any) -> int:
    """The cloud an object belongs to: its ``cloud_id``, or its own pk for a cloud."""
    cloud_id = getattr(obj, "cloud_id", None)
    return obj.pk if cloud_id is None else cloud_id


def in_cloud(actor: Principal, cloud_id: int) -> bool:
    """Whether ``cloud_id`` is inside the actor's reach: provider admins and
    accountants reach every cloud, a provider manager the clouds it is
    responsible for, everyone else the cloud of its membership."""
    if actor.sees_all_clouds():
        return True
    if actor.role == PM:
        return cloud_id in actor.managed_cloud_ids
    return actor.cloud_id is not None and actor.cloud_id == cloud_id


@predicate("it belongs to a cloud the actor reaches")
def of_own_cloud(actor: Principal, obj: Any) -> bool:
    return in_cloud(actor, cloud_id_of(obj))


@predicate(
    "the invoice's issuer is the actor's side: a wholesale invoice (the provider's document) "
    "the provider admin or accountant, a retail invoice (the cloud's) the cloud admin or "
    "accountant or the provider admin"
)
def issuer_side(actor: Principal, invoice: Any) -> bool:
    if str(invoice.kind) == "wholesale":
        return actor.role in (PA, PC)
    return actor.role in (PA, CA, CC)


@predicate(
    "the account is the actor's: any account of a cloud it reaches for cloud-wide staff, "
    "the accounts it is responsible for for an account manager, its own for a subscriber"
)
def account_in_reach(actor: Principal, account: Any) -> bool:
    if actor.role == SU:
        return actor.account_id is not None and actor.account_id == account.pk
    if actor.role == AM:
        return actor.cloud_id == account.cloud_id and account.account_manager_id == getattr(
            actor.user, "pk", None
        )
    return in_cloud(actor, account.cloud_id)

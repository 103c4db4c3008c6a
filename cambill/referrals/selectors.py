"""Reads of referral agents, scoped to the actor.

An agent sees itself and its downline (the downline's accounts stay private:
that rule belongs to statements, issue "Referral agents")."""

from __future__ import annotations

from django.db.models import QuerySet

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from .models import Agent


def downline_ids(agent_id: int, cloud_id: int) -> set[int]:
    """The agent and every agent below it (one query, tree walked in memory)."""
    rows = list(Agent.objects.filter(cloud_id=cloud_id).values_list("id", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for aid, pid in rows:
        children.setdefault(pid, []).append(aid)
    out, stack = set(), [agent_id]
    while stack:
        a = stack.pop()
        if a in out:
            continue
        out.add(a)
        stack.extend(children.get(a, []))
    return out


def agent_list(*, actor: Actor, cloud) -> QuerySet[Agent]:  # type: ignore[no-untyped-def]
    require(actor, "agent.view")
    qs = Agent.objects.filter(cloud=cloud).select_related("parent", "user")
    if actor.role == Role.AGENT:
        if actor.agent_id is None:
            return qs.none()
        return qs.filter(id__in=downline_ids(actor.agent_id, cloud.pk))
    return qs


def agent_get(*, actor: Actor, cloud, code: str) -> Agent:  # type: ignore[no-untyped-def]
    obj = agent_list(actor=actor, cloud=cloud).filter(code=code).first()
    if obj is None:
        raise NotFound("agent")
    return obj

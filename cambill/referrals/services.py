"""Writes on referral agents."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.validation import check_code, check_percent, check_text, duplicate

from .models import Agent


def _resolve_parent(cloud: Any, parent: Any) -> Agent | None:
    if parent is None or parent == "":
        return None
    found = parent if isinstance(parent, Agent) else Agent.objects.filter(cloud=cloud, code=str(parent)).first()
    if found is None or found.cloud_id != cloud.pk:
        raise validation("parent", f"'{parent}' is not an agent of this cloud.")
    return found


def _check_no_cycle(agent: Agent, parent: Agent | None) -> None:
    seen = set()
    node = parent
    while node is not None:
        if node.pk == agent.pk:
            raise DomainError(ErrorCode.CYCLE, "That parent would make a cycle in the agent tree.", {"parent": ["Cycle."]})
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = node.parent


def _clean(cloud: Any, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "name":
            out[key] = check_text(value, key, max_length=200)
        elif key == "email":
            out[key] = check_text(value, key, max_length=254, required=False)
        elif key == "rate_percent":
            out[key] = None if value in (None, "") else check_percent(value, key)
        elif key == "parent":
            out[key] = _resolve_parent(cloud, value)
        elif key == "active":
            out[key] = bool(value)
        elif key == "user":
            out[key] = value
        else:
            raise validation(key, f"'{key}' cannot be set here.")
    return out


@transaction.atomic
def agent_create(*, actor: Actor, cloud: Any, code: str, name: str, **fields: Any) -> Agent:
    from cambill.clouds.services import _require_cloud_write

    _require_cloud_write(actor, cloud, "agent.manage")
    code = check_code(code)
    data = _clean(cloud, {"name": name, **fields})
    if Agent.objects.filter(cloud=cloud, code=code).exists():
        raise duplicate("code", "agent", code)
    try:
        with transaction.atomic():
            agent = Agent.objects.create(cloud=cloud, code=code, created_at=timezone.now(), **data)
    except IntegrityError:
        raise duplicate("code", "agent", code) from None
    audit(actor=actor, verb="agent_create", obj=agent, after=snapshot(agent))
    return agent


@transaction.atomic
def agent_update(*, actor: Actor, agent: Agent, **fields: Any) -> Agent:
    from cambill.clouds.services import _require_cloud_write

    _require_cloud_write(actor, agent.cloud, "agent.manage")
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    data = _clean(agent.cloud, fields)
    if "parent" in data:
        _check_no_cycle(agent, data["parent"])
    before = snapshot(agent)
    for k, v in data.items():
        setattr(agent, k, v)
    agent.save()
    audit(actor=actor, verb="agent_update", obj=agent, before=before, after=snapshot(agent))
    return agent

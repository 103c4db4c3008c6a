"""Who may configure the Watcher connection and see the sync: kept for callers
not yet moved; the rules are ``watcher.manage`` and ``watcher.view`` in the one
registry (:mod:`cambill.core.permissions`). New code calls
``require(actor, "watcher.manage", cloud)`` directly."""

from __future__ import annotations

from typing import Any

from cambill.core.access import Actor
from cambill.core.permissions import require


def require_watcher_manage(actor: Actor, cloud: Any) -> None:
    require(actor, "watcher.manage", cloud)


def require_watcher_view(actor: Actor, cloud: Any) -> None:
    require(actor, "watcher.view", cloud)
